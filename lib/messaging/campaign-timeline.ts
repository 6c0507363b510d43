import "server-only";
import { campaignRecipientRef } from "../campaigns/callback-data";
import { renderPreview } from "../campaigns/render-preview";
import { toParameters } from "../campaigns/resolve-variables";
import { explainUpstreamError } from "../connectly/error-catalogue";
import { templateVariables, type TemplateComponent } from "../connectly/template-components";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { MessageDto, QuotedMessageDto } from "./read-models";
import { iso } from "../format/date-time";

// Campaign sends in the customer's thread. A campaign send is NOT copied into "Message": the recipient row
// already holds everything the bubble needs (upstream id, stage timestamps, error, variables; the campaign
// holds the template snapshot), so the 1,000 msg/s worker and the webhook status batches write exactly what
// they wrote before, and no conversation row exists until the customer answers (the inbox lists stay
// clean). The thread reads the contact's recipient rows (index on contactId) for the stretch of time a page
// of messages covers and merges them in by time; replies find the send they quote through the recipient's
// unique upstream id, or the campaign callbackData Connectly echoes on replies.

/** Thread ids of campaign sends: never a Message id, so no message action (retry, cursor) can take one. */
const CAMPAIGN_SEND_PREFIX = "campaign-send-";

type SendRow = {
  id: string;
  state: string;
  upstreamId: string | null;
  variables: Record<string, string>;
  errorCode: string | null;
  errorDetail: { message?: string; type?: string; cntTraceId?: string } | null;
  at: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  failedAt: Date | null;
  repliedAt: Date | null;
  campaignId: string;
  campaignName: string;
  templateName: string | null;
  templateLanguage: string | null;
  templateComponents: TemplateComponent[] | null;
};

const STATUS: Record<string, MessageDto["status"]> = {
  SENDING: "QUEUED",
  UNKNOWN: "QUEUED",
  SENT: "SENT",
  FAILED: "FAILED",
  DELIVERED: "DELIVERED",
  READ: "READ",
};

// The time a send happened: accepted upstream, else claimed by the worker (in flight, or died mid-request).
const SEND_AT = Prisma.sql`COALESCE(r."acceptedAt", r."sendingAt", r."failedAt")`;

function sendsQuery(where: Prisma.Sql, limit: number): Promise<SendRow[]> {
  return db.$queryRaw<SendRow[]>`
    SELECT r.id, r.state::text AS state, r."upstreamId", r.variables, r."errorCode", r."errorDetail", ${SEND_AT} AS at,
      r."sentAt", r."deliveredAt", r."readAt", r."failedAt", r."repliedAt",
      c.id AS "campaignId", c.name AS "campaignName", c."templateName", c."templateLanguage", c."templateComponents"
    FROM "CampaignRecipient" r
    JOIN "Campaign" c ON c.id = r."campaignId"
    WHERE r.state NOT IN ('PENDING', 'SKIPPED') AND ${SEND_AT} IS NOT NULL AND ${where}
    ORDER BY at ASC, r.id ASC
    LIMIT ${limit}`;
}

/** The template content as the inbox's template bubble reads it (name, language, parameters, components snapshot). */
function contentOf(row: SendRow) {
  const components = row.templateComponents ?? [];
  return {
    templateName: row.templateName,
    language: row.templateLanguage,
    parameters: toParameters(templateVariables(components), row.variables),
    components,
  };
}

function toSendDto(row: SendRow, conversationId: string): MessageDto {
  return {
    id: `${CAMPAIGN_SEND_PREFIX}${row.id}`,
    conversationId,
    direction: "OUTBOUND",
    kind: "template",
    text: `[template] ${row.templateName ?? ""}`.trim(),
    content: contentOf(row),
    status: STATUS[row.state] ?? null,
    error: row.errorCode
      ? {
          ...explainUpstreamError({
            code: row.errorCode,
            message: row.errorDetail?.message,
            type: row.errorDetail?.type,
          }),
          traceId: row.errorDetail?.cntTraceId ?? null,
        }
      : null,
    templateName: row.templateName,
    campaignName: row.campaignName,
    campaignId: row.campaignId,
    author: null,
    replyTo: null,
    retryOfId: null,
    retriedById: null,
    createdAt: row.at.toISOString(),
    sentAt: iso(row.sentAt),
    deliveredAt: iso(row.deliveredAt),
    readAt: iso(row.readAt),
    failedAt: iso(row.failedAt),
  };
}

/** The contact's campaign sends in [from, before) (open ends when absent), oldest first. */
export async function campaignSendsInThread(
  conversationId: string,
  contactId: string,
  range: { from?: Date; before?: Date },
): Promise<MessageDto[]> {
  const conditions = [Prisma.sql`r."contactId" = ${contactId}`];
  if (range.from) conditions.push(Prisma.sql`${SEND_AT} >= ${range.from}`);
  if (range.before) conditions.push(Prisma.sql`${SEND_AT} < ${range.before}`);
  const rows = await sendsQuery(Prisma.join(conditions, " AND "), 500);
  return rows.map((row) => toSendDto(row, conversationId));
}

function toQuoted(row: SendRow): QuotedMessageDto {
  const preview = renderPreview(row.templateComponents ?? [], row.variables);
  return {
    id: `${CAMPAIGN_SEND_PREFIX}${row.id}`,
    direction: "OUTBOUND",
    kind: "template",
    text: preview.body || (preview.header?.kind === "text" ? preview.header.text : null),
    content: { ...contentOf(row), campaignName: row.campaignName },
  };
}

/**
 * Campaign sends quoted by replies: by the replied-to upstream id (context.replyToId), and, for replies that
 * carry only the echoed callbackData, by recipient id. Keys: the upstream id, or `callback:<recipientId>`.
 */
export async function quotedCampaignSends(
  upstreamIds: string[],
  callbackData: unknown[],
): Promise<Map<string, QuotedMessageDto>> {
  const recipientIds = callbackData.flatMap((data) => {
    const ref = campaignRecipientRef(data);
    return ref ? [ref.recipientId] : [];
  });
  if (upstreamIds.length === 0 && recipientIds.length === 0) return new Map();
  const rows = await sendsQuery(
    Prisma.sql`(r."upstreamId" = ANY(${upstreamIds}::text[]) OR r.id = ANY(${recipientIds}::text[]))`,
    upstreamIds.length + recipientIds.length,
  );
  const quoted = new Map<string, QuotedMessageDto>();
  for (const row of rows) {
    const dto = toQuoted(row);
    if (row.upstreamId) quoted.set(row.upstreamId, dto);
    quoted.set(`callback:${row.id}`, dto);
  }
  return quoted;
}

/** The key quotedCampaignSends files a reply's echoed campaign callbackData under, or null. */
export function callbackQuoteKey(callbackData: unknown): string | null {
  const ref = campaignRecipientRef(callbackData);
  return ref ? `callback:${ref.recipientId}` : null;
}

export type ContactCampaignDto = {
  id: string;
  campaignId: string | null;
  campaignName: string;
  templateName: string | null;
  status: MessageDto["status"];
  /** SKIPPED and UNKNOWN included: the panel says what happened, not only the ticks. */
  state: string;
  errorTitle: string | null;
  repliedAt: string | null;
  createdAt: string;
};

/** The contact's latest campaign sends, newest first, with their outcome (the contact panel). */
export async function contactCampaigns(contactId: string, limit: number): Promise<ContactCampaignDto[]> {
  const rows = await db.$queryRaw<
    {
      id: string;
      state: string;
      errorTitle: string | null;
      repliedAt: Date | null;
      at: Date;
      campaignId: string;
      campaignName: string;
      templateName: string | null;
    }[]
  >`
    SELECT r.id, r.state::text AS state, r."errorTitle", r."repliedAt", COALESCE(${SEND_AT}, r."createdAt") AS at,
      c.id AS "campaignId", c.name AS "campaignName", c."templateName"
    FROM "CampaignRecipient" r
    JOIN "Campaign" c ON c.id = r."campaignId"
    WHERE r."contactId" = ${contactId} AND (r.state <> 'PENDING' OR c.status IN ('RUNNING', 'PAUSED', 'SCHEDULED'))
    ORDER BY at DESC, r.id DESC
    LIMIT ${limit}`;
  return rows.map((r) => ({
    id: `${CAMPAIGN_SEND_PREFIX}${r.id}`,
    campaignId: r.campaignId,
    campaignName: r.campaignName,
    templateName: r.templateName,
    status: STATUS[r.state] ?? null,
    state: r.state,
    errorTitle: r.errorTitle,
    repliedAt: iso(r.repliedAt),
    createdAt: r.at.toISOString(),
  }));
}
