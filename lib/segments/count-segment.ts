import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
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
 * (compile-segment.ts); a hash that does not fit work_mem (PostgreSQL's default 4 MB: some 60,000 ids) is not
 * built, and the subquery is rescanned for each contact instead: an OR of three campaign conditions at 200,000
 * contacts ran for over five minutes. 64 MB holds a million ids. Set for the one transaction only.
 */
const SEGMENT_WORK_MEM = "64MB";

/**
 * `fn` in a transaction with SEGMENT_WORK_MEM (and a timeout for a large segment on a busy database), and without
 * parallel workers: a hashed subquery is built by every process of a parallel scan (the leader and each worker
 * build the same hash: "loops=3" in the plan), so an OR of three conditions did its three subqueries three times
 * over, competing for the same cores, to split a scan of the contacts that takes a fraction of that.
 */
export function withSegmentWorkMem<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT set_config('work_mem', ${SEGMENT_WORK_MEM}, true), set_config('max_parallel_workers_per_gather', '0', true)`;
      return fn(tx);
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/** Contacts of the newest-first walk for the sample; past them, the sample plans the filter as a whole. */
const SAMPLE_WALK = 10_000;
const SAMPLE_SIZE = 5;

type SampleRow = { id: string; name: string | null; phone: string | null; bsuid: string | null };

/**
 * How many contacts a filter matches now, with a few examples (the builder's live count, the review step): the
 * newest non-opted-out matches. The count comes first and picks the sample's plan. None eligible: no query. Else
 * a walk down the newest-first index, bounded to the newest `walk` contacts: a few rows for a broad segment (each
 * campaign condition one probe of an index), at most `walk` for any other. Only when that walk finds too few
 * (a narrow segment of older contacts, where an unbounded walk probed contact after contact: 531 ms for 10,914 of
 * 200,000) is the filter planned on its own (OFFSET 0) and its matches sorted: one more pass, like the count.
 */
export async function countSegment(filter: SegmentFilter, walk = SAMPLE_WALK): Promise<SegmentCount> {
  const where = compileSegment(filter);
  const { counts, sample } = await withSegmentWorkMem(async (tx) => {
    const counts = await tx.$queryRaw<{ matching: number; optedOut: number }[]>`
      SELECT count(*)::int AS matching, count(*) FILTER (WHERE ct."optedOut")::int AS "optedOut"
      FROM "Contact" ct WHERE ${where}`;
    const eligible = (counts[0]?.matching ?? 0) - (counts[0]?.optedOut ?? 0);
    if (eligible === 0) return { counts, sample: [] as SampleRow[] };
    const newest = await tx.$queryRaw<SampleRow[]>`
      SELECT ct.id, ct.name, ct.phone, ct.bsuid
      FROM (SELECT * FROM "Contact" ORDER BY "createdAt" DESC, id DESC LIMIT ${walk}) ct
      WHERE ${where} AND NOT ct."optedOut" ORDER BY ct."createdAt" DESC, ct.id DESC LIMIT ${SAMPLE_SIZE}`;
    if (newest.length >= Math.min(SAMPLE_SIZE, eligible)) return { counts, sample: newest };
    const sample = await tx.$queryRaw<SampleRow[]>`
      SELECT m.id, m.name, m.phone, m.bsuid FROM (
        SELECT ct.id, ct.name, ct.phone, ct.bsuid, ct."createdAt" FROM "Contact" ct
        WHERE ${where} AND NOT ct."optedOut" OFFSET 0
      ) m ORDER BY m."createdAt" DESC, m.id DESC LIMIT ${SAMPLE_SIZE}`;
    return { counts, sample };
  });
  return {
    matching: counts[0]?.matching ?? 0,
    optedOut: counts[0]?.optedOut ?? 0,
    sample: sample.map((c) => ({ id: c.id, name: c.name, address: c.phone ?? c.bsuid ?? "" })),
  };
}
