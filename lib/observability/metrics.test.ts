import { describe, expect, it } from "vitest";
import { createConnectlyClient } from "../connectly/client";
import { metricsAccess } from "./metrics-access";
import { metrics } from "./metrics";

const TOKEN = "metrics-token-0123456789";

describe("metricsAccess", () => {
  it.each([
    ["no token configured", undefined, `Bearer ${TOKEN}`, "not-configured"],
    ["the right bearer token", TOKEN, `Bearer ${TOKEN}`, "allowed"],
    ["a wrong token", TOKEN, "Bearer metrics-token-0123456780", "unauthorized"],
    ["no header", TOKEN, null, "unauthorized"],
    ["the token without the Bearer scheme", TOKEN, TOKEN, "unauthorized"],
  ] as const)("%s → %s", (_name, token, header, expected) => {
    expect(metricsAccess(header, token)).toBe(expected);
  });
});

async function value(
  counter: { get(): Promise<{ values: { labels: Record<string, unknown>; value: number }[] }> },
  labels: Record<string, string>,
) {
  const { values } = await counter.get();
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
}

describe("Connectly client metrics", () => {
  it("counts each attempt, upstream errors by code and accepted sends", async () => {
    const m = metrics();
    const answers = [
      new Response(JSON.stringify({ code: "ERROR_CODE_RATE_LIMITED" }), { status: 429 }),
      new Response(JSON.stringify({ id: "m1" }), { status: 200 }),
      new Response(JSON.stringify({ code: "ERROR_CODE_INVALID_PHONE_NUMBER", message: "bad" }), {
        status: 400,
      }),
    ];
    const client = createConnectlyClient({
      baseUrl: "http://upstream.test",
      apiKey: "k",
      businessId: "b",
      timeoutMs: 1000,
      backoffMs: 1,
      fetch: () => Promise.resolve(answers.shift()!),
    });
    const before = {
      limited: await value(m.upstreamErrors, { operation: "send_session", code: "UPSTREAM_RATE_LIMITED" }),
      invalid: await value(m.upstreamErrors, {
        operation: "send_session",
        code: "ERROR_CODE_INVALID_PHONE_NUMBER",
      }),
      ok: await value(m.upstreamRequests, { operation: "send_session", outcome: "ok" }),
      sent: await value(m.messagesSent, { kind: "session" }),
    };
    await expect(client.sendSessionMessage({})).resolves.toEqual({ id: "m1" }); // 429, retried, then accepted
    await expect(client.sendSessionMessage({})).rejects.toThrow("bad");
    expect(await value(m.upstreamErrors, { operation: "send_session", code: "UPSTREAM_RATE_LIMITED" })).toBe(
      before.limited + 1,
    );
    expect(
      await value(m.upstreamErrors, { operation: "send_session", code: "ERROR_CODE_INVALID_PHONE_NUMBER" }),
    ).toBe(before.invalid + 1);
    expect(await value(m.upstreamRequests, { operation: "send_session", outcome: "ok" })).toBe(before.ok + 1);
    expect(await value(m.messagesSent, { kind: "session" })).toBe(before.sent + 1);
  });

  it("renders the Prometheus text format", async () => {
    const text = await metrics().registry.metrics();
    expect(text).toMatch(/^# HELP connectly_webhooks_received_total /m);
    expect(text).toMatch(/^# TYPE connectly_status_lag_seconds histogram$/m);
    expect(text).toMatch(/^app_sse_clients 0$/m);
  });
});
