import "server-only";
import { db } from "../db";
import { importTarget, writeBatch } from "./import-audience";
import { getCampaignDetail, type CampaignDetailDto } from "./read-models";
import type { VariablesMapping } from "./schemas";

const PAGE = 1000;

/**
 * The user's answer to the review step's warning: numbers the phone metadata calls unassigned (but of a possible
 * length) join the audience after all. Each page of those rejected rows is claimed by deleting it (two clicks
 * cannot add a row twice) and goes through the import pipeline again, from the cells kept in the report, with
 * the mapping its import used; a row can still be left out for another reason (a duplicate, a missing variable).
 */
export async function acceptUnverifiedNumbers(
  campaignId: string,
): Promise<CampaignDetailDto & { accepted: number }> {
  const { variableNames, kind } = await importTarget(campaignId);
  const sources = await db.campaignAudienceSource.findMany({
    where: { campaignId, rejected: { some: { reason: "UNVERIFIED_NUMBER" } } },
    select: { id: true, mapping: true },
  });
  let accepted = 0;
  for (const source of sources) {
    const mapping = source.mapping as {
      variables: VariablesMapping;
      defaultCountry?: string | null;
      scheduledAtColumn?: string | null;
    };
    for (;;) {
      const rows = await db.$queryRaw<
        { rowNumber: number; value: string | null; cells: Record<string, string> }[]
      >`
        DELETE FROM "CampaignRejectedRow" WHERE id IN (
          SELECT id FROM "CampaignRejectedRow"
          WHERE "sourceId" = ${source.id} AND reason = 'UNVERIFIED_NUMBER'
          ORDER BY "rowNumber" LIMIT ${PAGE} FOR UPDATE SKIP LOCKED)
        RETURNING "rowNumber", value, cells`;
      if (rows.length === 0) break;
      rows.sort((a, b) => a.rowNumber - b.rowNumber);
      const result = await writeBatch(
        {
          campaignId,
          sourceId: source.id,
          kind,
          variableNames,
          mapping: mapping.variables,
          defaultCountry: mapping.defaultCountry ?? null,
          acceptUnverified: true,
          scheduledAtColumn: mapping.scheduledAtColumn ?? null,
        },
        rows.map((r) => ({ rowNumber: r.rowNumber, rawAddress: r.value ?? "", cells: r.cells })),
      );
      accepted += result.accepted;
      await db.campaignAudienceSource.update({
        where: { id: source.id },
        data: {
          acceptedRows: { increment: result.accepted },
          rejectedRows: { decrement: rows.length - result.rejected.length },
        },
        select: { id: true },
      });
    }
  }
  return { ...(await getCampaignDetail(campaignId)), accepted };
}
