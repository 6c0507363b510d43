import "server-only";
import { AppError } from "../api/errors";
import { explainUpstreamError, type ErrorExplanation } from "../connectly/error-catalogue";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

// Read models for the inbox. DTOs (plain JSON), never Prisma models, cross into client components.

export type MessageDto = {
  id: string;
  conversationId: string;
  direction: "INBOUND" | "OUTBOUND";
  kind: string;
  text: string | null;
  content: unknown;
  status: "QUEUED" | "SENT" | "DELIVERED" | "READ" | "FAILED" | null;
  error: (ErrorExplanation & { traceId: string | null }) | null;
  templateName: string | null;
  author: { id: string; name: string } | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  failedAt: string | null;
};

export type ConversationDto = {
  id: string;
  status: "OPEN" | "PENDING" | "RESOLVED";
  contact: { id: string; name: string | null; phone: string | null; bsuid: string | null; optedOut: boolean };
  assignee: { id: string; name: string } | null;
  lastInboundAt: string | null;
  lastMessageAt: string;
  lastMessageText: string | null;
  unreadCount: number;
};

const messageSelect = {
  id: true,
  conversationId: true,
  direction: true,
  kind: true,
  text: true,
  content: true,
  status: true,
  errorCode: true,
  errorTitle: true,
  errorDetail: true,
  templateName: true,
  createdAt: true,
  sentAt: true,
  deliveredAt: true,
  readAt: true,
  failedAt: true,
  author: { select: { id: true, name: true } },
} satisfies Prisma.MessageSelect;

type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toMessageDto(row: MessageRow): MessageDto {
  const detail = (row.errorDetail ?? null) as { message?: string; type?: string; cntTraceId?: string } | null;
  return {
    id: row.id,
    conversationId: row.conversationId,
    direction: row.direction,
    kind: row.kind,
    text: row.text,
    content: row.content,
    status: row.status,
    error: row.errorCode
      ? { ...explainUpstreamError({ code: row.errorCode, message: detail?.message, type: detail?.type }), traceId: detail?.cntTraceId ?? null }
      : null,
    templateName: row.templateName,
    author: row.author,
    createdAt: row.createdAt.toISOString(),
    sentAt: iso(row.sentAt),
    deliveredAt: iso(row.deliveredAt),
    readAt: iso(row.readAt),
    failedAt: iso(row.failedAt),
  };
}

export async function getMessageDto(id: string): Promise<MessageDto> {
  const row = await db.message.findUnique({ where: { id }, select: messageSelect });
  if (!row) throw new AppError("NOT_FOUND", "Message not found.");
  return toMessageDto(row);
}

const conversationSelect = {
  id: true,
  status: true,
  lastInboundAt: true,
  lastMessageAt: true,
  lastMessageText: true,
  unreadCount: true,
  contact: { select: { id: true, name: true, phone: true, bsuid: true, optedOut: true } },
  assignee: { select: { id: true, name: true } },
} satisfies Prisma.ConversationSelect;

function toConversationDto(row: Prisma.ConversationGetPayload<{ select: typeof conversationSelect }>): ConversationDto {
  return {
    ...row,
    lastInboundAt: iso(row.lastInboundAt),
    lastMessageAt: row.lastMessageAt.toISOString(),
  };
}

export type ConversationFilter = { status?: "OPEN" | "PENDING" | "RESOLVED"; cursor?: string; limit: number; q?: string };

/** Newest activity first, keyset-paginated on (lastMessageAt, id). */
export async function listConversations(filter: ConversationFilter) {
  const cursorRow = filter.cursor
    ? await db.conversation.findUnique({ where: { id: filter.cursor }, select: { id: true, lastMessageAt: true } })
    : null;
  const where: Prisma.ConversationWhereInput = {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.q
      ? {
          contact: {
            OR: [
              { name: { contains: filter.q, mode: "insensitive" } },
              { phone: { contains: filter.q } },
              { bsuid: { contains: filter.q } },
            ],
          },
        }
      : {}),
    ...(cursorRow
      ? {
          OR: [
            { lastMessageAt: { lt: cursorRow.lastMessageAt } },
            { lastMessageAt: cursorRow.lastMessageAt, id: { lt: cursorRow.id } },
          ],
        }
      : {}),
  };
  const rows = await db.conversation.findMany({
    where,
    select: conversationSelect,
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit).map(toConversationDto);
  return { conversations: page, nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null };
}

export async function getConversation(id: string): Promise<ConversationDto> {
  const row = await db.conversation.findUnique({ where: { id }, select: conversationSelect });
  if (!row) throw new AppError("NOT_FOUND", "This conversation does not exist.");
  return toConversationDto(row);
}

/** The latest `limit` messages of a conversation (oldest first), with a cursor to load earlier ones. */
export async function listMessages(conversationId: string, options: { before?: string; limit: number }) {
  const beforeRow = options.before
    ? await db.message.findUnique({ where: { id: options.before }, select: { id: true, createdAt: true } })
    : null;
  const rows = await db.message.findMany({
    where: {
      conversationId,
      ...(beforeRow
        ? { OR: [{ createdAt: { lt: beforeRow.createdAt } }, { createdAt: beforeRow.createdAt, id: { lt: beforeRow.id } }] }
        : {}),
    },
    select: messageSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
  });
  const page = rows.slice(0, options.limit);
  return {
    messages: page.reverse().map(toMessageDto),
    previousCursor: rows.length > options.limit ? (page[0]?.id ?? null) : null,
  };
}

export async function markConversationRead(id: string) {
  await db.conversation.updateMany({ where: { id, unreadCount: { gt: 0 } }, data: { unreadCount: 0 } });
}
