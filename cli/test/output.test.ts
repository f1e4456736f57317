// Where output goes for each format, and what a stream that is not a terminal never receives.
import { describe, expect, test } from "vitest";
import { Output, parseOutputFormat, withoutEscapes, type OutputStream } from "../src/output.js";

function stream(isTTY: boolean): OutputStream & { text: string } {
  return {
    isTTY,
    columns: 40,
    text: "",
    write(chunk: string) {
      this.text += chunk;
    },
  };
}

describe("Output", () => {
  test("text: the log and the result on stdout, notes on stderr; escape sequences removed when piped", () => {
    const [stdout, stderr] = [stream(false), stream(false)];
    const output = new Output("text", stdout, stderr);
    output.logLine("\x1b[31mred\x1b[0m and \x1b]0;title\x07plain");
    output.note("Queued run cb1.");
    output.result("cb1", { runId: "cb1" });
    expect(stdout.text).toBe("red and plain\ncb1\n");
    expect(stderr.text).toBe("Queued run cb1.\n");
  });

  test("on a terminal the log keeps its colours", () => {
    const stdout = stream(true);
    new Output("text", stdout, stream(true)).logLine("\x1b[32mok\x1b[0m");
    expect(stdout.text).toBe("\x1b[32mok\x1b[0m\n");
  });

  test("json: only the result on stdout; the log and the notes on stderr", () => {
    const [stdout, stderr] = [stream(false), stream(false)];
    const output = new Output("json", stdout, stderr);
    output.logLine("a log line");
    output.note("a note");
    output.result("ignored text", { runId: "cb1", when: new Date(0) });
    expect(JSON.parse(stdout.text)).toEqual({ runId: "cb1", when: "1970-01-01T00:00:00.000Z" });
    expect(stderr.text).toBe("a log line\na note\n");
  });

  test("none: nothing but problems", () => {
    const [stdout, stderr] = [stream(true), stream(true)];
    const output = new Output("none", stdout, stderr);
    output.logLine("log");
    output.note("note");
    output.progress("progress");
    output.result("text", {});
    output.problem("acr-tasks: failed");
    expect(stdout.text).toBe("");
    expect(stderr.text).toBe("acr-tasks: failed\n");
  });

  test("progress only on a terminal: one line redrawn in place, cleared before other output, cut to its width", () => {
    const piped = stream(false);
    new Output("text", stream(false), piped).progress("Packing ...");
    expect(piped.text).toBe("");
    const [stdout, terminal] = [stream(true), stream(true)];
    const output = new Output("text", stdout, terminal);
    output.progress("Packing ...");
    output.progress(`Uploading ${"x".repeat(60)}`);
    output.note("Queued run cb1.");
    expect(terminal.text).toBe(`\r\x1b[2KPacking ...\r\x1b[2KUploading ${"x".repeat(28)}…\r\x1b[2KQueued run cb1.\n`);
  });

  test("-o takes text, json or none; anything else is bad input", () => {
    expect(parseOutputFormat(undefined)).toBe("text");
    expect(parseOutputFormat("JSON")).toBe("json");
    expect(() => parseOutputFormat("yaml")).toThrow(/--output must be text, json or none, got 'yaml'/);
    expect(withoutEscapes("\x1b[1;31mA\x1b[0m\x1bc\x1b(B\x1b7B\x1b")).toBe("AB");
  });
});
