import "server-only";
import { Prisma } from "../generated/prisma/client";
import { compileAttributeCondition } from "./compile-attribute-condition";
import type { SegmentCondition, SegmentFilter, SegmentGroup } from "./schemas";

// The one compiler from a segment filter to SQL: a boolean expression over the contact row aliased `ct`
// (`SELECT … FROM "Contact" ct WHERE <expression>`). Every user value goes in as a bind parameter through
// Prisma.sql; only fixed SQL text written here is ever concatenated.

/** When a campaign send went out: the `sent` webhook's time, else when Connectly accepted it. */
const SEND_AT = Prisma.sql`COALESCE(r."sentAt", r."acceptedAt")`;

// Every condition is `ct.id IN (<uncorrelated subquery>)` (or NOT IN): PostgreSQL runs each subquery once and
// probes a hash of its contact ids, whatever the AND/OR/NOT around it, instead of one correlated lookup per
// contact (which OR and NOT would force). The subqueries never yield NULL (contactId is filtered or NOT NULL),
// so NOT IN means what it says. The hash must fit work_mem, which callers raise (count-segment.ts,
// withSegmentWorkMem). A one-campaign condition reads the covering index segment_recipient_send_idx
// (campaign, then contact and the engagement times): the campaign's sends without touching the table, except for
// clickedAt, kept out of every index so the report import's updates stay HOT (prisma/sql/segments.sql). An "any
// campaign" condition reads the per-contact sums instead (anyCampaign).

/**
 * A customer message (not a reaction) answered the send `r` within `hours`. "firstAnswerAt" is the first such
 * message at or after the send (kept by triggers, prisma/sql/segments.sql), so a message falls in
 * [send, send + hours) exactly when that first one does: a column test, not a message lookup per send.
 */
function answeredWithin(hours: number): Prisma.Sql {
  return Prisma.sql`r."firstAnswerAt" < ${SEND_AT} + make_interval(hours => ${hours}::int)`;
}

/** Not answered within `hours` (no answer at all, or a later one). */
function notAnsweredWithin(hours: number): Prisma.Sql {
  return Prisma.sql`(r."firstAnswerAt" IS NULL OR r."firstAnswerAt" >= ${SEND_AT} + make_interval(hours => ${hours}::int))`;
}

/**
 * Contacts with a send in the campaign meeting `where`. Every `where` below implies a send, delivery or read time
 * (all but "clicked"); spelled out, it is the predicate of the partial index segment_recipient_send_idx, which the
 * planner then uses. "clicked" alone (`indexed` false) may hold for a send with no time of ours (a click reported for
 * a send whose outcome we never learnt), and reads the campaign's rows from the table.
 */
function sends(campaignId: string, where: Prisma.Sql, indexed = true): Prisma.Sql {
  const predicate = indexed
    ? Prisma.sql`AND (r."sentAt" IS NOT NULL OR r."acceptedAt" IS NOT NULL OR r."deliveredAt" IS NOT NULL
      OR r."readAt" IS NOT NULL)`
    : Prisma.empty;
  return Prisma.sql`ct.id IN (SELECT r."contactId" FROM "CampaignRecipient" r WHERE r."contactId" IS NOT NULL
    ${predicate} AND r."campaignId" = ${campaignId} AND ${where})`;
}

/** Contacts whose sends, summed up per contact, meet `where` ("ContactEngagement" e: see anyCampaign). */
function summed(where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`ct.id IN (SELECT e."contactId" FROM "ContactEngagement" e WHERE ${where})`;
}

/**
 * "Any campaign": the contact has a send meeting the condition. Read from "ContactEngagement", one row per contact
 * with the number of its sends meeting each condition below (and answer delays for the reply window), kept by
 * triggers on "CampaignRecipient" (prisma/sql/segments.sql, segment_engagement_of: the same conditions per send,
 * change them together). One pass over at most one row per contact instead of a semi-join over every send.
 * "Answered within N hours" is firstAnswerAt < send + N h, i.e. the answer delay (ms) < N h: some send was
 * answered in time when the shortest delay is; some unquoted send was not when one has no answer or the longest
 * delay is at least N h.
 */
function anyCampaign(c: Extract<SegmentCondition, { kind: "campaign" }>): Prisma.Sql {
  const windowMs = BigInt(c.withinHours) * 3_600_000n;
  switch (c.engagement) {
    case "received":
      return summed(Prisma.sql`e.sent > 0`);
    case "delivered_not_read":
      return summed(Prisma.sql`e."deliveredNotRead" > 0`);
    case "read":
      return summed(Prisma.sql`e.read > 0`);
    case "replied":
      return summed(Prisma.sql`(e.quoted > 0 OR e."minAnswerMs" < ${windowMs})`);
    case "not_replied":
      return summed(Prisma.sql`(e."unquotedUnanswered" > 0 OR e."maxUnquotedAnswerMs" >= ${windowMs})`);
    case "read_not_replied":
      return summed(
        Prisma.sql`(e."readUnquotedUnanswered" > 0 OR e."maxReadUnquotedAnswerMs" >= ${windowMs})`,
      );
    case "clicked":
      return summed(Prisma.sql`e.clicked > 0`);
    case "not_clicked":
      return summed(Prisma.sql`e."sentNotClicked" > 0`);
    case "read_not_clicked":
      return summed(Prisma.sql`e."readNotClicked" > 0`);
  }
}

/**
 * A send got a reply: the customer quoted it (repliedAt, from the echoed callbackData) or wrote within the window
 * after it. Not replied = neither.
 */
function engagementOf(c: Extract<SegmentCondition, { kind: "campaign" }>): Prisma.Sql {
  const id = c.campaignId;
  if (!id) return anyCampaign(c);
  switch (c.engagement) {
    case "received":
      return sends(id, Prisma.sql`${SEND_AT} IS NOT NULL`);
    case "delivered_not_read":
      return sends(id, Prisma.sql`r."deliveredAt" IS NOT NULL AND r."readAt" IS NULL`);
    case "read":
      return sends(id, Prisma.sql`r."readAt" IS NOT NULL`);
    case "replied":
      return sends(
        id,
        Prisma.sql`${SEND_AT} IS NOT NULL AND (r."repliedAt" IS NOT NULL OR ${answeredWithin(c.withinHours)})`,
      );
    case "not_replied":
      return sends(
        id,
        Prisma.sql`${SEND_AT} IS NOT NULL AND r."repliedAt" IS NULL AND ${notAnsweredWithin(c.withinHours)}`,
      );
    case "read_not_replied":
      return sends(
        id,
        Prisma.sql`r."readAt" IS NOT NULL AND r."repliedAt" IS NULL AND ${notAnsweredWithin(c.withinHours)}`,
      );
    // Clicks come from Connectly's campaign report (lib/analytics/import-campaign-report.ts): a send that has not
    // been in a report yet counts as not clicked.
    case "clicked":
      return sends(id, Prisma.sql`r."clickedAt" IS NOT NULL`, false);
    case "not_clicked":
      return sends(id, Prisma.sql`${SEND_AT} IS NOT NULL AND r."clickedAt" IS NULL`);
    case "read_not_clicked":
      return sends(id, Prisma.sql`r."readAt" IS NOT NULL AND r."clickedAt" IS NULL`);
  }
}

function compileCondition(c: SegmentCondition): Prisma.Sql {
  switch (c.kind) {
    case "label": {
      const carriers = Prisma.sql`(SELECT xl."contactId" FROM "ContactLabel" xl WHERE xl."labelId" = ${c.labelId}
        UNION ALL SELECT lc."contactId" FROM "ConversationLabel" cl JOIN "Conversation" lc ON lc.id = cl."conversationId"
        WHERE cl."labelId" = ${c.labelId})`;
      return c.has ? Prisma.sql`ct.id IN ${carriers}` : Prisma.sql`ct.id NOT IN ${carriers}`;
    }
    case "optedOut":
      return Prisma.sql`ct."optedOut" = ${c.value}`;
    case "campaign":
      return engagementOf(c);
    case "neverWrote":
      return Prisma.sql`ct.id NOT IN (SELECT ic."contactId" FROM "Conversation" ic WHERE ic."lastInboundAt" IS NOT NULL)`;
    case "lastInbound": {
      const day = new Date(`${c.date}T00:00:00.000Z`);
      return c.op === "before"
        ? Prisma.sql`ct.id IN (SELECT ic."contactId" FROM "Conversation" ic WHERE ic."lastInboundAt" < ${day})`
        : Prisma.sql`ct.id IN (SELECT ic."contactId" FROM "Conversation" ic WHERE ic."lastInboundAt" >= ${day})`;
    }
    case "attribute":
      return compileAttributeCondition(c);
  }
}

function compileGroup(group: SegmentGroup): Prisma.Sql {
  // An empty group (the builder's starting point) matches everyone, whichever its operator.
  if (group.items.length === 0) return Prisma.sql`TRUE`;
  const parts = group.items.map((item) =>
    item.kind === "group" ? compileGroup(item) : compileCondition(item),
  );
  return Prisma.sql`(${Prisma.join(parts, group.op === "and" ? " AND " : " OR ")})`;
}

/** The filter as a boolean SQL expression over `ct` (a "Contact" row). The filter must be parsed by segmentFilterSchema. */
export function compileSegment(filter: SegmentFilter): Prisma.Sql {
  return compileGroup(filter);
}
