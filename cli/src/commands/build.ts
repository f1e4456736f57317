// acr-tasks build: `az acr build` on the SDK's quickBuild (the folder packed honouring its .dockerignore,
// uploaded, built), then the log followed to the run's end.
import { join } from "node:path";
import { flag, listValue, stringValue, type ParsedCommand } from "../args.js";
import { localFile, localFolder } from "../files.js";
import { checkUniqueNames, namedValues, runPlacement, targetInputs } from "../inputs.js";
import { processOutput } from "../output.js";
import type { CommandInfo } from "../command.js";
import { followFlags, submitAndFollow } from "../submit.js";

export async function build({ values, positionals }: ParsedCommand, info: CommandInfo): Promise<number> {
  const output = processOutput(stringValue(values, "output"));
  const target = targetInputs(values, process.env);
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
  if (!noPush && imageNames.length === 0) output.note("No -t/--image given: the image is built, not pushed.");
  return await submitAndFollow(target, output, info, {
    sourceDir,
    ...followFlags(values),
    queue: (session, abortSignal) =>
      session.client.registries.quickBuild(session.resourceGroup, session.registry, { ...options, abortSignal }),
  });
}
