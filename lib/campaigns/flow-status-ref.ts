import "server-only";
import { db } from "../db";
import type { CampaignRecipientRef } from "./callback-data";

/**
 * The flow campaign recipient a delivery status belongs to, or null. A flow's entries carry no callbackData, so
 * its messages' statuses are attributed through the campaign name they carry (the flow's name, §5.7) and the
 * customer: the most recently attempted recipient of a FLOW campaign with that flow name and that address
 * (lib/connectly/flow-sendouts.ts, decision 9). Attempted, not accepted: a worker killed mid-request leaves the
 * recipient UNKNOWN, and this status is what settles it. One probe of the flowName index, then of the
 * (campaignId, address) unique index per campaign of that flow.
 */
export async function flowRecipientRef(
  campaignName: string | null,
  customer: { phone: string | null; bsuid: string | null },
): Promise<CampaignRecipientRef | null> {
  if (!campaignName) return null;
  const addresses = [customer.phone, customer.bsuid ? `bsuid:${customer.bsuid}` : null].filter(
    (a): a is string => a !== null,
  );
  if (addresses.length === 0) return null;
  const rows = await db.$queryRaw<{ campaignId: string; recipientId: string }[]>`
    SELECT r."campaignId", r.id AS "recipientId"
    FROM "Campaign" c
    JOIN "CampaignRecipient" r ON r."campaignId" = c.id AND r.address = ANY(${addresses}::text[])
    WHERE c."flowName" = ${campaignName} AND c.kind = 'FLOW' AND r."sendingAt" IS NOT NULL
    ORDER BY r."sendingAt" DESC
    LIMIT 1`;
  return rows[0] ?? null;
}
