// ARM's request budget, as ARM keeps it: a token bucket per subscription (the tenant, for requests
// outside one) and per kind of request, refilled continuously. Every answer says what is left, in
// x-ms-ratelimit-remaining-subscription-reads (-writes, -deletes; -tenant- outside a subscription), as
// ARM's answers do, so clients can slow down before they are throttled. Without options the buckets
// are Azure's and only reported; with `armRateLimit` they are enforced: a request that finds its
// bucket empty is refused with 429 SubscriptionRequestsThrottled and a Retry-After, before it is handled.
import type { IncomingMessage } from "node:http";
import type { ArmReply } from "./armMessages.js";
import type { ArmRateLimitBucket, ArmRateLimitOptions } from "../options.js";
import { readBody } from "../net/http.js";

type Kind = "reads" | "writes" | "deletes";

const azureBuckets: Record<Kind, ArmRateLimitBucket> = {
  reads: { size: 250, refillPerSecond: 25 },
  writes: { size: 200, refillPerSecond: 10 },
  deletes: { size: 200, refillPerSecond: 10 },
};

const subscriptionPath = /^\/subscriptions\/([^/?]+)/i;
/** ARM's own paths; the sign-in and cloud-metadata endpoints the emulator also serves are not ARM's to budget. */
const armPath = /^\/(subscriptions|providers|tenants)(\/|\?|$)/i;

function kindOf(method: string): Kind {
  const upper = method.toUpperCase();
  return upper === "GET" || upper === "HEAD" ? "reads" : upper === "DELETE" ? "deletes" : "writes";
}

export class ArmRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly limits: Record<Kind, ArmRateLimitBucket>;
  private readonly enforced: boolean;

  constructor(
    options: ArmRateLimitOptions | undefined,
    private readonly timeScale: number,
  ) {
    this.enforced = options !== undefined;
    this.limits = {
      reads: options?.reads ?? azureBuckets.reads,
      writes: options?.writes ?? azureBuckets.writes,
      deletes: options?.deletes ?? azureBuckets.deletes,
    };
    for (const [kind, bucket] of Object.entries(this.limits)) {
      if (!(bucket.size >= 1) || !(bucket.refillPerSecond >= 0))
        throw new RangeError(`armRateLimit.${kind} needs size >= 1 and refillPerSecond >= 0`);
    }
  }

  /** Answers the request through `answer` (or refuses it, when enforced and out of budget), adding the remaining-budget header. */
  async admit(request: IncomingMessage, answer: () => Promise<ArmReply>): Promise<ArmReply> {
    if (!armPath.test(request.url ?? "/")) return answer();
    const kind = kindOf(request.method ?? "GET");
    const subscription = subscriptionPath.exec(request.url ?? "/")?.[1]?.toLowerCase();
    const scope = subscription ? "subscription" : "tenant";
    const limit = this.limits[kind];
    const bucket = this.refilled(`${subscription ?? ""}/${kind}`, limit);
    const header = `x-ms-ratelimit-remaining-${scope}-${kind}`;
    if (bucket.tokens < 1 && this.enforced) {
      await readBody(request).catch(() => undefined);
      const retryAfterSeconds = this.secondsUntilToken(bucket.tokens, limit);
      return {
        status: 429,
        headers: { [header]: "0", "Retry-After": String(retryAfterSeconds) },
        body: {
          error: {
            code: "SubscriptionRequestsThrottled",
            message: `Number of '${kind.slice(0, -1)}' requests for ${scope} '${subscription ?? "tenant"}' exceeded. Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
          },
        },
      };
    }
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    const reply = await answer();
    return { ...reply, headers: { ...reply.headers, [header]: String(Math.floor(bucket.tokens)) } };
  }

  private refilled(key: string, limit: ArmRateLimitBucket): { tokens: number; at: number } {
    const now = Date.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: limit.size, at: now };
      this.buckets.set(key, bucket);
    }
    const perRealMs = limit.refillPerSecond / (this.timeScale * 1000);
    bucket.tokens = Math.min(limit.size, bucket.tokens + (now - bucket.at) * perRealMs);
    bucket.at = now;
    return bucket;
  }

  /** Whole seconds, as ARM sends them, of real time until the bucket holds a token again. */
  private secondsUntilToken(tokens: number, limit: ArmRateLimitBucket): number {
    if (limit.refillPerSecond === 0) return 3600;
    const realMs = ((1 - tokens) * this.timeScale * 1000) / limit.refillPerSecond;
    return Math.max(1, Math.ceil(realMs / 1000));
  }
}
