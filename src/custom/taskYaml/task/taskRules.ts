// acb's Task.Validate, run right after go-yaml fills the task: secrets (an id without spaces, a key vault
// URL, a GUID client id, no two with one id), volumes (a well-formed name, a non-empty secret map of
// well-formed file names, no two with one name) and step mounts naming a declared volume.
import type { DecodedTask, DecodedVolume, DecodedSecret } from "./decodedTask.js";
import { locationOf, nilPointerCrash, TaskRefusal } from "./refusal.js";
import { acbStepId } from "./stepRules.js";

const hasSpace = (text: string) => /[\s\u0085\u00a0]/u.test(text);

/** google/uuid's Parse: the 36-character form, braced or urn:uuid: forms, or 32 hex digits. */
export function isValidUuid(text: string): boolean {
  let s = text;
  if (s.length === 38) s = s.slice(1, 37);
  else if (s.length === 45) {
    if (s.slice(0, 9).toLowerCase() !== "urn:uuid:") return false;
    s = s.slice(9);
  } else if (s.length === 32) return /^[0-9a-fA-F]{32}$/.test(s);
  return s.length === 36 && /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s);
}

function secretProblem(secret: DecodedSecret): string | undefined {
  if (secret.id === "") return "secret is missing an ID as well as auto-generated ID";
  if (hasSpace(secret.id)) return "secret ID cannot contain spaces";
  if (secret.keyvault === "" && secret.aadresourceid === "")
    return "secret should contain either keyvault property for vault secret, or msi clientID/aadResourceId for msi authentication";
  if (secret.clientID !== "" && !isValidUuid(secret.clientID)) return "msi client ID is not a valid guid";
  return undefined;
}

function volumeProblem(volume: DecodedVolume): string | undefined {
  if (volume.name === "") return "volume name is empty";
  if (volume.secret === null) return "only type Source type Secret supported";
  if (!/^[a-zA-Z0-9-_]+$/.test(volume.name)) return "volume name is not well formed. Only use alphanumeric and - _";
  if (volume.secret.size === 0) return "secret is empty";
  for (const file of volume.secret.keys()) {
    if (file === "") return "secret name provided for value is empty";
    if (!/^[a-zA-Z0-9-_.]+$/.test(file))
      return `file name, ${file}, is not well formed. Only use alphanumeric and - _ .`;
  }
  return undefined;
}

/** Task.Validate: throws the first problem acb finds, as acb words it. */
export function validateTask(task: DecodedTask): void {
  const secretIds = new Set<string>();
  task.secrets.forEach((secret, index) => {
    if (!secret) throw nilPointerCrash(`secrets[${index}]`, locationOf(task, "secrets"));
    const problem = secretProblem(secret);
    if (problem) {
      const message = secret.id === "" ? problem : `failed to validate secret with ID: ${secret.id}: ${problem}`;
      throw new TaskRefusal(message, "secret", locationOf(secret));
    }
    if (secretIds.has(secret.id))
      throw new TaskRefusal(`duplicate secret found with ID: ${secret.id}`, "secret", locationOf(secret, "id"));
    secretIds.add(secret.id);
  });
  const volumeNames = new Set<string>();
  task.volumes.forEach((volume, index) => {
    if (!volume) throw nilPointerCrash(`volumes[${index}]`, locationOf(task, "volumes"));
    const problem = volumeProblem(volume);
    if (problem) throw new TaskRefusal(problem, "volume", locationOf(volume));
    if (volumeNames.has(volume.name))
      throw new TaskRefusal("volume with duplicate name found", "volume", locationOf(volume, "name"));
    volumeNames.add(volume.name);
  });
  task.steps.forEach((step, stepIndex) => {
    if (!step) throw nilPointerCrash(`steps[${stepIndex}]`, { ...locationOf(task, "steps"), stepIndex });
    const stepId = acbStepId(step.id, stepIndex);
    step.volumeMounts.forEach((mount, mountIndex) => {
      if (!mount)
        throw nilPointerCrash(`steps[${stepIndex}].volumeMounts[${mountIndex}]`, {
          ...locationOf(step, "volumeMounts"),
          stepIndex,
          stepId,
        });
      if (!volumeNames.has(mount.name))
        throw new TaskRefusal("provided mount name does not correspond to a volume", "volume-mount", {
          ...locationOf(mount),
          stepIndex,
          stepId,
        });
    });
  });
}
