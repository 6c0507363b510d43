"use client";

import { ClockIcon } from "@/components/ui/icons";
import { formatDateTime } from "@/lib/format/date-time";
import { useNow } from "@/lib/messaging/hooks/use-now";
import { formatWindowLeft, windowState, windowUrgency } from "@/lib/messaging/window";

const STYLE = {
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  warning: "bg-amber-50 text-amber-800 ring-amber-300",
  critical: "bg-red-50 text-red-700 ring-red-300",
  closed: "bg-slate-100 text-slate-600 ring-slate-200",
} as const;

/** Time left in the customer's 24-hour window, live; amber in the last hour, red in the last 15 minutes. */
export function WindowCountdown({
  lastInboundAt,
  now: pageNow,
}: {
  lastInboundAt: string | null;
  now: number;
}) {
  // The page ticks every 15 s; the last minute counts seconds, so it ticks every second on its own.
  const nearEnd = windowState(lastInboundAt, pageNow).msLeft <= 75_000;
  const ownNow = useNow(nearEnd ? 1000 : 3_600_000);
  const state = windowState(lastInboundAt, Math.max(pageNow, ownNow));
  const urgency = windowUrgency(state.msLeft);
  const label = state.open ? `${formatWindowLeft(state.msLeft)} left` : "Window closed";
  const title = state.open
    ? `Free-form replies allowed until ${formatDateTime(state.expiresAt, { seconds: true })}`
    : lastInboundAt
      ? "More than 24 hours since the customer last wrote: only templates can be sent"
      : "The customer has not written yet: only templates can be sent";
  return (
    <span
      data-testid="window-countdown"
      data-urgency={urgency}
      title={title}
      className={`inline-flex items-center gap-1 rounded-full px-2.5 py-1 text-xs font-medium tabular-nums ring-1 ${STYLE[urgency]}`}
    >
      <ClockIcon className="h-3.5 w-3.5" />
      {label}
    </span>
  );
}
