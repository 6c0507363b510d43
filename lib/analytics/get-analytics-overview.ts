import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { funnelFromCounters, type FunnelDto } from "./funnel";
import {
  countryRows,
  failureRows,
  languageRows,
  readBreakdown,
  readCounters,
  toCampaignRef,
  type CampaignRefDto,
  type CountryRowDto,
  type FailureRowDto,
  type LanguageRowDto,
  type SeriesPointDto,
} from "./read-models";
import type { Granularity, OverviewQuery } from "./schemas";

type OverviewCampaignDto = { campaign: CampaignRefDto; funnel: FunnelDto };

export type OverviewDto = {
  range: { from: string; to: string; tz: string };
  /** Stage events inside the range, across every campaign (a message sent before it but read inside counts as read). */
  totals: { sent: number; delivered: number; read: number; failed: number; replied: number };
  granularity: Granularity;
  series: SeriesPointDto[];
  /** Campaigns created or active in the range, most recent first, with their whole funnel. */
  campaigns: OverviewCampaignDto[];
  campaignsTotal: number;
  /** Across the listed campaigns. */
  failures: {
    total: number;
    byError: FailureRowDto[];
    byCountry: CountryRowDto[];
    byLanguage: LanguageRowDto[];
  };
};

const OVERVIEW_CAMPAIGN_LIMIT = 100;
const DEFAULT_DAYS = 30;

/** Today's date in a time zone, as YYYY-MM-DD. */
export function localDay(tz: string, at = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

/** A YYYY-MM-DD date moved by a number of days. */
export function shiftDay(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

type CampaignRow = {
  id: string;
  name: string;
  status: CampaignRefDto["status"];
  templateName: string | null;
  templateLanguage: string | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  total: number;
};

export async function getAnalyticsOverview(query: OverviewQuery): Promise<OverviewDto> {
  const tz = query.tz;
  const to = query.to ?? (query.from ? shiftDay(query.from, DEFAULT_DAYS - 1) : localDay(tz));
  const from = query.from ?? shiftDay(to, -(DEFAULT_DAYS - 1));
  const granularity: Granularity = Date.parse(to) - Date.parse(from) < 3 * 86_400_000 ? "hour" : "day";
  // Midnight at the start of `from` and after `to`, in the viewer's time zone.
  const bounds = Prisma.sql`SELECT (${from}::date::timestamp AT TIME ZONE ${tz}) AS lo,
                                   ((${to}::date + 1)::timestamp AT TIME ZONE ${tz}) AS hi`;
  const step = `1 ${granularity}`;

  const [campaignRows, seriesRows] = await Promise.all([
    db.$queryRaw<CampaignRow[]>`
      WITH b AS (${bounds}),
      active AS (
        SELECT DISTINCT m."campaignId" AS id FROM "AnalyticsMinute" m, b WHERE m.minute >= b.lo AND m.minute < b.hi
        UNION
        SELECT c.id FROM "Campaign" c, b WHERE c."createdAt" >= b.lo AND c."createdAt" < b.hi
      )
      SELECT c.id, c.name, c.status::text AS status, c."templateName", c."templateLanguage", c."createdAt",
             c."startedAt", c."completedAt", (count(*) OVER ())::int AS total
      FROM "Campaign" c JOIN active ON active.id = c.id
      ORDER BY COALESCE(c."startedAt", c."createdAt") DESC, c.id
      LIMIT ${OVERVIEW_CAMPAIGN_LIMIT}`,
    db.$queryRaw<(Omit<SeriesPointDto, "t"> & { t: Date })[]>`
      WITH b AS (${bounds}),
      agg AS (
        SELECT date_trunc(${granularity}, m.minute AT TIME ZONE ${tz}) AS bucket,
               sum(sent)::int AS sent, sum(delivered)::int AS delivered, sum(read)::int AS read,
               sum(failed)::int AS failed, sum(replied)::int AS replied
        FROM "AnalyticsMinute" m, b WHERE m.minute >= b.lo AND m.minute < b.hi
        GROUP BY 1
      )
      SELECT g AT TIME ZONE ${tz} AS t, COALESCE(agg.sent, 0) AS sent, COALESCE(agg.delivered, 0) AS delivered,
             COALESCE(agg.read, 0) AS read, COALESCE(agg.failed, 0) AS failed, COALESCE(agg.replied, 0) AS replied
      FROM generate_series(${from}::date::timestamp, (${to}::date + 1)::timestamp - ${step}::interval, ${step}::interval) AS g
      LEFT JOIN agg ON agg.bucket = g
      ORDER BY g`,
  ]);

  const ids = campaignRows.map((c) => c.id);
  const [counters, breakdown] = await Promise.all([readCounters(ids), readBreakdown(ids)]);
  const campaigns = campaignRows.map(({ total: _total, ...row }) => ({
    campaign: toCampaignRef(row),
    funnel: funnelFromCounters(counters.get(row.id) ?? []),
  }));
  const series = seriesRows.map((r) => ({ ...r, t: r.t.toISOString() }));
  const totals = { sent: 0, delivered: 0, read: 0, failed: 0, replied: 0 };
  for (const p of series) {
    totals.sent += p.sent;
    totals.delivered += p.delivered;
    totals.read += p.read;
    totals.failed += p.failed;
    totals.replied += p.replied;
  }
  const byError = failureRows(breakdown);
  return {
    range: { from, to, tz },
    totals,
    granularity,
    series,
    campaigns,
    campaignsTotal: campaignRows[0]?.total ?? 0,
    failures: {
      total: byError.reduce((n, r) => n + r.count, 0),
      byError,
      byCountry: countryRows(breakdown),
      byLanguage: languageRows(
        campaigns.map((c) => ({ language: c.campaign.templateLanguage, funnel: c.funnel })),
      ),
    },
  };
}
