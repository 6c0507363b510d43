import "server-only";
import { db } from "../db";
import { compileSegment } from "./compile-segment";
import type { SegmentFilter } from "./schemas";

export type SegmentCount = {
  /** Contacts the filter matches. */
  matching: number;
  /** Of those, opted out of campaigns: a campaign to the segment leaves them out. */
  optedOut: number;
  sample: { id: string; name: string | null; address: string }[];
};

/** How many contacts a filter matches now, with a few examples (the builder's live count, the review step). */
export async function countSegment(filter: SegmentFilter): Promise<SegmentCount> {
  const where = compileSegment(filter);
  const [counts, sample] = await Promise.all([
    db.$queryRaw<{ matching: number; optedOut: number }[]>`
      SELECT count(*)::int AS matching, count(*) FILTER (WHERE ct."optedOut")::int AS "optedOut"
      FROM "Contact" ct WHERE ${where}`,
    db.$queryRaw<{ id: string; name: string | null; phone: string | null; bsuid: string | null }[]>`
      SELECT ct.id, ct.name, ct.phone, ct.bsuid FROM "Contact" ct WHERE ${where} AND NOT ct."optedOut"
      ORDER BY ct."createdAt" DESC LIMIT 5`,
  ]);
  return {
    matching: counts[0]?.matching ?? 0,
    optedOut: counts[0]?.optedOut ?? 0,
    sample: sample.map((c) => ({ id: c.id, name: c.name, address: c.phone ?? c.bsuid ?? "" })),
  };
}
