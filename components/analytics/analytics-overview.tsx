"use client";

import { Checkbox } from "@/components/ui/input";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { OverviewDto } from "@/lib/analytics/get-analytics-overview";
import { overviewOptions } from "@/lib/analytics/queries";
import { CampaignCompare } from "./campaign-compare";
import { DateRangePicker, presetRange } from "./date-range-picker";
import { CountryTable, FailureReasonTable, LanguageTable } from "./failure-tables";
import { formatCount, formatRate, formatStageTime, viewerTimeZone } from "./format";
import { MiniFunnel } from "./funnel-view";
import { SeriesChart } from "./series-chart";
import { Card, ErrorNote, Skeleton } from "@/components/ui/card";
import { Empty } from "./ui";

const STATUS_LABELS: Record<string, string> = {
  DRAFT: "Draft",
  SCHEDULED: "Scheduled",
  RUNNING: "Running",
  PAUSED: "Paused",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
};

/** Every campaign's funnel side by side and the totals of a date range; tick two campaigns to compare them. */
export function AnalyticsOverview() {
  const [tz] = useState(viewerTimeZone);
  const [range, setRange] = useState(() => presetRange(30, tz));
  const [selected, setSelected] = useState<string[]>([]);
  const overview = useQuery({
    ...overviewOptions({ ...range, tz }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s.slice(-1), id]));

  return (
    <main className="flex h-full min-h-0 flex-col">
      <header className="flex flex-wrap items-end gap-3 border-b border-slate-200 bg-white px-4 py-4 md:px-6">
        <div className="min-w-48 flex-1">
          <h1 className="text-xl font-semibold text-slate-900">Analytics</h1>
          <p className="text-sm text-slate-500">How campaigns did, and why some messages failed.</p>
        </div>
        <DateRangePicker range={range} tz={tz} onChange={setRange} />
      </header>

      <div className="min-h-0 flex-1 space-y-4 overflow-y-auto p-4 md:p-6">
        {overview.isPending ? (
          <>
            <Skeleton className="h-24" />
            <Skeleton className="h-72" />
          </>
        ) : overview.isError ? (
          <ErrorNote what="analytics" error={overview.error} />
        ) : (
          <OverviewBody
            data={overview.data}
            tz={tz}
            selected={selected}
            onToggle={toggle}
            fetching={overview.isPlaceholderData}
          />
        )}
      </div>
    </main>
  );
}

function OverviewBody({
  data,
  tz,
  selected,
  onToggle,
  fetching,
}: {
  data: OverviewDto;
  tz: string;
  selected: string[];
  onToggle: (id: string) => void;
  fetching: boolean;
}) {
  const t = data.totals;
  const tiles = [
    { label: "Sent", value: t.sent, note: "reached WhatsApp" },
    {
      label: "Delivered",
      value: t.delivered,
      note: `${formatRate(t.sent ? t.delivered / t.sent : null)} of sent`,
    },
    {
      label: "Read",
      value: t.read,
      note: `${formatRate(t.delivered ? t.read / t.delivered : null)} of delivered`,
    },
    { label: "Replied", value: t.replied, note: "within 24 h of delivery" },
    {
      label: "Failed",
      value: t.failed,
      note: `${formatRate(t.sent + t.failed ? t.failed / (t.sent + t.failed) : null)} of attempts`,
    },
  ];
  const [a, b] = selected;
  return (
    <div className={`space-y-4 ${fetching ? "opacity-70" : ""}`}>
      <section aria-label="Totals in range" className="grid grid-cols-2 gap-3 md:grid-cols-5">
        {tiles.map((tile) => (
          <div key={tile.label} className="rounded-xl border border-slate-200 bg-white px-4 py-3">
            <p className="text-xs font-medium text-slate-500">{tile.label}</p>
            <p
              className="text-2xl font-semibold text-slate-900 tabular-nums"
              data-testid={`total-${tile.label.toLowerCase()}`}
            >
              {formatCount(tile.value)}
            </p>
            <p className="text-xs text-slate-500">{tile.note}</p>
          </div>
        ))}
      </section>

      <Card
        title="Activity"
        description={`Messages reaching each stage per ${data.granularity}, ${data.range.from} to ${data.range.to} (${tz})`}
      >
        {t.sent + t.failed === 0 ? (
          <Empty>No messages were sent in this range. Pick a longer range, or send a campaign.</Empty>
        ) : (
          <SeriesChart points={data.series} granularity={data.granularity} tz={tz} height={220} />
        )}
      </Card>

      <Card
        title="Campaigns"
        description={
          data.campaignsTotal > data.campaigns.length
            ? `The ${data.campaigns.length} most recent of ${data.campaignsTotal} campaigns active in this range. Tick two to compare them.`
            : "Campaigns created or active in this range, with their whole funnel. Tick two to compare them."
        }
      >
        {data.campaigns.length === 0 ? (
          <Empty>
            No campaigns in this range. Campaigns appear here once they are created or send messages.
          </Empty>
        ) : (
          <div
            role="region"
            aria-label="Campaigns"
            tabIndex={0}
            className="overflow-x-auto focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:outline-none"
          >
            <table className="w-full border-separate border-spacing-0 text-sm">
              <thead className="text-left text-xs tracking-wide text-slate-500 uppercase">
                <tr>
                  <th className="border-b border-slate-200 px-3 py-2 font-medium">
                    <span className="sr-only">Compare</span>
                  </th>
                  {[
                    "Campaign",
                    "Status",
                    "Started",
                    "Recipients",
                    "Funnel",
                    "Delivered",
                    "Read",
                    "Replied",
                    "Failed",
                  ].map((h) => (
                    <th
                      key={h}
                      className={`border-b border-slate-200 px-3 py-2 font-medium ${h === "Campaign" || h === "Status" || h === "Started" || h === "Funnel" ? "" : "text-right"}`}
                    >
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.campaigns.map(({ campaign, funnel }) => (
                  <tr key={campaign.id} data-testid="overview-campaign">
                    <td className="border-b border-slate-100 px-3 py-2">
                      <Checkbox
                        checked={selected.includes(campaign.id)}
                        onChange={() => onToggle(campaign.id)}
                        label={<span className="sr-only">Compare {campaign.name}</span>}
                      />
                    </td>
                    <td className="border-b border-slate-100 px-3 py-2">
                      <Link
                        href={`/analytics/campaigns/${campaign.id}`}
                        className="font-medium text-slate-900 hover:text-emerald-700 hover:underline"
                      >
                        {campaign.name}
                      </Link>
                      <p className="text-xs text-slate-500">
                        {campaign.templateName ?? "No template"} · {campaign.templateLanguage ?? "–"}
                      </p>
                    </td>
                    <td className="border-b border-slate-100 px-3 py-2 text-slate-600">
                      {STATUS_LABELS[campaign.status] ?? campaign.status}
                    </td>
                    <td className="border-b border-slate-100 px-3 py-2 whitespace-nowrap text-slate-600">
                      {campaign.startedAt ? formatStageTime(campaign.startedAt) : "–"}
                    </td>
                    <td className="border-b border-slate-100 px-3 py-2 text-right tabular-nums">
                      {formatCount(funnel.total)}
                    </td>
                    <td className="border-b border-slate-100 px-3 py-2">
                      <MiniFunnel funnel={funnel} />
                    </td>
                    <td className="border-b border-slate-100 px-3 py-2 text-right tabular-nums">
                      {formatRate(funnel.rates.delivered)}
                    </td>
                    <td className="border-b border-slate-100 px-3 py-2 text-right tabular-nums">
                      {formatRate(funnel.rates.read)}
                    </td>
                    <td className="border-b border-slate-100 px-3 py-2 text-right tabular-nums">
                      {formatRate(funnel.rates.replied)}
                    </td>
                    <td
                      className={`border-b border-slate-100 px-3 py-2 text-right tabular-nums ${funnel.failed > 0 ? "text-red-700" : ""}`}
                    >
                      {formatRate(funnel.rates.failed)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card
        title="Compare"
        description={
          a && b
            ? undefined
            : "Tick two campaigns in the list above to see their funnels and read speed side by side."
        }
      >
        {a && b ? (
          <CampaignCompare a={a} b={b} tz={tz} />
        ) : (
          <Empty>{selected.length === 1 ? "One more campaign to go." : "No campaigns picked yet."}</Empty>
        )}
      </Card>

      <div className="grid grid-cols-1 gap-4 xl:grid-cols-3">
        <Card
          title="Failures by reason"
          description="Across the campaigns listed above"
          className="xl:col-span-3"
        >
          <FailureReasonTable rows={data.failures.byError} />
        </Card>
        <Card title="By template language" className="xl:col-span-1">
          <LanguageTable rows={data.failures.byLanguage} />
        </Card>
        <Card title="By country" className="xl:col-span-2">
          <CountryTable rows={data.failures.byCountry} />
        </Card>
      </div>
    </div>
  );
}
