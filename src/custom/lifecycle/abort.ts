// Abort plumbing shared by the helpers. Every helper turns the caller's AbortSignalLike into a native
// AbortSignal first: the Node HTTP client only keeps listening to a native signal while a response
// body is still streaming, and the helpers stream log and upload bodies.
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";

/** Throws the AbortError every helper rejects with once its signal has fired. */
export function throwIfAborted(signal: AbortSignalLike | undefined): void {
  if (signal?.aborted) throw new AbortError("The operation was aborted.");
}

/** True for the AbortError of this package and of the HTTP client, and for Node's own abort errors. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || (error as { code?: string }).code === "ABORT_ERR");
}

/** A native controller that also aborts when any of the given signals does; `dispose` unhooks it. */
export function linkedAbortController(...signals: (AbortSignalLike | undefined)[]): {
  controller: AbortController;
  dispose: () => void;
} {
  const controller = new AbortController();
  const unhooks: (() => void)[] = [];
  for (const signal of signals) {
    if (!signal) continue;
    if (signal.aborted) {
      controller.abort();
      break;
    }
    const onAbort = (): void => controller.abort();
    signal.addEventListener("abort", onAbort);
    unhooks.push(() => signal.removeEventListener("abort", onAbort));
  }
  return { controller, dispose: () => unhooks.forEach((unhook) => unhook()) };
}
