"use client";

import { ClockIcon } from "@/components/ui/icons";
import { formatWindowLeft, windowState, windowUrgency } from "@/lib/messaging/window";

const STYLE = {
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  warning: "bg-amber-50 text-amber-800 ring-amber-300",
  critical: "bg-red-50 text-red-700 ring-red-300",
  closed: "bg-slate-100 text-slate-600 ring-slate-200",
} as const;

/** Time left in the customer's 24-hour window, live; amber in the last hour, red in the last 15 minutes. */
export function WindowCountdown({ lastInboundAt, now }: { lastInboundAt: string | null; now: number }) {
  const state = windowState(lastInboundAt, now);
  const urgency = windowUrgency(state.msLeft);
  const label = state.open ? `${formatWindowLeft(state.msLeft)} left` : "Window closed";
  const title = state.open
    ? `Free-form replies allowed until ${state.expiresAt.toLocaleString()}`
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
