import "server-only";
import { db } from "../db";
import { getWebhookRetention } from "./retention";

// Deletes webhook events past their retention, in small batches with a pause between them, so ingestion (which
// only ever inserts new rows and touches recent PENDING ones) never waits behind a long delete: each batch is its
// own short transaction that locks at most `batchSize` old rows nobody else touches. Each state is purged
// through the (state, receivedAt) index, so finding a batch is a range scan, not a table scan.
//
// Batches rather than time partitions: the table is append-mostly but its rows are also updated (PENDING →
// PROCESSED) and deduplicated through a unique eventKey, which a partitioned table could only enforce with the
// partition key inside the unique index (no global dedup across partitions). Dropping partitions would also turn
// a settings change (retention in days) into DDL. At the volumes this app handles (millions of events a month),
// batched deletes keep up; the vacuum debt is spread over the hour.

const STATES_KEPT_DEFAULT = ["PROCESSED", "DUPLICATE", "IGNORED", "PENDING"] as const;

export type PurgeOptions = { batchSize?: number; pauseMs?: number; now?: Date; shouldStop?: () => boolean };
export type PurgeResult = { deleted: number; batches: number; cutoff: Date; invalidCutoff: Date };

export async function purgeOldWebhookEvents(options: PurgeOptions = {}): Promise<PurgeResult> {
  const { batchSize = 5000, pauseMs = 200, now = new Date(), shouldStop = () => false } = options;
  const retention = await getWebhookRetention();
  const dayMs = 24 * 60 * 60 * 1000;
  const cutoff = new Date(now.getTime() - retention.days * dayMs);
  const invalidCutoff = new Date(now.getTime() - retention.invalidDays * dayMs);
  const groups = [
    ...STATES_KEPT_DEFAULT.map((state) => ({ state, before: cutoff })),
    { state: "INVALID" as const, before: invalidCutoff },
  ];
  let deleted = 0;
  let batches = 0;
  for (const { state, before } of groups) {
    for (;;) {
      if (shouldStop()) return { deleted, batches, cutoff, invalidCutoff };
      const count = await db.$executeRaw`
        DELETE FROM "WebhookEvent" WHERE id IN (
          SELECT id FROM "WebhookEvent"
          WHERE state = ${state}::"WebhookEventState" AND "receivedAt" < ${before}
          LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED
        )`;
      deleted += count;
      if (count > 0) batches++;
      if (count < batchSize) break;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
  return { deleted, batches, cutoff, invalidCutoff };
}
