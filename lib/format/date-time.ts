// The one way dates and times are written on screen: Intl in the viewer's locale (undefined = the browser's),
// the year only when it is not the current one. Pure and client-safe; `now` and `timeZone` are parameters so
// tests (and the analytics views, which follow a chosen zone) can pin them.

type Input = string | number | Date;
export type DateTimeOptions = { now?: number; timeZone?: string; locale?: string | string[] };

const toDate = (value: Input) => (value instanceof Date ? value : new Date(value));

function yearOf(date: Date, timeZone?: string): number {
  return Number(new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric" }).format(date));
}

/** `year: "numeric"` when the date is outside the current year (in the same zone), else nothing. */
function yearPart(date: Date, o: DateTimeOptions): { year?: "numeric" } {
  return yearOf(date, o.timeZone) === yearOf(new Date(o.now ?? Date.now()), o.timeZone)
    ? {}
    : { year: "numeric" };
}

/** "5 Dec, 14:03" (en-GB) / "Dec 5, 2:03 PM" (en-US); "5 Dec 2025, 14:03" outside the current year. */
export function formatDateTime(value: Input, o: DateTimeOptions & { seconds?: boolean } = {}): string {
  const date = toDate(value);
  return date.toLocaleString(o.locale, {
    timeZone: o.timeZone,
    day: "numeric",
    month: "short",
    ...yearPart(date, o),
    hour: "2-digit",
    minute: "2-digit",
    ...(o.seconds ? { second: "2-digit" } : {}),
  });
}

/** "5 Dec"; "5 Dec 2025" outside the current year. `weekday` adds "Fri". */
export function formatDate(value: Input, o: DateTimeOptions & { weekday?: boolean } = {}): string {
  const date = toDate(value);
  return date.toLocaleDateString(o.locale, {
    timeZone: o.timeZone,
    ...(o.weekday ? { weekday: "short" } : {}),
    day: "numeric",
    month: "short",
    ...yearPart(date, o),
  });
}

/** "14:03" (or "2:03 PM"); with seconds for stage times. */
export function formatTime(value: Input, o: DateTimeOptions & { seconds?: boolean } = {}): string {
  return toDate(value).toLocaleTimeString(o.locale, {
    timeZone: o.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    ...(o.seconds ? { second: "2-digit" } : {}),
  });
}

/** Today: the time; earlier: the date (with the year when not this year). For lists. */
export function formatShortDateTime(value: Input, o: DateTimeOptions = {}): string {
  const date = toDate(value);
  const day = (d: Date) => d.toLocaleDateString("en-CA", { timeZone: o.timeZone });
  return day(date) === day(new Date(o.now ?? Date.now())) ? formatTime(date, o) : formatDate(date, o);
}

/** "3 minutes ago", "in 6 days": to the nearest minute, hour or day. */
export function formatRelative(value: Input, now = Date.now(), locale?: string): string {
  const diff = toDate(value).getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 60_000) return "just now";
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), "minute");
  if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), "hour");
  return rtf.format(Math.round(diff / 86_400_000), "day");
}

/** A span of time, to the second below ten minutes: "45 s", "1 min 28 s", "12 min", "2 h 5 min", "1 h", "2 d 3 h". */
export function formatDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${Math.floor(hours / 24)} d`;
}

/** A timestamp as it crosses into a DTO: ISO 8601 (UTC), or null for a missing one. */
export function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}
