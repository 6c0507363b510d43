import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it } from "vitest";
import { mapReportRow, parseReportsList, resolveReportHeader } from "../campaign-report";
import { verifyWebhookSignature } from "../signature";
import { startSimulator, type RunningSimulator } from "./server";
import { call, startReceiver, waitFor, type Receiver } from "./test-utils";

// The simulator's campaign reports: a run completed on demand, its CSV at a signed, expiring URL, the Reports API
// and the `report` webhook; and the CSV reads back through the app's own row mapping (one contract).

const SECRET = "test_secret";
const BIZ = "/v1/businesses/biz-1";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function setup(): Promise<{ sim: RunningSimulator; receiver: Receiver }> {
  const receiver = await startReceiver();
  const sim = await startSimulator({
    port: 0,
    webhookUrl: receiver.url,
    webhookSecret: SECRET,
    statusDelayMs: 5,
  });
  cleanups.push(
    () => sim.close(),
    () => receiver.close(),
  );
  return { sim, receiver };
}

async function send(sim: RunningSimulator, number: string, campaignName: string) {
  const res = await call(sim.url, "POST", `${BIZ}/send/whatsapp_templated_messages`, {
    number,
    templateName: "order_shipped",
    language: "en_US",
    campaignName,
    parameters: [
      { name: "header_image", value: "https://cdn.example/box.jpg" },
      { name: "body_1", value: "Ana" },
      { name: "body_2", value: "A-1042" },
      { name: "button_1_url", value: "A-1042" },
    ],
  });
  expect(res.status).toBe(200);
}

describe("campaign reports", () => {
  it("completes a run: CSV rows per customer of the campaign, the report webhook, and the Reports API", async () => {
    const { sim, receiver } = await setup();
    expect((await call(sim.url, "GET", `${BIZ}/reporting/reports`)).body).toEqual({ data: [] });
    await send(sim, "+447700900110", "spring");
    await send(sim, "+447700900120", "spring");
    await send(sim, "+447700900130", "other");
    const done = await call(sim.url, "POST", "/sim/reports/complete", {
      campaignName: "spring",
      clicks: [{ to: "+447700900110", buttons: 1, links: 2 }],
      optOuts: ["+447700900120"],
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ ok: true, rows: 2, delivery: { status: 200 } });

    const hook = await waitFor(() => receiver.received.find((r) => r.body.topic === "report"));
    expect(verifyWebhookSignature(SECRET, hook.raw, String(hook.headers["x-connectly-hmac-sha256"]))).toBe(
      true,
    );
    expect(hook.body).toMatchObject({
      report: {
        id: "rep_campaign_daily",
        type: "campaign.daily.v1",
        last_run: { status: "completed", result: { url: expect.stringContaining("/sim/reports/files/") } },
      },
    });
    expect(Date.parse(hook.body.timestamp as string)).not.toBeNaN();

    const listed = parseReportsList(
      (await call(sim.url, "GET", `${BIZ}/reporting/reports?type=campaign.daily.v1`)).body,
    );
    expect(listed).toHaveLength(1);
    expect((await call(sim.url, "GET", `${BIZ}/reporting/reports?type=campaign.weekly`)).body).toEqual({
      data: [],
    });
    expect((await call(sim.url, "GET", `${BIZ}/reporting/reports`, undefined, {})).status).toBe(401);

    const csv = await fetch(listed[0]!.url!);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const records = parse(await csv.text()) as string[][];
    const resolved = resolveReportHeader(records[0]!);
    if (!resolved.ok) throw new Error(resolved.reason);
    const rows = records.slice(1).map((r) => mapReportRow(r, resolved.header));
    expect(rows).toEqual([
      {
        ok: true,
        row: expect.objectContaining({
          campaignName: "spring",
          address: "+447700900110",
          buttonClicks: 1,
          linkClicks: 2,
          optOutAt: null,
        }),
      },
      {
        ok: true,
        row: expect.objectContaining({
          campaignName: "spring",
          address: "+447700900120",
          buttonClicks: 0,
          linkClicks: 0,
          firstClickAt: null,
        }),
      },
    ]);
    const [clicker, optedOut] = rows.map((r) => (r.ok ? r.row : null));
    expect(clicker!.firstClickAt!.getTime() - clicker!.sentAt!.getTime()).toBe(60_000);
    expect(optedOut!.optOutAt).not.toBeNull();
  });

  it("serves the CSV only with a valid, unexpired signature", async () => {
    const { sim } = await setup();
    await send(sim, "+447700900110", "spring");
    const done = await call(sim.url, "POST", "/sim/reports/complete", {
      campaignName: "spring",
      ttlSeconds: 0,
      webhook: false,
    });
    const expired = await fetch(done.body.webhookUrl as string);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toBe("Request has expired");
    const fresh = parseReportsList((await call(sim.url, "GET", `${BIZ}/reporting/reports`)).body)[0]!.url!;
    expect((await fetch(fresh)).status).toBe(200);
    expect((await fetch(fresh.replace(/signature=[0-9a-f]/, "signature=x"))).status).toBe(403);
    expect((await fetch(fresh.replace(/expires=\d+/, "expires=99999999999999"))).status).toBe(403);
  });

  it("appends raw rows, makes synthetic customers, and refuses a body without campaignName", async () => {
    const { sim } = await setup();
    const done = await call(sim.url, "POST", "/sim/reports/complete", {
      campaignName: "bench",
      customers: { from: "+15551000000", count: 30 },
      clickEvery: 10,
      extraRows: ["garbage,row"],
      webhook: false,
    });
    expect(done.body).toMatchObject({ rows: 31 });
    const records = parse(await (await fetch(done.body.webhookUrl as string)).text(), {
      relax_column_count: true,
    }) as string[][];
    expect(records).toHaveLength(32);
    expect(records[1]![0]).toBe("+15551000000");
    expect(records[30]![0]).toBe("+15551000029");
    expect(records.filter((r) => r[12]?.startsWith("[{"))).toHaveLength(3);
    expect(records[31]).toEqual(["garbage", "row"]);
    expect((await call(sim.url, "POST", "/sim/reports/complete", {})).status).toBe(400);
  });
});
