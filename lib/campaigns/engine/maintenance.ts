import "server-only";
import { db } from "../../db";
import { ENGINE_CODES } from "../states";
import { refreshCampaignStats } from "../count-recipients";

// Housekeeping every worker runs about once a second. Each step is one idempotent statement, so several
// workers doing it at once is harmless.

export async function registerWorker(id: string, host: string, pid: number): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "CampaignWorker" (id, host, pid, "startedAt", "heartbeatAt") VALUES (${id}, ${host}, ${pid}, now(), now())
    ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, "heartbeatAt" = now()`;
}

export async function heartbeat(id: string, host: string, pid: number): Promise<void> {
  const updated = await db.$executeRaw`UPDATE "CampaignWorker" SET "heartbeatAt" = now() WHERE id = ${id}`;
  // Swept as dead after a long stall: come back. Its SENDING rows were already settled by the sweep.
  if (updated === 0) await registerWorker(id, host, pid);
}

export async function unregisterWorker(id: string): Promise<void> {
  await db.$executeRaw`DELETE FROM "CampaignWorker" WHERE id = ${id}`;
}

/** Scheduled campaigns whose time has come start running. */
export async function startDueCampaigns(): Promise<number> {
  return db.$executeRaw`
    UPDATE "Campaign" SET status = 'RUNNING', "startedAt" = COALESCE("startedAt", now()), "updatedAt" = now()
    WHERE status = 'SCHEDULED' AND "scheduledAt" <= now()`;
}

/**
 * Settles the claims of workers that stopped beating (killed, crashed, host gone): never-attempted claims go
 * back to the queue, attempted ones become UNKNOWN. Never resent blindly: a webhook with the recipient's
 * callbackData later proves it went out.
 */
export async function sweepDeadWorkers(staleMs: number): Promise<{ released: number; unknown: number }> {
  const interval = `${Math.round(staleMs)} milliseconds`;
  const dead = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM "CampaignWorker" WHERE "heartbeatAt" < now() - ${interval}::interval`;
  const deadIds = dead.map((d) => d.id);
  // A SENDING row whose worker has no row at all (deleted by an earlier sweep) is orphaned too.
  const orphan = Math.max(staleMs * 3, 60_000);
  const released = await db.$executeRaw`
    UPDATE "CampaignRecipient" r SET
      state = (CASE WHEN c.status = 'CANCELLED' THEN 'SKIPPED' ELSE 'PENDING' END)::"CampaignRecipientState",
      "stateRank" = CASE WHEN c.status = 'CANCELLED' THEN 9 ELSE 0 END,
      "skipReason" = CASE WHEN c.status = 'CANCELLED' THEN 'CANCELLED' END,
      "workerId" = NULL
    FROM "Campaign" c
    WHERE c.id = r."campaignId" AND r.state = 'SENDING' AND r."sendingAt" IS NULL
      AND (r."workerId" = ANY(${deadIds}::text[])
        OR NOT EXISTS (SELECT 1 FROM "CampaignWorker" w WHERE w.id = r."workerId"))
      AND c.status IN ('RUNNING', 'PAUSED', 'CANCELLED', 'COMPLETED')`;
  const { title } = ENGINE_CODES.WORKER_INTERRUPTED;
  const unknown = await db.$executeRaw`
    UPDATE "CampaignRecipient" r SET state = 'UNKNOWN', "errorCode" = 'WORKER_INTERRUPTED', "errorTitle" = ${title}
    WHERE r.state = 'SENDING' AND r."sendingAt" IS NOT NULL
      AND (r."workerId" = ANY(${deadIds}::text[])
        OR (NOT EXISTS (SELECT 1 FROM "CampaignWorker" w WHERE w.id = r."workerId")
            AND r."sendingAt" < now() - ${`${orphan} milliseconds`}::interval))`;
  if (deadIds.length > 0)
    await db.$executeRaw`DELETE FROM "CampaignWorker" WHERE id = ANY(${deadIds}::text[])`;
  return { released, unknown };
}

/** A running campaign with nothing left to send or in flight is complete (all of them, or just one). */
export async function completeFinishedCampaigns(campaignId?: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Campaign" c SET status = 'COMPLETED', "completedAt" = now(), "statsDirty" = true, "updatedAt" = now()
    WHERE c.status = 'RUNNING' AND (${campaignId ?? null}::text IS NULL OR c.id = ${campaignId ?? null})
      AND NOT EXISTS (SELECT 1 FROM "CampaignRecipient" r WHERE r."campaignId" = c.id AND r.state IN ('PENDING', 'SENDING'))
    RETURNING c.id`;
  return rows.map((r) => r.id);
}

const lastCountMs = new Map<string, number>();

/**
 * Recounts the snapshot of campaigns that are running or that a webhook touched since the last count. A
 * recount of a large campaign is a scan of its recipients, so each campaign is recounted at most every
 * second and at most 10% of the time (a 200 ms count waits 2 s before the next).
 */
export async function refreshStaleStats(): Promise<number> {
  const rows = await db.$queryRaw<{ id: string; age_ms: number | null }[]>`
    SELECT id, (extract(epoch FROM now() - "statsAt") * 1000)::float8 AS age_ms
    FROM "Campaign" WHERE "statsDirty" OR status = 'RUNNING'`;
  let refreshed = 0;
  for (const row of rows) {
    const minAge = Math.max(1000, (lastCountMs.get(row.id) ?? 0) * 10);
    if (row.age_ms !== null && row.age_ms < minAge) continue;
    const started = performance.now();
    await refreshCampaignStats(row.id);
    lastCountMs.set(row.id, performance.now() - started);
    refreshed++;
  }
  return refreshed;
}
