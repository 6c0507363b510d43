import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportCampaignRecipients } from "../../lib/analytics/export-campaign-recipients";
import { listCampaignRecipients } from "../../lib/analytics/list-campaign-recipients";
import { getCampaignAnalytics } from "../../lib/analytics/read-models";
import { importReportRun, pollCampaignReports } from "../../lib/analytics/sync-campaign-reports";
import { settleAutomations } from "../../lib/automation/send-automated-message";
import { parseReportsList, REPORT_COLUMNS, type ReportRunRef } from "../../lib/connectly/campaign-report";
import { connectly } from "../../lib/connectly/config";
import { db } from "../../lib/db";
import { createCampaign, insertRecipients, resetAnalyticsTables } from "./analytics-helpers";
import { startHarness, waitFor, webhooksIdle, type Harness } from "./campaign-helpers";

// Campaign reports end to end over real HTTP: the simulator's Reports API, its `report` webhook to the app's webhook
// route, the signed CSV URL, the streamed import, the CLICKED counter, the recipient table, the export and the
// opt-outs. Expected values come from what the test asks the simulator to put in the report.

let h: Harness;
let campaignId = "";
const phones = Array.from({ length: 12 }, (_, i) => `+1415${2_000_000 + i * 100 + 10}`);
const sentAt = new Date(Date.now() - 3_600_000);

async function complete(body: Record<string, unknown>) {
  const res = await fetch(`${h.simulator.url}/sim/reports/complete`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    report: { id: string; lastRun: { id: string } };
    rows: number;
    delivery: { status: number | null };
  };
}

async function runOf(reportId: string, runId: string) {
  return db.campaignReportRun.findUnique({
    where: { reportId_runId: { reportId, runId } },
    include: { rejected: { orderBy: { line: "asc" } } },
  });
}

async function recipients() {
  return db.campaignRecipient.findMany({
    where: { campaignId },
    select: { address: true, clickedAt: true, buttonClicks: true, linkClicks: true, optOutAt: true },
    orderBy: { seq: "asc" },
  });
}

beforeAll(async () => {
  await resetAnalyticsTables();
  await db.$executeRawUnsafe(`TRUNCATE "CampaignReportRun", "ContactOptOutEvent" CASCADE`);
  h = await startHarness({ statusDelayMs: 5 });
  campaignId = await createCampaign({ status: "COMPLETED" });
  await db.contact.createMany({ data: phones.map((phone) => ({ phone })) });
  await insertRecipients(
    campaignId,
    phones.map((p) => ({
      address: p,
      state: "READ",
      acceptedAt: sentAt,
      sentAt,
      deliveredAt: sentAt,
      readAt: sentAt,
    })),
  );
  await db.$executeRaw`UPDATE "CampaignRecipient" r SET "contactId" = ct.id FROM "Contact" ct WHERE ct.phone = r.address`;
  // The simulator writes a report row per customer the campaign was sent to there: send it (upstream name = id).
  for (const number of phones) {
    await connectly().sendTemplateMessage({
      number,
      templateName: "order_shipped",
      language: "en_US",
      campaignName: campaignId,
      parameters: [
        { name: "header_image", value: "https://cdn.example/box.jpg" },
        { name: "body_1", value: "Ana" },
        { name: "body_2", value: "A-1042" },
        { name: "button_1_url", value: "A-1042" },
      ],
    });
  }
  await waitFor("status webhooks", () => webhooksIdle(h.simulator));
});
afterAll(async () => {
  await settleAutomations();
  await h?.close();
  await resetAnalyticsTables();
});

describe("campaign reports", () => {
  it("lists completed runs over the Reports API, filtered by type, and the poll imports them", async () => {
    const done = await complete({
      campaignName: campaignId,
      reportId: "rep_poll",
      type: "campaign.daily.v1",
      webhook: false,
      clickEvery: 4,
    });
    expect(done.rows).toBe(phones.length);
    const all = parseReportsList(await connectly().listReports());
    expect(all).toContainEqual(
      expect.objectContaining({
        reportId: "rep_poll",
        type: "campaign.daily.v1",
        runId: done.report.lastRun.id,
        status: "completed",
        url: expect.stringContaining("/sim/reports/files/"),
      }),
    );
    expect(
      parseReportsList(await connectly().listReports("campaign.daily.v1")).map((r) => r.reportId),
    ).toContain("rep_poll");
    expect(parseReportsList(await connectly().listReports("other.type"))).toEqual([]);

    const results = await pollCampaignReports();
    expect(results).toContainEqual(
      expect.objectContaining({ state: "imported", matchedRows: phones.length, rejectedRows: 0 }),
    );
    const run = await runOf("rep_poll", done.report.lastRun.id);
    expect(run).toMatchObject({
      status: "COMPLETED",
      trigger: "poll",
      totalRows: phones.length,
      matchedRows: phones.length,
      updatedRows: 3,
    });
    // Every 4th customer clicked one link.
    const clicked = (await recipients()).filter((r) => r.clickedAt !== null);
    expect(clicked.map((r) => r.address)).toEqual([phones[3], phones[7], phones[11]]);
    expect(clicked.every((r) => r.linkClicks === 1 && r.buttonClicks === 0)).toBe(true);
    // A second poll finds the run imported.
    expect(await pollCampaignReports()).toEqual([expect.objectContaining({ state: "skipped" })]);
  });

  it("imports a run on the report webhook: clicks merged, malformed rows counted, opt-outs applied", async () => {
    const done = await complete({
      campaignName: campaignId,
      reportId: "rep_hook",
      clicks: [
        { to: phones[0], buttons: 1, links: 2 },
        { to: phones[1], buttons: 1 },
      ],
      optOuts: [phones[2]],
      extraRows: [
        `${phones[4]},biz,${campaignId},s1,x,not-a-date,,,,,,[],[],{},{}`,
        `,biz,${campaignId},s1,x,,,,,,,[],[],{},{}`,
        `${phones[5]},biz,${campaignId},s1,x,,,,,,,{broken,[],{},{}`,
        `+19995550000,biz,${campaignId},s1,x,,,,,,,"[{""id"":""b"",""name"":""Yes"",""ts"":""2024-05-10 20:13:50.682000""}]",[],{},{}`,
      ],
    });
    expect(done.delivery.status).toBe(200);
    const run = await waitFor("the webhook's import", async () => {
      await settleAutomations();
      const r = await runOf("rep_hook", done.report.lastRun.id);
      return r?.status === "COMPLETED" ? r : null;
    });
    expect(run).toMatchObject({
      trigger: "webhook",
      totalRows: phones.length + 4,
      matchedRows: phones.length,
      unmatchedRows: 1,
      rejectedRows: 3,
      optOuts: 1,
    });
    expect(run.rejected.map((r) => r.reason)).toEqual([
      "sent_at is not a timestamp",
      "customer_external_id is blank",
      "button_clicks is not JSON",
    ]);
    expect(run.rejected[0]!.line).toBe(phones.length + 2);

    const rows = await recipients();
    const byPhone = new Map(rows.map((r) => [r.address, r]));
    expect(byPhone.get(phones[0]!)).toMatchObject({ buttonClicks: 1, linkClicks: 2 });
    expect(byPhone.get(phones[1]!)).toMatchObject({ buttonClicks: 1, linkClicks: 0 });
    expect(byPhone.get(phones[0]!)!.clickedAt).not.toBeNull();
    expect(byPhone.get(phones[2]!)!.optOutAt).not.toBeNull();
    // The click time is the earliest click's `ts` (the simulator clicks a minute after the send).
    const sends = (await fetch(`${h.simulator.url}/sim/sent`).then((r) => r.json())) as {
      requests: { receivedAt: string; body: { number: string } }[];
    };
    const sentFirst = sends.requests.find((s) => s.body.number === phones[0])!;
    expect(byPhone.get(phones[0]!)!.clickedAt!.getTime()).toBe(
      new Date(sentFirst.receivedAt).getTime() + 60_000,
    );

    // Funnel, table and export agree with a recount of the rows.
    const clickedCount = rows.filter((r) => r.clickedAt !== null).length;
    expect(clickedCount).toBe(5);
    const analytics = await getCampaignAnalytics(campaignId);
    expect(analytics.funnel.clicked).toBe(clickedCount);
    expect(analytics.funnel.rates.clicked).toBeCloseTo(clickedCount / phones.length);
    const page = await listCampaignRecipients(campaignId, { status: "CLICKED", limit: 50 });
    expect(page.recipients.map((r) => r.address).sort()).toEqual(
      rows
        .filter((r) => r.clickedAt)
        .map((r) => r.address)
        .sort(),
    );
    expect(page.recipients.find((r) => r.address === phones[0])).toMatchObject({
      buttonClicks: 1,
      linkClicks: 2,
    });
    const exported = await exportCampaignRecipients(campaignId, {});
    const records = parse(await new Response(exported.stream).text(), { columns: true }) as Record<
      string,
      string
    >[];
    const first = records.find((r) => r.phone === phones[0])!;
    expect(first).toMatchObject({
      button_clicks: "1",
      link_clicks: "2",
      clicked_at: byPhone.get(phones[0]!)!.clickedAt!.toISOString(),
    });
    expect(records.find((r) => r.phone === phones[2])!.opted_out_at).not.toBe("");

    // The opt-out went through the opt-out service: flag, history, audit.
    const contact = await db.contact.findUniqueOrThrow({
      where: { phone: phones[2] },
      include: { optOutEvents: true },
    });
    expect(contact.optedOut).toBe(true);
    expect(contact.optOutEvents).toEqual([
      expect.objectContaining({ optedOut: true, source: "campaign report", actorLabel: "Connectly" }),
    ]);
    expect(
      await db.auditLog.count({ where: { action: "contact.opted_out_by_connectly", targetId: contact.id } }),
    ).toBe(1);
    expect(await db.contact.count({ where: { optedOut: true } })).toBe(1);
  });

  it("re-importing a run changes nothing, and does not undo a later re-subscription", async () => {
    const reports = parseReportsList(await connectly().listReports());
    const ref = reports.find((r) => r.reportId === "rep_hook") as ReportRunRef;
    const before = await recipients();
    const counters = await db.analyticsCampaignCounter.findMany({
      where: { campaignId },
      orderBy: [{ metric: "asc" }, { shard: "asc" }],
    });
    // An agent re-subscribes the opted-out contact after the report's opt-out time.
    const contact = await db.contact.update({ where: { phone: phones[2] }, data: { optedOut: false } });
    await db.contactOptOutEvent.create({
      data: { contactId: contact.id, optedOut: false, source: "agent", reason: "asked again" },
    });

    expect(await importReportRun(ref, "manual")).toMatchObject({ state: "skipped" });
    const again = await importReportRun(ref, "manual", { force: true });
    expect(again).toMatchObject({
      state: "imported",
      matchedRows: phones.length,
      updatedRows: 0,
      rejectedRows: 3,
      optOuts: 0,
    });
    expect(await recipients()).toEqual(before);
    expect(
      await db.analyticsCampaignCounter.findMany({
        where: { campaignId },
        orderBy: [{ metric: "asc" }, { shard: "asc" }],
      }),
    ).toEqual(counters);
    expect((await db.contact.findUniqueOrThrow({ where: { id: contact.id } })).optedOut).toBe(false);
    // The kept reasons are those of the latest import, not doubled.
    expect(await db.campaignReportRejectedRow.count({ where: { run: { reportId: "rep_hook" } } })).toBe(3);
  });

  it("fetches a fresh URL from the Reports API when the webhook's has expired", async () => {
    const done = await complete({
      campaignName: campaignId,
      reportId: "rep_expired",
      ttlSeconds: 0,
      clicks: [{ to: phones[6], buttons: 3 }],
    });
    const run = await waitFor("the import", async () => {
      await settleAutomations();
      const r = await runOf("rep_expired", done.report.lastRun.id);
      return r?.status === "COMPLETED" || r?.status === "FAILED" ? r : null;
    });
    expect(run).toMatchObject({ status: "COMPLETED", matchedRows: phones.length });
    expect((await recipients()).find((r) => r.address === phones[6])).toMatchObject({ buttonClicks: 3 });
  });

  it("matches a flow campaign's rows by the flow's name; a NUL byte or a 64 KB record rejects that row only", async () => {
    const flowId = await createCampaign({ status: "COMPLETED" });
    const flowName = `report_flow_${flowId.slice(1, 9)}`;
    await db.$executeRaw`UPDATE "Campaign" SET kind = 'FLOW', "flowName" = ${flowName} WHERE id = ${flowId}`;
    const flowPhones = [1, 2, 3].map((i) => `+1416${2_000_000 + i * 100 + 10}`);
    await insertRecipients(
      flowId,
      flowPhones.map((p) => ({
        address: p,
        state: "READ",
        acceptedAt: sentAt,
        sentAt,
        deliveredAt: sentAt,
        readAt: sentAt,
      })),
    );
    const row = (phone: string, links: string) => {
      const cells: Record<string, string> = {
        customer_external_id: phone,
        campaign_name: flowName,
        sent_at: "",
        link_clicks: links,
      };
      return REPORT_COLUMNS.map((c) => cells[c] ?? "").join(",");
    };
    const clicked = `"[{""id"":""l"",""name"":""https://example.com"",""ts"":""2024-05-10 20:13:50.682000""}]"`;
    const csv = [
      REPORT_COLUMNS.join(","),
      row(flowPhones[0]!, clicked),
      row(flowPhones[1]!, "2"),
      row(`${flowPhones[2]}\0`, "1"),
      row(flowPhones[2]!, `"${"x".repeat(70 * 1024)}"`),
      row(flowPhones[2]!, "[]"),
    ].join("\n");
    const server = await import("node:http").then(({ createServer }) =>
      createServer((_req, res) => {
        res.writeHead(200, { "content-type": "text/csv" });
        res.end(csv);
      }),
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const result = await importReportRun(
        {
          reportId: "rep_flow",
          runId: "run_1",
          name: null,
          type: "campaign.daily.v1",
          status: "completed",
          url: `http://127.0.0.1:${port}/r.csv`,
          expiresAt: null,
          createdAt: null,
        },
        "manual",
      );
      expect(result).toMatchObject({ state: "imported", totalRows: 5, matchedRows: 3, rejectedRows: 2 });
      const run = await runOf("rep_flow", "run_1");
      expect(run!.rejected.map((r) => [r.line, r.reason])).toEqual([
        [4, "the row contains a NUL byte"],
        [5, "the row is longer than 64 KB"],
      ]);
      expect(run!.rejected.every((r) => !r.excerpt.includes("\0") && r.excerpt.length <= 200)).toBe(true);
      const flowRows = await db.campaignRecipient.findMany({
        where: { campaignId: flowId },
        select: { address: true, clickedAt: true, linkClicks: true },
        orderBy: { address: "asc" },
      });
      expect(flowRows).toEqual([
        { address: flowPhones[0], clickedAt: new Date("2024-05-10T20:13:50.682Z"), linkClicks: 1 },
        { address: flowPhones[1], clickedAt: expect.any(Date) as Date, linkClicks: 2 },
        { address: flowPhones[2], clickedAt: null, linkClicks: 0 },
      ]);
      // The click-only trigger path keeps the CLICKED counter equal to a recount.
      expect((await getCampaignAnalytics(flowId)).funnel.clicked).toBe(2);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("marks a run FAILED with the reason when the CSV lacks a required column, and keeps going for the next", async () => {
    const server = await import("node:http").then(({ createServer }) =>
      createServer((_req, res) => {
        res.writeHead(200, { "content-type": "text/csv" });
        res.end("phone,clicks\n+14155550000,1\n");
      }),
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const result = await importReportRun(
        {
          reportId: "rep_bad",
          runId: "run_1",
          name: null,
          type: "campaign.daily.v1",
          status: "completed",
          url: `http://127.0.0.1:${port}/r.csv`,
          expiresAt: null,
          createdAt: null,
        },
        "manual",
      );
      expect(result).toMatchObject({
        state: "failed",
        error: "the report has no campaign_name or customer_external_id column",
      });
      expect(await runOf("rep_bad", "run_1")).toMatchObject({ status: "FAILED" });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
