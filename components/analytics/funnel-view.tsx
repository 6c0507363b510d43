"use client";

import type { FunnelDto } from "@/lib/analytics/funnel";
import { formatCount, formatRate } from "./format";

type Stage = {
  key: "sent" | "delivered" | "read" | "replied" | "clicked";
  label: string;
  bar: string;
  rate: (f: FunnelDto) => number | null;
  of: string;
};

const STAGES: Stage[] = [
  { key: "sent", label: "Sent", bar: "bg-sky-500", rate: (f) => f.rates.sent, of: "of attempted" },
  {
    key: "delivered",
    label: "Delivered",
    bar: "bg-emerald-500",
    rate: (f) => f.rates.delivered,
    of: "of sent",
  },
  { key: "read", label: "Read", bar: "bg-emerald-700", rate: (f) => f.rates.read, of: "of delivered" },
  {
    key: "replied",
    label: "Replied",
    bar: "bg-violet-500",
    rate: (f) => f.rates.replied,
    of: "of delivered, within 24 h",
  },
  {
    key: "clicked",
    label: "Clicked",
    bar: "bg-amber-500",
    rate: (f) => f.rates.clicked,
    of: "of delivered, from Connectly's report",
  },
];

/** sent → delivered → read → replied → clicked as bars against all recipients, plus what fell out of the funnel. */
export function FunnelView({ funnel }: { funnel: FunnelDto }) {
  const base = Math.max(1, funnel.total);
  const side = [
    {
      key: "failed",
      label: "Failed",
      value: funnel.failed,
      note: `${formatRate(funnel.rates.failed)} of attempted`,
      tone: "text-red-700",
    },
    {
      key: "skipped",
      label: "Skipped",
      value: funnel.skipped,
      note: "opted out or cancelled",
      tone: "text-slate-800",
    },
    { key: "pending", label: "Pending", value: funnel.pending, note: "not sent yet", tone: "text-slate-800" },
    {
      key: "unknown",
      label: "Outcome unknown",
      value: funnel.unknown,
      note: "send interrupted",
      tone: "text-amber-700",
    },
  ];
  return (
    <div className="grid grid-cols-1 gap-5 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <ol className="space-y-3" aria-label="Funnel">
        {STAGES.map((stage) => {
          const value = funnel[stage.key];
          return (
            <li key={stage.key}>
              <div className="flex items-baseline gap-2 text-sm">
                <span className="w-20 font-medium text-slate-700">{stage.label}</span>
                <span
                  className="text-lg font-semibold text-slate-900 tabular-nums"
                  data-testid={`funnel-${stage.key}`}
                >
                  {formatCount(value)}
                </span>
                <span className="text-xs text-slate-500">
                  <span className="font-medium text-slate-700" data-testid={`funnel-${stage.key}-rate`}>
                    {formatRate(stage.rate(funnel))}
                  </span>{" "}
                  {stage.of}
                </span>
              </div>
              <div className="mt-1 h-3 overflow-hidden rounded-full bg-slate-100" aria-hidden>
                <div
                  className={`h-full rounded-full ${stage.bar} transition-[width] duration-500`}
                  style={{ width: `${(value / base) * 100}%` }}
                />
              </div>
            </li>
          );
        })}
      </ol>
      <dl className="grid grid-cols-2 gap-2 self-start">
        <div className="col-span-2 rounded-lg bg-slate-50 px-3 py-2">
          <dt className="text-xs text-slate-500">Recipients</dt>
          <dd className="text-lg font-semibold text-slate-900 tabular-nums" data-testid="funnel-total">
            {formatCount(funnel.total)}
          </dd>
        </div>
        {side.map((s) => (
          <div key={s.key} className="rounded-lg border border-slate-100 px-3 py-2">
            <dt className="text-xs text-slate-500">{s.label}</dt>
            <dd
              className={`text-base font-semibold tabular-nums ${s.value > 0 ? s.tone : "text-slate-500"}`}
              data-testid={`funnel-${s.key}`}
            >
              {formatCount(s.value)}
            </dd>
            <dd className="text-[11px] leading-tight text-slate-500">{s.note}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** One line of mini bars for tables (overview): delivered, read, replied, failed as shares of recipients. */
export function MiniFunnel({ funnel }: { funnel: FunnelDto }) {
  const base = Math.max(1, funnel.total);
  const parts = [
    { label: "Sent", value: funnel.sent, color: "bg-sky-500" },
    { label: "Delivered", value: funnel.delivered, color: "bg-emerald-500" },
    { label: "Read", value: funnel.read, color: "bg-emerald-700" },
    { label: "Replied", value: funnel.replied, color: "bg-violet-500" },
    { label: "Clicked", value: funnel.clicked, color: "bg-amber-500" },
    { label: "Failed", value: funnel.failed, color: "bg-red-500" },
  ];
  return (
    <div
      className="flex items-end gap-1"
      role="img"
      aria-label={parts.map((p) => `${p.label} ${formatCount(p.value)}`).join(", ")}
    >
      {parts.map((p) => (
        <div
          key={p.label}
          className="flex h-8 w-3 items-end rounded-sm bg-slate-100"
          title={`${p.label}: ${formatCount(p.value)} (${formatRate(p.value / base)})`}
        >
          <div
            className={`w-full rounded-sm ${p.color}`}
            style={{ height: `${Math.max(p.value > 0 ? 6 : 0, (p.value / base) * 100)}%` }}
          />
        </div>
      ))}
    </div>
  );
}
