import "server-only";
import { campaignRecipientRef } from "../../campaigns/callback-data";
import { db } from "../../db";
import type { MessageFacts } from "./match-rule";

// The facts a rule is matched against, for one stored customer message (the webhook path) or many (the dry run).
// Labels are the conversation's and the customer's as they are now.

type Row = {
  id: string;
  conversationId: string;
  contactId: string;
  text: string | null;
  callbackData: unknown;
  replyToUpstreamId: string | null;
  createdAt: Date;
  contactName: string | null;
  first: boolean;
};

export type FactsRow = {
  messageId: string;
  conversationId: string;
  contactName: string | null;
  at: Date;
  facts: MessageFacts;
};

/** Customer messages (reactions left out) with their facts; `ids` or the latest `limit`. */
export async function loadMessageFacts(select: { ids: string[] } | { limit: number }): Promise<FactsRow[]> {
  const byIds = "ids" in select ? select.ids : null;
  const limit = "limit" in select ? select.limit : byIds!.length;
  const rows = await db.$queryRaw<Row[]>`
    SELECT m.id, m."conversationId", c."contactId", m.text, m."callbackData", m."replyToUpstreamId", m."createdAt",
      ct.name AS "contactName",
      NOT EXISTS (SELECT 1 FROM "Message" e WHERE e."conversationId" = m."conversationId" AND e.direction = 'INBOUND'
        AND e.kind <> 'reaction' AND (e."createdAt", e.id) < (m."createdAt", m.id)) AS first
    FROM "Message" m
    JOIN "Conversation" c ON c.id = m."conversationId"
    JOIN "Contact" ct ON ct.id = c."contactId"
    WHERE m.direction = 'INBOUND' AND m.kind <> 'reaction'
      AND (${byIds}::text[] IS NULL OR m.id = ANY(${byIds}::text[]))
    ORDER BY m."createdAt" DESC, m.id DESC
    LIMIT ${limit}`;
  if (rows.length === 0) return [];
  const conversationIds = [...new Set(rows.map((r) => r.conversationId))];
  const contactIds = [...new Set(rows.map((r) => r.contactId))];
  const [conversationLabels, contactLabels] = await Promise.all([
    db.conversationLabel.findMany({
      where: { conversationId: { in: conversationIds } },
      select: { conversationId: true, labelId: true },
    }),
    db.contactLabel.findMany({
      where: { contactId: { in: contactIds } },
      select: { contactId: true, labelId: true },
    }),
  ]);
  // A reply names its campaign send by the echoed callbackData, else by quoting the send's upstream id.
  const quoted = rows
    .filter((r) => !campaignRecipientRef(r.callbackData) && r.replyToUpstreamId)
    .map((r) => r.replyToUpstreamId!);
  const quotedSends = quoted.length
    ? await db.campaignRecipient.findMany({
        where: { upstreamId: { in: quoted } },
        select: { upstreamId: true, campaignId: true },
      })
    : [];
  const campaignOfSend = new Map(quotedSends.map((s) => [s.upstreamId!, s.campaignId]));
  return rows.map((r) => {
    const labelIds = new Set([
      ...conversationLabels.filter((l) => l.conversationId === r.conversationId).map((l) => l.labelId),
      ...contactLabels.filter((l) => l.contactId === r.contactId).map((l) => l.labelId),
    ]);
    const campaignId =
      campaignRecipientRef(r.callbackData)?.campaignId ??
      (r.replyToUpstreamId ? (campaignOfSend.get(r.replyToUpstreamId) ?? null) : null);
    return {
      messageId: r.id,
      conversationId: r.conversationId,
      contactName: r.contactName,
      at: r.createdAt,
      facts: { text: r.text, firstMessage: r.first, campaignId, labelIds },
    };
  });
}
