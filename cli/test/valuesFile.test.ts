// --values files: name: value scalars; --set over them.
import { describe, expect, test } from "vitest";
import { mergeValues, readValuesFile } from "../src/valuesFile.js";

describe("readValuesFile", () => {
  test("scalars become strings; an empty file no values", async () => {
    expect(await readValuesFile("greeting: hello\ncount: 3\nenabled: true\nnothing:\n", "v.yaml")).toEqual([
      { name: "greeting", value: "hello" },
      { name: "count", value: "3" },
      { name: "enabled", value: "true" },
      { name: "nothing", value: "" },
    ]);
    expect(await readValuesFile("", "v.yaml")).toEqual([]);
  });

  test("bad YAML, a list, or a nested value is refused naming the file (and the value)", async () => {
    await expect(readValuesFile("a: [1,\n", "v.yaml")).rejects.toThrow(/--values: v.yaml is not valid YAML/);
    await expect(readValuesFile("- a\n", "v.yaml")).rejects.toThrow("--values: v.yaml must be a mapping");
    await expect(readValuesFile("image:\n  name: x\n", "v.yaml")).rejects.toThrow(
      "--values: 'image' in v.yaml is a mapping",
    );
  });

  test("--set values replace the file's of the same name", () => {
    expect(
      mergeValues(
        [
          { name: "a", value: "file" },
          { name: "b", value: "file" },
        ],
        [{ name: "b", value: "set", isSecret: true }],
      ),
    ).toEqual([
      { name: "a", value: "file" },
      { name: "b", value: "set", isSecret: true },
    ]);
  });
});
