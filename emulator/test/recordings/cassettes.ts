// The Azure CLI's recordings of live Azure (../shared/azure-cli-recordings, vcrpy YAML), read at test time:
// every interaction in order, with its request as sent and Azure's answer (status, headers, JSON body).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const recordingsDir = fileURLToPath(new URL("../../../../shared/azure-cli-recordings/", import.meta.url));

export interface RecordedCall {
  /** The cassette's file name without `.yaml`, e.g. `test_acr_task@80cf4d407`. */
  readonly cassette: string;
  /** Position in the cassette, from 0. */
  readonly index: number;
  readonly method: string;
  readonly url: URL;
  /** The request body as sent (text), if any. */
  readonly requestBody: string | undefined;
  /** The az command that made the call (the CommandName header), when az set it. */
  readonly command: string | undefined;
  readonly status: number;
  /** Response headers, lower-cased names, first value. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body of the answer; undefined when empty or not JSON. */
  readonly body: unknown;
}

/** `cassette#index`, how a call is named in figures and the allow-list. */
export const callName = (call: Pick<RecordedCall, "cassette" | "index">) => `${call.cassette}#${call.index}`;

interface VcrInteraction {
  request: { method: string; uri: string; body: string | null; headers: Record<string, string[]> };
  response: { status: { code: number }; headers: Record<string, string[]>; body: { string: string } };
}

/**
 * The request body as sent. One cassette stored a body as Python's repr of the bytes (`b'{...}'`);
 * that is the JSON text between the quotes, unescaped.
 */
function requestText(body: string | null): string | undefined {
  if (body === null) return undefined;
  const bytes = /^b'([\s\S]*)'$/.exec(body);
  if (!bytes) return body;
  return bytes[1]!.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, escaped: string) =>
    escaped.startsWith("x") && escaped.length === 3
      ? String.fromCharCode(parseInt(escaped.slice(1), 16))
      : (({ n: "\n", r: "\r", t: "\t" } as Record<string, string>)[escaped] ?? escaped),
  );
}

function json(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function readCassette(name: string): RecordedCall[] {
  const document = parse(readFileSync(`${recordingsDir}${name}.yaml`, "utf8")) as { interactions: VcrInteraction[] };
  return document.interactions.map((interaction, index) => {
    const { request, response } = interaction;
    return {
      cassette: name,
      index,
      method: request.method.toUpperCase(),
      url: new URL(request.uri),
      requestBody: requestText(request.body),
      command: request.headers["CommandName"]?.[0],
      status: response.status.code,
      headers: Object.fromEntries(
        Object.entries(response.headers).map(([key, values]) => [key.toLowerCase(), String(values[0])]),
      ),
      body: json(response.body.string),
    };
  });
}

/** Every cassette's name, in file order; none when ../shared is absent. */
export function cassetteNames(): string[] {
  if (!existsSync(recordingsDir)) return [];
  return readdirSync(recordingsDir)
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .map((file) => file.slice(0, -".yaml".length));
}
