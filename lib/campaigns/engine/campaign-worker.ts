import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { createConnectlyClient, type ConnectlyClient } from "../../connectly/client";
import { db } from "../../db";
import { env } from "../../env";
import { reportRateLimited } from "../../send-budget/report-rate-limited";
import type { SendEndpointKind } from "../../send-budget/limits";
import { getConnectlySettings } from "../../settings/get-connectly-settings";
import { pauseCampaignForUpstream } from "../pause-campaign-for-upstream";
import { scheduleLimitRetries } from "../policies/send-policies";
import type { Entry } from "./campaign-info";
import { grantSlots, runCampaign, type RunnerContext } from "./campaign-runner";
import { httpFetch } from "./http-fetch";
import {
  completeFinishedCampaigns,
  heartbeat,
  refreshStaleStats,
  registerWorker,
  startDueCampaigns,
  sweepDeadWorkers,
  unregisterWorker,
} from "./maintenance";
import { OutcomeBuffer } from "./outcome-buffer";
import { SendQueue, slotAt, TICK_FLOOR_MS } from "./pacing";
import {
  markAttempts,
  recordAccepted,
  recordFailed,
  recordUnknown,
  releaseRecipients,
} from "./recipient-queue";
import { sendFlowEntries, sendTemplateEntry, type SendContext } from "./send-step";

// The campaign worker: finds running campaigns, claims their recipients in small windows, times the sends by
// the business's shared send budget (lib/send-budget/: Connectly's per-endpoint limit, the sender number's
// throughput and the campaign's own pace, inbox sends first), and records each outcome. Any number of these can run
// (in-process for tests, one process per `scripts/worker.ts`); the database decides who sends what (see
// recipient-queue.ts). The parts: campaign-runner.ts (one loop per campaign: claim, policies, book slots),
// pacing.ts (the booked sends in slot order), send-step.ts (the requests), outcome-buffer.ts (batched writes);
// this file wires them and runs the dispatcher, discovery and maintenance loops.

export type CampaignWorkerOptions = {
  id?: string;
  /** Requests in flight plus queued for this process. */
  concurrency?: number;
  /** A worker silent this long is dead; its claims are settled by the others. */
  staleMs?: number;
  /** How often an idle worker looks for runnable campaigns. */
  pollMs?: number;
  /** Send time one claim covers. */
  windowMs?: number;
  client?: Pick<ConnectlyClient, "sendTemplateMessage" | "sendCampaigns">;
  /** Entries per send/campaigns request of a flow campaign (default CONNECTLY_FLOW_CHUNK_SIZE). */
  flowChunkSize?: number;
  log?: (line: string) => void;
  /** The clock the send policies read (quiet hours, holds, delayed retries); injected by tests. */
  now?: () => Date;
  /** How long a runner whose remaining recipients are all held waits before looking again (at most). */
  heldPollMs?: number;
};

export type CampaignWorker = {
  id: string;
  /** Stops claiming, hands back unsent claims, waits for requests in flight, flushes. */
  stop: () => Promise<void>;
  stats: () => { sent: number; failed: number; unknown: number; inFlight: number; queued: number };
};

// A 429 is reported to the shared budget at most this often per worker (the budget itself shrinks once per burst).
const REPORT_429_MS = 100;
const FLUSH_MS = 50;
const MAINTENANCE_MS = 1000;
const HEARTBEAT_MS = 1000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export async function startCampaignWorker(options: CampaignWorkerOptions = {}): Promise<CampaignWorker> {
  const config = env();
  const id =
    options.id ?? config.CAMPAIGN_WORKER_ID ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const concurrency = options.concurrency ?? config.CAMPAIGN_WORKER_CONCURRENCY;
  const staleMs = options.staleMs ?? config.CAMPAIGN_WORKER_STALE_MS;
  const pollMs = options.pollMs ?? 250;
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  // The connection saved on the Settings page (else the environment), re-read every few seconds. Retries
  // belong to the engine (pacing-aware), not to the client.
  const client =
    options.client ??
    createConnectlyClient(async () => ({
      ...(await getConnectlySettings()),
      maxRetries: 0,
      fetch: httpFetch,
    }));
  const host = os.hostname();

  let stopping = false;
  let signalStop: () => void = () => {};
  const stopSignal = new Promise<void>((resolve) => (signalStop = resolve));
  const pause = (ms: number) => Promise.race([sleep(ms), stopSignal]);
  let inFlight = 0;
  // Sends whose slot passed before they could go, waiting for a new slot (see LATE_MS in pacing.ts).
  let rebooking = 0;
  const queue = new SendQueue<Entry>();
  const runners = new Map<string, Promise<void>>();
  const outcomes = new OutcomeBuffer(
    {
      accepted: recordAccepted,
      failed: recordFailed,
      unknown: recordUnknown,
      released: (ids) => releaseRecipients(ids, id),
    },
    log,
  );
  let wakeDispatcher: () => void = () => {};

  const runner: RunnerContext = {
    workerId: id,
    concurrency,
    windowMs: options.windowMs ?? 100,
    heldPollMs: options.heldPollMs ?? 30_000,
    now,
    log,
    queue,
    outcomes,
    status: new Map(),
    grantedRate: new Map(),
    announced: new Set(),
    stopping: () => stopping,
    pause,
    inFlight: () => inFlight,
    queued: () => queue.size() + rebooking,
    wakeDispatcher: () => wakeDispatcher(),
  };

  /** Hands back queued sends never attempted (all campaigns, or one): they are claimed again at the new pace. */
  const releaseQueued = (campaignId?: string) =>
    outcomes.release(...queue.takeUnattempted(campaignId).map((e) => e.recipient.id));

  const unreported429 = new Map<SendEndpointKind, number>();
  let reporting429 = false;
  function reportLater(endpoint: SendEndpointKind) {
    unreported429.set(endpoint, (unreported429.get(endpoint) ?? 0) + 1);
    if (reporting429) return;
    reporting429 = true;
    void (async () => {
      while (unreported429.size > 0 && !stopping) {
        const batch = [...unreported429];
        unreported429.clear();
        for (const [endpoint, n] of batch) {
          await reportRateLimited(endpoint, n).catch((e: unknown) =>
            log(`could not report a 429: ${String(e)}`),
          );
        }
        await sleep(REPORT_429_MS);
      }
      reporting429 = false;
    })();
  }

  const sender: SendContext = {
    client,
    queue,
    outcomes,
    flowChunkSize: options.flowChunkSize ?? config.CONNECTLY_FLOW_CHUNK_SIZE,
    log,
    track(count, promise) {
      inFlight += count;
      void promise.finally(() => {
        inFlight -= count;
      });
    },
    pauseForUpstream(campaignId, reason, body) {
      runner.status.set(campaignId, "PAUSED");
      releaseQueued(campaignId);
      void pauseCampaignForUpstream(campaignId, reason, body)
        .then((paused) => paused && log(`campaign ${campaignId} paused: ${reason}`))
        .catch((e: unknown) => log(`could not pause campaign ${campaignId}: ${String(e)}`));
    },
    rateLimited(endpoint) {
      releaseQueued();
      reportLater(endpoint);
    },
  };

  await registerWorker(id, host, process.pid);
  log(`campaign worker ${id} started (concurrency ${concurrency})`);

  const flushTimer = setInterval(() => void outcomes.flush(), FLUSH_MS);

  const rebooks = new Set<Promise<void>>();
  function rebook(entries: Entry[]) {
    const campaign = entries[0]!.campaign;
    rebooking += entries.length;
    const task = (async () => {
      let grant: Awaited<ReturnType<typeof grantSlots>> = null;
      try {
        grant = await grantSlots(runner, campaign, entries.length);
      } catch (error) {
        log(`could not book new slots for late sends of ${campaign.id}: ${String(error)}`);
      }
      rebooking -= entries.length;
      if (!grant) {
        // Stopping, or the budget could not be read: never attempted ones go back to the queue.
        for (const entry of entries) outcomes.interrupted(entry);
        return;
      }
      runner.grantedRate.set(campaign.id, 1000 / grant.spacingMs);
      entries.forEach((entry, i) => (entry.at = slotAt(grant, i)));
      queue.add(campaign.id, entries);
      wakeDispatcher();
    })();
    rebooks.add(task);
    void task.finally(() => rebooks.delete(task));
  }

  // One loop fires every due entry of every campaign: attempts are marked in one statement per tick.
  const dispatcher = (async () => {
    while (!stopping) {
      const { due, late, dropped, nextAt } = queue.takeDue((c) => runner.status.get(c) === "RUNNING");
      outcomes.release(...dropped.map((e) => e.recipient.id)); // paused or cancelled meanwhile
      // Their slot passed more than LATE_MS ago (this process was held up): new slots, not a catch-up burst.
      for (const entries of late) rebook(entries);
      if (due.length > 0) {
        const fresh = due.filter((e) => !e.attempted).map((e) => e.recipient.id);
        let confirmed: Set<string>;
        try {
          confirmed = await markAttempts(fresh, id);
        } catch (error) {
          log(`could not mark attempts, retrying: ${String(error)}`);
          for (const entry of due) queue.requeue(entry, 500);
          continue;
        }
        // A campaign none of whose sends were confirmed has most likely stopped running: hand back the rest of its
        // queue now (the runner re-reads its status before claiming again).
        const live = new Set(
          due.filter((e) => e.attempted || confirmed.has(e.recipient.id)).map((e) => e.campaign.id),
        );
        for (const entry of due)
          if (!live.has(entry.campaign.id)) runner.status.set(entry.campaign.id, "STOPPED");
        const flowDue: Entry[] = [];
        for (const entry of due) {
          if (!entry.attempted && !confirmed.has(entry.recipient.id)) {
            // Not ours any more, or its campaign stopped running: never send. Handing it back only touches a row
            // still SENDING for this worker (a paused campaign's), so it is safe either way.
            outcomes.release(entry.recipient.id);
            continue;
          }
          entry.attempted = true;
          if (entry.campaign.kind === "FLOW") flowDue.push(entry);
          else sendTemplateEntry(sender, entry);
        }
        sendFlowEntries(sender, flowDue);
      }
      const wait = Number.isFinite(nextAt) ? Math.max(TICK_FLOOR_MS, nextAt - Date.now()) : 50;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(wait, 50));
        wakeDispatcher = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();

  async function discover() {
    const running = await db.campaign.findMany({ where: { status: "RUNNING" }, select: { id: true } });
    for (const { id: campaignId } of running) {
      if (runners.has(campaignId)) continue;
      const run = runCampaign(runner, campaignId)
        .catch((error: unknown) =>
          log(`campaign ${campaignId}: runner failed, will restart: ${String(error)}`),
        )
        .finally(() => runners.delete(campaignId));
      runners.set(campaignId, run);
    }
  }

  const discoverer = (async () => {
    while (!stopping) {
      try {
        await discover();
      } catch (error) {
        log(`discovery failed: ${String(error)}`);
      }
      await pause(pollMs);
    }
  })();

  const maintenance = (async () => {
    while (!stopping) {
      try {
        await startDueCampaigns();
        // Before completion: a recipient failed on Meta's per-user limit may get its one delayed retry.
        await scheduleLimitRetries(now());
        const swept = await sweepDeadWorkers(staleMs);
        if (swept.released + swept.unknown > 0) {
          log(
            `settled claims of dead workers: ${swept.released} back to the queue, ${swept.unknown} unknown`,
          );
        }
        // Only campaigns no runner here is still feeding are checked, so a window in flight is not cut short.
        const completed = await completeFinishedCampaigns();
        for (const c of completed) log(`campaign ${c} completed`);
        await refreshStaleStats();
      } catch (error) {
        log(`maintenance failed: ${String(error)}`);
      }
      await pause(MAINTENANCE_MS);
    }
  })();

  const beat = setInterval(() => {
    heartbeat(id, host, process.pid).catch((error: unknown) => log(`heartbeat failed: ${String(error)}`));
  }, HEARTBEAT_MS);

  return {
    id,
    stats: () => ({ ...outcomes.counts, inFlight, queued: runner.queued() }),
    async stop() {
      if (stopping) return;
      stopping = true;
      signalStop();
      wakeDispatcher();
      await Promise.allSettled([dispatcher, discoverer, maintenance, ...runners.values()]);
      await Promise.allSettled([...rebooks]);
      // Claimed but never attempted: safe to hand back.
      for (const entry of queue.drain()) outcomes.interrupted(entry);
      const deadline = Date.now() + 15_000;
      while (inFlight > 0 && Date.now() < deadline) await sleep(20);
      clearInterval(flushTimer);
      clearInterval(beat);
      await outcomes.flush();
      await unregisterWorker(id).catch(() => {});
      log(`campaign worker ${id} stopped`);
    },
  };
}
