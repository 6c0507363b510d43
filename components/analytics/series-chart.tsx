"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Granularity } from "@/lib/analytics/schemas";
import { formatBucket, formatCompact, formatCount, formatTick } from "./format";

export type SeriesKey = "sent" | "delivered" | "read" | "failed" | "replied";

export const SERIES: { key: SeriesKey; label: string; color: string }[] = [
  { key: "sent", label: "Sent", color: "#0ea5e9" },
  { key: "delivered", label: "Delivered", color: "#10b981" },
  { key: "read", label: "Read", color: "#047857" },
  { key: "replied", label: "Replied", color: "#8b5cf6" },
  { key: "failed", label: "Failed", color: "#ef4444" },
];

type Point = { t: string } & Record<SeriesKey, number>;

/** Stage counts per bucket (minute, hour or day) in the viewer's time zone. */
export function SeriesChart({ points, granularity, tz, height = 260 }: { points: Point[]; granularity: Granularity; tz: string; height?: number }) {
  return (
    <div style={{ height }} className="w-full" data-testid="series-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#f1f5f9" vertical={false} />
          <XAxis
            dataKey="t"
            tickFormatter={(t: string) => formatTick(t, granularity, tz)}
            tick={{ fontSize: 11, fill: "#64748b" }}
            tickLine={false}
            axisLine={{ stroke: "#e2e8f0" }}
            minTickGap={24}
          />
          <YAxis
            tickFormatter={(v: number) => formatCompact(v)}
            tick={{ fontSize: 11, fill: "#64748b" }}
            tickLine={false}
            axisLine={false}
            width={44}
            allowDecimals={false}
          />
          <Tooltip
            labelFormatter={(t) => formatBucket(String(t), granularity, tz)}
            formatter={(value, name) => [formatCount(Number(value)), String(name)]}
            contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: "#e2e8f0" }}
          />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} itemSorter={(item) => SERIES.findIndex((s) => s.key === item.dataKey)} />
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
