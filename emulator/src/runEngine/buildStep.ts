// A build step as acb runs it (builder.go runStep): a warning for a GitHub context that is not a .git URL,
// the dependency scan of the Dockerfile, then `docker build` in a container (RunRepeatWithRetries), whose
// tags join the agent's local images. The Dockerfile is read from the run's context (-f relative to the
// working directory, as docker reads it); a remote context cannot be fetched offline and stands for one
// holding a minimal Dockerfile.
import { posix } from "node:path";
import type { ResolvedStep } from "acr-tasks/task-yaml";
import { playScript, runRepeatWithRetries } from "./containerRuns.js";
import type { ContainerScript } from "./containerScript.js";
import { scanDependencies } from "./dependencies.js";
import { buildDigest } from "./images.js";
import { normalisePath, REMOTE_DOCKERFILE } from "./sourceArchive.js";
import type { Attempt, StepContext, StepOutcome } from "./stepContext.js";

const SCAN_MS = 1200;

/** util.IsLocalContext's opposite: a git repository or a URL. */
const isRemoteContext = (context: string) => /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i.test(context);

interface BuildArguments {
  file?: string;
  target: string;
  context: string;
}

/** The Dockerfile, target and context of `docker build` arguments. */
function parseBuildArguments(build: string): BuildArguments {
  const words = build.trim().split(/\s+/);
  const parsed: BuildArguments = { target: "", context: "." };
  const valued = new Set(["-t", "--tag", "-f", "--file", "--target", "--build-arg", "--label", "--platform"]);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const equals = word.startsWith("--") ? word.indexOf("=") : -1;
    const flag = equals > 0 ? word.slice(0, equals) : word;
    const value = () => (equals > 0 ? word.slice(equals + 1) : (words[++i] ?? ""));
    if (flag === "-f" || flag === "--file") parsed.file = value();
    else if (flag === "--target") parsed.target = value();
    else if (valued.has(flag)) value();
    else if (!flag.startsWith("-") && flag !== "") parsed.context = flag;
  }
  return parsed;
}

export function runBuildStep(step: ResolvedStep, at: number, ctx: StepContext): StepOutcome {
  const log = ctx.recorder;
  const { file, target, context } = parseBuildArguments(step.build);
  const remote = isRemoteContext(context);
  const lower = context.toLowerCase();
  if (lower.includes("github") && !lower.includes(".git"))
    log.line(at, `WARNING: ${lower} might not be valid context. Valid Git repositories should end with .git.`);
  log.line(at, "Scanning for dependencies...");
  const workingDirectory = step.workingDirectory.startsWith("/") ? "" : step.workingDirectory;
  const dockerfilePath = normalisePath(
    remote ? (file ?? "Dockerfile") : posix.join(workingDirectory, file ?? posix.join(context, "Dockerfile")),
  );
  const dockerfile = remote ? Buffer.from(REMOTE_DOCKERFILE) : ctx.source.files.get(dockerfilePath);
  const scanned =
    dockerfile &&
    scanDependencies(dockerfile.toString("utf8"), step.tags, step.buildArgs, (image) => ctx.imageDigest(image, at));
  let t = at + SCAN_MS;
  if (!dockerfile || !scanned) {
    log.raw(
      t,
      dockerfile ? "Error: unexpected dockerfile format" : `Error: open ${dockerfilePath}: no such file or directory`,
    );
    return { startTime: at, endTime: t, error: "failed to scan dependencies: exit status 1" };
  }
  log.line(t, "Successfully scanned dependencies");
  const instructions = dockerfile
    .toString("utf8")
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const platform = `${ctx.run.os ?? "linux"}/${ctx.run.architecture ?? "amd64"}`;
  // A remote context is the same whenever its URL is.
  const source = remote ? { ...ctx.source, digest: `remote:${context}` } : ctx.source;
  // A new base image (a new digest) builds a new image from the same context.
  const bases = [scanned[0]!.runtime, ...scanned[0]!.buildtime].map((image) => image.digest);
  const digest = buildDigest(source, dockerfilePath, dockerfile, target, step.buildArgs, platform, bases);
  const contextPrefix = remote ? undefined : normalisePath(posix.join(workingDirectory, context));
  const contextBytes = remote
    ? dockerfile.length
    : [...ctx.source.files].reduce(
        (sum, [path, content]) => (!contextPrefix || path.startsWith(`${contextPrefix}/`) ? sum + content.length : sum),
        0,
      );
  const output = [
    `Sending build context to Docker daemon  ${(contextBytes / 1024).toFixed(2)}kB`,
    ...instructions.flatMap((instruction, index) => [
      `Step ${index + 1}/${instructions.length} : ${instruction}`,
      ` ---> ${digest.slice(7 + index, 19 + index)}`,
    ]),
    `Successfully built ${digest.slice(7, 19)}`,
    ...step.tags.map((tag) => `Successfully tagged ${tag}`),
  ];
  const duration = 1500 + 400 * instructions.length;
  const script: ContainerScript = {
    // The steps' lines spread over the build; the "Successfully" lines come at its end.
    lines: output.map((text, index) => ({
      text,
      after: index < output.length - 1 - step.tags.length ? Math.round((duration * index) / output.length) : duration,
    })),
    duration,
    exitCode: 0,
  };
  // docker build runs in a container like any other; what it built joins the local images.
  const build = (start: number, deadline: number): Attempt => {
    const attempt = playScript(ctx, script, start, deadline);
    if (!attempt.error) for (const tag of step.tags) ctx.images.add(tag, digest, attempt.end);
    return attempt;
  };
  // The step's timeout starts once the scan is done (runStep creates its context after scanning).
  const ran = runRepeatWithRetries(step, t, t + step.timeout * 1000, build, ctx);
  return { startTime: at, endTime: ran.end, ...(ran.error ? { error: ran.error } : {}), dependencies: scanned };
}
