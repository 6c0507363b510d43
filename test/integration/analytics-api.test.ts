import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as funnelGET } from "../../app/api/analytics/campaigns/[id]/route";
import { GET as failuresGET } from "../../app/api/analytics/campaigns/[id]/failures/route";
import { GET as recipientsGET } from "../../app/api/analytics/campaigns/[id]/recipients/route";
import { GET as exportGET } from "../../app/api/analytics/campaigns/[id]/recipients/export/route";
import { GET as seriesGET } from "../../app/api/analytics/campaigns/[id]/series/route";
import { GET as compareGET } from "../../app/api/analytics/compare/route";
import { GET as overviewGET } from "../../app/api/analytics/overview/route";
import type { CompareDto } from "../../lib/analytics/compare-campaigns";
import type { OverviewDto } from "../../lib/analytics/get-analytics-overview";
import type { RecipientPageDto } from "../../lib/analytics/list-campaign-recipients";
import type { CampaignAnalyticsDto, FailureBreakdownDto, SeriesDto } from "../../lib/analytics/read-models";
import { explainUpstreamError } from "../../lib/connectly/error-catalogue";
import {
  createCampaign,
  insertInbound,
  insertRecipients,
  resetAnalyticsTables,
  type SeedRecipient,
} from "./analytics-helpers";
import { createUser, ctx, json, request, sessionCookie } from "./security-helpers";

// The analytics routes over a finished campaign seeded straight into the tables (the triggers build the
// rollups as the rows go in). Expected numbers are derived from the seed, never typed in.

let admin = "";
let agent = "";
let campaignId = "";
let otherId = "";
const base = new Date(Date.now() - 4 * 3_600_000);
const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000);
let seeds: SeedRecipient[] = [];

function seed(): SeedRecipient[] {
  const rows: SeedRecipient[] = [];
  const add = (n: number, make: (i: number) => SeedRecipient) => {
    for (let i = 0; i < n; i++) rows.push(make(rows.length));
  };
  const phone = (cc: string, i: number) => `${cc}${String(100_000 + i).slice(-6)}`;
  const vars = (i: number) => ({ body_1: `Name ${i}`, body_2: `ORD-${i}` });
  add(40, (i) => ({
    address: phone("+447700", i),
    country: "GB",
    variables: vars(i),
    state: "READ",
    acceptedAt: at(i % 30),
    sentAt: at(i % 30),
    deliveredAt: at(1 + (i % 30)),
    readAt: at(20 + (i % 50)),
  }));
  add(20, (i) => ({
    address: phone("+1415555", i),
    country: "US",
    variables: vars(i),
    state: "DELIVERED",
    acceptedAt: at(i % 30),
    deliveredAt: at(2 + (i % 30)),
  }));
  add(10, (i) => ({
    address: phone("+5511987", i),
    country: "BR",
    variables: vars(i),
    state: "SENT",
    acceptedAt: at(i % 30),
  }));
  add(8, (i) => ({
    address: phone("+447700", i),
    country: "GB",
    variables: vars(i),
    state: "FAILED",
    acceptedAt: at(i % 30),
    failedAt: at(3 + (i % 30)),
    errorCode: "131026",
  }));
  add(4, (i) => ({
    address: phone("+1415555", i),
    country: "US",
    variables: vars(i),
    state: "FAILED",
    failedAt: at(i % 30),
    errorCode: "ERROR_CODE_MESSAGE_TEMPLATE_INPUT_INVALID",
  }));
  add(3, (i) => ({ address: phone("+447700", i), country: "GB", variables: vars(i), state: "UNKNOWN" }));
  add(5, (i) => ({
    address: phone("+447700", i),
    country: "GB",
    variables: vars(i),
    state: "SKIPPED",
    skipReason: "OPTED_OUT",
  }));
  add(6, (i) => ({ address: phone("+447700", i), country: "GB", variables: vars(i) }));
  // Cells a spreadsheet would misread: a formula, and a comma with quotes.
  rows[0]!.variables = { body_1: '=HYPERLINK("http://x")', body_2: 'A, "B"' };
  return rows;
}

const count = (pred: (r: SeedRecipient) => boolean) => seeds.filter(pred).length;
const state = (s: string) => (r: SeedRecipient) => (r.state ?? "PENDING") === s;
const repliers = () => seeds.filter(state("READ")).slice(0, 5);

beforeAll(async () => {
  await resetAnalyticsTables();
  admin = await sessionCookie(await createUser("ADMIN"));
  agent = await sessionCookie(await createUser("AGENT"));
  campaignId = await createCampaign({ name: "Spring sale", status: "COMPLETED", startedAt: base });
  seeds = seed();
  await insertRecipients(campaignId, seeds);
  for (const r of repliers())
    await insertInbound({ phone: r.address }, new Date(r.deliveredAt!.getTime() + 10 * 60_000));
  // Too late to be a reply (30 h after delivery).
  const late = seeds.filter(state("READ"))[10]!;
  await insertInbound({ phone: late.address }, new Date(late.deliveredAt!.getTime() + 30 * 3_600_000));
  otherId = await createCampaign({
    name: "Winter sale",
    status: "COMPLETED",
    templateLanguage: "es",
    startedAt: base,
  });
  await insertRecipients(otherId, [
    {
      address: "+34600000001",
      country: "ES",
      state: "READ",
      acceptedAt: at(0),
      deliveredAt: at(1),
      readAt: at(5),
    },
    {
      address: "+34600000002",
      country: "ES",
      state: "FAILED",
      acceptedAt: at(0),
      failedAt: at(2),
      errorCode: "131026",
    },
  ]);
});
afterAll(resetAnalyticsTables);

const get = (path: string, cookie = admin) => request(path, { cookie });

describe("GET /api/analytics/campaigns/:id", () => {
  it("returns the funnel as the seed defines it", async () => {
    const res = await json<CampaignAnalyticsDto>(
      await funnelGET(get(`/api/analytics/campaigns/${campaignId}`), ctx({ id: campaignId })),
    );
    expect(res.status).toBe(200);
    const f = res.body.funnel;
    const delivered = count(state("DELIVERED")) + count(state("READ"));
    // Failures Connectly accepted but WhatsApp never reported sent (acceptedAt only) are failures, not "sent".
    const sent = count(state("SENT")) + delivered + count((r) => state("FAILED")(r) && Boolean(r.sentAt));
    expect(count((r) => state("FAILED")(r) && Boolean(r.acceptedAt))).toBeGreaterThan(0);
    expect(f).toMatchObject({
      total: seeds.length,
      pending: count(state("PENDING")),
      unknown: count(state("UNKNOWN")),
      sent,
      delivered,
      read: count(state("READ")),
      failed: count(state("FAILED")),
      skipped: count(state("SKIPPED")),
      replied: repliers().length,
    });
    expect(f.rates.delivered).toBeCloseTo(delivered / sent);
    // The stages add up: everyone attempted is sent, failed or unknown, so "Sent 100 %" cannot sit next to failures.
    expect(f.sent + f.failed + f.unknown).toBe(f.total - f.pending - f.skipped);
    expect(f.rates.sent).toBeLessThan(1);
    expect(f.rates.replied).toBeCloseTo(repliers().length / delivered);
    expect(res.body.campaign).toMatchObject({ id: campaignId, name: "Spring sale", status: "COMPLETED" });
  });

  it("answers 404 for an unknown campaign and 403 to an agent", async () => {
    expect((await funnelGET(get("/api/analytics/campaigns/nope"), ctx({ id: "nope" }))).status).toBe(404);
    expect(
      (await funnelGET(get(`/api/analytics/campaigns/${campaignId}`, agent), ctx({ id: campaignId }))).status,
    ).toBe(403);
  });
});

describe("GET /api/analytics/campaigns/:id/series", () => {
  it("sums to the funnel at every granularity, auto picking minutes for a four-hour campaign", async () => {
    const funnel = (
      await json<CampaignAnalyticsDto>(
        await funnelGET(get(`/api/analytics/campaigns/${campaignId}`), ctx({ id: campaignId })),
      )
    ).body.funnel;
    const sums: Record<string, number> = {};
    for (const granularity of ["auto", "minute", "hour", "day"]) {
      const res = await json<SeriesDto>(
        await seriesGET(
          get(`/api/analytics/campaigns/${campaignId}/series?granularity=${granularity}&tz=Asia/Kolkata`),
          ctx({ id: campaignId }),
        ),
      );
      expect(res.status).toBe(200);
      if (granularity === "auto") expect(res.body.granularity).toBe("minute");
      const total = (k: "sent" | "delivered" | "read" | "failed" | "replied") =>
        res.body.points.reduce((n, p) => n + p[k], 0);
      expect({
        sent: total("sent"),
        delivered: total("delivered"),
        read: total("read"),
        failed: total("failed"),
        replied: total("replied"),
      }).toEqual({
        sent: funnel.sent,
        delivered: funnel.delivered,
        read: funnel.read,
        failed: funnel.failed,
        replied: funnel.replied,
      });
      sums[granularity] = res.body.points.length;
      // Consecutive buckets, zeros included.
      const times = res.body.points.map((p) => Date.parse(p.t));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    expect(sums.minute).toBeGreaterThan(sums.hour!);
    expect(sums.hour).toBeGreaterThanOrEqual(sums.day!);
  });

  it("rejects an unknown time zone with 422 naming the field", async () => {
    const res = await json<{ error: { message: string } }>(
      await seriesGET(
        get(`/api/analytics/campaigns/${campaignId}/series?tz=Mars/Olympus`),
        ctx({ id: campaignId }),
      ),
    );
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain("tz");
  });
});

describe("GET /api/analytics/campaigns/:id/failures", () => {
  it("explains each failure code in catalogue words, with shares, and breaks down by country and language", async () => {
    const res = await json<FailureBreakdownDto>(
      await failuresGET(get(`/api/analytics/campaigns/${campaignId}/failures`), ctx({ id: campaignId })),
    );
    expect(res.status).toBe(200);
    const { byError, byCountry, byLanguage, total } = res.body;
    expect(total).toBe(count(state("FAILED")) + count(state("UNKNOWN")));
    const undeliverable = byError.find((r) => r.code === "131026")!;
    const catalogue = explainUpstreamError({ code: "131026" });
    expect(undeliverable).toMatchObject({
      title: catalogue.title,
      retryable: catalogue.retryable,
      count: 8,
      state: "FAILED",
      filter: "131026",
    });
    expect(undeliverable.share).toBeCloseTo(8 / total);
    expect(byError.find((r) => r.state === "UNKNOWN")).toMatchObject({
      code: "WORKER_INTERRUPTED",
      count: 3,
      filter: "(none)",
    });
    expect(byError.reduce((n, r) => n + r.share, 0)).toBeCloseTo(1);
    const gb = byCountry.find((r) => r.country === "GB")!;
    expect(gb.total).toBe(count((r) => r.country === "GB"));
    expect(gb.failed).toBe(count((r) => r.country === "GB" && state("FAILED")(r)));
    expect(byLanguage).toEqual([
      expect.objectContaining({ language: "en_US", campaigns: 1, failed: count(state("FAILED")) }),
    ]);
  });
});

describe("GET /api/analytics/campaigns/:id/recipients", () => {
  const page = async (query: string) => {
    const res = await json<RecipientPageDto>(
      await recipientsGET(
        get(`/api/analytics/campaigns/${campaignId}/recipients?${query}`),
        ctx({ id: campaignId }),
      ),
    );
    expect(res.status).toBe(200);
    return res.body;
  };

  it("pages through every recipient once, in claim order, by cursor", async () => {
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const body: RecipientPageDto = await page(`limit=7${cursor !== null ? `&cursor=${cursor}` : ""}`);
      expect(body.recipients.length).toBeLessThanOrEqual(7);
      seen.push(...body.recipients.map((r) => r.seq));
      cursor = body.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(seeds.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it.each([
    ["status=FAILED", () => count(state("FAILED"))],
    ["status=FAILED&error=131026", () => 8],
    ["error=(none)", () => count(state("UNKNOWN"))],
    ["status=REPLIED", () => repliers().length],
    ["status=SKIPPED", () => count(state("SKIPPED"))],
    // Phone search ignores spacing; a variable's value is found too.
    ["q=%2B1%20415%20555", () => count((r) => r.address.startsWith("+1415555"))],
    ["q=name%2012", () => count((r) => /^Name 12\d*$/.test(r.variables?.body_1 ?? ""))],
  ])("filters %s", async (query, expected) => {
    const body = await page(`${query}&limit=200`);
    expect(body.recipients).toHaveLength(expected());
    expect(body.nextCursor).toBeNull();
  });

  it("gives failed rows their reason and replied rows their reply time", async () => {
    const failed = (await page("status=FAILED&error=131026&limit=1")).recipients[0]!;
    expect(failed.error).toMatchObject({
      code: "131026",
      title: explainUpstreamError({ code: "131026" }).title,
    });
    const replied = (await page("status=REPLIED&limit=1")).recipients[0]!;
    expect(Date.parse(replied.repliedAt!) - Date.parse(replied.deliveredAt!)).toBe(10 * 60_000);
  });

  it("rejects an unknown status with 422", async () => {
    const res = await recipientsGET(
      get(`/api/analytics/campaigns/${campaignId}/recipients?status=LOST`),
      ctx({ id: campaignId }),
    );
    expect(res.status).toBe(422);
  });
});

describe("GET /api/analytics/campaigns/:id/recipients/export", () => {
  const download = async (query = "") => {
    const res = await exportGET(
      get(`/api/analytics/campaigns/${campaignId}/recipients/export?${query}`),
      ctx({ id: campaignId }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(
      /attachment; filename="spring-sale-recipients-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    return parse(await res.text(), { columns: true }) as Record<string, string>[];
  };

  it("exports every recipient with stage times, reasons and variables", async () => {
    const rows = await download();
    expect(rows).toHaveLength(seeds.length);
    expect(Object.keys(rows[0]!)).toEqual([
      "phone",
      "bsuid",
      "country",
      "status",
      "skip_reason",
      "accepted_at",
      "sent_at",
      "delivered_at",
      "read_at",
      "failed_at",
      "replied_at",
      "clicked_at",
      "button_clicks",
      "link_clicks",
      "opted_out_at",
      "error_code",
      "error_reason",
      "retryable",
      "var_body_1",
      "var_body_2",
    ]);
    expect(rows[0]).toMatchObject({
      phone: seeds[0]!.address,
      status: "READ",
      var_body_1: '\'=HYPERLINK("http://x")',
      var_body_2: 'A, "B"',
    });
    expect(rows[0]!.delivered_at).toBe(seeds[0]!.deliveredAt!.toISOString());
    const failed = rows.find((r) => r.error_code === "131026")!;
    expect(failed).toMatchObject({
      status: "FAILED",
      error_reason: explainUpstreamError({ code: "131026" }).title,
    });
    expect(rows.filter((r) => r.replied_at !== "")).toHaveLength(repliers().length);
  });

  it("exports only the filtered set", async () => {
    expect(await download("status=FAILED")).toHaveLength(count(state("FAILED")));
    expect(await download("q=%2B5511")).toHaveLength(count((r) => r.address.startsWith("+5511")));
  });
});

describe("GET /api/analytics/overview and /compare", () => {
  it("lists the range's campaigns with their funnels and totals the events inside it", async () => {
    const res = await json<OverviewDto>(await overviewGET(get("/api/analytics/overview?tz=UTC"), ctx()));
    expect(res.status).toBe(200);
    const ids = res.body.campaigns.map((c) => c.campaign.id).sort();
    expect(ids).toEqual([campaignId, otherId].sort());
    const sentSum = res.body.campaigns.reduce((n, c) => n + c.funnel.sent, 0);
    expect(res.body.totals.sent).toBe(sentSum);
    expect(res.body.series.reduce((n, p) => n + p.failed, 0)).toBe(res.body.totals.failed);
    expect(res.body.failures.byLanguage.map((l) => l.language).sort()).toEqual(["en_US", "es"]);

    const past = await json<OverviewDto>(
      await overviewGET(get("/api/analytics/overview?from=2020-01-01&to=2020-01-31"), ctx()),
    );
    expect(past.body.campaigns).toEqual([]);
    expect(past.body.series).toHaveLength(31);
    const bad = await overviewGET(get("/api/analytics/overview?from=2020-02-01&to=2020-01-01"), ctx());
    expect(bad.status).toBe(422);
  });

  it("compares two campaigns on aligned series", async () => {
    const res = await json<CompareDto>(
      await compareGET(get(`/api/analytics/compare?a=${campaignId}&b=${otherId}`), ctx()),
    );
    expect(res.status).toBe(200);
    const [a, b] = res.body.campaigns;
    expect(a.funnel.total).toBe(seeds.length);
    expect(b.funnel).toMatchObject({ total: 2, delivered: 1, failed: 1 });
    expect(a.series).toHaveLength(b.series.length);
    expect(b.series.reduce((n, p) => n + p.sent, 0)).toBe(b.funnel.sent);
    expect(
      (await compareGET(get(`/api/analytics/compare?a=${campaignId}&b=${campaignId}`), ctx())).status,
    ).toBe(422);
  });
});
