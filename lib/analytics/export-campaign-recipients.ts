import "server-only";
import type pg from "pg";
import { AppError } from "../app-error";
import { templateVariables, type TemplateComponent } from "../connectly/template-components";
import { db } from "../db";
import { copyCsvStream } from "../csv-export/copy-csv-stream";
import { Prisma } from "../generated/prisma/client";
import { explainFailure } from "./explain-failure";
import { recipientQuery } from "./recipient-query";
import type { RecipientFilter } from "./schemas";

// The recipient table as CSV, streamed by PostgreSQL's COPY (lib/csv-export/copy-csv-stream.ts) in one snapshot
// shared with the lookup of failure codes, so the file is consistent while webhooks keep changing statuses.

export type RecipientExport = { fileName: string; stream: ReadableStream<Uint8Array> };

const iso = (column: string) =>
  Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

export async function exportCampaignRecipients(
  campaignId: string,
  filter: RecipientFilter,
  options: { connectionString?: string } = {},
): Promise<RecipientExport> {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: { name: true, templateComponents: true },
  });
  if (!campaign) throw new AppError("NOT_FOUND", "This campaign does not exist.");
  const variableNames = await variableColumns(
    campaignId,
    (campaign.templateComponents ?? []) as unknown as TemplateComponent[],
  );

  const stream = await copyCsvStream({
    applicationName: "analytics-export",
    connectionString: options.connectionString,
    prepare: async (client) => {
      const codes = await client.query<{ value: string; state: string }>(
        `SELECT DISTINCT value, state FROM "AnalyticsCampaignBreakdown" WHERE "campaignId" = $1 AND dimension = 'error' AND count <> 0`,
        [campaignId],
      );
      return exportSelect(campaignId, filter, variableNames, codes.rows, client);
    },
  });
  return { fileName: fileName(campaign.name), stream };
}

function exportSelect(
  campaignId: string,
  filter: RecipientFilter,
  variableNames: string[],
  codes: { value: string; state: string }[],
  client: pg.Client,
): Prisma.Sql {
  // The error catalogue's words for each code this campaign has, as a table to join.
  const pairs = new Map(
    [...codes, { value: "", state: "FAILED" }, { value: "", state: "UNKNOWN" }].map((c) => [
      `${c.state}|${c.value}`,
      c,
    ]),
  );
  const reasons = [...pairs.values()].map((c) => {
    const reason = explainFailure(c.value, c.state);
    return Prisma.sql`(${c.value}, ${c.state}, ${reason.code}, ${reason.title}, ${reason.retryable ? "yes" : "no"})`;
  });
  const variables = variableNames.map(
    (name) =>
      Prisma.sql`analytics_csv_safe(r.variables ->> ${name}) AS ${Prisma.raw(client.escapeIdentifier(`var_${name}`))}`,
  );
  const columns = Prisma.sql`
    COALESCE(r.phone, CASE WHEN r.bsuid IS NULL THEN r.address END) AS phone, r.bsuid, r.country, r.state::text AS status,
    r."skipReason" AS skip_reason, ${iso('r."acceptedAt"')} AS accepted_at, ${iso('r."sentAt"')} AS sent_at,
    ${iso('r."deliveredAt"')} AS delivered_at, ${iso('r."readAt"')} AS read_at, ${iso('r."failedAt"')} AS failed_at,
    ${iso('ar."repliedAt"')} AS replied_at, ${iso('r."clickedAt"')} AS clicked_at, r."buttonClicks" AS button_clicks,
    r."linkClicks" AS link_clicks, ${iso('r."optOutAt"')} AS opted_out_at,
    reason.code AS error_code, reason.title AS error_reason, reason.retryable
    ${variables.length > 0 ? Prisma.sql`, ${Prisma.join(variables)}` : Prisma.empty}`;
  return Prisma.sql`
    WITH reasons (stored, state, code, title, retryable) AS (VALUES ${Prisma.join(reasons)})
    ${recipientQuery(campaignId, filter, {
      columns,
      join: Prisma.sql`LEFT JOIN reasons reason ON reason.stored = COALESCE(r."errorCode", '') AND reason.state = r.state::text`,
    })}`;
}

/** The template's variables, plus any other key the first recipient carries (an older template version). */
async function variableColumns(campaignId: string, components: TemplateComponent[]): Promise<string[]> {
  const names = new Set(templateVariables(components));
  const first = await db.$queryRaw<{ variables: unknown }[]>`
    SELECT variables FROM "CampaignRecipient" WHERE "campaignId" = ${campaignId} ORDER BY seq LIMIT 1`;
  const sample = first[0]?.variables;
  if (sample && typeof sample === "object" && !Array.isArray(sample))
    for (const key of Object.keys(sample)) names.add(key);
  return [...names];
}

function fileName(campaignName: string): string {
  const slug =
    campaignName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "campaign";
  return `${slug}-recipients-${new Date().toISOString().slice(0, 10)}.csv`;
}
