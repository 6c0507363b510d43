import "server-only";
import { db } from "../../db";
import { reserveSends } from "../../send-budget/reserve-sends";
import { getConnectlySettings } from "../../settings/get-connectly-settings";
import { applySendPolicies, nextReleaseAt } from "../policies/send-policies";
import { loadCampaign, type CampaignInfo, type Entry } from "./campaign-info";
import { completeFinishedCampaigns } from "./maintenance";
import type { OutcomeBuffer } from "./outcome-buffer";
import { claimAgainIn, claimSize, nextLoopMs, slotAt, TICK_FLOOR_MS, type SendQueue } from "./pacing";
import { claimRecipients, type ClaimedRecipient } from "./recipient-queue";

// One runner per running campaign: claims its recipients a window at a time, applies the send policies, books
// slots for them from the shared send budget and queues them for the dispatcher (campaign-worker.ts).

export type RunnerContext = {
  workerId: string;
  concurrency: number;
  windowMs: number;
  heldPollMs: number;
  now: () => Date;
  log: (line: string) => void;
  queue: SendQueue<Entry>;
  outcomes: OutcomeBuffer;
  /** The status each runner last read: the dispatcher stops firing a campaign that is no longer RUNNING. */
  status: Map<string, string>;
  /** The pace each campaign's last budget grant allowed (requests/second). */
  grantedRate: Map<string, number>;
  announced: Set<string>;
  stopping: () => boolean;
  /** Sleeps, cut short by stop(). */
  pause: (ms: number) => Promise<unknown>;
  inFlight: () => number;
  /** Queued sends, those waiting for new slots included. */
  queued: () => number;
  wakeDispatcher: () => void;
};

/** Send slots from the shared budget; while it has none for campaigns (inbox first), waits and asks again. */
export async function grantSlots(ctx: RunnerContext, campaign: CampaignInfo, count: number) {
  const sender = campaign.sender ?? (await getConnectlySettings()).defaultSender ?? null;
  let waitedMs = 0;
  while (!ctx.stopping()) {
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
    await ctx.pause(wait);
  }
  return null;
}

export async function runCampaign(ctx: RunnerContext, campaignId: string): Promise<void> {
  const { log, now, queue, outcomes, status, grantedRate } = ctx;
  // How long claiming and booking a window takes here (moving average).
  let loopMs = 0;
  const campaign = await loadCampaign(campaignId);
  if (!campaign) return;
  status.set(campaignId, campaign.status);
  if (!ctx.announced.has(campaignId)) log(`running campaign ${campaignId} at ${campaign.ratePerSecond}/s`);
  ctx.announced.add(campaignId);
  while (!ctx.stopping()) {
    const want = claimSize({
      concurrency: ctx.concurrency,
      ratePerSecond: campaign.ratePerSecond,
      grantedRate: grantedRate.get(campaignId),
      busy: ctx.inFlight() + ctx.queued(),
      windowMs: ctx.windowMs,
      loopMs,
    });
    if (want === 0) {
      await ctx.pause(TICK_FLOOR_MS);
      continue;
    }
    const loopStart = Date.now();
    const claimed = await claimRecipients(campaignId, want, ctx.workerId, now());
    if (claimed.length === 0) {
      // Nothing claimable: paused, cancelled, or everything is sent or held by other workers.
      const live = await db.campaign.findUnique({
        where: { id: campaignId },
        select: { status: true, ratePerSecond: true },
      });
      status.set(campaignId, live?.status ?? "GONE");
      if (!live || live.status !== "RUNNING") break;
      campaign.ratePerSecond = live.ratePerSecond;
      if (queue.size(campaignId) + ctx.inFlight() === 0) {
        // Nothing left here: complete it now if no other worker still has sends in flight.
        if ((await completeFinishedCampaigns(campaignId)).length > 0) {
          log(`campaign ${campaignId} completed`);
          break;
        }
        // Only recipients held by a send policy are left: sleep until the first is due, not a poll per window.
        const release = await nextReleaseAt(campaignId, now());
        if (!release) break;
        await ctx.pause(
          Math.min(ctx.heldPollMs, Math.max(TICK_FLOOR_MS, release.getTime() - now().getTime())),
        );
        continue;
      }
      await ctx.pause(50);
      continue;
    }
    status.set(campaignId, "RUNNING");
    // Quiet hours and the per-contact cap (lib/campaigns/policies/): the held and the suppressed do not go.
    let sendable: ClaimedRecipient[];
    try {
      sendable = (await applySendPolicies(campaign, claimed, ctx.workerId, now())).send;
    } catch (error) {
      // Never attempted: safe to hand back, and claimed again once the database answers.
      log(`send policies failed for ${campaignId}, handing the window back: ${String(error)}`);
      outcomes.release(...claimed.filter((r) => r.state === "SENDING").map((r) => r.id));
      await ctx.pause(500);
      continue;
    }
    if (sendable.length === 0) continue;
    const grant = await grantSlots(ctx, campaign, sendable.length);
    if (!grant) {
      outcomes.release(...sendable.map((r) => r.id)); // stopping: never attempted, safe to hand back
      break;
    }
    grantedRate.set(campaignId, 1000 / grant.spacingMs);
    loopMs = nextLoopMs(loopMs, Date.now() - loopStart, grant.waitedMs);
    queue.add(
      campaignId,
      sendable.map((recipient, i) => ({
        at: slotAt(grant, i),
        recipient,
        campaign,
        attempts: 0,
        attempted: false,
      })),
    );
    ctx.wakeDispatcher();
    await ctx.pause(claimAgainIn(grant, sendable.length, Date.now(), ctx.windowMs, loopMs));
  }
  if (status.get(campaignId) !== "RUNNING")
    log(`campaign ${campaignId}: ${status.get(campaignId)?.toLowerCase()}, runner stopped`);
}
