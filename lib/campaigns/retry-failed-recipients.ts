import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { explainFailure } from "../analytics/explain-failure";
import { getCampaignDetail, type CampaignDetailDto } from "./read-models";
import type { RetryCampaignInput } from "./schemas";
import { isUniqueViolation } from "../db-errors";

/**
 * A linked retry run: a new campaign (parentId = this one) with only the recipients whose failure the error
 * catalogue calls retryable (a transient upstream error, a rate limit), started at once. Permanent failures
 * (invalid number, opted out) are never re-sent. UNKNOWN recipients may already have the message, so they
 * are included only when asked explicitly. One retry run per campaign (a unique parentId), so a double
 * click cannot send twice.
 */
export async function retryFailedRecipients(
  id: string,
  input: RetryCampaignInput,
  createdById: string | null,
): Promise<CampaignDetailDto> {
  const parent = await db.campaign.findUnique({
    where: { id },
    select: {
      name: true,
      upstreamName: true,
      status: true,
      templateName: true,
      templateLanguage: true,
      kind: true,
      flowName: true,
      flowVersion: true,
      flowVariables: true,
      templateCategory: true,
      templateComponents: true,
      sender: true,
      ratePerSecond: true,
      retryRun: { select: { id: true } },
    },
  });
  if (!parent) throw new AppError("NOT_FOUND", "This campaign does not exist.");
  if (parent.retryRun)
    throw new AppError("CONFLICT", "This campaign already has a retry run.", {
      retryRunId: parent.retryRun.id,
    });
  if (parent.status !== "COMPLETED" && parent.status !== "CANCELLED") {
    throw new AppError(
      "CONFLICT",
      "Retry failed recipients once the campaign has finished sending (or was cancelled).",
    );
  }

  const codes = await db.campaignRecipient.groupBy({
    by: ["errorCode"],
    where: { campaignId: id, state: "FAILED" },
  });
  const retryable = codes.flatMap((c) =>
    c.errorCode && explainFailure(c.errorCode, "FAILED").retryable ? [c.errorCode] : [],
  );
  const includeUnknown = input.includeUnknown === true;
  const count = await db.campaignRecipient.count({
    where: {
      campaignId: id,
      OR: [
        { state: "FAILED", errorCode: { in: retryable } },
        ...(includeUnknown ? [{ state: "UNKNOWN" as const }] : []),
      ],
    },
  });
  if (count === 0) {
    throw new AppError(
      "VALIDATION_FAILED",
      "Nothing to retry: no failure in this campaign is retryable (invalid numbers and opt-outs are permanent).",
    );
  }

  const newId = randomUUID();
  try {
    await db.$transaction(async (tx) => {
      await tx.campaign.create({
        data: {
          id: newId,
          name: `${parent.name} (retry)`,
          upstreamName: parent.upstreamName,
          status: "RUNNING",
          startedAt: new Date(),
          templateName: parent.templateName,
          kind: parent.kind,
          flowName: parent.flowName,
          flowVersion: parent.flowVersion,
          flowVariables: parent.flowVariables,
          templateLanguage: parent.templateLanguage,
          templateCategory: parent.templateCategory,
          templateComponents: parent.templateComponents ?? Prisma.JsonNull,
          sender: parent.sender,
          ratePerSecond: parent.ratePerSecond,
          parentId: id,
          createdById,
          statsDirty: true,
        },
        select: { id: true },
      });
      await tx.$executeRaw`
        INSERT INTO "CampaignRecipient" (id, "campaignId", address, phone, bsuid, country, "contactId", variables, "flowScheduledAt")
        SELECT gen_random_uuid()::text, ${newId}, r.address, r.phone, r.bsuid, r.country, r."contactId", r.variables, r."flowScheduledAt"
        FROM "CampaignRecipient" r
        WHERE r."campaignId" = ${id}
          AND ((r.state = 'FAILED' AND r."errorCode" = ANY(${retryable}::text[])) OR (${includeUnknown} AND r.state = 'UNKNOWN'))
        ORDER BY r.seq`;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", "This campaign already has a retry run.");
    }
    throw error;
  }
  await recordAuditEvent({
    actorId: createdById,
    action: "campaign.retry_started",
    targetType: "campaign",
    targetId: newId,
    targetLabel: `${parent.name} (retry)`,
    details: { parentId: id, parentName: parent.name, recipients: count, includeUnknown },
  });
  return getCampaignDetail(newId);
}
