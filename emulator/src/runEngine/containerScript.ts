// What a cmd step's container does in the emulator, read from its arguments as a shell would run them:
// `echo` prints (with the step's env expanded), `sleep N` takes N seconds, `exit N` (or `false`) ends it with
// that status, commands joined by `&&`, `||`, `;` or new lines run in turn. Anything else succeeds at once.
import { createHash } from "node:crypto";

export interface ContainerScript {
  /** Output lines, with the ms after the container's start they are printed at. */
  lines: { after: number; text: string }[];
  /** ms from the container's start to its exit. */
  duration: number;
  exitCode: number;
}

/** Starting a container and removing it (docker run --rm) takes this long at timeScale 1. */
const CONTAINER_OVERHEAD_MS = 400;

const unquote = (text: string) => text.trim().replace(/^["']+|["']+$/g, "");

/** $NAME and ${NAME} from `NAME=value` entries, as the container's shell would expand them. */
function expandEnv(text: string, env: readonly string[]): string {
  const variables = new Map(
    env.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (match, name: string) => variables.get(name) ?? match);
}

/** The script of `cmd` (its first word is the image; the rest are the container's arguments). */
export function containerScript(cmd: string, env: readonly string[]): ContainerScript {
  const args = cmd.trim().replace(/^\S+\s*/, "");
  const lines: ContainerScript["lines"] = [];
  let elapsed = CONTAINER_OVERHEAD_MS / 2;
  for (const segment of args.split(/&&|\|\||;|\n/)) {
    // The command may follow a wrapper (`sh -c '...`, `bash -c "...`): echo, sleep and exit are found
    // anywhere in the segment, `false` only as the segment's first word (it is a common argument value).
    const command =
      /(?:^|[\s'"])(echo|sleep|exit)(?=$|[\s'"])(.*)$/s.exec(segment) ??
      /^\s*(?:(?:ba)?sh\s+)?(?:-c\s+)?["']?(false)(?=$|[\s'"])(.*)$/s.exec(segment);
    if (!command) continue;
    const [, name, rest] = command as unknown as [string, string, string];
    if (name === "echo") {
      lines.push({ after: elapsed, text: expandEnv(unquote(rest), env) });
      elapsed += 5;
    } else if (name === "sleep") {
      const seconds = Number(unquote(rest));
      if (seconds > 0) elapsed += seconds * 1000;
    } else if (name === "exit" || name === "false") {
      const code = name === "false" ? 1 : Number(unquote(rest) || "0");
      return { lines, duration: elapsed + CONTAINER_OVERHEAD_MS / 2, exitCode: Number.isInteger(code) ? code : 2 };
    }
  }
  return { lines, duration: elapsed + CONTAINER_OVERHEAD_MS / 2, exitCode: 0 };
}

/** The id `docker run -d` prints for a detached container (64 hex digits, stable for the same names). */
export function containerId(...names: string[]): string {
  return createHash("sha256").update(names.join("\0")).digest("hex");
}

/** What `docker pull IMAGE` prints (a cmd step with `pull: true`), and how long it takes. */
export function pullScript(image: string, digest: string): ContainerScript {
  const at = image.lastIndexOf("@");
  const colon = image.lastIndexOf(":");
  const tagged = at < 0 && colon > image.lastIndexOf("/");
  const tag = at >= 0 ? image.slice(at + 1) : tagged ? image.slice(colon + 1) : "latest";
  const name = at >= 0 ? image.slice(0, at) : tagged ? image.slice(0, colon) : image;
  const text = [
    ...(at < 0 && !tagged ? ["Using default tag: latest"] : []),
    `${tag}: Pulling from ${name}`,
    `Digest: ${digest}`,
    `Status: Downloaded newer image for ${at >= 0 || tagged ? image : `${image}:latest`}`,
  ];
  return { lines: text.map((line, index) => ({ after: 200 + 300 * index, text: line })), duration: 1500, exitCode: 0 };
}
