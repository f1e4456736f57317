// What an out-of-scope call did to ACR in Azure, done by the replay through ACR's own API, so the ACR calls
// after it find what Azure had: a template deployment creates the ACR resources of its template, and a
// private endpoint pointing at a registry makes a private endpoint connection appear on it.
import type { RecordedCall } from "./cassettes.js";

export type EmulatorCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

type Json = Record<string, any>;

/** Evaluates the few ARM template functions the recorded templates use: parameters, concat, resourceGroup(). */
function evaluate(value: unknown, scope: { parameters: Json; location: string }): unknown {
  if (Array.isArray(value)) return value.map((item) => evaluate(item, scope));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluate(item, scope)]));
  if (typeof value !== "string" || !/^\[.*\]$/s.test(value) || value.startsWith("[[")) return value;
  const text = value.slice(1, -1);
  let at = 0;
  const skip = () => {
    while (/\s/.test(text[at] ?? "")) at++;
  };
  const expression = (): unknown => {
    skip();
    if (text[at] === "'") {
      const end = text.indexOf("'", at + 1);
      const literal = text.slice(at + 1, end);
      at = end + 1;
      return literal;
    }
    const name = /^[A-Za-z]+/.exec(text.slice(at))![0];
    at += name.length;
    const args: unknown[] = [];
    at++; // (
    skip();
    while (text[at] !== ")") {
      args.push(expression());
      skip();
      if (text[at] === ",") at++;
    }
    at++; // )
    let result: unknown;
    if (name === "parameters") result = scope.parameters[String(args[0])];
    else if (name === "concat") result = args.join("");
    else if (name === "resourceGroup") result = { location: scope.location };
    else throw new Error(`template function ${name}() is not one the replay evaluates`);
    while (text[at] === ".") {
      const property = /^\.([A-Za-z]+)/.exec(text.slice(at))!;
      result = (result as Json)[property[1]!];
      at += property[0].length;
    }
    return result;
  };
  return expression();
}

/** The deployment's body: the recorder wrote one cassette's `"template"` key without its quotes. */
function deploymentBody(text: string): Json {
  return JSON.parse(text.replace(/([{,]\s*)template:/, '$1"template":')) as Json;
}

async function deployTemplate(call: RecordedCall, send: EmulatorCall): Promise<void> {
  const { properties } = deploymentBody(call.requestBody!);
  const template = properties["template"] as Json;
  const groupPath = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+/i.exec(call.url.pathname)![0];
  const group = await send("GET", `${groupPath}?api-version=2021-04-01`);
  const parameters: Json = {};
  const scope = { parameters, location: String(group.body?.location ?? "") };
  for (const [name, definition] of Object.entries(template["parameters"] ?? {}) as [string, Json][]) {
    parameters[name] = properties["parameters"]?.[name]?.value ?? evaluate(definition["defaultValue"], scope);
  }
  for (const resource of template["resources"] as Json[]) {
    const type = String(resource["type"]).replace(/\/$/, "");
    const child = /^Microsoft\.ContainerRegistry\/registries\/(\w+)$/i.exec(type);
    if (!child) throw new Error(`the replay deploys ACR child resources only, not ${type}`);
    const [registry, name] = String(evaluate(resource["name"], scope)).split("/");
    const { location, properties: resourceProperties, identity, tags } = evaluate(resource, scope) as Json;
    await send(
      "PUT",
      `${groupPath}/providers/Microsoft.ContainerRegistry/registries/${registry}/${child[1]}/${name}?api-version=${resource["apiVersion"]}`,
      { location, properties: resourceProperties, ...(identity ? { identity } : {}), ...(tags ? { tags } : {}) },
    );
  }
}

/** The name Azure gave the connection, as the cassette shows it later (Network names it, not the client). */
function connectionName(privateEndpointId: string, later: readonly RecordedCall[]): string | undefined {
  for (const call of later) {
    const body = call.body as Json | undefined;
    for (const item of (body?.["value"] ?? [body]) as Json[]) {
      const endpoint = item?.["properties"]?.["privateEndpoint"]?.["id"];
      if (typeof endpoint === "string" && endpoint.toLowerCase() === privateEndpointId.toLowerCase())
        return String(item["name"]);
    }
  }
  return undefined;
}

async function connectPrivateEndpoint(call: RecordedCall, later: readonly RecordedCall[], send: EmulatorCall) {
  const body = JSON.parse(call.requestBody!) as Json;
  const id = call.url.pathname;
  const connections = [
    ...((body["properties"]?.["manualPrivateLinkServiceConnections"] ?? []) as Json[]).map((c) => ({
      c,
      manual: true,
    })),
    ...((body["properties"]?.["privateLinkServiceConnections"] ?? []) as Json[]).map((c) => ({ c, manual: false })),
  ];
  for (const { c, manual } of connections) {
    const registryId = String(c["properties"]?.["privateLinkServiceId"] ?? "");
    if (!/\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i.test(registryId)) continue;
    const name = connectionName(id, later);
    if (!name) continue;
    await send("PUT", `${registryId}/privateEndpointConnections/${name}?api-version=2021-08-01-preview`, {
      properties: {
        privateEndpoint: { id },
        privateLinkServiceConnectionState: { status: manual ? "Pending" : "Approved" },
      },
    });
  }
}

/** Applies what `call` (out of scope) did to ACR, if anything; `later` are the cassette's calls after it. */
export async function applyStandIn(call: RecordedCall, later: readonly RecordedCall[], send: EmulatorCall) {
  if (call.status >= 300 || call.method !== "PUT") return;
  if (/\/providers\/Microsoft\.Resources\/deployments\/[^/]+$/i.test(call.url.pathname))
    await deployTemplate(call, send);
  else if (/\/providers\/Microsoft\.Network\/privateEndpoints\/[^/]+$/i.test(call.url.pathname))
    await connectPrivateEndpoint(call, later, send);
}
