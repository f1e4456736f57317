// `. FILE && env -0` in sh, as a user's shell sources the files the emulator writes (--env-file, --az-setup):
// the variables it leaves. Shared by the CLI's tests and the benchmarks (bench/cli, bench/lifecycle/azBuild.ts).
// Asynchronous, so that whatever else the caller serves or logs (an emulator's lines, dated as they arrive)
// keeps flowing; bounded, since an --az-setup script signs az in.
import { execFile } from "node:child_process";

export function sourced(file: string, base: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  return new Promise((resolve, reject) => {
    execFile(
      "sh",
      ["-c", `. "${file}" && env -0`],
      { env: base, encoding: "utf8", timeout: 120_000 },
      (error, stdout) => {
        if (error) return reject(error);
        resolve(
          Object.fromEntries(
            stdout
              .split("\0")
              .filter(Boolean)
              .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
          ),
        );
      },
    );
  });
}
