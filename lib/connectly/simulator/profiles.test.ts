import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "./server";
import { call, startReceiver, waitFor, type Receiver } from "./test-utils";
import { parseProfile } from "./profiles";

// The strict profile, rule by rule (profiles.ts).

const BIZ = "/v1/businesses/biz-1";
const TEMPLATE_PATH = `${BIZ}/send/whatsapp_templated_messages`;
const SESSION_PATH = `${BIZ}/send/messages`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function setup(
  options: SimulatorOptions = {},
  respond?: (i: number) => number,
): Promise<{ sim: RunningSimulator; receiver: Receiver }> {
  const receiver = await startReceiver(respond);
  const sim = await startSimulator({
    port: 0,
    webhookUrl: receiver.url,
    statusDelayMs: 10,
    webhookBackoffMs: 10,
    profile: "strict",
    ...options,
  });
  cleanups.push(
    () => sim.close(),
    () => receiver.close(),
  );
  return { sim, receiver };
}

const reminder = (number: string) => ({
  number,
  templateName: "appointment_reminder",
  language: "en_US",
  parameters: [
    { name: "header_text", value: "Dr. Rivera" },
    { name: "body_1", value: "Ana" },
    { name: "body_2", value: "June 3" },
    { name: "body_3", value: "10:30" },
  ],
});

describe("the strict profile", () => {
  it("requires recipient.channelType on session sends", async () => {
    const { sim } = await setup();
    await call(sim.url, "POST", "/sim/inbound", { from: "+447700900120", text: "hi" });
    const missing = await call(sim.url, "POST", SESSION_PATH, {
      recipient: { id: "+447700900120" },
      message: { text: "Hi" },
    });
    expect(missing).toMatchObject({
      status: 400,
      body: { code: "ERROR_CODE_BUSINESS_MISSES_MATCHING_CHANNEL" },
    });
    const ok = await call(sim.url, "POST", SESSION_PATH, {
      recipient: { id: "+447700900120", channelType: "whatsapp" },
      message: { text: "Hi" },
    });
    expect(ok.status).toBe(200);
    // The default profile lets it pass.
    const { sim: friendly } = await setup({ profile: "default" });
    await call(friendly.url, "POST", "/sim/inbound", { from: "+447700900120", text: "hi" });
    expect(
      (
        await call(friendly.url, "POST", SESSION_PATH, {
          recipient: { id: "+447700900120" },
          message: { text: "Hi" },
        })
      ).status,
    ).toBe(200);
  });

  it.each([
    ["+14155550181", 400, "ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID"],
    ["+14155550182", 400, "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT"],
    ["+14155550183", 429, "ERROR_CODE_BUSINESS_REACHED_LIMITS"],
    ["+14155550184", 400, "ERROR_CODE_MESSAGE_TEMPLATE_INPUT_INVALID"],
  ])("fails %s at send time with %i %s, and sends nothing", async (number, status, code) => {
    const { sim } = await setup();
    const res = await call(sim.url, "POST", TEMPLATE_PATH, reminder(number));
    expect(res).toMatchObject({ status, body: { code } });
    expect(sim.state.totals.accepted).toBe(0);
  });

  it("refuses sends to phone-less BSUID customers unless enabled", async () => {
    const { sim } = await setup();
    const refused = await call(sim.url, "POST", TEMPLATE_PATH, reminder("bsuid:US.1234567890"));
    expect(refused.status).toBe(400);
    expect(String(refused.body.message)).toMatch(/BSUID only/);
    const { sim: enabled } = await setup({ bsuidSends: true });
    expect((await call(enabled.url, "POST", TEMPLATE_PATH, reminder("bsuid:US.1234567890"))).status).toBe(
      200,
    );
  });

  it("retries a webhook answered 204 (only an exact 200 counts)", async () => {
    const { sim, receiver } = await setup({}, (i) => (i === 0 ? 204 : 200));
    await call(sim.url, "POST", "/sim/inbound", { from: "+447700900130", text: "hi" });
    await waitFor(() => receiver.received.length >= 2);
    expect(receiver.received[1]?.raw).toBe(receiver.received[0]?.raw);
  });

  it("posts some events twice and swaps some status pairs", async () => {
    const { sim, receiver } = await setup();
    for (let i = 0; i < 14; i++)
      expect((await call(sim.url, "POST", TEMPLATE_PATH, reminder(`+447700900${100 + i}0`))).status).toBe(
        200,
      );
    await waitFor(() => receiver.received.length >= 14 * 3 + 4, 10_000);
    const raws = receiver.received.map((r) => r.raw);
    expect(raws.length - new Set(raws).size).toBeGreaterThanOrEqual(4); // every 10th event twice
    const byMessage = new Map<string, string[]>();
    for (const { body } of receiver.received) {
      const update = body.statusUpdate as { id: string; status: string };
      const seen = byMessage.get(update.id) ?? [];
      if (!seen.includes(update.status)) seen.push(update.status);
      byMessage.set(update.id, seen);
    }
    const swapped = [...byMessage.values()].filter((s) => s[0] === "delivered" && s[1] === "sent");
    expect(swapped).toHaveLength(2); // messages 7 and 14
  });

  it("parses SIMULATOR_PROFILE", () => {
    expect(parseProfile(undefined)).toBe("default");
    expect(parseProfile("strict")).toBe("strict");
    expect(() => parseProfile("harsh")).toThrow(/SIMULATOR_PROFILE/);
  });
});
