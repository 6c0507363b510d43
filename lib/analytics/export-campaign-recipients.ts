import "server-only";
import pg from "pg";
import { AppError } from "../api/errors";
import { templateVariables, type TemplateComponent } from "../connectly/template-components";
import { db } from "../db";
import { env } from "../env";
import { Prisma } from "../generated/prisma/client";
import { explainFailure } from "./explain-failure";
import { recipientQuery } from "./recipient-query";
import type { RecipientFilter } from "./schemas";

// The recipient table as CSV, written by PostgreSQL itself (COPY … TO STDOUT, FORMAT csv) and streamed to the
// HTTP response as it comes: memory stays flat for a million rows, and when the download is slower than the
// database, reading from the database socket pauses until the browser catches up. Runs on a connection of its
// own (a Prisma pool connection would be held for minutes), in one REPEATABLE READ snapshot shared with the
// lookup of failure codes, so the file is consistent while webhooks keep changing statuses.

/** Exports running at once in this process; each holds a database connection. */
const MAX_CONCURRENT = 3;
/** Bytes gathered before handing a chunk to the response (COPY sends one message per row). */
const CHUNK_BYTES = 64 * 1024;
const state = globalThis as unknown as { analyticsExportsRunning?: number };

export type RecipientExport = { fileName: string; stream: ReadableStream<Uint8Array> };

const iso = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

export async function exportCampaignRecipients(
  campaignId: string,
  filter: RecipientFilter,
  options: { connectionString?: string } = {},
): Promise<RecipientExport> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { name: true, templateComponents: true } });
  if (!campaign) throw new AppError("NOT_FOUND", "This campaign does not exist.");
  const variableNames = await variableColumns(campaignId, (campaign.templateComponents ?? []) as unknown as TemplateComponent[]);

  const running = state.analyticsExportsRunning ?? 0;
  if (running >= MAX_CONCURRENT) {
    throw new AppError("RATE_LIMITED", "Several exports are already running. Try again when one has finished.");
  }
  state.analyticsExportsRunning = running + 1;
  const client = new pg.Client({ connectionString: options.connectionString ?? env().DATABASE_URL, application_name: "analytics-export" });
  let released = false;
  // Every way out (done, failed, cancelled by the browser, connection lost) goes through here exactly once, so
  // the slot and the connection always come back.
  let fail: ((error: Error) => void) | null = null;
  const release = () => {
    if (released) return;
    released = true;
    state.analyticsExportsRunning = Math.max(0, (state.analyticsExportsRunning ?? 1) - 1);
    void client.end().catch(() => {});
  };
  client.on("error", (error) => {
    release();
    fail?.(error);
  });

  let copySql: string;
  try {
    await client.connect();
    // Opened before the response starts, so a failure here is still a proper error response.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const codes = await client.query<{ value: string; state: string }>(
      `SELECT DISTINCT value, state FROM "AnalyticsCampaignBreakdown" WHERE "campaignId" = $1 AND dimension = 'error' AND count <> 0`,
      [campaignId],
    );
    copySql = `COPY (${inline(client, exportSelect(campaignId, filter, variableNames, codes.rows, client))}) TO STDOUT WITH (FORMAT csv, HEADER true)`;
  } catch (error) {
    release();
    throw error;
  }

  // pg hands each CopyData payload over as a view into its read buffer, which it reuses: bytes are copied out
  // into a chunk of our own at once.
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES * 2);
  let used = 0;
  let copy: CopyOut | null = null;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        fail = (error) => controller.error(error);
        const flush = () => {
          if (used === 0) return;
          controller.enqueue(chunk.subarray(0, used));
          chunk = Buffer.allocUnsafe(CHUNK_BYTES * 2);
          used = 0;
          if ((controller.desiredSize ?? 1) <= 0) copy?.pause();
        };
        copy = new CopyOut(
          copySql,
          (data) => {
            if (used + data.length > chunk.length) {
              flush();
              if (data.length > chunk.length) chunk = Buffer.allocUnsafe(data.length);
            }
            data.copy(chunk, used);
            used += data.length;
            if (used >= CHUNK_BYTES) flush();
          },
          (error) => {
            if (error) {
              release();
              controller.error(error);
              return;
            }
            flush();
            void client
              .query("COMMIT")
              .catch(() => {})
              .finally(release);
            controller.close();
          },
        );
        try {
          client.query(copy);
        } catch (error) {
          release();
          controller.error(error);
        }
      },
      pull() {
        copy?.resume();
      },
      cancel() {
        copy?.resume();
        release();
      },
    },
    { highWaterMark: 4 },
  );
  return { fileName: fileName(campaign.name), stream };
}

/**
 * pg's submittable interface (as pg-copy-streams uses it): the query is sent with the simple protocol and each
 * CopyData message's payload is one CSV line.
 */
class CopyOut {
  private connection: { query: (text: string) => void; stream: { pause: () => void; resume: () => void } } | null = null;
  private failed: Error | null = null;

  constructor(
    private readonly text: string,
    private readonly onData: (chunk: Buffer) => void,
    private readonly onEnd: (error?: Error) => void,
  ) {}

  submit(connection: NonNullable<CopyOut["connection"]>) {
    this.connection = connection;
    connection.query(this.text);
  }

  pause() {
    this.connection?.stream.pause();
  }

  resume() {
    this.connection?.stream.resume();
  }

  handleCopyData(message: { chunk: Buffer }) {
    this.onData(message.chunk);
  }

  handleError(error: Error) {
    this.failed = error;
  }

  handleReadyForQuery() {
    this.onEnd(this.failed ?? undefined);
  }

  handleCommandComplete() {}
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
}

/** COPY takes no bind parameters: the (already validated) values are written in as escaped literals. */
function inline(client: pg.Client, query: Prisma.Sql): string {
  return query.strings.reduce((sql, part, i) => {
    if (i === 0) return part;
    const value = query.values[i - 1];
    let literal: string;
    if (value === null || value === undefined) literal = "NULL";
    else if (typeof value === "number" && Number.isFinite(value)) literal = String(value);
    // A NUL would end the query text early on the wire and leave the protocol waiting forever: refused instead
    // (route handlers already refuse it in the query string; this covers every other caller).
    else if (typeof value === "string" && value.includes("\u0000")) throw new AppError("VALIDATION_FAILED", "The filter contains a NUL character.");
    else if (typeof value === "string") literal = client.escapeLiteral(value);
    else throw new Error(`cannot inline a ${typeof value} into COPY`);
    return sql + literal + part;
  }, "");
}

function exportSelect(
  campaignId: string,
  filter: RecipientFilter,
  variableNames: string[],
  codes: { value: string; state: string }[],
  client: pg.Client,
): Prisma.Sql {
  // The error catalogue's words for each code this campaign has, as a table to join.
  const pairs = new Map([...codes, { value: "", state: "FAILED" }, { value: "", state: "UNKNOWN" }].map((c) => [`${c.state}|${c.value}`, c]));
  const reasons = [...pairs.values()].map((c) => {
    const reason = explainFailure(c.value, c.state);
    return Prisma.sql`(${c.value}, ${c.state}, ${reason.code}, ${reason.title}, ${reason.retryable ? "yes" : "no"})`;
  });
  const variables = variableNames.map(
    (name) => Prisma.sql`analytics_csv_safe(r.variables ->> ${name}) AS ${Prisma.raw(client.escapeIdentifier(`var_${name}`))}`,
  );
  const columns = Prisma.sql`
    COALESCE(r.phone, CASE WHEN r.bsuid IS NULL THEN r.address END) AS phone, r.bsuid, r.country, r.state::text AS status,
    r."skipReason" AS skip_reason, ${iso('r."acceptedAt"')} AS accepted_at, ${iso('r."sentAt"')} AS sent_at,
    ${iso('r."deliveredAt"')} AS delivered_at, ${iso('r."readAt"')} AS read_at, ${iso('r."failedAt"')} AS failed_at,
    ${iso('ar."repliedAt"')} AS replied_at,
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
  if (sample && typeof sample === "object" && !Array.isArray(sample)) for (const key of Object.keys(sample)) names.add(key);
  return [...names];
}

function fileName(campaignName: string): string {
  const slug = campaignName.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "campaign";
  return `${slug}-recipients-${new Date().toISOString().slice(0, 10)}.csv`;
}
