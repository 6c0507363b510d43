"use client";

import { useQuery } from "@tanstack/react-query";
import { formatDateTime, formatRelative } from "@/lib/format/date-time";
import type { QualityLevel } from "@/lib/connectly/quality-signals";
import { senderQualityOptions } from "@/lib/settings/queries";
import { SectionQuery, SettingsSection } from "./settings-section";

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
    <SettingsSection
      headingId="sender-quality-heading"
      title="Sender numbers"
      description={
        <>
          Meta&apos;s quality rating and messaging limit of each business number, read from Connectly on a
          schedule (every minute by default). A running campaign pauses itself when its number&apos;s quality
          drops to low.
        </>
      }
    >
      <SectionQuery query={senders} what="the sender numbers">
        {(list) =>
          list.length === 0 ? (
            <p className="px-5 py-5 text-sm text-slate-600">No quality signals read from Connectly yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {list.map((s) => (
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
                  <span
                    className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${QUALITY_TONE[s.quality]}`}
                  >
                    Quality: {QUALITY_LABEL[s.quality]}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </SectionQuery>
    </SettingsSection>
  );
}
