// acr-tasks build: `az acr build` on the SDK's quickBuild (the folder packed honouring its .dockerignore,
// uploaded, built), then the log followed to the run's end. --dry-run lists what would be uploaded
// (listBuildContext) and neither signs in nor sends anything.
import { join } from "node:path";
import { listBuildContext } from "acr-tasks";
import { flag, listValue, stringValue, type ParsedCommand } from "../args.js";
import { ExitCode } from "../exitCodes.js";
import { localFile, localFolder } from "../files.js";
import { checkUniqueNames, namedValues, registryName, runPlacement, targetInputs } from "../inputs.js";
import { contextListing } from "../listing.js";
import { processOutput } from "../output.js";
import type { CommandInfo } from "../command.js";
import { followFlags, submitAndFollow } from "../submit.js";

export async function build({ values, positionals }: ParsedCommand, info: CommandInfo): Promise<number> {
  const output = processOutput(stringValue(values, "output"));
  const dryRun = flag(values, "dry-run");
  // A dry run needs no subscription or endpoint: it signs in to nothing.
  const target = dryRun ? undefined : targetInputs(values, process.env);
  if (dryRun) registryName(stringValue(values, "registry"));
  const sourceDir = localFolder(positionals[0]!);
  // As az reads -f: relative to the current folder; without it, DIR/Dockerfile.
  const file = stringValue(values, "file");
  const dockerFilePath = file
    ? localFile(process.cwd(), file, "-f/--file")
    : localFile(process.cwd(), join(sourceDir, "Dockerfile"), "DIR/Dockerfile (or give -f)");
  const buildArguments = [
    ...namedValues(values, "build-arg", { valueFromEnvironment: process.env }),
    ...namedValues(values, "secret-build-arg", { isSecret: true, valueFromEnvironment: process.env }),
  ];
  checkUniqueNames(buildArguments, "--build-arg and --secret-build-arg");
  const imageNames = listValue(values, "image");
  const noPush = flag(values, "no-push");
  const options = {
    sourceDir,
    dockerFilePath,
    ...runPlacement(values),
    ...(imageNames.length ? { imageNames } : {}),
    isPushEnabled: !noPush && imageNames.length > 0,
    ...(buildArguments.length ? { buildArguments } : {}),
    ...(flag(values, "no-cache") ? { noCache: true } : {}),
    target: stringValue(values, "target"),
  };
  if (!target) {
    const listing = await listBuildContext(sourceDir, { dockerFilePath });
    output.result(contextListing(listing), listing);
    return ExitCode.Success;
  }
  if (!noPush && imageNames.length === 0) output.note("No -t/--image given: the image is built, not pushed.");
  return await submitAndFollow(target, output, info, {
    sourceDir,
    ...followFlags(values),
    queue: (session, abortSignal, onProgress) =>
      session.client.registries.quickBuild(session.resourceGroup, session.registry, {
        ...options,
        onProgress,
        abortSignal,
      }),
  });
}
