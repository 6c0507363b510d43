"use client";

import { Select } from "@/components/ui/input";
import { ScrollRegion } from "@/components/ui/table";
import { buttonClasses } from "@/components/ui/button";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_GRID, TOOLTIP_STYLE, X_AXIS, Y_AXIS } from "@/components/analytics/chart-style";
import { DateRangePicker, presetRange, type DayRange } from "@/components/analytics/date-range-picker";
import { formatCount, formatRate, viewerTimeZone } from "@/components/analytics/format";
import { formatDuration } from "@/lib/format/date-time";
import { Card, ErrorNote, Skeleton } from "@/components/ui/card";
import { Empty } from "@/components/analytics/ui";
import type { SupportReportDto } from "@/lib/reports/get-support-report";
import { supportReportOptions, supportReportParams } from "@/lib/reports/queries";
import { SlaTargetsForm } from "./sla-targets-form";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const duration = (seconds: number | null) => (seconds === null ? "–" : formatDuration(seconds));

/** Support performance over a date range: first response, resolution, agents, busy hours and targets. */
export function SupportReport() {
  const [tz] = useState(viewerTimeZone);
  const [range, setRange] = useState<DayRange>(() => presetRange(30, tz));
  const [agentId, setAgentId] = useState("");
  const query = { ...range, tz, agentId: agentId || undefined };
  const report = useQuery({ ...supportReportOptions(query), placeholderData: keepPreviousData });

  return (
    <main className="flex h-full min-h-0 flex-col">
      <header className="flex flex-wrap items-end gap-3 border-b border-slate-200 bg-white px-4 py-4 sm:px-6">
        <div className="min-w-48 flex-1">
          <h1 className="text-xl font-semibold text-slate-900">Support reports</h1>
          <p className="text-sm text-slate-500">How fast customers get an answer, and who answers them.</p>
        </div>
        <DateRangePicker range={range} tz={tz} onChange={setRange} />
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Agent
          <Select
            compact
            value={agentId}
            onChange={(e) => setAgentId(e.target.value)}
            className="font-normal"
          >
            <option value="">Everyone</option>
            {(report.data?.agents ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.active ? "" : " (deactivated)"}
              </option>
            ))}
            {agentId && !report.data?.agents.some((a) => a.id === agentId) ? (
              <option value={agentId}>Selected agent</option>
            ) : null}
          </Select>
        </label>
        <a
          className={buttonClasses({ size: "sm" })}
          href={`/api/reports/support/export?${supportReportParams(query)}`}
          download
        >
          Export CSV
        </a>
      </header>

      <div className="min-h-0 flex-1 space-y-4 overflow-y-auto p-4 sm:p-6">
        {report.isPending ? (
          <>
            <Skeleton className="h-24" />
            <Skeleton className="h-72" />
          </>
        ) : report.isError ? (
          <ErrorNote what="the support report" error={report.error} />
        ) : (
          <ReportBody data={report.data} fetching={report.isPlaceholderData} />
        )}
      </div>
    </main>
  );
}

function ReportBody({ data, fetching }: { data: SupportReportDto; fetching: boolean }) {
  const s = data.summary;
  const tiles = [
    {
      id: "opened",
      label: "Conversations",
      value: formatCount(s.opened),
      note: `${formatCount(s.awaitingResponse)} still waiting for a first reply`,
    },
    {
      id: "first-response",
      label: "First response (median)",
      value: duration(s.firstResponse.medianSeconds),
      note:
        s.firstResponse.p90Seconds === null
          ? "no replies yet"
          : `90% within ${duration(s.firstResponse.p90Seconds)}`,
    },
    {
      id: "resolution",
      label: "Resolution (median)",
      value: duration(s.resolution.medianSeconds),
      note: `${formatCount(s.resolved)} resolved in range`,
    },
    {
      id: "replies",
      label: "Agent replies",
      value: formatCount(s.replies),
      note: "messages written by agents",
    },
    {
      id: "csat",
      label: "CSAT (average)",
      value: s.csat.averageScore === null ? "–" : `${s.csat.averageScore.toFixed(2)} / 5`,
      note:
        s.csat.requested === 0
          ? "no surveys sent in range"
          : `${formatCount(s.csat.answered)} of ${formatCount(s.csat.requested)} answered (${formatRate(s.csat.responseRate)})`,
    },
  ];
  const breaches = [
    {
      label: "First response",
      breached: s.sla.firstResponseBreached,
      target: data.targets.firstResponseMinutes === null ? null : `${data.targets.firstResponseMinutes} min`,
    },
    {
      label: "Resolution",
      breached: s.sla.resolutionBreached,
      target: data.targets.resolutionHours === null ? null : `${data.targets.resolutionHours} h`,
    },
  ];
  const empty = s.opened === 0 && s.resolved === 0 && s.replies === 0;

  return (
    <div className={`space-y-4 ${fetching ? "opacity-70" : ""}`}>
      <section aria-label="Totals in range" className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        {tiles.map((tile) => (
          <div key={tile.id} className="min-w-0 rounded-xl border border-slate-200 bg-white px-4 py-3">
            <p className="text-xs font-medium text-slate-500">{tile.label}</p>
            <p
              className="truncate text-2xl font-semibold text-slate-900 tabular-nums"
              data-testid={`support-${tile.id}`}
            >
              {tile.value}
            </p>
            <p className="text-xs text-slate-500">{tile.note}</p>
          </div>
        ))}
      </section>

      {empty ? (
        <Empty>
          No conversations in this range yet. Figures appear as customers write in and agents reply: a
          conversation counts from the customer&apos;s message, its first response is the first message an
          agent writes, and it ends when it is resolved.
        </Empty>
      ) : null}

      <div className="grid gap-4 xl:grid-cols-2">
        <Card
          title="Targets (SLA)"
          description={`Conversations opened in the range that missed a target (${data.targets.businessHours ? "business hours" : "wall-clock time"} from the customer's message).`}
        >
          <ul className="mb-4 grid gap-2 sm:grid-cols-2">
            {breaches.map((b) => (
              <li key={b.label} className="rounded-lg bg-slate-50 px-3 py-2">
                <p className="text-xs font-medium text-slate-500">{b.label}</p>
                {b.breached === null ? (
                  <p className="text-sm text-slate-600">No target set</p>
                ) : (
                  <p
                    className="text-sm text-slate-800"
                    data-testid={`sla-${b.label.toLowerCase().replace(" ", "-")}`}
                  >
                    <span
                      className={`text-lg font-semibold tabular-nums ${b.breached > 0 ? "text-red-700" : "text-emerald-700"}`}
                    >
                      {formatCount(b.breached)}
                    </span>{" "}
                    missed the {b.target} target ({formatRate(s.opened ? b.breached / s.opened : null)})
                  </p>
                )}
              </li>
            ))}
          </ul>
          <SlaTargetsForm targets={data.targets} />
        </Card>

        <Card title="Time to first response" description="Answered conversations opened in the range.">
          {s.responded === 0 ? (
            <Empty>No conversation in this range has an agent reply yet.</Empty>
          ) : (
            <div style={{ height: 220 }} className="w-full" data-testid="first-response-chart">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={data.firstResponseBuckets} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
                  <CartesianGrid {...CHART_GRID} />
                  <XAxis dataKey="label" {...X_AXIS} interval={0} />
                  <YAxis {...Y_AXIS} allowDecimals={false} />
                  <Tooltip
                    formatter={(value) => [formatCount(Number(value)), "Conversations"]}
                    contentStyle={TOOLTIP_STYLE}
                  />
                  <Bar
                    dataKey="count"
                    name="Conversations"
                    fill="var(--color-emerald-500)"
                    isAnimationActive={false}
                  />
                </BarChart>
              </ResponsiveContainer>
            </div>
          )}
        </Card>
      </div>

      <Card
        title="Opened and resolved per day"
        description={`${data.range.from} to ${data.range.to} (${data.range.tz})`}
      >
        <div style={{ height: 220 }} className="w-full" data-testid="daily-chart">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data.daily} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid {...CHART_GRID} />
              <XAxis dataKey="day" {...X_AXIS} minTickGap={24} tickFormatter={(d: string) => d.slice(5)} />
              <YAxis {...Y_AXIS} allowDecimals={false} />
              <Tooltip contentStyle={TOOLTIP_STYLE} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="opened" name="Opened" fill="var(--color-sky-500)" isAnimationActive={false} />
              <Bar
                dataKey="resolved"
                name="Resolved"
                fill="var(--color-emerald-500)"
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </Card>

      <Card
        title="When customers write"
        description={`Conversations opened by weekday and hour (${data.range.tz}).`}
      >
        <Heatmap cells={data.heatmap} />
      </Card>

      <Card
        title="Customer satisfaction (CSAT)"
        description="Answers to the 1–5 survey sent when a conversation is resolved (surveys sent in the range)."
      >
        <CsatDistribution data={data} />
      </Card>

      <Card
        title="Agents"
        description="Replies written in the range; first responses and resolutions of conversations they handled."
      >
        {data.agents.length === 0 ? (
          <Empty>No agents yet. Invite your team from the Team page.</Empty>
        ) : (
          <ScrollRegion label="Agents table">
            <table className="w-full border-separate border-spacing-0 text-sm" data-testid="agent-table">
              <thead className="text-left text-xs tracking-wide text-slate-500 uppercase">
                <tr>
                  {[
                    "Agent",
                    "Replies",
                    "First responses",
                    "First response (median)",
                    "Resolved",
                    "Resolution (median)",
                    "CSAT",
                    "CSAT answered",
                  ].map((h, i) => (
                    <th
                      key={h}
                      scope="col"
                      className={`border-b border-slate-200 px-3 py-2 font-medium whitespace-nowrap ${i === 0 ? "" : "text-right"}`}
                    >
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.agents.map((a) => (
                  <tr key={a.id} data-testid="agent-row">
                    <th
                      scope="row"
                      className="border-b border-slate-100 px-3 py-2 text-left font-medium whitespace-nowrap text-slate-800"
                    >
                      {a.name}
                      {a.active ? null : (
                        <span className="ml-1 text-xs font-normal text-slate-500">(deactivated)</span>
                      )}
                    </th>
                    <NumberCell>{formatCount(a.replies)}</NumberCell>
                    <NumberCell>{formatCount(a.firstResponses)}</NumberCell>
                    <NumberCell>{duration(a.firstResponseMedianSeconds)}</NumberCell>
                    <NumberCell>{formatCount(a.resolved)}</NumberCell>
                    <NumberCell>{duration(a.resolutionMedianSeconds)}</NumberCell>
                    <NumberCell testId="agent-csat">
                      {a.csat.averageScore === null ? "–" : a.csat.averageScore.toFixed(2)}
                    </NumberCell>
                    <NumberCell>
                      {a.csat.requested === 0
                        ? "–"
                        : `${formatCount(a.csat.answered)}/${formatCount(a.csat.requested)}`}
                    </NumberCell>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </Card>
    </div>
  );
}

/** Answers per score as horizontal bars (a list, so screen readers read the numbers). */
function CsatDistribution({ data }: { data: SupportReportDto }) {
  const c = data.summary.csat;
  if (c.answered === 0) {
    return (
      <Empty>
        {c.requested === 0
          ? "No surveys were sent in this range. Turn on CSAT under Automation."
          : "No customer has answered a survey sent in this range yet."}
      </Empty>
    );
  }
  const max = Math.max(1, ...data.csatDistribution.map((d) => d.count));
  return (
    <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
      <div className="rounded-lg bg-slate-50 px-3 py-2">
        <p className="text-xs font-medium text-slate-500">Average</p>
        <p className="text-2xl font-semibold text-slate-900 tabular-nums" data-testid="csat-average">
          {c.averageScore?.toFixed(2)} <span className="text-sm font-normal text-slate-500">/ 5</span>
        </p>
        <p className="text-xs text-slate-500" data-testid="csat-response-rate">
          Response rate {formatRate(c.responseRate)} ({formatCount(c.answered)} of {formatCount(c.requested)})
        </p>
      </div>
      <ol className="space-y-1" aria-label="Answers per score" data-testid="csat-distribution">
        {[...data.csatDistribution].reverse().map((d) => (
          <li key={d.score} className="flex items-center gap-2 text-sm">
            <span className="w-10 shrink-0 text-slate-600 tabular-nums">{d.score} ★</span>
            <span className="h-4 min-w-0 flex-1 rounded bg-slate-100">
              <span
                className="block h-4 rounded bg-amber-400"
                style={{ width: `${(100 * d.count) / max}%` }}
              />
            </span>
            <span className="w-14 shrink-0 text-right text-slate-700 tabular-nums">
              {formatCount(d.count)}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** 7 × 24 cells shaded by count; a real table underneath for screen readers and keyboard users. */
function Heatmap({ cells }: { cells: SupportReportDto["heatmap"] }) {
  const counts = new Map(cells.map((c) => [`${c.weekday}:${c.hour}`, c.count]));
  const max = Math.max(0, ...cells.map((c) => c.count));
  if (max === 0) return <Empty>No conversations opened in this range.</Empty>;
  return (
    <ScrollRegion label="Conversations by weekday and hour">
      <table className="border-separate border-spacing-0.5 text-[10px] text-slate-500" data-testid="heatmap">
        <caption className="sr-only">
          Conversations opened per weekday (rows) and hour of the day (columns)
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Weekday</span>
            </th>
            {Array.from({ length: 24 }, (_, h) => (
              <th key={h} scope="col" className="w-6 font-normal">
                {h % 3 === 0 ? String(h).padStart(2, "0") : <span className="sr-only">{h}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((day, i) => (
            <tr key={day}>
              <th scope="row" className="pr-1 text-left font-medium">
                {day}
              </th>
              {Array.from({ length: 24 }, (_, h) => {
                const n = counts.get(`${i + 1}:${h}`) ?? 0;
                return (
                  <td
                    key={h}
                    title={`${day} ${String(h).padStart(2, "0")}:00 – ${formatCount(n)} conversations`}
                    className="h-5 w-6 rounded-sm bg-emerald-600"
                    style={{ opacity: n === 0 ? 0.06 : 0.2 + 0.8 * (n / max) }}
                  >
                    <span className="sr-only">{n}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** A number in the agents table: right-aligned, tabular figures. */
function NumberCell({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <td className="border-b border-slate-100 px-3 py-2 text-right tabular-nums" data-testid={testId}>
      {children}
    </td>
  );
}
