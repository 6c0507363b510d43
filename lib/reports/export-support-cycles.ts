import "server-only";
import { copyCsvStream } from "../csv-export/copy-csv-stream";
import { Prisma } from "../generated/prisma/client";
import { rangeBounds, resolveRange } from "./get-support-report";
import type { SupportReportQuery } from "./schemas";
import { getSlaPolicy } from "./sla-targets";

// Every support cycle opened in the range as CSV (streamed by PostgreSQL's COPY): one row per stretch of a
// conversation, with its times in the viewer's time zone, durations in seconds and the SLA verdicts of the
// report (lib/reports/sla.ts; business-time durations when the workspace counts SLA in business hours, then
// labelled so: first_response_business_seconds …). csat_score: the customer's answer to the survey sent when the
// cycle was resolved (requested within an hour of the resolution). Names pass through analytics_csv_safe (no
// spreadsheet formulas).

const local = (column: string, tz: string) =>
  Prisma.sql`to_char(${Prisma.raw(column)} AT TIME ZONE ${tz}, 'YYYY-MM-DD HH24:MI:SS')`;

export async function exportSupportCycles(
  query: SupportReportQuery,
  options: { connectionString?: string; now?: Date } = {},
): Promise<{ fileName: string; stream: ReadableStream<Uint8Array> }> {
  const range = resolveRange(query);
  const { tz } = range;
  const policy = await getSlaPolicy();
  const targets = policy.targets;
  const business = policy.businessHours !== null;
  const cfg = JSON.stringify(policy.businessHours ?? {});
  const now = options.now ?? new Date();
  const nowIso = now.toISOString();
  const frt = targets.firstResponseMinutes;
  const res = targets.resolutionHours;
  const durations = business
    ? Prisma.sql`round(s."firstResponseBusinessSeconds")::bigint AS first_response_business_seconds,
        round(s."resolutionBusinessSeconds")::bigint AS resolution_business_seconds,`
    : Prisma.sql`round(EXTRACT(EPOCH FROM s."firstResponseAt" - s."openedAt"))::bigint AS first_response_seconds,
        round(EXTRACT(EPOCH FROM s."resolvedAt" - s."openedAt"))::bigint AS resolution_seconds,`;
  // SLA time to done, or to now while not done (the report's rule).
  const slaSeconds = (done: string, stored: string) =>
    business
      ? Prisma.sql`COALESCE(s.${Prisma.raw(stored)}, support_business_seconds(s."openedAt", ${nowIso}::timestamptz, ${cfg}::jsonb))`
      : Prisma.sql`EXTRACT(EPOCH FROM COALESCE(s.${Prisma.raw(done)}, ${nowIso}::timestamptz) - s."openedAt")`;
  const stream = await copyCsvStream({
    applicationName: "support-export",
    connectionString: options.connectionString,
    prepare: async () => Prisma.sql`
      WITH b AS (${rangeBounds(range)})
      SELECT s."conversationId" AS conversation_id, analytics_csv_safe(ct.name) AS customer, ct.phone, ct.bsuid,
        ${local('s."openedAt"', tz)} AS opened_at, ${local('s."firstResponseAt"', tz)} AS first_response_at,
        analytics_csv_safe(fr.name) AS first_responder, ${local('s."resolvedAt"', tz)} AS resolved_at,
        analytics_csv_safe(asg.name) AS assignee,
        ${durations}
        CASE WHEN ${frt}::int IS NULL THEN NULL
             WHEN ${slaSeconds('"firstResponseAt"', '"firstResponseBusinessSeconds"')} > ${frt}::int * 60 THEN 'yes' ELSE 'no' END
          AS first_response_breached,
        CASE WHEN ${res}::int IS NULL THEN NULL
             WHEN ${slaSeconds('"resolvedAt"', '"resolutionBusinessSeconds"')} > ${res}::int * 3600 THEN 'yes' ELSE 'no' END
          AS resolution_breached,
        (SELECT q.score FROM "CsatSurvey" q WHERE q."conversationId" = s."conversationId" AND s."resolvedAt" IS NOT NULL
           AND q."requestedAt" >= (s."resolvedAt" - interval '1 minute') AT TIME ZONE 'UTC'
           AND q."requestedAt" < (s."resolvedAt" + interval '1 hour') AT TIME ZONE 'UTC'
         ORDER BY q."requestedAt" LIMIT 1) AS csat_score,
        s."inboundCount" AS customer_messages
      FROM "SupportCycle" s CROSS JOIN b
      JOIN "Conversation" c ON c.id = s."conversationId" JOIN "Contact" ct ON ct.id = c."contactId"
      LEFT JOIN "User" fr ON fr.id = s."firstResponderId" LEFT JOIN "User" asg ON asg.id = s."assigneeId"
      WHERE s."openedAt" >= b.lo AND s."openedAt" < b.hi
        ${query.agentId ? Prisma.sql`AND s."assigneeId" = ${query.agentId}` : Prisma.empty}
      ORDER BY s."openedAt", s.id`,
  });
  return { fileName: `support-${range.from}-to-${range.to}.csv`, stream };
}
