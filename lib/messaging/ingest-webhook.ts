import "server-only";
import { randomUUID } from "node:crypto";
import { runInboundAutomation } from "../automation/run-inbound-automation";
import { runInBackground } from "../automation/send-automated-message";
import { importReportRun } from "../analytics/sync-campaign-reports";
import { applyCampaignStatusEvent } from "../campaigns/apply-campaign-status";
import { campaignRecipientRef } from "../campaigns/callback-data";
import { flowRecipientRef } from "../campaigns/flow-status-ref";
import { isCustomerOptOut } from "../connectly/error-catalogue";
import { parseWebhookBody } from "../connectly/webhook";
import { markContactOptedOut } from "../contacts/mark-contact-opted-out";
import { db } from "../db";
import { applyStatusEvent } from "./apply-status-update";
import { recordInboundMessage } from "./record-inbound-message";

export type IngestOutcome = {
  state: "PROCESSED" | "PENDING" | "DUPLICATE" | "INVALID" | "IGNORED";
  reason?: string;
};
/** What the caller logs and counts (lib/webhooks/receive-connectly-webhook.ts); not part of the answer. */
export type IngestReport = IngestOutcome & {
  topic: string | null;
  /** A delivery status: what it applies to and when upstream says it happened (the status lag metric). */
  status?: { target: "inbox" | "campaign"; at: Date };
};

/**
 * A signed webhook body, parsed and dispatched to one handler per event kind. Nothing is dropped: a body that
 * fails validation is stored raw with the reason (for the admin "webhook events" page); a database failure
 * propagates so the route answers 5xx and Connectly retries.
 */
export async function ingestWebhook(rawBody: string, requestId?: string): Promise<IngestReport> {
  const parsed = parseWebhookBody(rawBody);
  if (!parsed.ok) {
    await db.webhookEvent.create({
      data: { id: randomUUID(), topic: parsed.topic, state: "INVALID", reason: parsed.reason, rawBody },
    });
    return { state: "INVALID", reason: parsed.reason, topic: parsed.topic };
  }
  const event = parsed.event;
  switch (event.kind) {
    case "status": {
      // Campaign sends are tracked per campaign recipient (tied by callbackData), not as inbox messages.
      // A flow campaign's statuses carry no callbackData: they are found by the flow's name and the customer.
      const campaignRef =
        campaignRecipientRef(event.callbackData) ??
        (event.callbackData == null ? await flowRecipientRef(event.campaignName, event.customer) : null);
      const topic = "delivery_status";
      const state = campaignRef
        ? await applyCampaignStatusEvent(event, campaignRef, rawBody)
        : await applyStatusEvent(event, rawBody, requestId);
      // An opt-out reported late marks the contact as one reported at send time does (a redelivery does not
      // undo an agent's later opt-in).
      if (
        (state === "PROCESSED" || state === "PENDING") &&
        event.status === "delivery_failed" &&
        isCustomerOptOut(event.error)
      ) {
        await markContactOptedOut(
          {
            campaignRecipientId: campaignRef?.recipientId,
            phone: event.customer.phone,
            bsuid: event.customer.bsuid,
            upstreamId: event.upstreamId,
          },
          {
            via: "webhook",
            code: event.error?.code ?? "",
            upstreamId: event.upstreamId,
            campaignId: campaignRef?.campaignId ?? null,
          },
        );
      }
      return { state, topic, status: { target: campaignRef ? "campaign" : "inbox", at: event.timestamp } };
    }
    case "inbound": {
      const recorded = await recordInboundMessage(event, rawBody, requestId);
      const { conversationId } = recorded;
      // Welcome and away messages go out after the webhook is answered (they call Connectly).
      if (recorded.outcome === "PROCESSED" && conversationId) {
        runInBackground("inbound", () =>
          runInboundAutomation({
            conversationId,
            messageId: recorded.messageId,
            firstMessage: Boolean(recorded.firstMessage),
            quiet: Boolean(recorded.quiet),
          }),
        );
      }
      return { state: recorded.outcome, topic: "messages" };
    }
    case "report": {
      // Stored, answered at once, and the run imported in the background (§5.3: report webhooks want a fast 2xx).
      // A redelivery is a duplicate here; the import itself also dedupes on the run (the poll may get there first).
      const inserted = await db.$executeRaw`
        INSERT INTO "WebhookEvent" (id, "eventKey", topic, state, "rawBody", "receivedAt", "processedAt")
        VALUES (${randomUUID()}, ${event.eventKey}, 'report', 'PROCESSED', ${rawBody}, now(), now())
        ON CONFLICT ("eventKey") DO NOTHING`;
      if (inserted === 0) return { state: "DUPLICATE", topic: "report" };
      const { report } = event;
      runInBackground("report import", () =>
        importReportRun(
          {
            reportId: report.id,
            name: report.name,
            type: report.type,
            runId: report.runId,
            status: report.status,
            url: report.url,
            expiresAt: report.expiresAt,
            createdAt: report.createdAt,
          },
          "webhook",
        ),
      );
      return { state: "PROCESSED", topic: "report" };
    }
  }
}
