import "server-only";
import { AppError } from "../app-error";
import { ConnectlyError } from "../connectly/client";
import { explainSendRefusal, isCustomerOptOut, type ErrorExplanation } from "../connectly/error-catalogue";
import { markContactOptedOut } from "../contacts/mark-contact-opted-out";
import { db } from "../db";
import { type Prisma } from "../generated/prisma/client";
import { INBOX_CHANNEL } from "../realtime/events";
import { reconcilePendingStatuses } from "./apply-status-update";
import { getMessageDto, type MessageDto } from "./read-models";
import { isUniqueViolation } from "../db-errors";

export type OutboundRecord = {
  conversationId: string;
  kind: string;
  text: string | null;
  content: unknown;
  idempotencyKey?: string;
  authorId?: string | null;
  templateName?: string;
  templateLanguage?: string;
  campaignName?: string;
  callbackData?: unknown;
  /** The failed message this one resends (unique: a failure is retried at most once). */
  retryOfId?: string;
};

/**
 * The outbound lifecycle shared by session and template sends: record the message as QUEUED before calling
 * upstream (so a crash mid-call leaves a trace, never a silent send), call, then store the upstream id and
 * apply any status webhooks that raced ahead of us. With an idempotency key, a retried request returns the
 * first attempt's message instead of sending again.
 */
export async function dispatchOutbound(
  record: OutboundRecord,
  send: () => Promise<{ id: string }>,
): Promise<MessageDto> {
  if (record.idempotencyKey) {
    const existing = await db.message.findUnique({
      where: { idempotencyKey: record.idempotencyKey },
      select: { id: true },
    });
    if (existing) return getMessageDto(existing.id);
  }
  let messageId: string;
  try {
    const created = await db.message.create({
      data: {
        conversationId: record.conversationId,
        direction: "OUTBOUND",
        kind: record.kind,
        text: record.text,
        content: record.content as Prisma.InputJsonValue,
        status: "QUEUED",
        idempotencyKey: record.idempotencyKey,
        authorId: record.authorId ?? null,
        templateName: record.templateName,
        templateLanguage: record.templateLanguage,
        campaignName: record.campaignName,
        callbackData: record.callbackData as Prisma.InputJsonValue | undefined,
        retryOfId: record.retryOfId,
      },
      select: { id: true },
    });
    messageId = created.id;
  } catch (error) {
    // Two concurrent requests with the same key: the loser returns the winner's message.
    if (record.idempotencyKey && isUniqueViolation(error)) {
      const existing = await db.message.findUnique({
        where: { idempotencyKey: record.idempotencyKey },
        select: { id: true },
      });
      if (existing) return getMessageDto(existing.id);
    }
    if (record.retryOfId && isUniqueViolation(error)) {
      throw new AppError(
        "CONFLICT",
        "This message was already retried (perhaps by a teammate): see the newer copy below it.",
      );
    }
    throw error;
  }
  await touchConversation(record.conversationId, record.text ?? `[${record.kind}]`, messageId);

  let upstreamId: string;
  try {
    upstreamId = (await send()).id;
  } catch (error) {
    if (!(error instanceof ConnectlyError)) throw error;
    const contact = await db.conversation.findUnique({
      where: { id: record.conversationId },
      select: { contactId: true, contact: { select: { phone: true } } },
    });
    const explanation = explainSendRefusal(error, { phoneless: !contact?.contact.phone });
    await db.message.update({
      where: { id: messageId },
      data: {
        status: "FAILED",
        statusRank: 2,
        failedAt: new Date(),
        errorCode: explanation.code,
        errorTitle: explanation.title,
        errorDetail: (error.body ?? { message: error.message }) as Prisma.InputJsonValue,
      },
    });
    await notify({
      type: "message.status",
      conversationId: record.conversationId,
      messageId,
      status: "FAILED",
    });
    if (error.kind === "http" && isCustomerOptOut(error.body)) {
      await markContactOptedOut({ contactId: contact?.contactId }, { via: "send", code: explanation.code });
    }
    throw upstreamAppError(error, explanation, messageId);
  }
  await db.message.update({ where: { id: messageId }, data: { upstreamId } });
  await reconcilePendingStatuses(upstreamId);
  return getMessageDto(messageId);
}

function upstreamAppError(error: ConnectlyError, explanation: ErrorExplanation, messageId: string) {
  const code =
    error.kind === "timeout"
      ? "UPSTREAM_TIMEOUT"
      : error.status === 429
        ? "RATE_LIMITED"
        : error.status !== null && error.status < 500
          ? "UPSTREAM_REJECTED"
          : "UPSTREAM_ERROR";
  return new AppError(code, `${explanation.title}. ${explanation.action}`, {
    messageId,
    upstream: { ...explanation, traceId: error.body?.cntTraceId ?? null },
  });
}

async function touchConversation(conversationId: string, preview: string, messageId: string) {
  await db.$executeRaw`
    UPDATE "Conversation" SET "lastMessageAt" = now(), "lastMessageText" = ${preview.slice(0, 200)}, "updatedAt" = now()
    WHERE id = ${conversationId}`;
  await notify({ type: "message.created", conversationId, messageId, direction: "OUTBOUND" });
}

async function notify(event: object) {
  await db.$executeRaw`SELECT pg_notify(${INBOX_CHANNEL}, ${JSON.stringify(event)})`;
}
