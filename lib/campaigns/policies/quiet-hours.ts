import { isOpenAt, nextOpening, parseWallTime, type BusinessHours } from "../../automation/business-hours";
import type { CampaignPolicies } from "../../automation/schemas";

// Quiet hours in the recipient's local time, pure (no clock, no database). The quiet stretch is wall-clock time
// in the recipient's zone, start inclusive, end exclusive, possibly wrapping past midnight (21:00–08:00). The
// allowed hours are its complement, expressed as business hours so the DST rules are business-hours.ts's: a wall
// time in the spring-forward gap moves forward, one that happens twice is the earlier instant.

type QuietHours = CampaignPolicies["quietHours"];

const allowedCache = new Map<string, BusinessHours>();

/** The hours a campaign may send in the zone, every day. */
function allowedHours(quiet: Pick<QuietHours, "start" | "end">, timeZone: string): BusinessHours {
  const key = `${quiet.start}|${quiet.end}|${timeZone}`;
  let hours = allowedCache.get(key);
  if (!hours) {
    const start = parseWallTime(quiet.start) ?? 0;
    const end = parseWallTime(quiet.end) ?? 0;
    const fmt = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    // Quiet [start, end) → allowed [end, start) when start > end (wraps midnight), else [00:00, start) + [end, 24:00).
    const intervals =
      start > end
        ? [{ start: fmt(end), end: fmt(start) }]
        : [
            ...(start > 0 ? [{ start: "00:00", end: fmt(start) }] : []),
            ...(end < 24 * 60 ? [{ start: fmt(end), end: "24:00" }] : []),
          ];
    const day = intervals;
    hours = {
      timeZone,
      weekly: { sun: day, mon: day, tue: day, wed: day, thu: day, fri: day, sat: day },
      holidays: [],
    };
    if (allowedCache.size > 1000) allowedCache.clear();
    allowedCache.set(key, hours);
  }
  return hours;
}

/** Inside the quiet hours at this instant, in this zone? */
export function inQuietHours(quiet: QuietHours, timeZone: string, at: Date): boolean {
  if (!quiet.enabled) return false;
  return !isOpenAt(allowedHours(quiet, timeZone), at);
}

/** When a recipient in this zone may be sent to: `at` itself outside the quiet hours, else the end of the stretch. */
export function quietHoursRelease(quiet: QuietHours, timeZone: string, at: Date): Date {
  if (!quiet.enabled) return at;
  return nextOpening(allowedHours(quiet, timeZone), at) ?? at;
}
