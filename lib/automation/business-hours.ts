// Business-hour arithmetic, pure (no database, no clock): is the workspace open at an instant, when does it next
// open, and how much business time lies between two instants. Wall-clock hours in an IANA time zone, converted with
// Intl only (no date library): a day's hours are local wall time, so "09:00–17:00" stays 09:00–17:00 across a DST
// change, and a span measured across the change counts the real elapsed time of each open interval.
//
// DST edges, the way Temporal's "compatible" disambiguation does them: a wall time that does not exist (the
// spring-forward gap) moves forward by the gap's length; a wall time that exists twice (fall-back) is the earlier
// of the two instants.

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:MM" from 00:00 to 24:00 (24:00 only as an end). */
type WallTime = string;
type OpenInterval = { start: WallTime; end: WallTime };
export type BusinessHours = {
  timeZone: string;
  /** Open intervals per weekday, local wall time; an empty or absent day is closed. */
  weekly: Partial<Record<Weekday, OpenInterval[]>>;
  /** Whole local days closed ("YYYY-MM-DD"), whatever the weekly hours say. */
  holidays: { date: string; name?: string }[];
};

const DAY_MS = 86_400_000;
/** How far ahead nextOpening looks (a year of holidays plus a week). */
const MAX_LOOKAHEAD_DAYS = 400;
/** businessTimeBetween walks day by day; longer spans are refused rather than walked. */
const MAX_SPAN_DAYS = 3_700;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone (e.g. "Europe/London", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

type Civil = { y: number; m: number; d: number };
type LocalParts = Civil & { minute: number };

/** The instant's wall-clock reading in the zone, as if that reading were UTC (milliseconds, seconds dropped). */
function wallAsUtc(instantMs: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
}

function offsetAt(instantMs: number, timeZone: string): number {
  const floored = Math.floor(instantMs / 1000) * 1000;
  return wallAsUtc(floored, timeZone) - floored;
}

function localParts(instantMs: number, timeZone: string): LocalParts {
  const wall = new Date(wallAsUtc(instantMs, timeZone));
  return {
    y: wall.getUTCFullYear(),
    m: wall.getUTCMonth() + 1,
    d: wall.getUTCDate(),
    minute: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
  };
}

/** The instant at which the zone's clocks read this wall time (see the DST rules at the top). */
export function zonedInstant(civil: Civil, minuteOfDay: number, timeZone: string): number {
  const wall = Date.UTC(civil.y, civil.m - 1, civil.d) + minuteOfDay * 60_000;
  // The offsets a day either side are the two sides of any transition near this wall time.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => wallAsUtc(t, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // In the gap: read the wall time with the offset from before the jump, which lands after it.
  return wall - before;
}

function addDays(c: Civil, days: number): Civil {
  const t = new Date(Date.UTC(c.y, c.m - 1, c.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
function civilKey(c: Civil): string {
  return `${c.y}-${String(c.m).padStart(2, "0")}-${String(c.d).padStart(2, "0")}`;
}
function weekday(c: Civil): Weekday {
  return WEEKDAYS[new Date(Date.UTC(c.y, c.m - 1, c.d)).getUTCDay()]!;
}

/** "HH:MM" → minutes since midnight, or null when malformed (24:00 allowed). */
export function parseWallTime(value: string): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

/** The day's open intervals in minutes, sorted; holidays and malformed or empty intervals give nothing. */
function dayIntervals(hours: BusinessHours, day: Civil, holidays: Set<string>): [number, number][] {
  if (holidays.has(civilKey(day))) return [];
  const list = hours.weekly[weekday(day)] ?? [];
  const out: [number, number][] = [];
  for (const interval of list) {
    const start = parseWallTime(interval.start);
    const end = parseWallTime(interval.end);
    if (start === null || end === null || end <= start) continue;
    out.push([start, end]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** The day's open intervals as instants [start, end). */
function dayInstants(hours: BusinessHours, day: Civil, holidays: Set<string>): [number, number][] {
  return dayIntervals(hours, day, holidays).map(([start, end]) => [
    zonedInstant(day, start, hours.timeZone),
    end === 24 * 60
      ? zonedInstant(addDays(day, 1), 0, hours.timeZone)
      : zonedInstant(day, end, hours.timeZone),
  ]);
}

const holidaySet = (hours: BusinessHours) => new Set(hours.holidays.map((h) => h.date));

/** Open at this instant? Intervals are [start, end): open at 09:00:00, closed at 17:00:00. */
export function isOpenAt(hours: BusinessHours, at: Date | number): boolean {
  const t = typeof at === "number" ? at : at.getTime();
  const holidays = holidaySet(hours);
  const today = localParts(t, hours.timeZone);
  // Yesterday's intervals are checked too: a "…–24:00" interval ends at the next local midnight.
  for (const day of [addDays(today, -1), today]) {
    for (const [start, end] of dayInstants(hours, day, holidays)) if (start <= t && t < end) return true;
  }
  return false;
}

/** The instant it is open again: `at` itself when open now; null when no opening in the next ~13 months. */
export function nextOpening(hours: BusinessHours, at: Date | number): Date | null {
  const t = typeof at === "number" ? at : at.getTime();
  if (isOpenAt(hours, t)) return new Date(t);
  const holidays = holidaySet(hours);
  const today = localParts(t, hours.timeZone);
  for (let i = 0; i <= MAX_LOOKAHEAD_DAYS; i++) {
    for (const [start] of dayInstants(hours, addDays(today, i), holidays))
      if (start > t) return new Date(start);
  }
  return null;
}

/** Business time (ms) inside [from, to): the sum of the open intervals' overlap with it. 0 when to <= from. */
export function businessTimeBetween(hours: BusinessHours, from: Date | number, to: Date | number): number {
  const a = typeof from === "number" ? from : from.getTime();
  const b = typeof to === "number" ? to : to.getTime();
  if (!(b > a)) return 0;
  if (b - a > MAX_SPAN_DAYS * DAY_MS) throw new RangeError(`span longer than ${MAX_SPAN_DAYS} days`);
  const holidays = holidaySet(hours);
  const last = localParts(b, hours.timeZone);
  const lastKey = civilKey(last);
  let total = 0;
  for (let day = addDays(localParts(a, hours.timeZone), -1); ; day = addDays(day, 1)) {
    for (const [start, end] of dayInstants(hours, day, holidays))
      total += Math.max(0, Math.min(end, b) - Math.max(start, a));
    if (civilKey(day) === lastKey) break;
  }
  return total;
}

/**
 * A key naming the closed stretch that contains `at` (the instant it next opens), so "once per closed period"
 * can be checked by equality; null when open.
 */
export function closedPeriodKey(hours: BusinessHours, at: Date | number): string | null {
  if (isOpenAt(hours, at)) return null;
  return nextOpening(hours, at)?.toISOString() ?? "no-opening";
}
