"use client";

import { useQuery } from "@tanstack/react-query";
import { formatDateTime, formatRelative } from "@/lib/format/date-time";
import type { QualityLevel } from "@/lib/connectly/quality-signals";
import { senderQualityOptions } from "@/lib/settings/queries";

// Settings → each business number's quality score and messaging-limit tier, as Connectly last reported them
// (read every QUALITY_SIGNALS_INTERVAL_MS). A running campaign pauses itself when its number reads low.

const QUALITY_TONE: Record<QualityLevel, string> = {
  HIGH: "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200",
  MEDIUM: "bg-amber-50 text-amber-800 ring-1 ring-amber-200",
  LOW: "bg-red-50 text-red-800 ring-1 ring-red-200",
  UNKNOWN: "bg-slate-100 text-slate-700",
};
const QUALITY_LABEL: Record<QualityLevel, string> = {
  HIGH: "High",
  MEDIUM: "Medium",
  LOW: "Low",
  UNKNOWN: "Not rated",
};

export function SenderQualitySection() {
  const senders = useQuery(senderQualityOptions());
  return (
    <section
      className="rounded-xl border border-slate-200 bg-white shadow-sm"
      aria-labelledby="sender-quality-heading"
    >
      <div className="border-b border-slate-100 px-5 py-4">
        <h2 id="sender-quality-heading" className="text-sm font-semibold text-slate-900">
          Sender numbers
        </h2>
        <p className="mt-1 text-xs text-slate-500">
          Meta&apos;s quality rating and messaging limit of each business number, read from Connectly on a
          schedule (every minute by default). A running campaign pauses itself when its number&apos;s quality
          drops to low.
        </p>
      </div>
      {senders.isPending ? (
        <p className="px-5 py-5 text-sm text-slate-500" aria-busy="true">
          Loading…
        </p>
      ) : senders.isError ? (
        <p role="alert" className="m-5 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load the sender numbers: {senders.error.message}
        </p>
      ) : senders.data.length === 0 ? (
        <p className="px-5 py-5 text-sm text-slate-600">No quality signals read from Connectly yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {senders.data.map((s) => (
            <li
              key={s.phoneNumber}
              className="flex flex-wrap items-center justify-between gap-2 px-5 py-3"
              data-testid="sender-quality"
            >
              <div className="min-w-0">
                <p className="font-mono text-sm text-slate-900">{s.phoneNumber}</p>
                <p className="text-xs text-slate-500">
                  Limit: {s.tierLabel} · read{" "}
                  <time dateTime={s.readAt} title={formatDateTime(s.readAt)}>
                    {formatRelative(s.readAt)}
                  </time>
                </p>
              </div>
              <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${QUALITY_TONE[s.quality]}`}>
                Quality: {QUALITY_LABEL[s.quality]}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
