import { describe, expect, it } from "vitest";
import { ConnectlyError } from "../../connectly/client";
import { sendErrorAction } from "./send-errors";

const http = (status: number, code: string) =>
  new ConnectlyError("http", `HTTP ${status}`, status, { code, message: "refused" });
const first = { attempts: 0, phoneless: false };

describe("sendErrorAction", () => {
  it("pauses the campaign when Meta restricted the channel", () => {
    expect(sendErrorAction(http(429, "ERROR_CODE_BUSINESS_REACHED_LIMITS"), first)).toMatchObject({
      kind: "pause",
      reason: "ERROR_CODE_BUSINESS_REACHED_LIMITS",
    });
  });

  it("hands a plain 429 back to the queue (rate limited)", () => {
    expect(sendErrorAction(http(429, "ERROR_CODE_RATE_LIMITED"), first)).toEqual({ kind: "rate-limited" });
  });

  it("retries a refused connection with growing backoff, then hands it back", () => {
    const refused = new ConnectlyError("network", "connect ECONNREFUSED 127.0.0.1:1", null, null);
    const half = () => 0.5;
    expect(sendErrorAction(refused, first, half)).toEqual({ kind: "retry", delayMs: 250 });
    expect(sendErrorAction(refused, { attempts: 3, phoneless: false }, half)).toEqual({
      kind: "retry",
      delayMs: 2000,
    });
    expect(sendErrorAction(refused, { attempts: 7, phoneless: false }, half)).toEqual({
      kind: "retry",
      delayMs: 30_000,
    });
    expect(sendErrorAction(refused, { attempts: 8, phoneless: false }, half)).toEqual({ kind: "release" });
  });

  it("a 4xx/5xx answer is FAILED, flagged when the customer opted out", () => {
    expect(sendErrorAction(http(400, "ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID"), first)).toMatchObject({
      kind: "failed",
      code: "ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID",
      optedOut: false,
    });
    expect(sendErrorAction(http(400, "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT"), first)).toMatchObject({
      kind: "failed",
      optedOut: true,
    });
  });

  it("a timeout, a dropped connection or anything unexpected is UNKNOWN (it may have gone out)", () => {
    const timeout = new ConnectlyError("timeout", "timed out", null, null);
    expect(sendErrorAction(timeout, first)).toMatchObject({ kind: "unknown", code: "UPSTREAM_TIMEOUT" });
    const reset = new ConnectlyError("network", "socket hang up", null, null);
    expect(sendErrorAction(reset, first)).toMatchObject({ kind: "unknown", code: "CONNECTION_LOST" });
    expect(sendErrorAction(new Error("boom"), first)).toEqual({
      kind: "unknown",
      code: "UPSTREAM_UNREACHABLE",
      title: "Send failed unexpectedly",
      detail: { message: "Error: boom" },
    });
  });
});
