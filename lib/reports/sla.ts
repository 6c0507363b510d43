import type { SlaTargets } from "./schemas";

// Support targets (SLA) of one conversation cycle: pure, shared by the report (which counts breaches in SQL with
// the same rule, see get-support-report.ts) and the inbox list's flag.
//
// Rule: a target is breached when the thing it measures happened later than opened + target, or has not happened
// and now is past opened + target. Measured in wall-clock time.

export type SlaState = "met" | "breached" | "due" | "off";

export type SlaCycle = { openedAt: Date; firstResponseAt: Date | null; resolvedAt: Date | null };

export type SlaStatus = {
  firstResponse: { state: SlaState; dueAt: Date | null };
  resolution: { state: SlaState; dueAt: Date | null };
};

function judge(openedAt: Date, doneAt: Date | null, targetMs: number | null, now: Date): { state: SlaState; dueAt: Date | null } {
  if (targetMs === null) return { state: "off", dueAt: null };
  const dueAt = new Date(openedAt.getTime() + targetMs);
  if (doneAt !== null) return { state: doneAt.getTime() <= dueAt.getTime() ? "met" : "breached", dueAt };
  return { state: now.getTime() > dueAt.getTime() ? "breached" : "due", dueAt };
}

export function slaStatus(cycle: SlaCycle, targets: SlaTargets, now: Date = new Date()): SlaStatus {
  return {
    firstResponse: judge(cycle.openedAt, cycle.firstResponseAt, targets.firstResponseMinutes === null ? null : targets.firstResponseMinutes * 60_000, now),
    resolution: judge(cycle.openedAt, cycle.resolvedAt, targets.resolutionHours === null ? null : targets.resolutionHours * 3_600_000, now),
  };
}

/** The most pressing of the two, for one badge: breached beats due; the earlier due time wins. */
export function worstSla(status: SlaStatus): { state: "breached" | "due"; dueAt: Date; target: "first_response" | "resolution" } | null {
  const candidates = [
    { target: "first_response" as const, ...status.firstResponse },
    { target: "resolution" as const, ...status.resolution },
  ].filter((c): c is { target: "first_response" | "resolution"; state: "breached" | "due"; dueAt: Date } => (c.state === "breached" || c.state === "due") && c.dueAt !== null);
  candidates.sort((a, b) => (a.state === b.state ? a.dueAt.getTime() - b.dueAt.getTime() : a.state === "breached" ? -1 : 1));
  return candidates[0] ?? null;
}
