import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { SegmentCondition, SegmentFilter, SegmentGroup } from "./schemas";

// The one compiler from a segment filter to SQL: a boolean expression over the contact row aliased `ct`
// (`SELECT … FROM "Contact" ct WHERE <expression>`). Every user value goes in as a bind parameter through
// Prisma.sql; only fixed SQL text written here is ever concatenated.

/** When a campaign send went out: the `sent` webhook's time, else when Connectly accepted it. */
const SEND_AT = Prisma.sql`COALESCE(r."sentAt", r."acceptedAt")`;

/**
 * The send `r` got a reply: the customer quoted it (repliedAt, from the echoed callbackData), or wrote to us
 * within `hours` after it (a reaction does not count).
 */
function repliedTo(hours: number): Prisma.Sql {
  return Prisma.sql`(r."repliedAt" IS NOT NULL OR EXISTS (
    SELECT 1 FROM "Conversation" rc JOIN "Message" m ON m."conversationId" = rc.id
    WHERE rc."contactId" = r."contactId" AND m.direction = 'INBOUND' AND m.kind <> 'reaction'
      AND m."createdAt" >= ${SEND_AT} AND m."createdAt" < ${SEND_AT} + make_interval(hours => ${hours}::int)))`;
}

function engagementOf(c: Extract<SegmentCondition, { kind: "campaign" }>): Prisma.Sql {
  switch (c.engagement) {
    case "received":
      return Prisma.sql`${SEND_AT} IS NOT NULL`;
    case "delivered_not_read":
      return Prisma.sql`r."deliveredAt" IS NOT NULL AND r."readAt" IS NULL`;
    case "read":
      return Prisma.sql`r."readAt" IS NOT NULL`;
    case "read_not_replied":
      return Prisma.sql`r."readAt" IS NOT NULL AND NOT ${repliedTo(c.withinHours)}`;
    case "replied":
      return Prisma.sql`${SEND_AT} IS NOT NULL AND ${repliedTo(c.withinHours)}`;
    case "not_replied":
      return Prisma.sql`${SEND_AT} IS NOT NULL AND NOT ${repliedTo(c.withinHours)}`;
  }
}

function compileCondition(c: SegmentCondition): Prisma.Sql {
  switch (c.kind) {
    case "label": {
      const carries = Prisma.sql`(EXISTS (SELECT 1 FROM "ContactLabel" xl WHERE xl."contactId" = ct.id AND xl."labelId" = ${c.labelId})
        OR EXISTS (SELECT 1 FROM "Conversation" lc JOIN "ConversationLabel" cl ON cl."conversationId" = lc.id
                   WHERE lc."contactId" = ct.id AND cl."labelId" = ${c.labelId}))`;
      return c.has ? carries : Prisma.sql`NOT ${carries}`;
    }
    case "optedOut":
      return Prisma.sql`ct."optedOut" = ${c.value}`;
    case "campaign":
      return Prisma.sql`EXISTS (SELECT 1 FROM "CampaignRecipient" r WHERE r."contactId" = ct.id
        ${c.campaignId ? Prisma.sql`AND r."campaignId" = ${c.campaignId}` : Prisma.empty} AND ${engagementOf(c)})`;
    case "neverWrote":
      return Prisma.sql`NOT EXISTS (SELECT 1 FROM "Conversation" ic WHERE ic."contactId" = ct.id AND ic."lastInboundAt" IS NOT NULL)`;
    case "lastInbound": {
      const day = new Date(`${c.date}T00:00:00.000Z`);
      return c.op === "before"
        ? Prisma.sql`EXISTS (SELECT 1 FROM "Conversation" ic WHERE ic."contactId" = ct.id AND ic."lastInboundAt" < ${day})`
        : Prisma.sql`EXISTS (SELECT 1 FROM "Conversation" ic WHERE ic."contactId" = ct.id AND ic."lastInboundAt" >= ${day})`;
    }
  }
}

function compileGroup(group: SegmentGroup): Prisma.Sql {
  // An empty group (the builder's starting point) matches everyone, whichever its operator.
  if (group.items.length === 0) return Prisma.sql`TRUE`;
  const parts = group.items.map((item) => (item.kind === "group" ? compileGroup(item) : compileCondition(item)));
  return Prisma.sql`(${Prisma.join(parts, group.op === "and" ? " AND " : " OR ")})`;
}

/** The filter as a boolean SQL expression over `ct` (a "Contact" row). The filter must be parsed by segmentFilterSchema. */
export function compileSegment(filter: SegmentFilter): Prisma.Sql {
  return compileGroup(filter);
}
