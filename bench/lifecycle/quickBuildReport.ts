// The quickBuild subsection of bench/README.md: the contenders against the gzip floor, where each
// spends its time, what each uploaded, and why they differ (figures from quickBuildBench.ts).
import { fmtMB, median } from "../lib/stats.js";
import { dockerignoreRules } from "./largeContext.js";
import type { QuickBuildContenderResult, QuickBuildPhases, QuickBuildResult } from "./quickBuildTypes.js";

const table = (head: string[], rows: (string | number)[][]) =>
  [head, head.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
const duration = (ms: number) =>
  ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s` : `${Math.round(ms)} ms`;
const ratio = (ms: number, floorMs: number) => `${(ms / floorMs).toFixed(2)}x`;
const mbps = (bytes: number, ms: number) => `${(bytes / 2 ** 20 / (ms / 1000)).toFixed(1)} MB/s`;
const count = (n: number) => n.toLocaleString("en");

interface Figures {
  toQueued: number;
  total: number;
  maxRss?: number;
  cpu?: number;
  phases: QuickBuildPhases;
  uploadedBytes: number;
}

function figures(contender: QuickBuildContenderResult): Figures | undefined {
  const { runs } = contender;
  if (contender.skipped || runs.length === 0) return undefined;
  const of = (pick: (run: (typeof runs)[number]) => number | undefined) => {
    const values = runs.map(pick).filter((value): value is number => value !== undefined && Number.isFinite(value));
    return values.length ? median(values) : undefined;
  };
  const phase = (name: keyof QuickBuildPhases) => of((run) => run.phases[name])!;
  const rss = runs.map((run) => run.maxRss).filter((value): value is number => value !== undefined);
  return {
    toQueued: of((run) => run.toQueuedMs)!,
    total: of((run) => run.totalMs)!,
    maxRss: rss.length ? Math.max(...rss) : undefined,
    cpu: of((run) => run.cpuMs),
    phases: {
      startup: phase("startup"),
      pack: phase("pack"),
      upload: phase("upload"),
      schedule: phase("schedule"),
      afterQueued: phase("afterQueued"),
    },
    uploadedBytes: runs.at(-1)!.uploadedBytes,
  };
}

function mainTable(result: QuickBuildResult): string {
  const floor = (name: string, ms: number, bytes: number) => [
    name,
    duration(ms),
    ratio(ms, result.gzipMs),
    ratio(ms, result.gzip9Ms),
    mbps(result.tarBytes, ms),
    "-",
    "-",
    "-",
    fmtMB(bytes),
  ];
  const rows = [
    floor("floor: `gzip -6` of the tar of the included files (page cache)", result.gzipMs, result.gzipBytes),
    floor("floor: `tar -c \\| gzip -6` from the files", result.tarGzipMs, result.gzipBytes),
    floor("(az's level) `gzip -9` of the same tar", result.gzip9Ms, result.gzip9Bytes),
  ];
  for (const contender of result.contenders) {
    const f = figures(contender);
    if (!f) {
      rows.push([contender.name, contender.skipped ?? "no runs", "-", "-", "-", "-", "-", "-", "-"]);
      continue;
    }
    rows.push([
      contender.name,
      `**${duration(f.toQueued)}**`,
      `**${ratio(f.toQueued, result.gzipMs)}**`,
      ratio(f.toQueued, result.gzip9Ms),
      mbps(result.tarBytes, f.toQueued),
      f.maxRss ? fmtMB(f.maxRss) : "-",
      f.cpu ? duration(f.cpu) : "-",
      duration(f.total),
      fmtMB(f.uploadedBytes),
    ]);
  }
  return table(
    [
      "contender",
      "start to queued run (median)",
      "vs gzip -6 floor",
      "vs gzip -9",
      "throughput (tar bytes)",
      "peak RSS",
      "CPU user+sys",
      "start to exit",
      "archive uploaded",
    ],
    rows,
  );
}

function phaseTable(result: QuickBuildResult): string {
  const rows: (string | number)[][] = [];
  for (const contender of result.contenders) {
    const f = figures(contender);
    if (!f) continue;
    const p = f.phases;
    const upload = `${duration(p.upload)} (${mbps(f.uploadedBytes, p.upload)})`;
    rows.push([
      contender.name,
      duration(p.startup),
      duration(p.pack),
      upload,
      duration(p.schedule),
      duration(p.afterQueued),
      contender.runs[0]!.armRequests.map((request) => `\`${request}\``).join(", "),
    ]);
  }
  return table(
    [
      "contender",
      "process start to packing",
      "packing (walk, tar, gzip) to the upload URL",
      "upload (blob PUT)",
      "to the queued run (scheduleRun)",
      "queued run to exit",
      "ARM requests (in order)",
    ],
    rows,
  );
}

function checkTable(result: QuickBuildResult): string {
  const rows: (string | number)[][] = [];
  for (const contender of result.contenders) {
    const check = contender.check;
    if (!check) continue;
    const { archive } = check;
    const difference = contender.difference!;
    const differs =
      difference.missing.length + difference.extra.length === 0
        ? "none"
        : `${difference.missing.length} missing, ${difference.extra.length} more: ${[...difference.missing.map((path) => `-\`${path}\``), ...difference.extra.map((path) => `+\`${path}\``)].slice(0, 4).join(" ")}`;
    // "2026/12/02 03:22:53 Finished downloading source code: source/.../context.tar.gz (40314628 bytes)",
    // "2026/12/02 03:22:53 Sending build context to Docker daemon  167169.31kB"
    const logged = (pattern: RegExp) => check.contextLines.map((line) => pattern.exec(line)?.[1]).find(Boolean) ?? "?";
    const sent = `downloaded ${count(Number(logged(/\((\d+) bytes\)$/)))} bytes, sent ${logged(/Docker daemon\s+(\S+)$/)} to the daemon`;
    rows.push([
      contender.name,
      fmtMB(archive.archiveBytes),
      count(archive.files),
      count(archive.dirs),
      archive.other,
      fmtMB(archive.fileBytes),
      archive.ignoredButSent,
      differs,
      check.status,
      sent,
    ]);
  }
  return table(
    [
      "contender (untimed run)",
      "archive",
      "files",
      "folders",
      "other entries",
      "file bytes",
      ".dockerignore'd files sent",
      "files vs the first row",
      "run's status",
      "emulator's build log",
    ],
    rows,
  );
}

function cpuTable(sdk: QuickBuildContenderResult): string {
  const cpu = sdk.diagnosis?.cpu ?? [];
  const total = cpu.reduce((sum, share) => sum + share.ms, 0);
  return table(
    ["SDK child's main thread (node --cpu-prof)", "time", "share"],
    cpu.map((share) => [share.category, duration(share.ms), `${((share.ms / total) * 100).toFixed(0)} %`]),
  );
}

function azPackingTable(az: QuickBuildContenderResult, azFigures: Figures): string {
  const rows = (az.diagnosis?.packing ?? []).map((profile) => [
    profile.dockerignore
      ? `none, rules with trailing slashes (${profile.dockerignore.map((rule) => `\`${rule}\``).join(", ")})`
      : profile.level === 0
        ? "none (a plain tar)"
        : `gzip ${profile.level}`,
    duration(profile.ms),
    fmtMB(profile.bytes),
    count(profile.files),
    fmtMB(profile.fileBytes),
  ]);
  rows.push([
    "gzip 9, as az packs (the timed runs' packing phase)",
    duration(azFigures.phases.pack),
    fmtMB(azFigures.uploadedBytes),
    "",
    "",
  ]);
  return table(["az's packing function, compression", "time", "archive", "files", "file bytes"], rows);
}

function explanation(result: QuickBuildResult): string {
  const sdk = result.contenders.find((contender) => contender.name.startsWith("acr-tasks"));
  const az = result.contenders.find((contender) => contender.name.includes("az acr build"));
  const sdkFigures = sdk && figures(sdk);
  const azFigures = az && figures(az);
  if (!sdk || !sdkFigures) return "";
  if (!az || !azFigures) {
    return sdk.diagnosis?.cpu
      ? `\nWhere the SDK's packing time goes, its child once more under \`node --cpu-prof\`, untimed (az was not measured):\n\n${cpuTable(sdk)}\n`
      : "";
  }
  const sp = sdkFigures.phases;
  const ap = azFigures.phases;
  const share = (name: string) => sdk.diagnosis?.cpu?.find((cpu) => cpu.category.startsWith(name))?.ms ?? NaN;
  const plain = az.diagnosis?.packing?.find((profile) => profile.level === 0 && !profile.dockerignore);
  const level6 = az.diagnosis?.packing?.find((profile) => profile.level === 6);
  return `
Where the packing time goes, measured once more for each, untimed: the SDK's child under \`node --cpu-prof\`
(call to queued run ${duration(sdk.diagnosis?.profiledMs ?? NaN)} while profiled), its samples summed by the function on top of the stack; and
az's own packing function (\`_archive_utils._pack_source_code\`, from az's Python) with \`tarfile.open\` made
to write at another level, and once with the rules written with trailing slashes:

${cpuTable(sdk)}

${azPackingTable(az, azFigures)}

In short: quickBuild comes to ${ratio(sdkFigures.toQueued, result.gzipMs)} of the gzip -6 floor and az to ${ratio(azFigures.toQueued, result.gzipMs)} (${ratio(azFigures.toQueued, result.gzip9Ms)} of the floor at its own
level, 9); the SDK's peak RSS is ${sdkFigures.maxRss && azFigures.maxRss ? `${(sdkFigures.maxRss / azFigures.maxRss).toFixed(2)}x` : "?"} az's.

What explains the figures, with az's code (\`azure/cli/command_modules/acr/_archive_utils.py\`, \`build.py\`,
\`_run_polling.py\`, the storage SDK's \`blockblobservice.py\`) and the SDK's (\`src/custom/lifecycle/\`):

- **Packing** is nearly all of both: ${duration(sp.pack)} of the SDK's ${duration(sdkFigures.toQueued)}, ${duration(ap.pack)} of az's ${duration(azFigures.toQueued)}.
  - **az** packs in its one Python thread with \`tarfile.open(path, "w:gz")\`, whose gzip level is tarfile's
    default, **9**: this machine's gzip takes ${ratio(result.gzip9Ms, result.gzipMs)} as long at 9 as at 6 on this tar, for an archive
    ${((1 - result.gzip9Bytes / result.gzipBytes) * 100).toFixed(1)} % smaller. Walking, tarring and compressing take turns: without compression its packing takes
    ${plain ? duration(plain.ms) : "?"} (the walk goes into excluded folders too, since a later \`!\` rule could bring a child back, matches every
    path against every rule as a regex, and \`gettarinfo\` stats each entry and looks up its owner's names),
    so about ${plain ? duration(ap.pack - plain.ms) : "?"} is zlib at level 9; at level 6 az would pack in ${level6 ? duration(level6.ms) : "?"}.
  - **The SDK** packs at level 6 with Node's zlib stream, which deflates on the libuv thread pool while the
    main thread walks the folder and reads the files, synchronously (a thread-pool round trip per call cost
    more than the call itself): files up to 1 MiB whole, larger ones streamed, a 256 KiB slice between
    yields to the event loop, each entry encoded by node-tar's own classes (\`tarStream.ts\`). The two
    overlap: the process spends ${sdkFigures.cpu ? duration(sdkFigures.cpu) : "?"} of CPU in ${duration(sdkFigures.toQueued)}, and its main thread is idle ${duration(share("idle"))} of the
    profiled run, waiting for zlib, whose deflate alone (this machine's \`gzip -6\`) takes ${duration(result.gzipMs)}. Above the floor
    remain the walk before the first byte (about 0.5 s, timed by hand: the file list is collected first, so that
    a folder that cannot be packed fails before anything is sent) and the moments zlib waits for the main
    thread. node-tar's Pack, which the SDK used before, did the two by turns on the main thread (minizlib
    deflates synchronously; each file cost four thread-pool round trips, two files at a time): 20.4 s to pack
    in the previous run of this table, 2.04x the floor, at a peak RSS of 217.9 MB. The peak RSS
    (${sdkFigures.maxRss ? fmtMB(sdkFigures.maxRss) : "?"}) is reached while packing; the upload then streams from the spool file.
- **Upload**: one Put Blob each (az's \`create_blob_from_path\` does a single put below 64 MiB after reading the
  whole archive into memory with \`stream.read(count)\`). az's goes through the emulator's CONNECT proxy
  (\`HTTPS_PROXY\` from \`--az-setup\`: the Azure-shaped blob host name reaches the listener only through it,
  one more loopback hop inside the emulator's process); the SDK's goes straight to the loopback blob URL the
  plain emulator hands out. ${duration(sp.upload)} and ${duration(ap.upload)}: on loopback, neither matters next to packing.
- **ARM**: the emulator answers scheduleRun at once (200, as ACR does) for both: ${duration(sp.schedule)} and ${duration(ap.schedule)}.
  az's start (${duration(ap.startup)}) is Python, its command table, a token from its MSAL cache and the registry's lookup,
  since no \`-g\` was given (\`validate_managed_registry\`: the resources list, then Registries_Get); the SDK's
  ${duration(sp.startup)} is node starting, importing the package and making the client. No token request reached the
  emulator during either (the list of ARM requests above is all of them).
- **After the run is queued** the SDK returns; \`--no-logs\` makes az poll the run (\`get_run_with_polling\`:
  Runs_Get, sleep 30 s, Runs_Get ...) and exit 0 only once it Succeeded: the ${duration(ap.afterQueued)} of its last phase, a wait
  on the run, not work.
`;
}

export function quickBuildSection(result: QuickBuildResult): string {
  const { context } = result;
  const runs = result.contenders.find((contender) => contender.runs.length > 0)?.runs.length ?? 0;
  return `### quickBuild of a large context, and \`az acr build --no-logs\`

A generated context (\`bench/lifecycle/largeContext.ts\`): ${count(context.files)} files, ${fmtMB(context.bytes)}, of which the
\`.dockerignore\` (${dockerignoreRules.map((rule) => `\`${rule}\``).join(", ")}) leaves ${count(context.includedFiles)} files, ${fmtMB(context.includedBytes)} (a ${fmtMB(result.tarBytes)} tar). Its rules
have no trailing slash on purpose: az 2.45 turns each rule into a regex from its text (\`IgnoreRule\`), and
\`node_modules/\` becomes \`^node_modules/$\`, which no path it meets matches (a folder's name has no trailing
slash), so az would upload \`node_modules/\` and \`build/\` anyway (the same gap issue 10 found with \`secret/\`);
the SDK follows Docker, where the trailing slash changes nothing. Written this way, both leave the same files out.

Each contender runs in a process of its own under GNU time (\`/usr/bin/time -v\`: peak RSS and CPU time of the
process and of anything it waited for; az spawns nothing heavy), against a fresh emulator process per run, at
timeScale 1, started by its command as a user starts it: \`acr-tasks-emulator\` for the SDK (its normal endpoint,
loopback blob URLs), \`acr-tasks-emulator --az-setup FILE\` for az (FILE sourced, untimed, in a fresh
\`AZURE_CONFIG_DIR\`). The registry is made beforehand, untimed. "Start to queued run": from the process's
spawn to the queued run in hand, for the SDK a node process that imports the package and calls
\`registries.quickBuild\` (then exits), for az \`az acr build --no-logs -r REG -t large:{{.Run.ID}} DIR\` up to its
"Queued a build with ID" line. The phases are dated by the emulator's log lines as they arrive (it logs a
request as it answers it) and by the contender's own marks (the SDK's call; az's "Packing source code" line).
Medians of ${runs} runs (peak RSS: the largest), the contenders taking turns, after one untimed run of each (the
check below, also a warm-up).
The floor is this machine's gzip on the same bytes, at the SDK's level (6) and at az's (9).

${mainTable(result)}

Where the time goes (medians):

${phaseTable(result)}

What each uploaded, read back from the data dir of the emulator of the untimed run, and the run it queued,
followed to its end (\`runs.streamLogs\`):

${checkTable(result)}

Both archives hold the same files but for az's second copy of the Dockerfile, at the root under a generated
name that its build request points at (\`build.py\` packs the Dockerfile again as \`{uuid}_Dockerfile\`, the SDK
points the build at \`Dockerfile\`); az also writes an entry for the root folder itself. Its entries carry real
mtimes, owner names and a PAX header each (tarfile keeps the sub-second mtime there), the SDK's are portable
with a fixed mtime, hence the few hundred KB between the archives.
${explanation(result)}`;
}
