// What the lint says about a key acb ignores: a likely intended key ("did you mean"), a key
// acr-builder's docs/task.md lists but acb does not read, or a key that belongs at another level.
import type { TaskYamlKeyNote } from "./goYaml/decode.js";
import { mountType, networkType, secretType, stepType, taskType, volumeType, type GoType } from "./goYaml/goTypes.js";

/** Go fields without a yaml tag: go-yaml reads them under lowercase names, but they are acb's internals. */
const internalFields = new Set([
  "tags",
  "buildargs",
  "defaultbuildcachetag",
  "completedchan",
  "resolvedvalue",
  "aadresourceid",
  "registryname",
  "registry",
  "taskname",
  "isbuildtask",
  "initbuildkitcontainer",
]);

const documentedKeys = (type: GoType): string[] =>
  type.kind === "struct" ? Object.keys(type.fields).filter((key) => !internalFields.has(key)) : [];

const keysByType = new Map<string, string[]>(
  [taskType, stepType, secretType, networkType, volumeType, mountType].map((type) => [
    type.kind === "struct" ? type.name : "",
    documentedKeys(type),
  ]),
);

/** Step keys docs/task.md lists that acb's Step has no field for. */
const documentedButUnread = new Set([
  "downloadRetries",
  "downloadRetryDelay",
  "cmdDownloadRetries",
  "cmdDownloadRetryDelay",
]);

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest documented key: same letters in another case, or at most two edits away. */
export function closestKey(key: string, typeName: string): string | undefined {
  const candidates = keysByType.get(typeName) ?? [];
  const sameLetters = candidates.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
  if (sameLetters) return sameLetters;
  const limit = key.length <= 4 ? 1 : 2;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d <= limit && (!best || d < best.distance)) best = { key: candidate, distance: d };
  }
  return best?.key;
}

const owner: Record<string, string> = {
  "graph.Task": "the task",
  "graph.Step": "a step",
  "secretmgmt.Secret": "a secret",
  "graph.Network": "a network",
  "volume.Volume": "a volume",
  "volume.Mount": "a volume mount",
};

/** The warning for a key acb ignores. */
export function unknownKeyMessage(note: TaskYamlKeyNote): string {
  const where = owner[note.typeName] ?? note.typeName;
  if (note.typeName === "graph.Step" && documentedButUnread.has(note.key))
    return `acb ignores '${note.key}' on ${where}: docs/task.md lists it, but acb does not read it`;
  const suggestion = closestKey(note.key, note.typeName);
  if (suggestion) return `acb ignores the unknown key '${note.key}' on ${where}: did you mean '${suggestion}'?`;
  for (const typeName of keysByType.keys()) {
    if (typeName === note.typeName) continue;
    const elsewhere = closestKey(note.key, typeName);
    if (elsewhere === note.key) return `acb ignores '${note.key}' on ${where}: acb reads it on ${owner[typeName]}`;
    if (elsewhere)
      return `acb ignores the unknown key '${note.key}' on ${where}: did you mean '${elsewhere}' (a key of ${owner[typeName]})?`;
  }
  return `acb ignores the unknown key '${note.key}' on ${where}`;
}
