import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { compileSegment } from "./compile-segment";
import type { SegmentFilter } from "./schemas";

export type SegmentCount = {
  /** Contacts the filter matches. */
  matching: number;
  /** Of those, opted out of campaigns: a campaign to the segment leaves them out. */
  optedOut: number;
  sample: { id: string; name: string | null; address: string }[];
};

/**
 * Work memory for a query over a compiled segment. Each condition is a hashed subquery of contact ids
 * (compile-segment.ts); a hash that does not fit work_mem (PostgreSQL's default 4 MB: about 60,000 ids) is not
 * built, and the subquery is instead rescanned for each contact: an OR of three campaign conditions at 200,000
 * contacts ran for over five minutes. 64 MB holds a million ids. Set for the one transaction (set_config …, true).
 */
export const SEGMENT_WORK_MEM = "64MB";
export const segmentWorkMem = () => db.$queryRaw`SELECT set_config('work_mem', ${SEGMENT_WORK_MEM}, true)`;

/**
 * How many contacts a filter matches now, with a few examples (the builder's live count, the review step). One
 * query: the filter runs once (materialized), and the count, the opted out and the newest five are read from it.
 */
export async function countSegment(filter: SegmentFilter): Promise<SegmentCount> {
  const where = compileSegment(filter);
  const [, rows] = await db.$transaction([
    segmentWorkMem(),
    db.$queryRaw<
      {
        matching: number;
        optedOut: number;
        sample: { id: string; name: string | null; phone: string | null; bsuid: string | null }[];
      }[]
    >(Prisma.sql`
      WITH m AS MATERIALIZED (SELECT ct.id, ct."optedOut", ct."createdAt" FROM "Contact" ct WHERE ${where})
      SELECT (SELECT count(*)::int FROM m) AS matching,
        (SELECT count(*)::int FROM m WHERE m."optedOut") AS "optedOut",
        (SELECT COALESCE(json_agg(json_build_object('id', c.id, 'name', c.name, 'phone', c.phone, 'bsuid', c.bsuid)
                  ORDER BY s."createdAt" DESC, s.id DESC), '[]'::json)
         FROM (SELECT m.id, m."createdAt" FROM m WHERE NOT m."optedOut" ORDER BY m."createdAt" DESC, m.id DESC LIMIT 5) s
         JOIN "Contact" c ON c.id = s.id) AS sample`),
  ]);
  const row = rows[0];
  return {
    matching: row?.matching ?? 0,
    optedOut: row?.optedOut ?? 0,
    sample: (row?.sample ?? []).map((c) => ({ id: c.id, name: c.name, address: c.phone ?? c.bsuid ?? "" })),
  };
}
