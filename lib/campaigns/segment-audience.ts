import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { compileSegment } from "../segments/compile-segment";
import { countSegment, withSegmentWorkMem, type SegmentCount } from "../segments/count-segment";
import { storedFilter } from "../segments/read-models";
import type { SegmentFilter } from "../segments/schemas";
import {
  contactCandidates,
  createSource,
  importCandidates,
  importTarget,
  type ImportSummary,
} from "./import-audience";
import type { SegmentAudienceInput } from "./schemas";

// A saved segment as a campaign audience. Choosing it in the builder only plans it (a PLANNED source holding the
// segment id and the variable mapping; the review step counts it live); the recipients are picked when the
// campaign is launched, through the same import pipeline as contacts and CSVs, so opt-outs, duplicates and
// variables are checked exactly as for any other audience.

async function segmentFilter(segmentId: string): Promise<{ name: string; filter: SegmentFilter }> {
  const segment = await db.segment.findUnique({
    where: { id: segmentId },
    select: { name: true, filter: true },
  });
  if (!segment) {
    throw new AppError("VALIDATION_FAILED", "Invalid audience: segmentId: no segment has this id", {
      issues: [{ path: "segmentId", message: "no segment has this id" }],
    });
  }
  return { name: segment.name, filter: storedFilter(segment.filter) };
}

/** The builder's count of a segment (dry run). */
export async function previewSegmentAudience(segmentId: string): Promise<SegmentCount> {
  return countSegment((await segmentFilter(segmentId)).filter);
}

/** Plans the segment as (part of) the draft's audience; planning the same segment again replaces its mapping. */
export async function planSegmentAudience(
  campaignId: string,
  input: SegmentAudienceInput,
): Promise<{ sourceId: string; count: SegmentCount }> {
  await importTarget(campaignId, input.variables);
  const segment = await segmentFilter(input.segmentId);
  await db.$executeRaw`DELETE FROM "CampaignAudienceSource"
    WHERE "campaignId" = ${campaignId} AND kind = 'SEGMENT' AND status = 'PLANNED' AND filter->>'segmentId' = ${input.segmentId}`;
  const sourceId = await createSource({
    campaignId,
    kind: "SEGMENT",
    status: "PLANNED",
    fileName: segment.name,
    filter: { segmentId: input.segmentId, segmentName: segment.name } as Prisma.InputJsonValue,
    mapping: { variables: input.variables } as Prisma.InputJsonValue,
  });
  return { sourceId, count: await countSegment(segment.filter) };
}

/** Live counts of a draft's planned segments (the review step). */
export async function plannedSegmentCounts(campaignId: string): Promise<Record<string, SegmentCount>> {
  const planned = await db.campaignAudienceSource.findMany({
    where: { campaignId, status: "PLANNED" },
    select: { id: true, filter: true },
  });
  const out: Record<string, SegmentCount> = {};
  for (const source of planned) {
    const segmentId = (source.filter as { segmentId?: string } | null)?.segmentId;
    const segment = segmentId
      ? await db.segment.findUnique({ where: { id: segmentId }, select: { filter: true } })
      : null;
    out[source.id] = segment
      ? await countSegment(storedFilter(segment.filter))
      : { matching: 0, optedOut: 0, sample: [] };
  }
  return out;
}

function segmentCandidates(filter: SegmentFilter) {
  const where = compileSegment(filter);
  return contactCandidates((afterId, size) =>
    withSegmentWorkMem(
      (tx) => tx.$queryRaw<{ id: string; name: string | null; phone: string | null; bsuid: string | null }[]>`
        SELECT ct.id, ct.name, ct.phone, ct.bsuid FROM "Contact" ct
        WHERE ${where} AND ct.id > ${afterId} ORDER BY ct.id LIMIT ${size}`,
    ),
  );
}

/**
 * At launch: each planned segment of the campaign becomes recipients (claimed PLANNED → IMPORTING first, so two
 * launch clicks import it once). Opted-out contacts are rejected as OPTED_OUT, as in every import.
 */
export async function materializeSegmentAudiences(campaignId: string): Promise<ImportSummary[]> {
  const planned = await db.campaignAudienceSource.findMany({
    where: { campaignId, status: "PLANNED" },
    select: { id: true, filter: true, mapping: true },
    orderBy: { createdAt: "asc" },
  });
  if (planned.length === 0) return [];
  const { variableNames, kind } = await importTarget(campaignId);
  const summaries: ImportSummary[] = [];
  for (const source of planned) {
    const claimed = await db.campaignAudienceSource.updateMany({
      where: { id: source.id, status: "PLANNED" },
      data: { status: "IMPORTING" },
    });
    if (claimed.count === 0) continue;
    try {
      const segmentId = (source.filter as { segmentId?: string } | null)?.segmentId ?? "";
      const { filter } = await segmentFilter(segmentId);
      const mapping =
        (source.mapping as { variables?: SegmentAudienceInput["variables"] } | null)?.variables ?? {};
      summaries.push(
        await importCandidates({
          campaignId,
          sourceId: source.id,
          kind,
          variableNames,
          mapping,
          defaultCountry: null,
          rows: segmentCandidates(filter),
        }),
      );
    } catch (error) {
      // Back to planned with nothing half-imported: the recipients written so far go, and the user can launch again.
      await db.campaignRecipient.deleteMany({ where: { sourceId: source.id } });
      await db.campaignRejectedRow.deleteMany({ where: { sourceId: source.id } });
      await db.campaignAudienceSource.update({
        where: { id: source.id },
        data: { status: "PLANNED" },
        select: { id: true },
      });
      throw error;
    }
  }
  return summaries;
}
