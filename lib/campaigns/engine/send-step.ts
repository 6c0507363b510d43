import "server-only";
import { ConnectlyError, type ConnectlyClient } from "../../connectly/client";
import { explainSendRefusal, isCustomerOptOut } from "../../connectly/error-catalogue";
import {
  buildFlowEntry,
  chunkFlowEntries,
  FLOW_RESULT_MISSING,
  flowEntryOutcomes,
  flowPairKey,
  isFlowNotPublished,
  FLOW_NOT_PUBLISHED,
  type FlowEntry,
} from "../../connectly/flow-sendouts";
import { buildTemplateSendBody } from "../../connectly/payloads";
import { resolveButtonUrlParameters } from "../../connectly/url-buttons";
import { markContactOptedOut } from "../../contacts/mark-contact-opted-out";
import type { SendEndpointKind } from "../../send-budget/limits";
import { getConnectlySettings } from "../../settings/get-connectly-settings";
import { campaignCallbackData } from "../callback-data";
import { toParameters } from "../resolve-variables";
import type { Entry } from "./campaign-info";
import type { OutcomeBuffer } from "./outcome-buffer";
import type { SendQueue } from "./pacing";
import { BUSINESS_REACHED_LIMITS, sendErrorAction } from "./send-errors";

// The send step of the worker: a template campaign's entry is one send/template request; a flow campaign's due
// entries of a tick go out together as send/campaigns requests. Each outcome goes to the outcome buffer.

export type SendContext = {
  client: Pick<ConnectlyClient, "sendTemplateMessage" | "sendCampaigns">;
  queue: SendQueue<Entry>;
  outcomes: OutcomeBuffer;
  flowChunkSize: number;
  log: (line: string) => void;
  /** Counts requests in flight while `promise` runs. */
  track: (count: number, promise: Promise<void>) => void;
  /** The campaign stops running here at once (its never attempted sends handed back) and is paused for a person. */
  pauseForUpstream: (campaignId: string, reason: string, body: ConnectlyError["body"]) => void;
  /** A 429: every never attempted send handed back (booked at the old pace), the refusal reported to the budget. */
  rateLimited: (endpoint: SendEndpointKind) => void;
};

export function sendTemplateEntry(ctx: SendContext, entry: Entry): void {
  ctx.track(1, sendTemplate(ctx, entry));
}

async function sendTemplate(ctx: SendContext, entry: Entry): Promise<void> {
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
    ctx.log(`could not prepare the send of ${recipient.id}, retrying: ${String(error)}`);
    ctx.queue.requeue(entry, 1000);
    return;
  }
  try {
    const { id: upstreamId } = await ctx.client.sendTemplateMessage(body);
    ctx.outcomes.accepted({ id: recipient.id, upstreamId, at: new Date() });
  } catch (error) {
    applySendError(ctx, entry, error);
  }
}

function applySendError(ctx: SendContext, entry: Entry, error: unknown): void {
  const { recipient, campaign } = entry;
  if (!(error instanceof ConnectlyError))
    ctx.log(`unexpected send error for ${recipient.id}: ${String(error)}`);
  const action = sendErrorAction(error, { attempts: entry.attempts, phoneless: !recipient.phone });
  switch (action.kind) {
    case "pause":
      ctx.outcomes.release(recipient.id);
      ctx.pauseForUpstream(campaign.id, action.reason, action.body);
      return;
    case "rate-limited":
      ctx.outcomes.release(recipient.id);
      ctx.rateLimited("template");
      return;
    case "retry":
      ctx.queue.requeue(entry, action.delayMs);
      return;
    case "release":
      ctx.outcomes.release(recipient.id);
      return;
    case "failed":
      if (action.optedOut) markOptedOut(ctx, entry, action.code);
      ctx.outcomes.failed({
        id: recipient.id,
        code: action.code,
        title: action.title,
        detail: action.detail,
        at: new Date(),
      });
      return;
    case "unknown":
      ctx.outcomes.unknown({
        id: recipient.id,
        code: action.code,
        title: action.title,
        detail: action.detail,
      });
      return;
  }
}

function markOptedOut(ctx: SendContext, entry: Entry, code: string): void {
  const { recipient, campaign } = entry;
  void markContactOptedOut(
    { phone: recipient.phone, bsuid: recipient.bsuid },
    { via: "send", code, campaignId: campaign.id },
  ).catch((e: unknown) => ctx.log(`could not mark ${recipient.id}'s contact opted out: ${String(e)}`));
}

/** Groups attempted flow entries per campaign into requests (chunk size, unique client + flow pairs). */
export function sendFlowEntries(ctx: SendContext, entries: Entry[]): void {
  if (entries.length === 0) return;
  const byCampaign = new Map<string, { entry: Entry; body: FlowEntry }[]>();
  const nowMs = Date.now();
  for (const entry of entries) {
    const list = byCampaign.get(entry.campaign.id) ?? [];
    list.push({ entry, body: flowEntryBody(entry, nowMs) });
    byCampaign.set(entry.campaign.id, list);
  }
  for (const list of byCampaign.values()) {
    for (const chunk of chunkFlowEntries(list, ctx.flowChunkSize, (item) => flowPairKey(item.body)))
      ctx.track(chunk.length, sendFlowChunk(ctx, chunk));
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
async function sendFlowChunk(ctx: SendContext, chunk: { entry: Entry; body: FlowEntry }[]): Promise<void> {
  const campaign = chunk[0]!.entry.campaign;
  let sender: string | null;
  try {
    sender = campaign.sender ?? (await getConnectlySettings()).defaultSender ?? null;
  } catch (error) {
    // Nothing left this process (the settings could not be read): try again shortly.
    ctx.log(`could not prepare a sendout of ${campaign.id}, retrying: ${String(error)}`);
    for (const { entry } of chunk) ctx.queue.requeue(entry, 1000);
    return;
  }
  if (sender) for (const c of chunk) c.body.sender = sender;
  let answer: unknown;
  try {
    answer = await ctx.client.sendCampaigns({ entries: chunk.map((c) => c.body) });
  } catch (error) {
    if (error instanceof ConnectlyError && error.kind === "http" && isFlowNotPublished(error)) {
      // Nothing started: every entry back to the queue, the campaign waits for a person to publish the flow.
      ctx.outcomes.release(...chunk.map((c) => c.entry.recipient.id));
      ctx.pauseForUpstream(campaign.id, FLOW_NOT_PUBLISHED, error.body);
      return;
    }
    if (error instanceof ConnectlyError && error.status === 429 && error.code !== BUSINESS_REACHED_LIMITS) {
      ctx.outcomes.release(...chunk.map((c) => c.entry.recipient.id));
      ctx.rateLimited("campaigns");
      return;
    }
    // Everything else is the template path's rule, entry by entry (pause on limits, retry refused connections,
    // FAILED on 4xx/5xx, UNKNOWN on a timeout or a dropped connection).
    for (const { entry } of chunk) applySendError(ctx, entry, error);
    return;
  }
  const at = new Date();
  const outcomes = flowEntryOutcomes(chunk.length, answer);
  chunk.forEach(({ entry }, i) => {
    const outcome = outcomes[i]!;
    const { recipient } = entry;
    if (outcome.kind === "accepted") {
      ctx.outcomes.accepted({ id: recipient.id, upstreamId: null, sendoutId: outcome.sendoutId, at });
    } else if (outcome.kind === "rejected") {
      const explanation = explainSendRefusal(
        { status: 400, code: outcome.error.code, body: outcome.error },
        { phoneless: !recipient.phone },
      );
      if (isCustomerOptOut(outcome.error)) markOptedOut(ctx, entry, explanation.code);
      ctx.outcomes.failed({
        id: recipient.id,
        code: explanation.code,
        title: explanation.title,
        detail: outcome.error,
        at,
      });
    } else {
      ctx.outcomes.unknown({
        id: recipient.id,
        code: FLOW_RESULT_MISSING,
        title: "No result for this recipient",
        detail: { answer: "entry not listed" },
      });
    }
  });
}
