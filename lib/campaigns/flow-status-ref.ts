import "server-only";
import { isDatabaseUnavailable } from "../db-errors";
import { pgPool } from "../db-pool";
import { GroupCommit } from "../group-commit";
import type { CampaignRecipientRef } from "./callback-data";

// The flow campaign recipient a delivery status belongs to. A flow's entries carry no callbackData, so its
// messages' statuses are attributed through the campaign name they carry (the flow's name, §5.7) and the customer:
// the most recently attempted recipient of a FLOW campaign with that flow name and that address
// (lib/connectly/flow-sendouts.ts, decision 9). Attempted, not accepted: a worker killed mid-request leaves the
// recipient UNKNOWN, and this status is what settles it.
//
// A flow campaign at 1,000 entries/s brings some 3,000 statuses a second, each needing this lookup before its
// group commit (apply-campaign-status.ts): concurrent lookups are grouped too, one statement per group (one probe
// of the flowName index, then of the (campaignId, address) unique index per campaign of that flow, per event),
// instead of a round trip and a statement per event competing with the worker's sends.

type Lookup = { flowName: string; phone: string | null; bsuidAddress: string | null };

const LOOKUP_SQL = `
SELECT i.ord::int AS ord, pick."campaignId", pick."recipientId"
FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS i(flow_name, phone, bsuid_address, ord)
CROSS JOIN LATERAL (
  SELECT r."campaignId", r.id AS "recipientId"
  FROM "Campaign" c
  JOIN "CampaignRecipient" r ON r."campaignId" = c.id AND r.address IN (i.phone, i.bsuid_address)
  WHERE c."flowName" = i.flow_name AND c.kind = 'FLOW' AND r."sendingAt" IS NOT NULL
  ORDER BY r."sendingAt" DESC
  LIMIT 1
) pick`;

async function lookUp(batch: Lookup[]): Promise<(CampaignRecipientRef | null)[]> {
  const { rows } = await pgPool().query<{ ord: number } & CampaignRecipientRef>(LOOKUP_SQL, [
    batch.map((l) => l.flowName),
    batch.map((l) => l.phone),
    batch.map((l) => l.bsuidAddress),
  ]);
  const found = new Map(rows.map((r) => [r.ord, { campaignId: r.campaignId, recipientId: r.recipientId }]));
  return batch.map((_, i) => found.get(i + 1) ?? null);
}

const globalForLookups = globalThis as unknown as {
  flowStatusLookups?: GroupCommit<Lookup, CampaignRecipientRef | null>;
};
const lookups = (globalForLookups.flowStatusLookups ??= new GroupCommit(lookUp, {
  maxBatch: 500,
  maxInFlight: 2, // reads: they take no locks, but still share the cores with the worker's sends
  isolate: (error) => !isDatabaseUnavailable(error),
}));

/** The flow campaign recipient of a status with this campaign name and customer, or null. */
export async function flowRecipientRef(
  campaignName: string | null,
  customer: { phone: string | null; bsuid: string | null },
): Promise<CampaignRecipientRef | null> {
  if (!campaignName || (!customer.phone && !customer.bsuid)) return null;
  return lookups.submit({
    flowName: campaignName,
    phone: customer.phone,
    bsuidAddress: customer.bsuid ? `bsuid:${customer.bsuid}` : null,
  });
}
