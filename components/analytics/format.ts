// Numbers, rates, places and times for the analytics views, in the viewer's locale (dates: lib/format/date-time.ts).

import { formatDate, formatDateTime, formatDuration, formatTime } from "@/lib/format/date-time";

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });

export const formatCount = (n: number) => integer.format(n);
export const formatCompact = (n: number) => (Math.abs(n) >= 10_000 ? compact.format(n) : integer.format(n));

/** 0.4567 -> "45.7%"; null (nothing to divide by) -> "–". */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return "–";
  const pct = rate * 100;
  return `${pct >= 99.95 || pct === 0 ? pct.toFixed(0) : pct < 0.1 ? "<0.1" : pct.toFixed(1)}%`;
}

let regions: Intl.DisplayNames | null = null;
let languages: Intl.DisplayNames | null = null;

export function countryName(code: string | null): string {
  if (!code) return "Unknown country";
  regions ??= new Intl.DisplayNames(undefined, { type: "region" });
  try {
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "en_US" -> "English (United States)". */
export function languageName(code: string | null): string {
  if (!code) return "No template";
  languages ??= new Intl.DisplayNames(undefined, { type: "language" });
  try {
    return languages.of(code.replace("_", "-")) ?? code;
  } catch {
    return code;
  }
}

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function formatStageTime(iso: string | null, tz?: string): string {
  if (!iso) return "";
  return formatDateTime(iso, { timeZone: tz });
}

export function formatBucket(iso: string, granularity: "minute" | "hour" | "day", tz: string): string {
  return granularity === "day" ? formatDate(iso, { timeZone: tz }) : formatDateTime(iso, { timeZone: tz });
}

export function formatTick(iso: string, granularity: "minute" | "hour" | "day", tz: string): string {
  return granularity === "day" ? formatDate(iso, { timeZone: tz }) : formatTime(iso, { timeZone: tz });
}

/** How long after `from` a stage came: "+45 s", "+3 min", "+1 h 12 min", "+2 d 3 h". */
export function formatAfter(from: string | null, to: string | null): string {
  if (!from || !to) return "";
  const seconds = Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);
  return seconds < 0.5 ? "+0 s" : `+${formatDuration(seconds)}`;
}
