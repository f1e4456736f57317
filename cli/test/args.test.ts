// The command line: the flags a command declares and nothing else, refusals on one line, and each
// command's help from its spec.
import { describe, expect, test } from "vitest";
import { commandHelp, parseCommandArgs } from "../src/args.js";
import { commands, findCommand, overview } from "../src/specs.js";

const build = findCommand(["build"])!.spec;

describe("parseCommandArgs", () => {
  test("short and long flags, repeated flags in order, and the positional", () => {
    const parsed = parseCommandArgs(build, ["-r", "myreg", "-t", "a:1", "--image=b:2", "--no-push", "ctx"]);
    expect(parsed.values).toMatchObject({ registry: "myreg", image: ["a:1", "b:2"], "no-push": true });
    expect(parsed.positionals).toEqual(["ctx"]);
  });

  test.each([
    [["--foo", "ctx"], "unknown flag '--foo' (see acr-tasks build --help)"],
    [["-r"], "--registry needs a value (see acr-tasks build --help)"],
    [["--no-logs=yes", "ctx"], "--no-logs takes no value (see acr-tasks build --help)"],
    [["-r", "", "ctx"], "--registry must not be empty"],
    [["-r", "myreg"], "DIR is required (see acr-tasks build --help)"],
    [["-r", "myreg", "a", "b"], "unexpected argument 'b' (acr-tasks build takes DIR)"],
    [
      ["--target", "-x", "ctx"],
      "the value of --target starts with '-': write it as --target=VALUE (see acr-tasks build --help)",
    ],
  ])("build %j is refused: %s", (args, message) => {
    expect(() => parseCommandArgs(build, args)).toThrow(message);
    try {
      parseCommandArgs(build, args);
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
  });

  test("--help is honoured whatever else is on the line", () => {
    expect(parseCommandArgs(build, ["--help"]).values["help"]).toBe(true);
  });
});

describe("specs", () => {
  test("every command's help lists its synopsis and flags; `task run` is found by its two words", () => {
    for (const spec of commands) {
      const help = commandHelp(spec);
      expect(help).toContain(`usage: acr-tasks ${spec.name} `);
      for (const name of Object.keys(spec.options)) expect(help).toContain(`--${name}`);
    }
    expect(findCommand(["task", "run", "mytask"])).toMatchObject({ spec: { name: "task run" }, rest: ["mytask"] });
    expect(findCommand(["task"])).toBeUndefined();
    expect(overview("1.2.3")).toContain("acr-tasks 1.2.3");
  });

  test("az's flag names where az has the flag", () => {
    const flags = (name: string) => Object.keys(findCommand(name.split(" "))!.spec.options);
    expect(flags("build")).toEqual(
      expect.arrayContaining([
        "registry",
        "resource-group",
        "image",
        "file",
        "build-arg",
        "secret-build-arg",
        "platform",
        "target",
        "no-push",
        "timeout",
        "agent-pool",
        "no-logs",
        "no-wait",
      ]),
    );
    expect(flags("run")).toEqual(expect.arrayContaining(["file", "cmd", "set", "set-secret", "values", "platform"]));
    expect(flags("runs")).toEqual(expect.arrayContaining(["top", "run-status"]));
    expect(flags("task run")).toEqual(expect.arrayContaining(["name", "set", "set-secret", "arg", "secret-arg"]));
  });
});
