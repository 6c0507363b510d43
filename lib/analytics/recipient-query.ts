import "server-only";
import { Prisma } from "../generated/prisma/client";
import { NO_ERROR_CODE } from "./read-models";
import type { RecipientFilter } from "./schemas";
import { containsPattern, trigramProbe } from "../trigram-search";

// The one SELECT behind the recipient table and its CSV export, so both always show the same set. Keyset
// order is the claim order (seq); each filter has an index: (campaignId, seq), (campaignId, state, seq),
// (campaignId, errorCode, seq) and, for REPLIED, AnalyticsReply (campaignId, seq); CLICKED (from the imported
// campaign report) walks (campaignId, seq) and keeps the clicked rows.

export const RECIPIENT_COLUMNS = Prisma.sql`
  r.id, r.seq, r.address, r.phone, r.bsuid, r.country, r.state::text AS state, r."skipReason", r."errorCode",
  r."acceptedAt", r."sentAt", r."deliveredAt", r."readAt", r."failedAt", ar."repliedAt",
  r."clickedAt", r."buttonClicks", r."linkClicks", r."optOutAt"`;

/** A trigram index finds nothing shorter. */
const TRIGRAM = 3;

/**
 * Phone-like input ("+44 7700-900 123") is matched digit by digit against the address; anything else against the
 * address and the variables' values (a row whose variables are not an object has none: one odd row must not fail
 * the search). From three characters on, the recipient's search row (address and values in one
 * trigram-indexed text, prisma/sql/recipient-search.sql) narrows the campaign's rows first, probed with the search's
 * rare part (trigramProbe), so a rare value (an order number) is found without reading every recipient; the row
 * itself is still checked against the whole search, so the result is the same.
 */
function searchCondition(campaignId: string, q: string): Prisma.Sql {
  const phone = /^[+\d\s().-]+$/.test(q) && /\d/.test(q);
  const term = phone ? q.replace(/[^\d+]/g, "") : q;
  const pattern = containsPattern(term);
  const exact = phone
    ? Prisma.sql`r.address LIKE ${pattern}`
    : Prisma.sql`(r.address ILIKE ${pattern}
    OR EXISTS (SELECT 1 FROM jsonb_each_text(CASE WHEN jsonb_typeof(r.variables) = 'object' THEN r.variables
      ELSE '{}'::jsonb END) AS v WHERE v.value ILIKE ${pattern}))`;
  if (term.length < TRIGRAM) return exact;
  const probe = containsPattern(trigramProbe(term, { digitsOnly: phone }));
  const indexed = phone ? Prisma.sql`s.text LIKE ${probe}` : Prisma.sql`s.text ILIKE ${probe}`;
  return Prisma.sql`r.id IN (SELECT s."recipientId" FROM "CampaignRecipientSearch" s
    WHERE s."campaignId" = ${campaignId} AND ${indexed}) AND ${exact}`;
}

export function recipientQuery(
  campaignId: string,
  filter: RecipientFilter,
  options: { columns: Prisma.Sql; join?: Prisma.Sql; cursor?: number; limit?: number },
): Prisma.Sql {
  const replied = filter.status === "REPLIED";
  const conditions: Prisma.Sql[] = [
    replied ? Prisma.sql`ar."campaignId" = ${campaignId}` : Prisma.sql`r."campaignId" = ${campaignId}`,
  ];
  if (filter.status === "CLICKED") conditions.push(Prisma.sql`r."clickedAt" IS NOT NULL`);
  else if (filter.status && !replied)
    conditions.push(Prisma.sql`r.state = ${filter.status}::"CampaignRecipientState"`);
  if (filter.error === NO_ERROR_CODE) {
    conditions.push(Prisma.sql`r."errorCode" IS NULL AND r.state IN ('FAILED', 'UNKNOWN')`);
  } else if (filter.error) {
    conditions.push(Prisma.sql`r."errorCode" = ${filter.error}`);
  }
  if (filter.q) conditions.push(searchCondition(campaignId, filter.q));
  const seq = replied ? Prisma.sql`ar.seq` : Prisma.sql`r.seq`;
  if (options.cursor !== undefined) conditions.push(Prisma.sql`${seq} > ${options.cursor}`);
  const from = replied
    ? Prisma.sql`"AnalyticsReply" ar JOIN "CampaignRecipient" r ON r.id = ar."recipientId"`
    : Prisma.sql`"CampaignRecipient" r LEFT JOIN "AnalyticsReply" ar ON ar."recipientId" = r.id`;
  return Prisma.sql`
    SELECT ${options.columns} FROM ${from} ${options.join ?? Prisma.empty}
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY ${seq}
    ${options.limit !== undefined ? Prisma.sql`LIMIT ${options.limit}` : Prisma.empty}`;
}
