import { ConnectlyError, type ConnectlyErrorObject } from "../../connectly/client";
import { explainSendRefusal, isCustomerOptOut } from "../../connectly/error-catalogue";
import { ENGINE_CODES } from "../states";

// What the worker does with a failed send, decided without side effects (the worker applies it, send-step.ts).

export const BUSINESS_REACHED_LIMITS = "ERROR_CODE_BUSINESS_REACHED_LIMITS";

// Answers that prove the request never reached Connectly: the same recipient may be sent again.
const NOT_SENT_NETWORK = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;
const MAX_NETWORK_ATTEMPTS = 8;

export type SendErrorAction =
  /** Meta restricted the channel: slowing down won't help. Not sent; the campaign waits for a person. */
  | { kind: "pause"; reason: typeof BUSINESS_REACHED_LIMITS; body: ConnectlyErrorObject | null }
  /** Refused before anything was done: back to the queue, to go again with a new token from the shrunk budget. */
  | { kind: "rate-limited" }
  /** Never reached Connectly: the same entry again after `delayMs`. */
  | { kind: "retry"; delayMs: number }
  /** Unreachable every time: back to the queue for later. */
  | { kind: "release" }
  | { kind: "failed"; code: string; title: string; detail: unknown; optedOut: boolean }
  /** A timeout or a dropped connection: Connectly may have accepted it. Not resent; a webhook settles it. */
  | { kind: "unknown"; code: string; title: string; detail: unknown };

export function sendErrorAction(
  error: unknown,
  entry: { attempts: number; phoneless: boolean },
  random: () => number = Math.random,
): SendErrorAction {
  if (!(error instanceof ConnectlyError))
    return {
      kind: "unknown",
      code: "UPSTREAM_UNREACHABLE",
      title: "Send failed unexpectedly",
      detail: { message: String(error) },
    };
  if (error.status === 429 && error.code === BUSINESS_REACHED_LIMITS)
    return { kind: "pause", reason: BUSINESS_REACHED_LIMITS, body: error.body };
  if (error.status === 429) return { kind: "rate-limited" };
  if (error.kind === "network" && NOT_SENT_NETWORK.test(error.message)) {
    if (entry.attempts >= MAX_NETWORK_ATTEMPTS) return { kind: "release" };
    return { kind: "retry", delayMs: Math.min(30_000, 250 * 2 ** entry.attempts) * (0.75 + random() * 0.5) };
  }
  const explanation = explainSendRefusal(error, { phoneless: entry.phoneless });
  const detail = error.body ?? { message: error.message };
  if (error.kind === "http")
    return {
      kind: "failed",
      code: explanation.code,
      title: explanation.title,
      detail,
      optedOut: isCustomerOptOut(error.body),
    };
  if (error.kind === "timeout")
    return { kind: "unknown", code: explanation.code, title: explanation.title, detail };
  return { kind: "unknown", code: "CONNECTION_LOST", title: ENGINE_CODES.CONNECTION_LOST.title, detail };
}
