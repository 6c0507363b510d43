import "server-only";
import type { RecipientState } from "../campaigns/states";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { explainFailure, type FailureReason } from "./explain-failure";
import { getCampaignRef } from "./read-models";
import { RECIPIENT_COLUMNS, recipientQuery } from "./recipient-query";
import type { RecipientListQuery } from "./schemas";
import { iso } from "../format/date-time";

export type RecipientRowDto = {
  id: string;
  seq: number;
  address: string;
  phone: string | null;
  bsuid: string | null;
  country: string | null;
  state: RecipientState;
  skipReason: string | null;
  /** Why it failed (FAILED) or may not have gone out (UNKNOWN). */
  error: FailureReason | null;
  variables: Record<string, string>;
  acceptedAt: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  failedAt: string | null;
  /** First message from the customer within 24 hours of delivery. */
  repliedAt: string | null;
  /** From Connectly's campaign report: the first click, the button and link clicks, the opt-out. */
  clickedAt: string | null;
  buttonClicks: number;
  linkClicks: number;
  optOutAt: string | null;
};

export type RecipientPageDto = { recipients: RecipientRowDto[]; nextCursor: number | null };

type Row = Omit<RecipientRowDto, "error" | "variables" | `${string}At`> & {
  errorCode: string | null;
  variables: unknown;
  acceptedAt: Date | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  failedAt: Date | null;
  repliedAt: Date | null;
  clickedAt: Date | null;
  optOutAt: Date | null;
};

/** One page of a campaign's recipients (keyset on the claim order), filtered like the CSV export. */
export async function listCampaignRecipients(
  campaignId: string,
  query: RecipientListQuery,
): Promise<RecipientPageDto> {
  await getCampaignRef(campaignId);
  const rows = await db.$queryRaw<Row[]>(
    recipientQuery(campaignId, query, {
      columns: Prisma.sql`${RECIPIENT_COLUMNS}, r.variables`,
      cursor: query.cursor,
      limit: query.limit + 1,
    }),
  );
  const page = rows.slice(0, query.limit);
  return {
    recipients: page.map(({ errorCode, variables, ...r }) => ({
      ...r,
      error: r.state === "FAILED" || r.state === "UNKNOWN" ? explainFailure(errorCode, r.state) : null,
      variables: (variables ?? {}) as Record<string, string>,
      acceptedAt: iso(r.acceptedAt),
      sentAt: iso(r.sentAt),
      deliveredAt: iso(r.deliveredAt),
      readAt: iso(r.readAt),
      failedAt: iso(r.failedAt),
      repliedAt: iso(r.repliedAt),
      clickedAt: iso(r.clickedAt),
      optOutAt: iso(r.optOutAt),
    })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.seq ?? null) : null,
  };
}
