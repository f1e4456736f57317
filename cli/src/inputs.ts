// The checks every flag gets before anything is sent (or signed in): a refusal is exit code 2 and one line
// naming the flag and the rule. The SDK checks the same inputs again; these come first because finding
// the resource group (when -g is left out) is already a request.
import { listValue, stringValue, type ParsedValues } from "./args.js";
import { azSubscriptions } from "./azProfile.js";
import { badInput } from "./errors.js";

export interface TargetInputs {
  registry: string;
  resourceGroup: string | undefined;
  subscriptionId: string;
  /** The ARM endpoint, without a trailing slash; undefined for Azure's. */
  endpoint: string | undefined;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The registry, group, subscription and endpoint every command addresses. */
export function targetInputs(values: ParsedValues, env: NodeJS.ProcessEnv): TargetInputs {
  return {
    registry: registryName(stringValue(values, "registry")),
    resourceGroup: stringValue(values, "resource-group"),
    subscriptionId: subscription(stringValue(values, "subscription"), env),
    endpoint: endpoint(stringValue(values, "endpoint") ?? (env["ACR_TASKS_ENDPOINT"] || undefined)),
  };
}

/**
 * The registry's name: given as is, or as its login server (`myregistry.azurecr.io`, whose suffix az
 * drops too). ACR's rule for the name: 5 to 50 letters and digits.
 */
export function registryName(value: string | undefined): string {
  if (value === undefined) throw badInput("-r/--registry is required: the registry's name");
  const name = value.replace(/\.azurecr\.[a-z.]+$/i, "");
  if (!/^[a-zA-Z0-9]{5,50}$/.test(name))
    throw badInput(`-r/--registry must be 5 to 50 letters and digits (a registry's name), got '${value}'`);
  return name;
}

/** --subscription (an id, or the name of one az knows), then AZURE_SUBSCRIPTION_ID, then az's default. */
function subscription(given: string | undefined, env: NodeJS.ProcessEnv): string {
  if (given !== undefined) {
    if (guid.test(given)) return given;
    const named = azSubscriptions(env).filter((item) => item.name.toLowerCase() === given.toLowerCase());
    if (named.length === 1) return named[0]!.id;
    throw badInput(
      named.length
        ? `--subscription '${given}' names ${named.length} of az's subscriptions: give its id`
        : `--subscription must be a subscription id (or the name of one az knows), got '${given}'`,
    );
  }
  const fromEnv = env["AZURE_SUBSCRIPTION_ID"];
  if (fromEnv) return fromEnv;
  const azDefault = azSubscriptions(env).find((item) => item.isDefault);
  if (azDefault) return azDefault.id;
  throw badInput("no subscription: give --subscription, set AZURE_SUBSCRIPTION_ID, or sign in with az login");
}

function endpoint(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.replace(/\/+$/, "");
  if (!/^https:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(trimmed))
    throw badInput(`--endpoint (or ACR_TASKS_ENDPOINT) must be an https URL, got '${value}'`);
  return trimmed;
}

export interface NamedValue {
  name: string;
  value: string;
  isSecret?: boolean;
}

/**
 * `--flag name[=value]` as az reads it: split at the first `=`. Without one, the value is the environment
 * variable of that name when `valueFromEnvironment` (az's --build-arg), else empty (az's --set).
 */
export function namedValues(
  values: ParsedValues,
  flagName: string,
  options: { isSecret?: boolean; valueFromEnvironment?: NodeJS.ProcessEnv } = {},
): NamedValue[] {
  return listValue(values, flagName).map((item) => {
    const equals = item.indexOf("=");
    const name = (equals < 0 ? item : item.slice(0, equals)).trim();
    if (name === "") throw badInput(`--${flagName} must be NAME=VALUE (or NAME), got '${item}'`);
    const value = equals >= 0 ? item.slice(equals + 1) : (options.valueFromEnvironment?.[name] ?? "");
    return { name, value, ...(options.isSecret ? { isSecret: true } : {}) };
  });
}

/** Names given twice across the flags that fill one list: ACR would keep one of them, silently. */
export function checkUniqueNames(items: readonly NamedValue[], flags: string): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.name)) throw badInput(`${flags} name '${item.name}' twice`);
    seen.add(item.name);
  }
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** `os[/arch[/variant]]`, lower-cased, amd64 by default: as az reads --platform (it sends linux/amd64 without one). */
export function platform(value: string | undefined): Platform {
  const parts = (value ?? "linux").toLowerCase().split("/");
  if (parts.length > 3 || parts.some((part) => !/^[a-z0-9_.-]+$/.test(part)))
    throw badInput(`--platform must be OS[/ARCH[/VARIANT]], e.g. linux/arm64/v8, got '${value}'`);
  const [os, architecture = "amd64", variant] = parts as [string, string?, string?];
  return { os, architecture, ...(variant ? { variant } : {}) };
}

/** Where and how long a run runs: --platform, --timeout, --agent-pool (build and run share them). */
export function runPlacement(values: ParsedValues): { platform: Platform; timeout?: number; agentPoolName?: string } {
  return {
    platform: platform(stringValue(values, "platform")),
    timeout: timeoutSeconds(stringValue(values, "timeout")),
    agentPoolName: stringValue(values, "agent-pool"),
  };
}

/** ACR's bounds for a run's timeout, as the SDK checks them. */
export function timeoutSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!/^\d+$/.test(value.trim()) || seconds < 300 || seconds > 28800)
    throw badInput(`--timeout must be a whole number of seconds from 300 to 28800, got '${value}'`);
  return seconds;
}

/** A positive whole number. */
export function count(value: string | undefined, flagName: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
    throw badInput(`--${flagName} must be a whole number of at least 1, got '${value}'`);
  return Number(value);
}

/** The one thing a command names either as its argument or by a flag (RUN_ID or --run-id). */
export function argumentOrFlag(
  values: ParsedValues,
  positionals: readonly string[],
  flagName: string,
  what: string,
): string {
  const byFlag = stringValue(values, flagName);
  const [byArgument] = positionals;
  if (byFlag !== undefined && byArgument !== undefined && byFlag !== byArgument)
    throw badInput(`${what} is given twice ('${byArgument}' and --${flagName} '${byFlag}'): give one`);
  const value = byFlag ?? byArgument;
  if (value === undefined || value.trim() === "") throw badInput(`${what} is required`);
  return value;
}
