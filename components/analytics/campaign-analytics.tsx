"use client";

import { Button } from "@/components/ui/button";

import { formatTime } from "@/lib/format/date-time";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { ApiError } from "@/lib/api-client/fetch";
import {
  failuresOptions,
  funnelOptions,
  LIVE_STATUSES,
  seriesOptions,
  type RecipientTableFilter,
} from "@/lib/analytics/queries";
import type { FailureRowDto } from "@/lib/analytics/read-models";
import { GRANULARITIES, type Granularity } from "@/lib/analytics/schemas";
import { CountryTable, FailureReasonTable } from "./failure-tables";
import { formatCount, formatStageTime, languageName, viewerTimeZone } from "./format";
import { FollowUpCard } from "./follow-up";
import { FunnelView } from "./funnel-view";
import { RecipientTable } from "./recipient-table";
import { SeriesChart } from "./series-chart";
import { Card, ErrorNote, Skeleton } from "@/components/ui/card";
import { Empty } from "./ui";

const GRANULARITY_LABELS: Record<Granularity | "auto", string> = {
  auto: "Auto",
  minute: "Minute",
  hour: "Hour",
  day: "Day",
};

/**
 * Delivery analytics of one campaign: funnel, time series, failure breakdown and the recipient table with
 * its CSV export. Polls every few seconds while the campaign runs (the counters behind it cost the same at
 * any size), and slowly afterwards, since delivery and read receipts keep arriving for hours.
 */
export function CampaignAnalytics({ campaignId }: { campaignId: string }) {
  const [tz] = useState(viewerTimeZone);
  const [granularity, setGranularity] = useState<Granularity | "auto">("auto");
  const [filter, setFilter] = useState<RecipientTableFilter>({});
  const recipientsRef = useRef<HTMLDivElement>(null);

  const funnel = useQuery({
    ...funnelOptions(campaignId),
    refetchInterval: (q) => (LIVE_STATUSES.has(q.state.data?.campaign.status ?? "") ? 3_000 : 30_000),
  });
  const live = LIVE_STATUSES.has(funnel.data?.campaign.status ?? "");
  const series = useQuery({
    ...seriesOptions(campaignId, granularity, tz),
    placeholderData: keepPreviousData,
    refetchInterval: live ? 10_000 : 60_000,
  });
  const failures = useQuery({ ...failuresOptions(campaignId), refetchInterval: live ? 5_000 : 60_000 });

  const showRecipients = useCallback((row: FailureRowDto) => {
    setFilter({ status: row.state, error: row.filter });
    recipientsRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, []);

  if (funnel.isPending) {
    return (
      <div className="space-y-4" aria-busy>
        <Skeleton className="h-44" />
        <Skeleton className="h-72" />
      </div>
    );
  }
  if (funnel.isError) {
    if (funnel.error instanceof ApiError && funnel.error.status === 404)
      return <Empty>This campaign does not exist (any more).</Empty>;
    return <ErrorNote what="the campaign's analytics" error={funnel.error} />;
  }
  const { campaign, funnel: f } = funnel.data;
  const started = campaign.startedAt ? `started ${formatStageTime(campaign.startedAt)}` : "not started";

  return (
    <div className="space-y-4" data-testid="campaign-analytics">
      <Card
        title="Delivery funnel"
        description={
          <>
            {campaign.templateName ?? "No template"} · {languageName(campaign.templateLanguage)} · {started}
          </>
        }
        actions={<Freshness live={live} updatedAt={funnel.dataUpdatedAt} fetching={funnel.isFetching} />}
      >
        {f.total === 0 ? (
          <Empty>
            No recipients yet. The funnel fills in as soon as the campaign has an audience and starts sending.
          </Empty>
        ) : (
          <FunnelView funnel={f} />
        )}
      </Card>

      {f.total > 0 && campaign.status !== "DRAFT" ? <FollowUpCard campaignId={campaignId} /> : null}

      <Card
        title="Over time"
        description={
          series.data
            ? `Recipients reaching each stage per ${series.data.granularity}${series.data.coarsened ? " (finer buckets would be too many for this span)" : ""}, ${tz} time`
            : "Recipients reaching each stage"
        }
        actions={
          <div
            role="radiogroup"
            aria-label="Bucket size"
            className="flex rounded-lg border border-slate-200 p-0.5"
          >
            {(["auto", ...GRANULARITIES] as const).map((g) => (
              <Button
                key={g}
                variant="ghost"
                size="sm"
                role="radio"
                aria-checked={granularity === g}
                onClick={() => setGranularity(g)}
                className="rounded-md py-1 aria-checked:bg-emerald-600 aria-checked:text-white"
              >
                {GRANULARITY_LABELS[g]}
              </Button>
            ))}
          </div>
        }
      >
        {series.isPending ? (
          <Skeleton className="h-64" />
        ) : series.isError ? (
          <ErrorNote what="the time series" error={series.error} />
        ) : series.data.points.length === 0 ? (
          <Empty>Nothing sent yet. The chart starts with the first message that goes out.</Empty>
        ) : (
          <SeriesChart points={series.data.points} granularity={series.data.granularity} tz={tz} />
        )}
      </Card>

      <div className="grid grid-cols-1 gap-4 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card
          title="Why messages failed"
          description={
            failures.data && failures.data.total > 0
              ? `${formatCount(failures.data.total)} recipients failed or have an unknown outcome`
              : undefined
          }
        >
          {failures.isPending ? (
            <Skeleton className="h-32" />
          ) : failures.isError ? (
            <ErrorNote what="failures" error={failures.error} />
          ) : (
            <FailureReasonTable rows={failures.data.byError} onShow={showRecipients} />
          )}
        </Card>
        <Card title="By country" description="From the recipients' phone numbers">
          {failures.isPending ? (
            <Skeleton className="h-32" />
          ) : failures.isError ? (
            <ErrorNote what="countries" error={failures.error} />
          ) : (
            <CountryTable rows={failures.data.byCountry} />
          )}
        </Card>
      </div>

      <div ref={recipientsRef} className="scroll-mt-4">
        <Card
          title="Recipients"
          description="Every recipient with the time of each stage; the export has the same filters."
        >
          <RecipientTable
            campaignId={campaignId}
            filter={filter}
            onFilterChange={setFilter}
            reasons={failures.data?.byError ?? []}
            live={live}
          />
        </Card>
      </div>
    </div>
  );
}

function Freshness({ live, updatedAt, fetching }: { live: boolean; updatedAt: number; fetching: boolean }) {
  const time = formatTime(updatedAt, { seconds: true });
  return (
    <span className="flex items-center gap-1.5 text-xs text-slate-500" aria-live="off">
      <span
        aria-hidden
        className={`inline-block h-2 w-2 rounded-full ${live ? "bg-emerald-500" : "bg-slate-300"} ${live && fetching ? "animate-pulse" : ""}`}
      />
      {live ? "Live" : "Updated"} · {time}
    </span>
  );
}
