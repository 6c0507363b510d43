import type { Granularity } from "./schemas";

// Time-series bucket size: chosen from the span of the data so a chart has tens to hundreds of points.

export const GRANULARITY_MS: Record<Granularity, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** Above this many buckets a requested granularity is coarsened (a chart cannot show more anyway). */
export const MAX_POINTS = 1500;

export function autoGranularity(spanMs: number): Granularity {
  if (spanMs <= 6 * GRANULARITY_MS.hour) return "minute";
  if (spanMs <= 7 * GRANULARITY_MS.day) return "hour";
  return "day";
}

/** The requested granularity, or the next coarser one when it would give more than MAX_POINTS buckets. */
export function resolveGranularity(requested: Granularity | "auto", spanMs: number): Granularity {
  let granularity = requested === "auto" ? autoGranularity(spanMs) : requested;
  while (granularity !== "day" && spanMs / GRANULARITY_MS[granularity] + 1 > MAX_POINTS) {
    granularity = granularity === "minute" ? "hour" : "day";
  }
  return granularity;
}
