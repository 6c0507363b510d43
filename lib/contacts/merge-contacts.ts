import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { notifyInbox } from "../messaging/notify-inbox";
import { recordOptOutChange } from "./record-opt-out-change";

// Two contacts that are one person (typically the phone contact of a campaign import and the BSUID contact of a
// webhook) become one: the survivor (the contact whose profile the merge starts from) takes the other's phone or
// BSUID, messages and notes (the two conversations become one thread), campaign sends, opt-out history and the
// attributes it lacks. On a conflict the survivor's value is kept and the preview says so; opted out if either
// was. Two different phones (or BSUIDs) are two WhatsApp accounts and are never merged.

type Side = {
  id: string;
  name: string | null;
  nameSetByAgent: boolean;
  phone: string | null;
  bsuid: string | null;
  optedOut: boolean;
  attributes: Record<string, unknown>;
  createdAt: Date;
};

export type MergeSideDto = {
  id: string;
  name: string | null;
  phone: string | null;
  bsuid: string | null;
  optedOut: boolean;
  messages: number;
  campaignSends: number;
  attributes: Record<string, unknown>;
};
export type MergePreviewDto = {
  survivor: MergeSideDto;
  other: MergeSideDto;
  result: {
    name: string | null;
    phone: string | null;
    bsuid: string | null;
    optedOut: boolean;
    attributes: Record<string, unknown>;
  };
  /** Values of the other contact that are dropped because the survivor has its own. */
  conflicts: string[];
  /** Why these two cannot be merged; null when they can. */
  blocked: string | null;
};

const SIDE = {
  id: true,
  name: true,
  nameSetByAgent: true,
  phone: true,
  bsuid: true,
  optedOut: true,
  attributes: true,
  createdAt: true,
} as const;

async function load(tx: Prisma.TransactionClient, id: string, lock: boolean): Promise<Side | null> {
  if (lock) await tx.$executeRaw`SELECT 1 FROM "Contact" WHERE id = ${id} FOR UPDATE`;
  const row = await tx.contact.findUnique({ where: { id }, select: SIDE });
  return row ? { ...row, attributes: asRecord(row.attributes) } : null;
}

function plan(survivor: Side, other: Side) {
  const conflicts: string[] = [];
  let blocked: string | null = null;
  if (survivor.id === other.id) blocked = "A contact cannot be merged with itself.";
  else if (survivor.phone && other.phone && survivor.phone !== other.phone) {
    blocked = `They have different phone numbers (${survivor.phone}, ${other.phone}): two WhatsApp accounts, not one person.`;
  } else if (survivor.bsuid && other.bsuid && survivor.bsuid !== other.bsuid) {
    blocked = `They have different BSUIDs (${survivor.bsuid}, ${other.bsuid}): two WhatsApp accounts, not one person.`;
  }
  if (survivor.name && other.name && survivor.name !== other.name)
    conflicts.push(`name: keeps "${survivor.name}", drops "${other.name}"`);
  for (const [key, value] of Object.entries(other.attributes)) {
    const mine = survivor.attributes[key];
    if (mine !== undefined && mine !== value)
      conflicts.push(`${key}: keeps ${JSON.stringify(mine)}, drops ${JSON.stringify(value)}`);
  }
  const result = {
    name: survivor.name ?? other.name,
    phone: survivor.phone ?? other.phone,
    bsuid: survivor.bsuid ?? other.bsuid,
    optedOut: survivor.optedOut || other.optedOut,
    attributes: { ...other.attributes, ...survivor.attributes },
  };
  return { conflicts, blocked, result };
}

async function sideDto(side: Side): Promise<MergeSideDto> {
  const [messages, campaignSends] = await Promise.all([
    db.message.count({ where: { conversation: { contactId: side.id } } }),
    db.campaignRecipient.count({ where: { contactId: side.id } }),
  ]);
  return {
    id: side.id,
    name: side.name,
    phone: side.phone,
    bsuid: side.bsuid,
    optedOut: side.optedOut,
    messages,
    campaignSends,
    attributes: side.attributes,
  };
}

export async function previewContactMerge(survivorId: string, otherId: string): Promise<MergePreviewDto> {
  const [survivor, other] = await Promise.all([load(db, survivorId, false), load(db, otherId, false)]);
  if (!survivor || !other) throw new AppError("NOT_FOUND", "One of these contacts does not exist.");
  const { conflicts, blocked, result } = plan(survivor, other);
  return { survivor: await sideDto(survivor), other: await sideDto(other), result, conflicts, blocked };
}

export async function mergeContacts(
  survivorId: string,
  otherId: string,
  actor: { id: string; name: string },
) {
  return db.$transaction(
    async (tx) => {
      // Locked in id order, so two merges of the same pair (either way round) queue instead of deadlocking.
      const [first, second] = [survivorId, otherId].sort();
      const loaded = new Map<string, Side | null>();
      for (const id of [first!, second!]) loaded.set(id, await load(tx, id, true));
      const survivor = loaded.get(survivorId);
      const other = loaded.get(otherId);
      if (!survivor || !other)
        throw new AppError("NOT_FOUND", "One of these contacts does not exist (merged already?).");
      const { conflicts, blocked, result } = plan(survivor, other);
      if (blocked) throw new AppError("CONFLICT", blocked);

      const conversations = await tx.conversation.findMany({
        where: { contactId: { in: [survivor.id, other.id] } },
        select: {
          id: true,
          contactId: true,
          status: true,
          assigneeId: true,
          lastInboundAt: true,
          lastMessageAt: true,
          lastMessageText: true,
          unreadCount: true,
        },
      });
      const mine = conversations.find((c) => c.contactId === survivor.id);
      const theirs = conversations.find((c) => c.contactId === other.id);
      let movedMessages = 0;
      let conversationId = mine?.id ?? null;
      if (mine && theirs) {
        movedMessages =
          await tx.$executeRaw`UPDATE "Message" SET "conversationId" = ${mine.id} WHERE "conversationId" = ${theirs.id}`;
        await tx.$executeRaw`UPDATE "ConversationNote" SET "conversationId" = ${mine.id} WHERE "conversationId" = ${theirs.id}`;
        await moveConversationRecords(tx, theirs.id, mine.id);
        const latest = theirs.lastMessageAt > mine.lastMessageAt ? theirs : mine;
        const inbound =
          [mine.lastInboundAt, theirs.lastInboundAt]
            .filter((d): d is Date => d !== null)
            .sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
        await tx.conversation.delete({ where: { id: theirs.id }, select: { id: true } });
        await tx.conversation.update({
          where: { id: mine.id },
          data: {
            lastInboundAt: inbound,
            lastMessageAt: latest.lastMessageAt,
            lastMessageText: latest.lastMessageText,
            unreadCount: mine.unreadCount + theirs.unreadCount,
            // The thread the customer wrote in last decides what is open and whose it is.
            status: latest.status,
            assigneeId: latest.assigneeId ?? mine.assigneeId ?? theirs.assigneeId,
          },
          select: { id: true },
        });
      } else if (theirs) {
        movedMessages = await tx.message.count({ where: { conversationId: theirs.id } });
        await tx.conversation.update({
          where: { id: theirs.id },
          data: { contactId: survivor.id },
          select: { id: true },
        });
        conversationId = theirs.id;
      }
      const movedSends =
        await tx.$executeRaw`UPDATE "CampaignRecipient" SET "contactId" = ${survivor.id} WHERE "contactId" = ${other.id}`;
      await tx.$executeRaw`UPDATE "ContactOptOutEvent" SET "contactId" = ${survivor.id} WHERE "contactId" = ${other.id}`;
      // The other contact's labels (a label both had stays once).
      await tx.$executeRaw`
        INSERT INTO "ContactLabel" ("contactId", "labelId", "createdAt")
        SELECT ${survivor.id}, "labelId", "createdAt" FROM "ContactLabel" WHERE "contactId" = ${other.id}
        ON CONFLICT DO NOTHING`;

      // The other row goes first: its phone and BSUID are unique keys the survivor takes over.
      await tx.contact.delete({ where: { id: other.id }, select: { id: true } });
      await tx.contact.update({
        where: { id: survivor.id },
        data: {
          name: result.name,
          nameSetByAgent: survivor.name ? survivor.nameSetByAgent : other.nameSetByAgent,
          phone: result.phone,
          bsuid: result.bsuid,
          optedOut: result.optedOut,
          attributes: result.attributes as Prisma.InputJsonObject,
          // The older of the two: the customer has been known since then.
          createdAt: other.createdAt < survivor.createdAt ? other.createdAt : survivor.createdAt,
        },
        select: { id: true },
      });
      if (result.optedOut && !survivor.optedOut) {
        await recordOptOutChange(tx, {
          contactId: survivor.id,
          optedOut: true,
          source: "merge",
          actorId: actor.id,
          actorLabel: actor.name,
          reason: `merged with ${other.name ?? other.phone ?? other.bsuid}, who had opted out`,
        });
      }
      const otherLabel = other.name ?? other.phone ?? other.bsuid;
      await recordAuditEvent(
        {
          actorId: actor.id,
          action: "contact.merged",
          targetType: "contact",
          targetId: survivor.id,
          targetLabel: result.name ?? result.phone ?? result.bsuid,
          details: {
            mergedContactId: other.id,
            merged: otherLabel,
            messagesMoved: movedMessages,
            campaignSendsMoved: movedSends,
            conflicts,
          },
        },
        tx,
      );
      if (conversationId) {
        await tx.conversationNote.create({
          data: {
            conversationId,
            kind: "ACTIVITY",
            body: `${actor.name} merged the contact ${otherLabel ?? ""} into this one`,
            authorId: actor.id,
          },
          select: { id: true },
        });
        await notifyInbox(tx, { type: "conversation.updated", conversationId, change: "contact" });
      }
      if (theirs && mine) await notifyInbox(tx, { type: "conversation.updated", conversationId: theirs.id });
      return {
        id: survivor.id,
        conversationId,
        messagesMoved: movedMessages,
        campaignSendsMoved: movedSends,
        conflicts,
      };
    },
    { timeout: 60_000 },
  );
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * What else hangs off the conversation that goes away (its rows would cascade with it): labels, CSAT surveys and
 * support cycles. Two open cycles become one: the one the customer opened first (they have waited since then),
 * with both cycles' customer messages and the earlier first response.
 */
async function moveConversationRecords(
  tx: Prisma.TransactionClient,
  from: string,
  to: string,
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "ConversationLabel" ("conversationId", "labelId", "createdAt")
    SELECT ${to}, "labelId", "createdAt" FROM "ConversationLabel" WHERE "conversationId" = ${from}
    ON CONFLICT DO NOTHING`;
  await tx.$executeRaw`UPDATE "CsatSurvey" SET "conversationId" = ${to} WHERE "conversationId" = ${from}`;
  const open = await tx.supportCycle.findMany({
    where: { conversationId: { in: [from, to] }, resolvedAt: null },
    orderBy: { openedAt: "asc" },
  });
  if (open.length === 2) {
    const [keep, drop] = open as [(typeof open)[0], (typeof open)[0]];
    const firsts = [keep, drop]
      .filter((c) => c.firstResponseAt !== null)
      .sort((a, b) => a.firstResponseAt!.getTime() - b.firstResponseAt!.getTime());
    await tx.supportCycle.delete({ where: { id: drop.id } });
    await tx.supportCycle.update({
      where: { id: keep.id },
      data: {
        inboundCount: keep.inboundCount + drop.inboundCount,
        firstResponseAt: firsts[0]?.firstResponseAt ?? null,
        firstResponderId: firsts[0]?.firstResponderId ?? null,
      },
    });
  }
  await tx.$executeRaw`UPDATE "SupportCycle" SET "conversationId" = ${to} WHERE "conversationId" = ${from}`;
}
