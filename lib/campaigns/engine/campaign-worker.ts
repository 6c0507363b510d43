import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { ConnectlyError, createConnectlyClient, type ConnectlyClient } from "../../connectly/client";
import { explainSendRefusal, isCustomerOptOut } from "../../connectly/error-catalogue";
import { markContactOptedOut } from "../../contacts/mark-contact-opted-out";
import { buildTemplateSendBody } from "../../connectly/payloads";
import { templateVariables, type TemplateComponent } from "../../connectly/template-components";
import { db } from "../../db";
import { env } from "../../env";
import { getConnectlySettings } from "../../settings/get-connectly-settings";
import { resolveButtonUrlParameters } from "../../connectly/url-buttons";
import { parseTemplateComponents } from "../../templates/components";
import { campaignCallbackData } from "../callback-data";
import { ENGINE_CODES } from "../states";
import { toParameters } from "../resolve-variables";
import {
  completeFinishedCampaigns,
  heartbeat,
  refreshStaleStats,
  registerWorker,
  startDueCampaigns,
  sweepDeadWorkers,
  unregisterWorker,
} from "./maintenance";
import {
  claimRecipients,
  markAttempts,
  recordAccepted,
  recordFailed,
  recordUnknown,
  releaseRecipients,
  type Accepted,
  type ClaimedRecipient,
  type Failed,
  type Unknown,
} from "./recipient-queue";
import { httpFetch } from "./http-fetch";
import { reportRateLimited } from "../../send-budget/report-rate-limited";
import { reserveSends } from "../../send-budget/reserve-sends";
import { pauseCampaignForUpstream } from "../pause-campaign-for-upstream";
import { applySendPolicies, nextReleaseAt, scheduleLimitRetries } from "../policies/send-policies";
import type { SendEndpointKind } from "../../send-budget/limits";
import {
  buildFlowEntry,
  chunkFlowEntries,
  FLOW_NOT_PUBLISHED,
  FLOW_RESULT_MISSING,
  flowEntryOutcomes,
  flowPairKey,
  isFlowNotPublished,
  type FlowEntry,
} from "../../connectly/flow-sendouts";

// The campaign worker: finds running campaigns, claims their recipients in small windows, times the sends by
// the business's shared send budget (lib/send-budget/: Connectly's per-endpoint limit, the sender number's
// throughput and the campaign's own pace, inbox sends first), and records each outcome. Any number of these can run (in-process for tests, one
// process per `scripts/worker.ts`); the database decides who sends what (see recipient-queue.ts).

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

type CampaignInfo = {
  id: string;
  status: string;
  ratePerSecond: number;
  sender: string | null;
  /** FLOW: sent through send/campaigns in chunks (sendFlowChunk), the rest of the engine is shared. */
  kind: "TEMPLATE" | "FLOW";
  flowName: string | null;
  flowVersion: string | null;
  templateName: string;
  templateLanguage: string;
  upstreamName: string;
  templateCategory: string | null;
  variables: string[];
  components: TemplateComponent[];
};

type Entry = {
  at: number;
  recipient: ClaimedRecipient;
  campaign: CampaignInfo;
  attempts: number;
  attempted: boolean;
};

const BUSINESS_REACHED_LIMITS = "ERROR_CODE_BUSINESS_REACHED_LIMITS";

// Answers that prove the request never reached Connectly: the same recipient may be sent again.
const NOT_SENT_NETWORK = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;
// A 429 is reported to the shared budget at most this often per worker (the budget itself shrinks once per burst).
const REPORT_429_MS = 100;
const FLUSH_MS = 50;
const MAINTENANCE_MS = 1000;
const HEARTBEAT_MS = 1000;
const TICK_FLOOR_MS = 20;
const LEAD_MS = 30;
// A send goes at its booked slot, or at most LATE_MS after it. Slots are disjoint across every worker and the
// inbox, so sends that keep to their slots keep to the shared rate together: a one-second window holds at most
// rate * (1 s + LATE_MS) of them. A send later than that (this process was held up, a busy machine) is not fired as
// catch-up on top of the others' sends: its slot is given up and a new one booked from the budget (see rebook).
const LATE_MS = 30;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export async function startCampaignWorker(options: CampaignWorkerOptions = {}): Promise<CampaignWorker> {
  const config = env();
  const id =
    options.id ?? config.CAMPAIGN_WORKER_ID ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const concurrency = options.concurrency ?? config.CAMPAIGN_WORKER_CONCURRENCY;
  const flowChunkSize = options.flowChunkSize ?? config.CONNECTLY_FLOW_CHUNK_SIZE;
  const staleMs = options.staleMs ?? config.CAMPAIGN_WORKER_STALE_MS;
  const pollMs = options.pollMs ?? 250;
  const windowMs = options.windowMs ?? 100;
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const heldPollMs = options.heldPollMs ?? 30_000;
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
  const queues = new Map<string, Entry[]>();
  const runners = new Map<string, Promise<void>>();
  // The status each runner last read: the dispatcher stops firing a campaign that is no longer RUNNING.
  const runnerStatus = new Map<string, string>();
  const announced = new Set<string>();
  // The pace each campaign's last budget grant allowed (requests/second).
  const grantedRate = new Map<string, number>();
  const unreported429 = new Map<SendEndpointKind, number>();
  let reporting429 = false;
  const counters = { sent: 0, failed: 0, unknown: 0 };
  const pending = {
    accepted: [] as Accepted[],
    failed: [] as Failed[],
    unknown: [] as Unknown[],
    released: [] as string[],
  };
  let wakeDispatcher: () => void = () => {};

  const queuedCount = () => [...queues.values()].reduce((n, q) => n + q.length, 0) + rebooking;

  await registerWorker(id, host, process.pid);
  log(`campaign worker ${id} started (concurrency ${concurrency})`);

  // --- outcomes, flushed in batches -------------------------------------------------------------------
  let flushing: Promise<void> = Promise.resolve();
  function flush(): Promise<void> {
    flushing = flushing.then(async () => {
      const batch = { ...pending };
      pending.accepted = [];
      pending.failed = [];
      pending.unknown = [];
      pending.released = [];
      try {
        await recordAccepted(batch.accepted);
        await recordFailed(batch.failed);
        await recordUnknown(batch.unknown);
        await releaseRecipients(batch.released, id);
      } catch (error) {
        // Keep them for the next flush: the database may be restarting.
        pending.accepted.push(...batch.accepted);
        pending.failed.push(...batch.failed);
        pending.unknown.push(...batch.unknown);
        pending.released.push(...batch.released);
        log(`flush failed, will retry: ${String(error)}`);
      }
    });
    return flushing;
  }
  const flushTimer = setInterval(() => void flush(), FLUSH_MS);

  // --- sending ---------------------------------------------------------------------------------------
  function requeue(entry: Entry, delayMs: number) {
    entry.attempts++;
    entry.at = Date.now() + delayMs;
    const queue = queues.get(entry.campaign.id) ?? [];
    // Retries go to the front: they are older than everything queued.
    queue.unshift(entry);
    queue.sort((a, b) => a.at - b.at);
    queues.set(entry.campaign.id, queue);
  }

  async function send(entry: Entry): Promise<void> {
    const { recipient, campaign } = entry;
    let body: ReturnType<typeof buildTemplateSendBody>;
    try {
      const settings = await getConnectlySettings();
      const sender = campaign.sender ?? settings.defaultSender;
      // URL buttons in the workspace's chosen form; a value that cannot be converted goes as given (Connectly judges).
      const parameters = resolveButtonUrlParameters(
        campaign.components,
        toParameters(campaign.variables, recipient.variables),
        settings.buttonUrlMode,
      ).parameters;
      body = buildTemplateSendBody({
        contact: { phone: recipient.phone, bsuid: recipient.bsuid },
        templateName: campaign.templateName,
        language: campaign.templateLanguage,
        parameters,
        sender,
        callbackData: campaignCallbackData({ campaignId: campaign.id, recipientId: recipient.id }),
        campaignName: campaign.upstreamName,
      });
    } catch (error) {
      // Nothing left this process (the settings could not be read): try again shortly.
      log(`could not prepare the send of ${recipient.id}, retrying: ${String(error)}`);
      requeue(entry, 1000);
      return;
    }
    try {
      const { id: upstreamId } = await client.sendTemplateMessage(body);
      pending.accepted.push({ id: recipient.id, upstreamId, at: new Date() });
      counters.sent++;
    } catch (error) {
      handleSendError(entry, error);
    }
  }

  function handleSendError(entry: Entry, error: unknown) {
    const { recipient, campaign } = entry;
    if (error instanceof ConnectlyError) {
      if (error.status === 429 && error.code === BUSINESS_REACHED_LIMITS) {
        // Meta restricted the channel: slowing down won't help. Not sent; the campaign waits for a person.
        pending.released.push(recipient.id);
        runnerStatus.set(campaign.id, "PAUSED");
        releaseQueued(campaign.id);
        void pauseCampaignForUpstream(campaign.id, BUSINESS_REACHED_LIMITS, error.body)
          .then((paused) => paused && log(`campaign ${campaign.id} paused: ${BUSINESS_REACHED_LIMITS}`))
          .catch((e: unknown) => log(`could not pause campaign ${campaign.id}: ${String(e)}`));
        return;
      }
      if (error.status === 429) {
        // Refused before anything was done: back to the queue, to go again with a new token from the budget,
        // which shrinks for every sender. The sends booked at the old pace are handed back too.
        pending.released.push(recipient.id);
        releaseQueued();
        rateLimited();
        return;
      }
      if (error.kind === "network" && NOT_SENT_NETWORK.test(error.message)) {
        const backoff = Math.min(30_000, 250 * 2 ** entry.attempts) * (0.75 + Math.random() * 0.5);
        if (entry.attempts < 8) requeue(entry, backoff);
        else pending.released.push(recipient.id); // unreachable every time: back to the queue for later
        return;
      }
      const explanation = explainSendRefusal(error, { phoneless: !recipient.phone });
      const detail = error.body ?? { message: error.message };
      if (error.kind === "http" && isCustomerOptOut(error.body)) {
        const target = { phone: recipient.phone, bsuid: recipient.bsuid };
        void markContactOptedOut(target, {
          via: "send",
          code: explanation.code,
          campaignId: campaign.id,
        }).catch((e: unknown) => log(`could not mark ${recipient.id}'s contact opted out: ${String(e)}`));
      }
      if (error.kind === "http") {
        pending.failed.push({
          id: recipient.id,
          code: explanation.code,
          title: explanation.title,
          detail,
          at: new Date(),
        });
        counters.failed++;
      } else {
        // A timeout or a dropped connection: Connectly may have accepted it. Not resent; a webhook settles it.
        const code = error.kind === "timeout" ? explanation.code : "CONNECTION_LOST";
        const title = error.kind === "timeout" ? explanation.title : ENGINE_CODES.CONNECTION_LOST.title;
        pending.unknown.push({ id: recipient.id, code, title, detail });
        counters.unknown++;
      }
      return;
    }
    log(`unexpected send error for ${recipient.id}: ${String(error)}`);
    pending.unknown.push({
      id: recipient.id,
      code: "UPSTREAM_UNREACHABLE",
      title: "Send failed unexpectedly",
      detail: { message: String(error) },
    });
    counters.unknown++;
  }

  // --- flow campaigns: the due entries of a tick go out as send/campaigns requests -------------------------

  /** Groups attempted flow entries per campaign into requests (chunk size, unique client + flow pairs). */
  function sendFlowEntries(entries: Entry[]) {
    if (entries.length === 0) return;
    const byCampaign = new Map<string, { entry: Entry; body: FlowEntry }[]>();
    const nowMs = Date.now();
    for (const entry of entries) {
      const list = byCampaign.get(entry.campaign.id) ?? [];
      list.push({ entry, body: flowEntryBody(entry, nowMs) });
      byCampaign.set(entry.campaign.id, list);
    }
    for (const list of byCampaign.values()) {
      for (const chunk of chunkFlowEntries(list, flowChunkSize, (item) => flowPairKey(item.body))) {
        inFlight += chunk.length;
        void sendFlowChunk(chunk).finally(() => {
          inFlight -= chunk.length;
        });
      }
    }
  }

  function flowEntryBody(entry: Entry, nowMs: number): FlowEntry {
    const { recipient, campaign } = entry;
    return buildFlowEntry({
      recipient,
      flowName: campaign.flowName ?? "",
      flowVersion: campaign.flowVersion,
      sender: null, // set per request (sendFlowChunk): the campaign's, else the account default, as template sends

      variables: recipient.variables,
      scheduledAt: recipient.flowScheduledAt ? new Date(recipient.flowScheduledAt) : null,
      nowMs,
    });
  }

  /** One send/campaigns request; its answer (or failure) mapped to each entry (flow-sendouts.ts, decisions 7–8). */
  async function sendFlowChunk(chunk: { entry: Entry; body: FlowEntry }[]): Promise<void> {
    const campaign = chunk[0]!.entry.campaign;
    let sender: string | null;
    try {
      sender = campaign.sender ?? (await getConnectlySettings()).defaultSender ?? null;
    } catch (error) {
      // Nothing left this process (the settings could not be read): try again shortly.
      log(`could not prepare a sendout of ${campaign.id}, retrying: ${String(error)}`);
      for (const { entry } of chunk) requeue(entry, 1000);
      return;
    }
    if (sender) for (const c of chunk) c.body.sender = sender;
    let answer: unknown;
    try {
      answer = await client.sendCampaigns({ entries: chunk.map((c) => c.body) });
    } catch (error) {
      if (error instanceof ConnectlyError && error.kind === "http" && isFlowNotPublished(error)) {
        // Nothing started: every entry back to the queue, the campaign waits for a person to publish the flow.
        pending.released.push(...chunk.map((c) => c.entry.recipient.id));
        runnerStatus.set(campaign.id, "PAUSED");
        releaseQueued(campaign.id);
        void pauseCampaignForUpstream(campaign.id, FLOW_NOT_PUBLISHED, error.body)
          .then((paused) => paused && log(`campaign ${campaign.id} paused: ${FLOW_NOT_PUBLISHED}`))
          .catch((e: unknown) => log(`could not pause campaign ${campaign.id}: ${String(e)}`));
        return;
      }
      if (error instanceof ConnectlyError && error.status === 429 && error.code !== BUSINESS_REACHED_LIMITS) {
        pending.released.push(...chunk.map((c) => c.entry.recipient.id));
        releaseQueued();
        rateLimited("campaigns");
        return;
      }
      // Everything else is the template path's rule, entry by entry (pause on limits, retry refused connections,
      // FAILED on 4xx/5xx, UNKNOWN on a timeout or a dropped connection).
      for (const { entry } of chunk) handleSendError(entry, error);
      return;
    }
    const at = new Date();
    const outcomes = flowEntryOutcomes(chunk.length, answer);
    chunk.forEach(({ entry }, i) => {
      const outcome = outcomes[i]!;
      const { recipient } = entry;
      if (outcome.kind === "accepted") {
        pending.accepted.push({ id: recipient.id, upstreamId: null, sendoutId: outcome.sendoutId, at });
        counters.sent++;
      } else if (outcome.kind === "rejected") {
        const explanation = explainSendRefusal(
          { status: 400, code: outcome.error.code, body: outcome.error },
          { phoneless: !recipient.phone },
        );
        if (isCustomerOptOut(outcome.error)) {
          void markContactOptedOut(
            { phone: recipient.phone, bsuid: recipient.bsuid },
            { via: "send", code: explanation.code, campaignId: campaign.id },
          ).catch((e: unknown) => log(`could not mark ${recipient.id}'s contact opted out: ${String(e)}`));
        }
        pending.failed.push({
          id: recipient.id,
          code: explanation.code,
          title: explanation.title,
          detail: outcome.error,
          at,
        });
        counters.failed++;
      } else {
        pending.unknown.push({
          id: recipient.id,
          code: FLOW_RESULT_MISSING,
          title: "No result for this recipient",
          detail: { answer: "entry not listed" },
        });
        counters.unknown++;
      }
    });
  }

  /** Hands back queued sends never attempted (all campaigns, or one): they are claimed again at the new pace. */
  function releaseQueued(campaignId?: string) {
    for (const [id, queue] of queues) {
      if (campaignId && id !== campaignId) continue;
      const keep = queue.filter((e) => e.attempted);
      for (const entry of queue) if (!entry.attempted) pending.released.push(entry.recipient.id);
      queues.set(id, keep);
    }
  }

  function rateLimited(endpoint: SendEndpointKind = "template") {
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

  // Sends whose slot passed before they could go, waiting for a new slot (see LATE_MS).
  let rebooking = 0;
  const rebooks = new Set<Promise<void>>();
  function rebook(entries: Entry[]) {
    if (entries.length === 0) return;
    const campaign = entries[0]!.campaign;
    rebooking += entries.length;
    const task = (async () => {
      let window: Awaited<ReturnType<typeof grantSlots>> = null;
      try {
        window = await grantSlots(campaign, entries.length);
      } catch (error) {
        log(`could not book new slots for late sends of ${campaign.id}: ${String(error)}`);
      }
      rebooking -= entries.length;
      if (!window) {
        // Stopping, or the budget could not be read: never attempted ones go back to the queue.
        for (const entry of entries) {
          if (entry.attempted)
            pending.unknown.push({
              id: entry.recipient.id,
              code: "WORKER_INTERRUPTED",
              title: "Send interrupted",
              detail: null,
            });
          else pending.released.push(entry.recipient.id);
        }
        return;
      }
      grantedRate.set(campaign.id, 1000 / window.spacingMs);
      const queue = queues.get(campaign.id) ?? [];
      entries.forEach((entry, i) => {
        entry.at = Math.max(window.bookedAtMs, window.startMs + i * window.spacingMs);
        queue.push(entry);
      });
      queue.sort((a, b) => a.at - b.at);
      queues.set(campaign.id, queue);
      wakeDispatcher();
    })();
    rebooks.add(task);
    void task.finally(() => rebooks.delete(task));
  }

  // One loop fires every due entry of every campaign: attempts are marked in one statement per tick.
  const dispatcher = (async () => {
    while (!stopping) {
      const now = Date.now();
      const due: Entry[] = [];
      let nextAt = Infinity;
      for (const [campaignId, queue] of queues) {
        const running = runnerStatus.get(campaignId) === "RUNNING";
        const late: Entry[] = [];
        while (queue.length > 0 && (queue[0]?.at ?? Infinity) <= now + 1) {
          const entry = queue.shift()!;
          if (!running) {
            pending.released.push(entry.recipient.id); // paused or cancelled meanwhile
            continue;
          }
          // Its slot passed more than LATE_MS ago (this process was held up): a new slot, not a catch-up burst.
          if (entry.at < now - LATE_MS) late.push(entry);
          else due.push(entry);
        }
        rebook(late);
        if (queue.length > 0) nextAt = Math.min(nextAt, queue[0]?.at ?? Infinity);
      }
      if (due.length > 0) {
        const fresh = due.filter((e) => !e.attempted).map((e) => e.recipient.id);
        let confirmed: Set<string>;
        try {
          confirmed = await markAttempts(fresh, id);
        } catch (error) {
          log(`could not mark attempts, retrying: ${String(error)}`);
          for (const entry of due) requeue(entry, 500);
          continue;
        }
        // A campaign none of whose sends were confirmed has most likely stopped running: hand back the rest of its
        // queue now (the runner re-reads its status before claiming again).
        const live = new Set(
          due.filter((e) => e.attempted || confirmed.has(e.recipient.id)).map((e) => e.campaign.id),
        );
        for (const entry of due)
          if (!live.has(entry.campaign.id)) runnerStatus.set(entry.campaign.id, "STOPPED");
        const flowDue: Entry[] = [];
        for (const entry of due) {
          if (!entry.attempted && !confirmed.has(entry.recipient.id)) {
            // Not ours any more, or its campaign stopped running: never send. Handing it back only touches a row
            // still SENDING for this worker (a paused campaign's), so it is safe either way.
            pending.released.push(entry.recipient.id);
            continue;
          }
          entry.attempted = true;
          if (entry.campaign.kind === "FLOW") {
            flowDue.push(entry);
            continue;
          }
          inFlight++;
          void send(entry).finally(() => {
            inFlight--;
          });
        }
        sendFlowEntries(flowDue);
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

  // --- one runner per running campaign ----------------------------------------------------------------

  async function loadCampaign(campaignId: string): Promise<CampaignInfo | null> {
    const row = await db.campaign.findUnique({
      where: { id: campaignId },
      select: {
        id: true,
        status: true,
        ratePerSecond: true,
        sender: true,
        templateName: true,
        templateLanguage: true,
        templateComponents: true,
        templateCategory: true,
        upstreamName: true,
        kind: true,
        flowName: true,
        flowVersion: true,
      },
    });
    if (row?.kind === "FLOW") {
      if (!row.flowName) return null;
    } else if (!row?.templateName || !row.templateLanguage) return null;
    return {
      id: row.id,
      status: row.status,
      ratePerSecond: row.ratePerSecond,
      sender: row.sender,
      kind: row.kind,
      flowName: row.flowName,
      flowVersion: row.flowVersion,
      templateName: row.templateName ?? "",
      templateLanguage: row.templateLanguage ?? "",
      upstreamName: row.upstreamName,
      templateCategory: row.templateCategory,
      variables: templateVariables((row.templateComponents ?? []) as unknown as TemplateComponent[]),
      components: parseTemplateComponents(row.templateComponents),
    };
  }

  /** Send slots from the shared budget; while it has none for campaigns (inbox first), waits and asks again. */
  async function grantSlots(campaign: CampaignInfo, count: number) {
    const sender = campaign.sender ?? (await getConnectlySettings()).defaultSender ?? null;
    let waitedMs = 0;
    while (!stopping) {
      const slots = await reserveSends({
        endpoint: campaign.kind === "FLOW" ? "campaigns" : "template",
        sender,
        campaign: { id: campaign.id, ratePerSecond: campaign.ratePerSecond },
        count,
        priority: "campaign",
      });
      if (slots.count > 0) return { ...slots, waitedMs };
      const wait = Math.max(TICK_FLOOR_MS, slots.retryInMs);
      waitedMs += wait;
      await pause(wait);
    }
    return null;
  }

  async function runCampaign(campaignId: string): Promise<void> {
    // How long claiming and booking a window takes here (moving average).
    let loopMs = 0;
    const campaign = await loadCampaign(campaignId);
    if (!campaign) return;
    runnerStatus.set(campaignId, campaign.status);
    if (!announced.has(campaignId)) log(`running campaign ${campaignId} at ${campaign.ratePerSecond}/s`);
    announced.add(campaignId);
    while (!stopping) {
      // At most ~1 s of the granted pace queued or in flight: when Connectly slows down (answers take longer),
      // requests do not pile up behind each other, and an inbox send is not stuck behind hundreds of them.
      const pacedCap = Math.max(20, Math.ceil(grantedRate.get(campaignId) ?? campaign.ratePerSecond));
      const free = Math.min(concurrency, pacedCap) - inFlight - queuedCount();
      if (free <= 0) {
        await pause(TICK_FLOOR_MS);
        continue;
      }
      const pace = Math.min(campaign.ratePerSecond, grantedRate.get(campaignId) ?? campaign.ratePerSecond);
      // A window covers at least twice what claiming and booking it take, so a slow database (a busy machine)
      // costs no send slots: the next window is booked while this one is still going out.
      const spanMs = Math.max(windowMs, 2 * loopMs);
      const want = Math.max(1, Math.min(free, Math.ceil((pace * spanMs) / 1000)));
      const loopStart = Date.now();
      const claimed = await claimRecipients(campaignId, want, id, now());
      if (claimed.length === 0) {
        // Nothing claimable: paused, cancelled, or everything is sent or held by other workers.
        const live = await db.campaign.findUnique({
          where: { id: campaignId },
          select: { status: true, ratePerSecond: true },
        });
        runnerStatus.set(campaignId, live?.status ?? "GONE");
        if (!live || live.status !== "RUNNING") break;
        campaign.ratePerSecond = live.ratePerSecond;
        if ((queues.get(campaignId)?.length ?? 0) + inFlight === 0) {
          // Nothing left here: complete it now if no other worker still has sends in flight.
          if ((await completeFinishedCampaigns(campaignId)).length > 0) {
            log(`campaign ${campaignId} completed`);
            break;
          }
          // Only recipients held by a send policy are left: sleep until the first is due, not a poll per window.
          const release = await nextReleaseAt(campaignId, now());
          if (!release) break;
          await pause(Math.min(heldPollMs, Math.max(TICK_FLOOR_MS, release.getTime() - now().getTime())));
          continue;
        }
        await pause(50);
        continue;
      }
      runnerStatus.set(campaignId, "RUNNING");
      // Quiet hours and the per-contact cap (lib/campaigns/policies/): the held and the suppressed do not go.
      let sendable: ClaimedRecipient[];
      try {
        sendable = (await applySendPolicies(campaign, claimed, id, now())).send;
      } catch (error) {
        // Never attempted: safe to hand back, and claimed again once the database answers.
        log(`send policies failed for ${campaignId}, handing the window back: ${String(error)}`);
        pending.released.push(...claimed.filter((r) => r.state === "SENDING").map((r) => r.id));
        await pause(500);
        continue;
      }
      if (sendable.length === 0) continue;
      const window = await grantSlots(campaign, sendable.length);
      if (!window) {
        pending.released.push(...sendable.map((r) => r.id)); // stopping: never attempted, safe to hand back
        break;
      }
      grantedRate.set(campaignId, 1000 / window.spacingMs);
      loopMs = 0.7 * loopMs + 0.3 * Math.min(2000, Date.now() - loopStart - Math.max(0, window.waitedMs));
      const queue = queues.get(campaignId) ?? [];
      // Slots before the budget was read (an idle budget lets a window start up to its burst early) are due at that
      // moment; slots that passed while the answer travelled are late like any other (see LATE_MS).
      sendable.forEach((recipient, i) =>
        queue.push({
          at: Math.max(window.bookedAtMs, window.startMs + i * window.spacingMs),
          recipient,
          campaign,
          attempts: 0,
          attempted: false,
        }),
      );
      queues.set(campaignId, queue);
      wakeDispatcher();
      // Claim the next window before this one runs out, so the pace has no gaps.
      await pause(
        window.startMs +
          sendable.length * window.spacingMs -
          Math.max(LEAD_MS, windowMs * 0.4, 1.5 * loopMs) -
          Date.now(),
      );
    }
    if (runnerStatus.get(campaignId) !== "RUNNING")
      log(`campaign ${campaignId}: ${runnerStatus.get(campaignId)?.toLowerCase()}, runner stopped`);
  }

  async function discover() {
    const running = await db.campaign.findMany({ where: { status: "RUNNING" }, select: { id: true } });
    for (const { id: campaignId } of running) {
      if (runners.has(campaignId)) continue;
      const runner = runCampaign(campaignId)
        .catch((error: unknown) =>
          log(`campaign ${campaignId}: runner failed, will restart: ${String(error)}`),
        )
        .finally(() => runners.delete(campaignId));
      runners.set(campaignId, runner);
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
    stats: () => ({ ...counters, inFlight, queued: queuedCount() }),
    async stop() {
      if (stopping) return;
      stopping = true;
      signalStop();
      wakeDispatcher();
      await Promise.allSettled([dispatcher, discoverer, maintenance, ...runners.values()]);
      await Promise.allSettled([...rebooks]);
      // Claimed but never attempted: safe to hand back.
      for (const queue of queues.values()) {
        for (const entry of queue.splice(0)) {
          if (entry.attempted)
            pending.unknown.push({
              id: entry.recipient.id,
              code: "WORKER_INTERRUPTED",
              title: "Send interrupted",
              detail: null,
            });
          else pending.released.push(entry.recipient.id);
        }
      }
      const deadline = Date.now() + 15_000;
      while (inFlight > 0 && Date.now() < deadline) await sleep(20);
      clearInterval(flushTimer);
      clearInterval(beat);
      await flush();
      await unregisterWorker(id).catch(() => {});
      log(`campaign worker ${id} stopped`);
    },
  };
}
