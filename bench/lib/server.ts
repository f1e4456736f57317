// Starts bench/fake-arm-server.mjs in its own process (plain node, no loader) and returns its origin.
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { benchDir } from "./sdk.js";
import type { BenchCertificate } from "./cert.js";

export interface FakeServer {
  origin: string;
  port: number;
  child: ChildProcess;
  stop(): void;
}

export function startFakeServer(cert: BenchCertificate): Promise<FakeServer> {
  const child = fork(join(benchDir, "fake-arm-server.mjs"), ["--serve"], {
    execArgv: [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`fake ARM server exited with ${code}`)));
    child.once("message", (msg: { port: number }) => {
      resolve({
        origin: `https://127.0.0.1:${msg.port}`,
        port: msg.port,
        child,
        stop: () => {
          child.removeAllListeners("exit");
          child.kill();
        },
      });
    });
    child.send({ key: cert.key, cert: cert.cert });
  });
}
