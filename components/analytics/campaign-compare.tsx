"use client";

import { useQuery } from "@tanstack/react-query";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_GRID, TOOLTIP_STYLE, X_AXIS, Y_AXIS } from "./chart-style";
import type { CompareSideDto } from "@/lib/analytics/compare-campaigns";
import type { FunnelDto } from "@/lib/analytics/funnel";
import { compareOptions } from "@/lib/analytics/queries";
import type { Granularity } from "@/lib/analytics/schemas";
import { formatCount, formatRate } from "./format";
import { ErrorNote, Skeleton } from "@/components/ui/card";

const ROWS: {
  label: string;
  value: (f: FunnelDto) => number;
  rate: (f: FunnelDto) => number | null;
  of: string;
}[] = [
  { label: "Sent", value: (f) => f.sent, rate: (f) => f.rates.sent, of: "of attempted" },
  { label: "Delivered", value: (f) => f.delivered, rate: (f) => f.rates.delivered, of: "of sent" },
  { label: "Read", value: (f) => f.read, rate: (f) => f.rates.read, of: "of delivered" },
  { label: "Replied", value: (f) => f.replied, rate: (f) => f.rates.replied, of: "of delivered" },
  { label: "Clicked", value: (f) => f.clicked, rate: (f) => f.rates.clicked, of: "of delivered" },
  { label: "Failed", value: (f) => f.failed, rate: (f) => f.rates.failed, of: "of attempted" },
];
const UNIT: Record<Granularity, string> = { minute: "min", hour: "h", day: "d" };
const COLORS = ["var(--color-emerald-600)", "var(--color-indigo-500)"] as const;

/** Two campaigns side by side: their funnels with the difference in each rate, and how fast each was read. */
export function CampaignCompare({ a, b, tz }: { a: string; b: string; tz: string }) {
  const compare = useQuery(compareOptions(a, b, tz));
  if (compare.isPending) return <Skeleton className="h-64" />;
  if (compare.isError) return <ErrorNote what="the comparison" error={compare.error} />;
  const { granularity, campaigns } = compare.data;
  const [left, right] = campaigns;
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2" data-testid="campaign-compare">
      <table className="w-full border-separate border-spacing-0 text-sm">
        <thead>
          <tr className="text-left text-xs tracking-wide text-slate-500 uppercase">
            <th className="border-b border-slate-200 px-3 py-2 font-medium">Stage</th>
            {[left, right].map((side, i) => (
              <th key={side.campaign.id} className="border-b border-slate-200 px-3 py-2 font-medium">
                <span
                  className="mr-1.5 inline-block h-2 w-2 rounded-full"
                  style={{ background: COLORS[i] }}
                  aria-hidden
                />
                <span className="text-slate-800 normal-case">{side.campaign.name}</span>
              </th>
            ))}
            <th className="border-b border-slate-200 px-3 py-2 text-right font-medium">Difference</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td className="border-b border-slate-100 px-3 py-2 text-slate-600">Recipients</td>
            <td className="border-b border-slate-100 px-3 py-2 tabular-nums">
              {formatCount(left.funnel.total)}
            </td>
            <td className="border-b border-slate-100 px-3 py-2 tabular-nums">
              {formatCount(right.funnel.total)}
            </td>
            <td className="border-b border-slate-100 px-3 py-2" />
          </tr>
          {ROWS.map((row) => {
            const ra = row.rate(left.funnel);
            const rb = row.rate(right.funnel);
            const diff = ra !== null && rb !== null ? (rb - ra) * 100 : null;
            const better = row.label === "Failed" ? (diff ?? 0) < 0 : (diff ?? 0) > 0;
            return (
              <tr key={row.label}>
                <td className="border-b border-slate-100 px-3 py-2 text-slate-600">
                  {row.label} <span className="text-xs text-slate-500">{row.of}</span>
                </td>
                {[left, right].map((side) => (
                  <td key={side.campaign.id} className="border-b border-slate-100 px-3 py-2 tabular-nums">
                    <span className="font-medium text-slate-900">{formatRate(row.rate(side.funnel))}</span>{" "}
                    <span className="text-xs text-slate-500">({formatCount(row.value(side.funnel))})</span>
                  </td>
                ))}
                <td
                  className={`border-b border-slate-100 px-3 py-2 text-right tabular-nums ${diff === null || Math.abs(diff) < 0.05 ? "text-slate-500" : better ? "text-emerald-700" : "text-red-700"}`}
                >
                  {diff === null ? "–" : `${diff > 0 ? "+" : ""}${diff.toFixed(1)} pts`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ReadCurve sides={[left, right]} granularity={granularity} />
    </div>
  );
}

/** Share of each campaign's recipients that had read it, by time since its first message. */
function ReadCurve({
  sides,
  granularity,
}: {
  sides: [CompareSideDto, CompareSideDto];
  granularity: Granularity;
}) {
  const running = [0, 0];
  const length = sides[0].series.length;
  const data = Array.from({ length }, (_, i) => {
    const point: Record<string, number> = { offset: i };
    sides.forEach((side, s) => {
      running[s]! += side.series[i]?.read ?? 0;
      point[`s${s}`] = side.funnel.total > 0 ? (running[s]! / side.funnel.total) * 100 : 0;
    });
    return point;
  });
  return (
    <div>
      <p className="mb-2 text-xs text-slate-500">
        Read, as a share of recipients, since each campaign&apos;s first message
      </p>
      <div className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid {...CHART_GRID} />
            <XAxis
              dataKey="offset"
              tickFormatter={(o: number) => `+${o}${UNIT[granularity]}`}
              {...X_AXIS}
              minTickGap={20}
            />
            <YAxis domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} {...Y_AXIS} />
            <Tooltip
              labelFormatter={(o) => `+${String(o)} ${UNIT[granularity]}`}
              formatter={(v, name) => [`${Number(v).toFixed(1)}%`, String(name)]}
              contentStyle={TOOLTIP_STYLE}
            />
            <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
            {sides.map((side, s) => (
              <Line
                key={side.campaign.id}
                dataKey={`s${s}`}
                name={side.campaign.name}
                stroke={COLORS[s]}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                type="linear"
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
