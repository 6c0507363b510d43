import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { type Prisma } from "../generated/prisma/client";
import { getSegment, type SegmentDto } from "./read-models";
import type { CreateSegmentInput, UpdateSegmentInput } from "./schemas";
import { isUniqueViolation } from "../db-errors";

const MAX_SEGMENTS = 500;

function nameTaken(name: string) {
  return new AppError("CONFLICT", `A segment named "${name}" already exists.`, {
    issues: [{ path: "name", message: "already exists" }],
  });
}

/** A new saved segment; names are unique regardless of case. Audited. */
export async function createSegment(input: CreateSegmentInput, actorId: string): Promise<SegmentDto> {
  if ((await db.segment.count()) >= MAX_SEGMENTS)
    throw new AppError("CONFLICT", `There are already ${MAX_SEGMENTS} segments: delete one first.`);
  try {
    const id = await db.$transaction(async (tx) => {
      const row = await tx.segment.create({
        data: {
          name: input.name,
          nameKey: input.name.toLowerCase(),
          filter: input.filter as Prisma.InputJsonValue,
          createdById: actorId,
        },
        select: { id: true },
      });
      await recordAuditEvent(
        {
          action: "segment.created",
          targetType: "segment",
          targetId: row.id,
          targetLabel: input.name,
          details: { filter: input.filter },
        },
        tx,
      );
      return row.id;
    });
    return getSegment(id);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

/** Rename and/or change the filter. Audited with the filter before and after. */
export async function updateSegment(id: string, input: UpdateSegmentInput): Promise<SegmentDto> {
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.segment.findUnique({ where: { id }, select: { name: true, filter: true } });
      if (!before) throw new AppError("NOT_FOUND", "This segment does not exist.");
      await tx.segment.update({
        where: { id },
        data: {
          ...(input.name !== undefined ? { name: input.name, nameKey: input.name.toLowerCase() } : {}),
          ...(input.filter !== undefined ? { filter: input.filter as Prisma.InputJsonValue } : {}),
        },
        select: { id: true },
      });
      await recordAuditEvent(
        {
          action: "segment.updated",
          targetType: "segment",
          targetId: id,
          targetLabel: input.name ?? before.name,
          details: { before, after: input },
        },
        tx,
      );
    });
    return getSegment(id);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name ?? "");
    throw error;
  }
}

/** Deletes a segment. Campaigns already launched to it keep their recipients; a draft's planned source is removed. */
export async function deleteSegment(id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.segment.findUnique({ where: { id }, select: { name: true } });
    if (!row) throw new AppError("NOT_FOUND", "This segment does not exist.");
    await tx.$executeRaw`DELETE FROM "CampaignAudienceSource" WHERE kind = 'SEGMENT' AND status = 'PLANNED' AND filter->>'segmentId' = ${id}`;
    await tx.segment.delete({ where: { id }, select: { id: true } });
    await recordAuditEvent(
      { action: "segment.deleted", targetType: "segment", targetId: id, targetLabel: row.name },
      tx,
    );
  });
}
