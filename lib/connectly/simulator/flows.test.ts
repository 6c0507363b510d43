import { afterEach, describe, expect, it } from "vitest";
import { flowEntryOutcomes } from "../flow-sendouts";
import { startSimulator, type RunningSimulator } from "./server";
import { call, startReceiver, waitFor, type Receiver } from "./test-utils";

const PATH = "/v1/businesses/biz-1/send/campaigns";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function setup(): Promise<{ sim: RunningSimulator; receiver: Receiver }> {
  const receiver = await startReceiver();
  const sim = await startSimulator({ port: 0, webhookUrl: receiver.url, statusDelayMs: 10 });
  cleanups.push(
    () => sim.close(),
    () => receiver.close(),
  );
  return { sim, receiver };
}

describe("send/campaigns", () => {
  it("starts the default published flow per entry, answers per entry, and sends its messages' statuses with the flow name", async () => {
    const { sim, receiver } = await setup();
    const res = await call(sim.url, "POST", PATH, {
      entries: [
        { client: "+447700900101", campaignName: "welcome_flow", variables: { first_name: "Ana" } },
        { client: "not-a-number", campaignName: "welcome_flow" },
      ],
    });
    expect(res.status).toBe(200);
    const outcomes = flowEntryOutcomes(2, res.body);
    expect(outcomes[0]).toMatchObject({ kind: "accepted" });
    expect((outcomes[0] as { sendoutId: string }).sendoutId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcomes[1]).toMatchObject({
      kind: "rejected",
      error: { code: "ERROR_CODE_PHONE_NUMBER_BAD_FORMAT" },
    });
    // welcome_flow sends two messages: sent, delivered, read for each, named by the flow.
    const events = await waitFor(() => {
      const e = receiver.received.map((r) => r.body).filter((b) => b.topic === "delivery_status");
      return e.length >= 6 && e;
    });
    expect(new Set(events.map((e) => (e.statusUpdate as { id: string }).id)).size).toBe(2);
    for (const e of events) {
      expect(e.statusUpdate).toMatchObject({ metadata: { campaignName: "welcome_flow" } });
      expect(e.recipient).toMatchObject({ id: "+447700900101" });
      expect(e.callbackData).toBeUndefined();
    }
    expect(sim.state.totals.accepted).toBe(1);
  });

  it("refuses an unpublished, unknown or unversioned flow with 409, and a repeated client + flow pair with 400", async () => {
    const { sim } = await setup();
    for (const entry of [
      { client: "+447700900101", campaignName: "draft_flow" },
      { client: "+447700900101", campaignName: "no_such_flow" },
      { client: "+447700900101", campaignName: "welcome_flow", campaignVersion: "9" },
    ]) {
      const res = await call(sim.url, "POST", PATH, { entries: [entry] });
      expect(res.status).toBe(409);
      expect(res.body.type).toBe("ERROR_TYPE_FAILED_PRECONDITION");
    }
    const dup = await call(sim.url, "POST", PATH, {
      entries: [
        { client: "+447700900101", campaignName: "welcome_flow" },
        { client: "+447700900101", campaignName: "welcome_flow" },
      ],
    });
    expect(dup.status).toBe(400);
    expect(String(dup.body.message)).toContain("unique");
    // The same client in two different versions is two pairs.
    await call(sim.url, "POST", "/sim/flows", { name: "promo", versions: ["1", "2"] });
    const two = await call(sim.url, "POST", PATH, {
      entries: [
        { client: "+447700900101", campaignName: "promo", campaignVersion: "1" },
        { client: "+447700900101", campaignName: "promo", campaignVersion: "2" },
      ],
    });
    expect(two.status).toBe(200);
    expect((two.body.sendouts as unknown[]).length).toBe(2);
    expect(sim.state.totals.accepted).toBe(2);
  });

  it("publishes a flow through /sim/flows, checks its variables and refuses forced errors per entry", async () => {
    const { sim } = await setup();
    expect((await call(sim.url, "POST", "/sim/flows", { name: "winback", published: false })).status).toBe(
      200,
    );
    expect(
      (await call(sim.url, "POST", PATH, { entries: [{ client: "+447700900101", campaignName: "winback" }] }))
        .status,
    ).toBe(409);
    await call(sim.url, "POST", "/sim/flows", { name: "winback", variables: ["first_name"] });
    await call(sim.url, "POST", "/sim/send-errors", {
      to: "+447700900103",
      code: "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT",
    });
    const res = await call(sim.url, "POST", PATH, {
      entries: [
        { client: "+447700900101", campaignName: "winback", variables: { first_name: "Ana" } },
        { client: "+447700900102", campaignName: "winback" },
        { client: "+447700900103", campaignName: "winback", variables: { first_name: "Bia" } },
      ],
    });
    expect(res.status).toBe(200);
    expect(
      flowEntryOutcomes(3, res.body).map((o) => (o.kind === "rejected" ? o.error.code : o.kind)),
    ).toEqual(["accepted", "ERROR_CODE_UNSPECIFIED", "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT"]);
    expect((await call(sim.url, "POST", PATH, { entries: [] })).status).toBe(400);
    expect(
      (
        await call(sim.url, "POST", PATH, {
          entries: [{ client: "+447700900101", campaignName: "winback", scheduledAt: "tomorrow" }],
        })
      ).status,
    ).toBe(400);
  });
});
