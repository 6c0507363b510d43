import "server-only";
import { AppError } from "../app-error";
import type { CampaignStatus, RecipientState } from "../campaigns/states";
import { db } from "../db";
import { explainFailure, type FailureReason } from "./explain-failure";
import { funnelFromCounters, type CounterRow, type FunnelDto } from "./funnel";
import { resolveGranularity } from "./granularity";
import type { Granularity, SeriesQuery } from "./schemas";
import { iso } from "../format/date-time";

// Read models for campaign analytics. Every aggregate comes from the trigger-kept tables
// (prisma/sql/analytics.sql), never from a scan of the recipients: a page view costs the same for 100
// recipients as for a million. DTOs (plain JSON) cross into client components.

export type CampaignRefDto = {
  id: string;
  name: string;
  status: CampaignStatus;
  templateName: string | null;
  templateLanguage: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
};

export type CampaignAnalyticsDto = { campaign: CampaignRefDto; funnel: FunnelDto; at: string };

export type SeriesPointDto = {
  t: string;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  replied: number;
};

export type SeriesDto = {
  granularity: Granularity;
  /** The requested granularity was too fine for the span and a coarser one is returned. */
  coarsened: boolean;
  tz: string;
  points: SeriesPointDto[];
};

export type FailureRowDto = FailureReason & {
  state: "FAILED" | "UNKNOWN";
  /** What to pass as the recipient filter's `error` (the stored code, or NO_ERROR_CODE). */
  filter: string;
  count: number;
  share: number;
};

export type CountryRowDto = {
  /** ISO 3166-1 alpha-2, null when unknown. */
  country: string | null;
  total: number;
  pending: number;
  delivered: number;
  read: number;
  failed: number;
  skipped: number;
  /** delivered / attempted (everyone not pending or skipped). */
  deliveryRate: number | null;
  failureRate: number | null;
};

export type LanguageRowDto = {
  language: string | null;
  campaigns: number;
  sent: number;
  delivered: number;
  failed: number;
  failureRate: number | null;
};

export type FailureBreakdownDto = {
  /** FAILED + UNKNOWN recipients. */
  total: number;
  byError: FailureRowDto[];
  byCountry: CountryRowDto[];
  byLanguage: LanguageRowDto[];
};

/** The `error` filter value for failures stored without a code. */
export const NO_ERROR_CODE = "(none)";

const campaignSelect = {
  id: true,
  name: true,
  status: true,
  templateName: true,
  templateLanguage: true,
  createdAt: true,
  startedAt: true,
  completedAt: true,
} as const;

export function toCampaignRef(row: {
  id: string;
  name: string;
  status: CampaignStatus;
  templateName: string | null;
  templateLanguage: string | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}): CampaignRefDto {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    completedAt: iso(row.completedAt),
  };
}

export async function getCampaignRef(campaignId: string): Promise<CampaignRefDto> {
  const row = await db.campaign.findUnique({ where: { id: campaignId }, select: campaignSelect });
  if (!row) throw new AppError("NOT_FOUND", "This campaign does not exist.");
  return toCampaignRef(row);
}

/** Counters of several campaigns at once (shards summed). */
export async function readCounters(campaignIds: string[]): Promise<Map<string, CounterRow[]>> {
  const byCampaign = new Map<string, CounterRow[]>(campaignIds.map((id) => [id, []]));
  if (campaignIds.length === 0) return byCampaign;
  const rows = await db.$queryRaw<{ campaignId: string; metric: string; count: number }[]>`
    SELECT "campaignId", metric, sum(count)::int AS count FROM "AnalyticsCampaignCounter"
    WHERE "campaignId" = ANY(${campaignIds}::text[])
    GROUP BY "campaignId", metric`;
  for (const row of rows) byCampaign.get(row.campaignId)?.push(row);
  return byCampaign;
}

/** The funnel is what the panel polls every few seconds: one round trip, the campaign and its counters together. */
export async function getCampaignAnalytics(campaignId: string): Promise<CampaignAnalyticsDto> {
  const rows = await db.$queryRaw<
    (Parameters<typeof toCampaignRef>[0] & { counters: CounterRow[] | null })[]
  >`
    SELECT c.id, c.name, c.status::text AS status, c."templateName", c."templateLanguage", c."createdAt", c."startedAt",
           c."completedAt",
           (SELECT json_agg(json_build_object('metric', x.metric, 'count', x.n)) FROM (
              SELECT metric, sum(count)::int AS n FROM "AnalyticsCampaignCounter" WHERE "campaignId" = c.id GROUP BY metric
            ) x) AS counters
    FROM "Campaign" c WHERE c.id = ${campaignId}`;
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", "This campaign does not exist.");
  const { counters, ...campaign } = row;
  return {
    campaign: toCampaignRef(campaign),
    funnel: funnelFromCounters(counters ?? []),
    at: new Date().toISOString(),
  };
}

type SeriesRow = { t: Date; sent: number; delivered: number; read: number; failed: number; replied: number };

/** Per-bucket stage counts in the viewer's time zone, every bucket from the first event to the last (zeros included). */
export async function getCampaignSeries(campaignId: string, query: SeriesQuery): Promise<SeriesDto> {
  await getCampaignRef(campaignId);
  const [bounds] = await db.$queryRaw<{ first: Date | null; last: Date | null }[]>`
    SELECT min(minute) AS first, max(minute) AS last FROM "AnalyticsMinute" WHERE "campaignId" = ${campaignId}`;
  const spanMs = bounds?.first && bounds.last ? bounds.last.getTime() - bounds.first.getTime() : 0;
  const granularity = resolveGranularity(query.granularity, spanMs);
  const coarsened = query.granularity !== "auto" && granularity !== query.granularity;
  if (!bounds?.first) return { granularity, coarsened, tz: query.tz, points: [] };

  const rows = await db.$queryRaw<SeriesRow[]>`
    WITH agg AS (
      SELECT date_trunc(${granularity}, minute AT TIME ZONE ${query.tz}) AS bucket,
             sum(sent)::int AS sent, sum(delivered)::int AS delivered, sum(read)::int AS read,
             sum(failed)::int AS failed, sum(replied)::int AS replied
      FROM "AnalyticsMinute" WHERE "campaignId" = ${campaignId}
      GROUP BY 1
    )
    SELECT g AT TIME ZONE ${query.tz} AS t,
           COALESCE(agg.sent, 0) AS sent, COALESCE(agg.delivered, 0) AS delivered, COALESCE(agg.read, 0) AS read,
           COALESCE(agg.failed, 0) AS failed, COALESCE(agg.replied, 0) AS replied
    FROM (SELECT min(bucket) AS lo, max(bucket) AS hi FROM agg) b
    CROSS JOIN generate_series(b.lo, b.hi, ${`1 ${granularity}`}::interval) AS g
    LEFT JOIN agg ON agg.bucket = g
    ORDER BY g`;
  return { granularity, coarsened, tz: query.tz, points: rows.map((r) => ({ ...r, t: r.t.toISOString() })) };
}

type BreakdownRow = { campaignId: string; dimension: string; value: string; state: string; count: number };

export async function readBreakdown(campaignIds: string[]): Promise<BreakdownRow[]> {
  if (campaignIds.length === 0) return [];
  return db.$queryRaw<BreakdownRow[]>`
    SELECT "campaignId", dimension, value, state, sum(count)::int AS count FROM "AnalyticsCampaignBreakdown"
    WHERE "campaignId" = ANY(${campaignIds}::text[])
    GROUP BY "campaignId", dimension, value, state
    HAVING sum(count) <> 0`;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function failureRows(rows: readonly BreakdownRow[]): FailureRowDto[] {
  const groups = new Map<string, { value: string; state: "FAILED" | "UNKNOWN"; count: number }>();
  for (const row of rows) {
    if (row.dimension !== "error" || (row.state !== "FAILED" && row.state !== "UNKNOWN")) continue;
    const key = `${row.state}:${row.value}`;
    const group = groups.get(key) ?? { value: row.value, state: row.state, count: 0 };
    group.count += row.count;
    groups.set(key, group);
  }
  const total = [...groups.values()].reduce((n, g) => n + g.count, 0);
  return [...groups.values()]
    .map((g) => ({
      ...explainFailure(g.value, g.state),
      state: g.state,
      filter: g.value || NO_ERROR_CODE,
      count: g.count,
      share: total > 0 ? g.count / total : 0,
    }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

export function countryRows(rows: readonly BreakdownRow[]): CountryRowDto[] {
  const byCountry = new Map<string, Record<string, number>>();
  for (const row of rows) {
    if (row.dimension !== "country") continue;
    const states = byCountry.get(row.value) ?? {};
    states[row.state] = (states[row.state] ?? 0) + row.count;
    byCountry.set(row.value, states);
  }
  return [...byCountry.entries()]
    .map(([country, s]) => {
      const n = (state: RecipientState) => s[state] ?? 0;
      const total = Object.values(s).reduce((a, b) => a + b, 0);
      const pending = n("PENDING") + n("SENDING");
      const attempted = total - pending - n("SKIPPED");
      const delivered = n("DELIVERED") + n("READ");
      return {
        country: country || null,
        total,
        pending,
        delivered,
        read: n("READ"),
        failed: n("FAILED"),
        skipped: n("SKIPPED"),
        deliveryRate: ratio(delivered, attempted),
        failureRate: ratio(n("FAILED"), attempted),
      };
    })
    .filter((r) => r.total > 0)
    .sort((a, b) => b.total - a.total || (a.country ?? "").localeCompare(b.country ?? ""));
}

export function languageRows(
  campaigns: readonly { language: string | null; funnel: FunnelDto }[],
): LanguageRowDto[] {
  const byLanguage = new Map<string, LanguageRowDto & { attempted: number }>();
  for (const { language, funnel } of campaigns) {
    const key = language ?? "";
    const row = byLanguage.get(key) ?? {
      language,
      campaigns: 0,
      sent: 0,
      delivered: 0,
      failed: 0,
      failureRate: null,
      attempted: 0,
    };
    row.campaigns++;
    row.sent += funnel.sent;
    row.delivered += funnel.delivered;
    row.failed += funnel.failed;
    row.attempted += funnel.total - funnel.pending - funnel.skipped;
    byLanguage.set(key, row);
  }
  return [...byLanguage.values()]
    .map(({ attempted, ...row }) => ({ ...row, failureRate: ratio(row.failed, attempted) }))
    .sort((a, b) => b.sent - a.sent);
}

export async function getFailureBreakdown(campaignId: string): Promise<FailureBreakdownDto> {
  const [campaign, counters, breakdown] = await Promise.all([
    getCampaignRef(campaignId),
    readCounters([campaignId]),
    readBreakdown([campaignId]),
  ]);
  const byError = failureRows(breakdown);
  const funnel = funnelFromCounters(counters.get(campaignId) ?? []);
  return {
    total: byError.reduce((n, r) => n + r.count, 0),
    byError,
    byCountry: countryRows(breakdown),
    byLanguage: languageRows([{ language: campaign.templateLanguage, funnel }]),
  };
}
