import "server-only";
import { randomUUID } from "node:crypto";
import { recordCsatAnswer } from "../automation/record-csat-answer";
import { csatAnswerOf } from "../automation/csat";
import { applyInboundCampaignSignals } from "../campaigns/apply-inbound-signals";
import type { NormalizedWebhookEvent } from "../connectly/webhook";
import { upsertContact } from "../contacts/upsert-contact";
import { db } from "../db";
import { withConflictRetry } from "../db-retry";
import { type Prisma } from "../generated/prisma/client";
import { INBOX_CHANNEL } from "../realtime/events";

type InboundEvent = Extract<NormalizedWebhookEvent, { kind: "inbound" }>;
type InboundOutcome = "PROCESSED" | "DUPLICATE";
/** What the automations after the message need (lib/automation/run-inbound-automation.ts); absent for a duplicate. */
export type InboundRecorded = {
  outcome: InboundOutcome;
  conversationId?: string;
  /** The stored message (the automation rules match it). */
  messageId?: string;
  /** The customer had never written before: the welcome message's trigger. */
  firstMessage?: boolean;
  /** A reaction or a CSAT answer: no welcome or away message for it. */
  quiet?: boolean;
};

/** One-line preview for the conversation list. */
function inboundPreview(content: InboundEvent["content"]): string {
  if (content.reaction)
    return content.reaction.emoji ? `Reacted ${content.reaction.emoji}` : "Removed a reaction";
  if (content.kind === "sticker") return "[sticker]";
  if (content.contacts) return `[contact] ${content.contacts.map((c) => c.name).join(", ")}`.slice(0, 200);
  if (content.text) return content.text.slice(0, 200);
  if (content.attachment) return content.attachment.caption || `[${content.attachment.type}]`;
  if (content.location) return `[location] ${content.location.name ?? ""}`.trim();
  return "[message]";
}

/**
 * Stores a customer's message: the raw event (deduplicated on its key), the contact (BSUID or phone), the
 * conversation (reopened if resolved, unless the message answers its CSAT survey; its 24-hour window restarts) and
 * the message, in one transaction, with a live notification on commit.
 */
export async function recordInboundMessage(
  event: InboundEvent,
  rawBody: string,
  requestId?: string,
): Promise<InboundRecorded> {
  return withConflictRetry(() =>
    db.$transaction(async (tx) => {
      const inserted = await tx.$executeRaw`
        INSERT INTO "WebhookEvent" (id, "eventKey", topic, state, "upstreamId", "rawBody", "receivedAt", "processedAt")
        VALUES (${randomUUID()}, ${event.eventKey}, 'messages', 'PROCESSED', ${event.upstreamId}, ${rawBody}, now(), now())
        ON CONFLICT ("eventKey") DO NOTHING`;
      if (inserted === 0) return { outcome: "DUPLICATE" };

      const contact = await upsertContact(tx, event.customer);
      await applyInboundCampaignSignals(tx, {
        contactId: contact.id,
        text: event.content.text,
        callbackData: event.callbackData,
        at: event.timestamp,
      });
      const preview = inboundPreview(event.content);
      const at = event.timestamp;
      // A reaction decorates an earlier message (read-models.ts folds it in): not a new unread message.
      const unread = event.content.reaction ? 0 : 1;
      const before = await tx.conversation.findUnique({
        where: { contactId: contact.id },
        select: { id: true, lastInboundAt: true },
      });
      const conversation = await tx.conversation.upsert({
        where: { contactId: contact.id },
        create: {
          contactId: contact.id,
          lastInboundAt: at,
          lastMessageAt: at,
          lastMessageText: preview,
          unreadCount: unread,
        },
        update: { unreadCount: { increment: unread } },
        select: { id: true, assigneeId: true },
      });
      const csat = csatAnswerOf(event.content);
      const answeredSurvey = csat ? await recordCsatAnswer(tx, conversation.id, csat, at) : false;
      // Timestamps only move forward even when events arrive out of order.
      await tx.$executeRaw`
        UPDATE "Conversation" SET
          "lastInboundAt" = GREATEST(COALESCE("lastInboundAt", ${at}), ${at}),
          "lastMessageText" = CASE WHEN "lastMessageAt" <= ${at} THEN ${preview} ELSE "lastMessageText" END,
          "lastMessageAt" = GREATEST("lastMessageAt", ${at}),
          status = CASE WHEN status = 'RESOLVED' AND NOT ${answeredSurvey} THEN 'OPEN'::"ConversationStatus" ELSE status END,
          "updatedAt" = now()
        WHERE id = ${conversation.id}`;

      const message = await tx.message.create({
        data: {
          conversationId: conversation.id,
          direction: "INBOUND",
          kind: event.content.kind,
          text: event.content.text,
          content: event.content as unknown as Prisma.InputJsonValue,
          upstreamId: event.upstreamId,
          callbackData: (event.callbackData ?? undefined) as Prisma.InputJsonValue | undefined,
          campaignName: event.campaignName,
          // A reaction points at the message it reacts to.
          replyToUpstreamId: event.content.reaction?.messageId ?? event.replyToId,
          createdAt: at,
        },
        select: { id: true },
      });
      const payload = JSON.stringify({
        type: "message.created",
        conversationId: conversation.id,
        messageId: message.id,
        direction: "INBOUND",
        // For each browser's desktop-notification choice (lib/notifications).
        assigneeId: conversation.assigneeId,
        newConversation: !before,
        requestId, // logged by the fan-out (lib/realtime/listener.ts), not sent to browsers
      });
      await tx.$executeRaw`SELECT pg_notify(${INBOX_CHANNEL}, ${payload})`;
      return {
        outcome: "PROCESSED",
        conversationId: conversation.id,
        messageId: message.id,
        firstMessage: !before?.lastInboundAt,
        quiet: Boolean(event.content.reaction) || answeredSurvey,
      };
    }),
  );
}
