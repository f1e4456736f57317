// The generator replaces its output folder only with a complete result: a run that fails part-way
// (here the second feed's swagger is broken, after the first feed was emitted) leaves it untouched.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, test } from "vitest";
import { generate, type GenerationRecord } from "../../codegen/pipeline.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const record = JSON.parse(readFileSync(join(root, "swagger", "generation.json"), "utf8")) as GenerationRecord;
const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true })));

function scratch(): string {
  const folder = mkdtempSync(join(tmpdir(), "acr-tasks-pipeline-test-"));
  folders.push(folder);
  return folder;
}

test("a failed run leaves the previous output folder as it was, and no staging folder behind", () => {
  const work = scratch();
  const outDir = join(work, "out", "generated");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "previous.ts"), "// the committed output\n");
  const good = record.feeds[0]!;
  writeFileSync(join(work, "broken.json"), "{ this is not a swagger file");
  const config = join(work, "README.md");
  writeFileSync(
    config,
    [
      "``` yaml",
      "openapi-type: arm",
      "output-artifact: code-model-v4-no-tags",
      "```",
      "``` yaml $(tag) == 'good'",
      `input-file: ${JSON.stringify(join(root, good.input))}`,
      "```",
      "``` yaml $(tag) == 'broken'",
      `input-file: ${JSON.stringify(join(work, "broken.json"))}`,
      "```",
      "",
    ].join("\n"),
  );
  const twoFeeds: GenerationRecord = {
    autorest: record.autorest,
    feeds: [
      { ...good, tag: "good" },
      { tag: "broken", apiVersion: "2099-01-01", folder: "v2099", input: relative(root, join(work, "broken.json")) },
    ],
  };
  expect(() => generate({ root, outDir, record: twoFeeds, configFile: config })).toThrow(/autorest failed for broken/);
  expect(readdirSync(outDir)).toEqual(["previous.ts"]);
  expect(readdirSync(dirname(outDir))).toEqual(["generated"]);
});

test("a pinned autorest component missing from node_modules is reported before anything runs", () => {
  const work = scratch();
  const outDir = join(work, "generated");
  const wrongPin: GenerationRecord = { ...record, autorest: { ...record.autorest, modelerfour: "0.0.1" } };
  expect(() => generate({ root, outDir, record: wrongPin, configFile: join(root, "swagger", "README.md") })).toThrow(
    /@autorest\/modelerfour 0\.0\.1 is pinned .* node_modules has 4\.27\.3/,
  );
  expect(existsSync(outDir)).toBe(false);
});
