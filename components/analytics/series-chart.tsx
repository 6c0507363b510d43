"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_GRID, TOOLTIP_STYLE, X_AXIS, Y_AXIS } from "./chart-style";
import type { Granularity } from "@/lib/analytics/schemas";
import { formatBucket, formatCompact, formatCount, formatTick } from "./format";

type SeriesKey = "sent" | "delivered" | "read" | "failed" | "replied";

const SERIES: { key: SeriesKey; label: string; color: string }[] = [
  { key: "sent", label: "Sent", color: "var(--color-sky-500)" },
  { key: "delivered", label: "Delivered", color: "var(--color-emerald-500)" },
  { key: "read", label: "Read", color: "var(--color-emerald-700)" },
  { key: "replied", label: "Replied", color: "var(--color-violet-500)" },
  { key: "failed", label: "Failed", color: "var(--color-red-500)" },
];

type Point = { t: string } & Record<SeriesKey, number>;

/** Stage counts per bucket (minute, hour or day) in the viewer's time zone. */
export function SeriesChart({
  points,
  granularity,
  tz,
  height = 260,
}: {
  points: Point[];
  granularity: Granularity;
  tz: string;
  height?: number;
}) {
  return (
    <div style={{ height }} className="w-full" data-testid="series-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid {...CHART_GRID} />
          <XAxis
            dataKey="t"
            tickFormatter={(t: string) => formatTick(t, granularity, tz)}
            {...X_AXIS}
            minTickGap={24}
          />
          <YAxis
            tickFormatter={(v: number) => formatCompact(v)}
            {...Y_AXIS}
            width={44}
            allowDecimals={false}
          />
          <Tooltip
            labelFormatter={(t) => formatBucket(String(t), granularity, tz)}
            formatter={(value, name) => [formatCount(Number(value)), String(name)]}
            contentStyle={TOOLTIP_STYLE}
          />
          <Legend
            iconType="plainline"
            wrapperStyle={{ fontSize: 12 }}
            itemSorter={(item) => SERIES.findIndex((s) => s.key === item.dataKey)}
          />
          {SERIES.map((s) => (
            <Line
              key={s.key}
              type="linear"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={2}
              dot={points.length <= 2}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
