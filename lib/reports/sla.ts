import { businessTimeBetween, type BusinessHours } from "../automation/business-hours";
import type { SlaTargets } from "./schemas";

// Support targets (SLA) of one conversation cycle: pure, shared by the report (which counts breaches in SQL with
// the same rule, see get-support-report.ts), the CSV export and the inbox list's badge (computed in the browser
// from the open cycle's times, so it stays live without refetching).
//
// Rule: a target is breached when the time from the cycle's opening to the thing it measures (or, while it has
// not happened, to now) is longer than the target. Time is wall-clock time, or business time when the workspace
// counts SLA in business hours (lib/automation/business-hours.ts: the automation settings' hours, time zone and
// holidays; the database side is support_business_seconds in prisma/sql/support.sql, tested equal).

type SlaState = "met" | "breached" | "due" | "off";

export type SlaCycle = { openedAt: Date; firstResponseAt: Date | null; resolvedAt: Date | null };

/** How SLA time is measured: `businessHours` null = wall-clock time. */
export type SlaPolicy = { targets: SlaTargets; businessHours: BusinessHours | null };

type SlaJudgement = {
  state: SlaState;
  /** Target minus time measured so far (ms; negative = over the target); null when the target is off. */
  remainingMs: number | null;
  /** Wall-clock only: the instant the target falls due (opened + target); null in business hours or when off. */
  dueAt: Date | null;
};

export type SlaStatus = { firstResponse: SlaJudgement; resolution: SlaJudgement };

/** SLA time (ms) between two instants under the policy. */
function slaElapsedMs(businessHours: BusinessHours | null, from: Date, to: Date): number {
  if (businessHours === null) return Math.max(0, to.getTime() - from.getTime());
  return businessTimeBetween(businessHours, from, to);
}

function judge(
  openedAt: Date,
  doneAt: Date | null,
  targetMs: number | null,
  now: Date,
  hours: BusinessHours | null,
): SlaJudgement {
  if (targetMs === null) return { state: "off", remainingMs: null, dueAt: null };
  const elapsed = slaElapsedMs(hours, openedAt, doneAt ?? now);
  const over = elapsed > targetMs;
  const state: SlaState = doneAt !== null ? (over ? "breached" : "met") : over ? "breached" : "due";
  return {
    state,
    remainingMs: targetMs - elapsed,
    dueAt: hours === null ? new Date(openedAt.getTime() + targetMs) : null,
  };
}

const targetMs = (targets: SlaTargets) => ({
  firstResponse: targets.firstResponseMinutes === null ? null : targets.firstResponseMinutes * 60_000,
  resolution: targets.resolutionHours === null ? null : targets.resolutionHours * 3_600_000,
});

/** Both targets of a cycle; `businessHours` null (the default) measures wall-clock time. */
export function slaStatus(
  cycle: SlaCycle,
  targets: SlaTargets,
  now: Date = new Date(),
  businessHours: BusinessHours | null = null,
): SlaStatus {
  const ms = targetMs(targets);
  return {
    firstResponse: judge(cycle.openedAt, cycle.firstResponseAt, ms.firstResponse, now, businessHours),
    resolution: judge(cycle.openedAt, cycle.resolvedAt, ms.resolution, now, businessHours),
  };
}

export type WorstSla = {
  state: "breached" | "due";
  remainingMs: number;
  target: "first_response" | "resolution";
};

/** The most pressing of the two, for one badge: breached beats due; the least time left (or most overdue) wins. */
export function worstSla(status: SlaStatus): WorstSla | null {
  const candidates = [
    { target: "first_response" as const, ...status.firstResponse },
    { target: "resolution" as const, ...status.resolution },
  ].filter(
    (c): c is typeof c & { state: "breached" | "due"; remainingMs: number } =>
      (c.state === "breached" || c.state === "due") && c.remainingMs !== null,
  );
  candidates.sort((a, b) =>
    a.state === b.state ? a.remainingMs - b.remainingMs : a.state === "breached" ? -1 : 1,
  );
  const first = candidates[0];
  return first ? { state: first.state, remainingMs: first.remainingMs, target: first.target } : null;
}
