import "server-only";
import { Gauge } from "prom-client";
import { db } from "../db";
import { env } from "../env";
import { log } from "./logger";
import { metrics } from "./metrics";

// Gauges that only the database knows, refreshed by the app's /api/metrics on each scrape with ONE query of
// index lookups: pending recipients of running campaigns (CampaignRecipient_campaignId_state_seq_idx per running
// campaign), delivery statuses waiting for their message (the state index), and the workers' heartbeats. The
// worker's own counters (sends, upstream errors) come from its endpoint (WORKER_METRICS_PORT).

function create() {
  const registers = [metrics().registry];
  return {
    queueDepth: new Gauge({
      name: "campaign_queue_depth",
      help: "Recipients of running campaigns still waiting to be sent (state PENDING)",
      registers,
    }),
    pendingStatuses: new Gauge({
      name: "connectly_webhook_events_pending",
      help: "Delivery statuses stored PENDING: their message id is not known yet",
      registers,
    }),
    workersAlive: new Gauge({
      name: "campaign_workers_alive",
      help: "Campaign workers with a heartbeat within CAMPAIGN_WORKER_STALE_MS",
      registers,
    }),
    heartbeatAge: new Gauge({
      name: "campaign_worker_heartbeat_age_seconds",
      help: "Seconds since the most recent campaign worker heartbeat (-1 when no worker is registered)",
      registers,
    }),
  };
}

const globalForGauges = globalThis as unknown as { databaseGauges?: ReturnType<typeof create> };

export async function refreshDatabaseGauges(): Promise<void> {
  const gauges = (globalForGauges.databaseGauges ??= create());
  const stale = `${env().CAMPAIGN_WORKER_STALE_MS} milliseconds`;
  try {
    const [row] = await db.$queryRaw<
      { queued: bigint; pending: bigint; alive: bigint; age: number | null }[]
    >`
      SELECT
        (SELECT count(*) FROM "CampaignRecipient" r JOIN "Campaign" c ON c.id = r."campaignId"
          WHERE c.status = 'RUNNING' AND r.state = 'PENDING') AS queued,
        (SELECT count(*) FROM "WebhookEvent" WHERE state = 'PENDING') AS pending,
        (SELECT count(*) FROM "CampaignWorker" WHERE "heartbeatAt" > now() - ${stale}::interval) AS alive,
        (SELECT extract(epoch FROM now() - max("heartbeatAt"))::float8 FROM "CampaignWorker") AS age`;
    gauges.queueDepth.set(Number(row?.queued ?? 0));
    gauges.pendingStatuses.set(Number(row?.pending ?? 0));
    gauges.workersAlive.set(Number(row?.alive ?? 0));
    gauges.heartbeatAge.set(row?.age ?? -1);
  } catch (error) {
    // The process metrics are still worth serving; the stale gauges are the previous scrape's values.
    log("metrics").warn({ err: error }, "database gauges not refreshed");
  }
}
