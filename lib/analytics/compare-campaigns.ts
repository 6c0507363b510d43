import "server-only";
import { db } from "../db";
import { funnelFromCounters, type FunnelDto } from "./funnel";
import { GRANULARITY_MS, resolveGranularity } from "./granularity";
import { getCampaignRef, readCounters, type CampaignRefDto } from "./read-models";
import type { CompareQuery, Granularity } from "./schemas";

/** Stage counts per bucket since the campaign's first event (offset 0), so two campaigns line up. */
type RelativePointDto = {
  offset: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  replied: number;
};

export type CompareSideDto = { campaign: CampaignRefDto; funnel: FunnelDto; series: RelativePointDto[] };

export type CompareDto = { granularity: Granularity; campaigns: [CompareSideDto, CompareSideDto] };

type Row = Omit<RelativePointDto, "offset"> & { offset: number };

async function relativeSeries(campaignId: string, granularity: Granularity): Promise<Row[]> {
  return db.$queryRaw<Row[]>`
    WITH first AS (SELECT min(minute) AS at FROM "AnalyticsMinute" WHERE "campaignId" = ${campaignId})
    SELECT floor(extract(epoch FROM m.minute - first.at) * 1000 / ${GRANULARITY_MS[granularity]})::int AS offset,
           sum(sent)::int AS sent, sum(delivered)::int AS delivered, sum(read)::int AS read,
           sum(failed)::int AS failed, sum(replied)::int AS replied
    FROM "AnalyticsMinute" m, first
    WHERE m."campaignId" = ${campaignId}
    GROUP BY 1
    ORDER BY 1`;
}

async function spanMs(campaignId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ span: number | null }[]>`
    SELECT (extract(epoch FROM max(minute) - min(minute)) * 1000)::float8 AS span
    FROM "AnalyticsMinute" WHERE "campaignId" = ${campaignId}`;
  return row?.span ?? 0;
}

/** Two campaigns side by side: funnels, and series aligned on each one's first event at one common bucket size. */
export async function compareCampaigns(query: CompareQuery): Promise<CompareDto> {
  const [a, b, counters, spanA, spanB] = await Promise.all([
    getCampaignRef(query.a),
    getCampaignRef(query.b),
    readCounters([query.a, query.b]),
    spanMs(query.a),
    spanMs(query.b),
  ]);
  const granularity = resolveGranularity("auto", Math.max(spanA, spanB));
  const [seriesA, seriesB] = await Promise.all([
    relativeSeries(a.id, granularity),
    relativeSeries(b.id, granularity),
  ]);
  const length = Math.max(seriesA.at(-1)?.offset ?? -1, seriesB.at(-1)?.offset ?? -1) + 1;
  const filled = (rows: Row[]): RelativePointDto[] => {
    const byOffset = new Map(rows.map((r) => [r.offset, r]));
    return Array.from(
      { length },
      (_, offset) =>
        byOffset.get(offset) ?? { offset, sent: 0, delivered: 0, read: 0, failed: 0, replied: 0 },
    );
  };
  return {
    granularity,
    campaigns: [
      { campaign: a, funnel: funnelFromCounters(counters.get(a.id) ?? []), series: filled(seriesA) },
      { campaign: b, funnel: funnelFromCounters(counters.get(b.id) ?? []), series: filled(seriesB) },
    ],
  };
}
