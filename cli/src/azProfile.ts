// The Azure CLI's subscriptions, as `az login` left them in azureProfile.json (in AZURE_CONFIG_DIR, or
// ~/.azure): the default one when neither --subscription nor AZURE_SUBSCRIPTION_ID names one, and the
// id of a subscription given by its name. az writes the file with a UTF-8 byte order mark.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface AzSubscription {
  id: string;
  name: string;
  isDefault: boolean;
}

export function azProfilePath(env: NodeJS.ProcessEnv): string {
  return join(env["AZURE_CONFIG_DIR"] || join(homedir(), ".azure"), "azureProfile.json");
}

/** The subscriptions az knows, or an empty list when az was never signed in here (or the file is unreadable). */
export function azSubscriptions(env: NodeJS.ProcessEnv): AzSubscription[] {
  let text: string;
  try {
    text = readFileSync(azProfilePath(env), "utf8");
  } catch {
    return [];
  }
  try {
    const profile = JSON.parse(text.replace(/^\uFEFF/, "")) as { subscriptions?: unknown };
    if (!Array.isArray(profile.subscriptions)) return [];
    return profile.subscriptions.flatMap((entry: unknown) => {
      const item = entry as Partial<AzSubscription>;
      return typeof item?.id === "string"
        ? [{ id: item.id, name: String(item.name ?? ""), isDefault: item.isDefault === true }]
        : [];
    });
  } catch {
    return [];
  }
}
