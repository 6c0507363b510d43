import { ENGINE_CODES } from "../campaigns/states";
import { explainUpstreamError } from "../connectly/error-catalogue";

// A failure code in words: the campaign engine's own codes first, then the upstream error catalogue.

export type FailureReason = {
  code: string;
  title: string;
  cause: string;
  action: string;
  retryable: boolean;
};

const cache = new Map<string, FailureReason>();

/** `code` is null/"" when none was stored: an UNKNOWN recipient was interrupted, a FAILED one unspecified. */
export function explainFailure(code: string | null, state: string): FailureReason {
  const key = code || (state === "UNKNOWN" ? "WORKER_INTERRUPTED" : "ERROR_CODE_UNSPECIFIED");
  const cached = cache.get(key);
  if (cached) return cached;
  let reason: FailureReason;
  if (Object.hasOwn(ENGINE_CODES, key)) {
    const entry = ENGINE_CODES[key as keyof typeof ENGINE_CODES];
    reason = {
      code: key,
      title: entry.title,
      cause: entry.cause,
      action: entry.action,
      retryable: entry.retryable,
    };
  } else {
    const e = explainUpstreamError({ code: key });
    reason = { code: key, title: e.title, cause: e.cause, action: e.action, retryable: e.retryable };
  }
  cache.set(key, reason);
  return reason;
}
