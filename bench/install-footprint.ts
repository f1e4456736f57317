// `tsx bench/install-footprint.ts`: what `npm install acr-tasks` costs an app. Packs the package as it would
// be published, installs the tarball into a new empty app with a fresh npm cache (from the npm registry),
// and counts the packages npm added and the disk they take. Needs `npm run build` first (the tarball is dist/).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoDir } from "./lib/sdk.js";

const work = mkdtempSync(join(tmpdir(), "acr-tasks-install-"));
try {
  const npm = (args: string[], cwd: string) =>
    execFileSync("npm", args, {
      cwd,
      encoding: "utf8",
      env: { ...process.env, npm_config_cache: join(work, "cache") },
    });
  const tarball = npm(["pack", "--silent", "--pack-destination", work], repoDir).trim().split("\n").pop()!;
  const app = join(work, "app");
  execFileSync("mkdir", [app]);
  npm(["init", "-y"], app);
  const added = /added (\d+) packages?/.exec(
    npm(["install", "--no-audit", "--no-fund", join(work, tarball)], app),
  )?.[1];
  const bytes = Number(
    execFileSync("du", ["-s", "--block-size=1", join(app, "node_modules")], { encoding: "utf8" }).split("\t")[0],
  );
  const apparent = Number(
    execFileSync("du", ["-s", "-b", join(app, "node_modules")], { encoding: "utf8" }).split("\t")[0],
  );
  const top = readdirSync(join(app, "node_modules")).filter((n) => !n.startsWith("."));
  // MiB, as `du -sh` counts them (the figures the install-footprint issue was stated in).
  const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(
    `npm install ${tarball}: ${added} packages, ${mib(bytes)} MiB on disk as du counts it (${mib(apparent)} MiB of file contents)`,
  );
  console.log(`top-level entries in node_modules: ${top.join(", ")}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
