import "server-only";
import { randomUUID } from "node:crypto";
import { MAX_CSV_COLUMNS, MAX_CSV_RECORD_CHARS } from "../campaigns/schemas";
import {
  mapReportRow,
  REPORT_IMPORT_STALE_MS,
  resolveReportHeader,
  type CampaignReportRow,
  type ReportHeader,
  type ReportRunRef,
} from "../connectly/campaign-report";
import { markContactOptedOut } from "../contacts/mark-contact-opted-out";
import { db } from "../db";
import { pgPool } from "../db-pool";
import { log } from "../observability/logger";
import { readReportCsv } from "./read-report-csv";

// One completed campaign report run (§8.5 CSV at a signed URL) merged into the recipients: streamed from the URL
// through the report reader (read-report-csv.ts: byte limit; a NUL byte, too many columns or an oversized record
// rejects that record only), mapped row by row (contract rules in lib/connectly/campaign-report.ts), and written
// BATCH_SIZE rows per statement: the batch is unnested from array parameters, matched to recipients (the name the
// campaign's sends carried upstream + address), locked in id order, and updated only where the monotone merge
// changes something, so a re-import writes nothing. A bad row is counted and its reason kept (first
// MAX_KEPT_REJECTED), never fatal. The analytics trigger turns clickedAt into the CLICKED counter (a click-only
// change takes its short path, prisma/sql/analytics.sql). The merged columns are in no index and the table keeps
// room on its pages (fillfactor 80), so most of those updates are HOT and write no index entry (migration
// 20261206233000_campaign_recipient_hot_clicks).

const REPORT_MAX_BYTES = 2 * 1024 * 1024 * 1024;
const BATCH_SIZE = 5_000;
const MAX_KEPT_REJECTED = 1_000;
const EXPIRED = new Set([401, 403, 404, 410]);

export type ReportImportTrigger = "webhook" | "poll" | "manual";

export type ReportImportResult =
  | { state: "skipped"; reason: string }
  | {
      state: "imported" | "failed";
      importId: string;
      totalRows: number;
      matchedRows: number;
      updatedRows: number;
      unmatchedRows: number;
      rejectedRows: number;
      optOuts: number;
      error?: string;
    };

export type ReportImportOptions = {
  trigger: ReportImportTrigger;
  /** Import again even when this run was imported (the merge makes it a no-op unless data changed). */
  force?: boolean;
  /** A fresh signed URL for the same run (the Reports API), asked once when the given one has expired. */
  refresh?: () => Promise<ReportRunRef | null>;
  fetch?: typeof fetch;
  batchSize?: number;
};

type Counts = {
  totalRows: number;
  matchedRows: number;
  updatedRows: number;
  unmatchedRows: number;
  rejectedRows: number;
  optOuts: number;
};

/** Takes the run for this process, or null when it is done or another import is at it. */
async function claimRun(
  ref: ReportRunRef & { runId: string },
  trigger: ReportImportTrigger,
  force: boolean,
): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "CampaignReportRun" (id, "reportId", "runId", "reportName", "reportType", status, trigger, "startedAt")
    VALUES (${randomUUID()}, ${ref.reportId}, ${ref.runId}, ${ref.name}, ${ref.type}, 'RUNNING', ${trigger}, now())
    ON CONFLICT ("reportId", "runId") DO UPDATE SET
      status = 'RUNNING', trigger = EXCLUDED.trigger, "startedAt" = now(), "finishedAt" = NULL, error = NULL,
      "totalRows" = 0, "matchedRows" = 0, "updatedRows" = 0, "unmatchedRows" = 0, "rejectedRows" = 0, "optOuts" = 0
    WHERE "CampaignReportRun".status = 'FAILED'
       OR ("CampaignReportRun".status = 'RUNNING' AND "CampaignReportRun"."startedAt" < now() - make_interval(secs => ${REPORT_IMPORT_STALE_MS / 1000}))
       OR (${force} AND "CampaignReportRun".status = 'COMPLETED')
    RETURNING id`;
  const id = rows[0]?.id ?? null;
  if (id) await db.campaignReportRejectedRow.deleteMany({ where: { runId: id } });
  return id;
}

async function download(
  ref: ReportRunRef,
  options: ReportImportOptions,
): Promise<ReadableStream<Uint8Array>> {
  const doFetch = options.fetch ?? fetch;
  const get = async (url: string) => {
    // A deadline for the answer's headers only: the body of a large report may take long to stream.
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new Error("the report URL did not answer within 30 s")),
      30_000,
    );
    try {
      return await doFetch(url, { signal: controller.signal, headers: { Accept: "text/csv, */*" } });
    } finally {
      clearTimeout(timer);
    }
  };
  let response = await get(ref.url!);
  if (EXPIRED.has(response.status) && options.refresh) {
    await response.body?.cancel();
    const fresh = await options.refresh();
    if (fresh?.url && fresh.runId === ref.runId) response = await get(fresh.url);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new Error(`downloading the report failed: HTTP ${response.status}`);
  }
  return response.body;
}

type Batch = {
  campaignName: string[];
  address: string[];
  sentAt: (number | null)[];
  buttonClicks: number[];
  linkClicks: number[];
  clickedAt: (number | null)[];
  optOutAt: (number | null)[];
  line: number[];
};
const ms = (d: Date | null) => (d === null ? null : d.getTime());
const emptyBatch = (): Batch => ({
  campaignName: [],
  address: [],
  sentAt: [],
  buttonClicks: [],
  linkClicks: [],
  clickedAt: [],
  optOutAt: [],
  line: [],
});

function push(batch: Batch, row: CampaignReportRow, line: number) {
  batch.campaignName.push(row.campaignName);
  batch.address.push(row.address);
  batch.sentAt.push(ms(row.sentAt));
  batch.buttonClicks.push(row.buttonClicks);
  batch.linkClicks.push(row.linkClicks);
  batch.clickedAt.push(ms(row.firstClickAt));
  batch.optOutAt.push(ms(row.optOutAt));
  batch.line.push(line);
}

// One statement per batch (see the file comment). Among several sends with the campaign name to that address, the
// row goes to the one sent nearest its sent_at, else the latest. Rows of one batch naming the same recipient are
// merged first. `$9` is the time given to clicks that carry none.
const MERGE_SQL = `
WITH input AS (
  -- Times travel as epoch milliseconds: int8[] is parsed several times faster than timestamptz[].
  SELECT i.campaign_name, i.address, to_timestamp(i.sent_ms / 1000.0) AS sent_at, i.button_clicks, i.link_clicks,
         to_timestamp(i.clicked_ms / 1000.0) AS clicked_at, to_timestamp(i.opt_out_ms / 1000.0) AS opt_out_at, i.line
  FROM unnest($1::text[], $2::text[], $3::int8[], $4::int[], $5::int[], $6::int8[], $7::int8[], $8::int[])
    AS i(campaign_name, address, sent_ms, button_clicks, link_clicks, clicked_ms, opt_out_ms, line)
),
-- The name each campaign's sends carried upstream: a flow's entries name the flow (send/campaigns), a template send
-- the campaign's upstream name.
names AS (SELECT DISTINCT campaign_name FROM input),
campaigns AS MATERIALIZED (
  SELECT c.id, c."upstreamName" AS report_name FROM "Campaign" c
  WHERE c.kind <> 'FLOW' AND c."upstreamName" IN (SELECT campaign_name FROM names)
  UNION ALL
  SELECT c.id, c."flowName" FROM "Campaign" c
  WHERE c.kind = 'FLOW' AND c."flowName" IN (SELECT campaign_name FROM names)
),
candidates AS (
  -- One index probe of (campaignId, address) per row and campaign of that name, whatever the table's statistics;
  -- it reads the recipient's merged columns too, so a row that changes nothing costs no second look.
  SELECT i.*, pick.id AS recipient_id, pick."clickedAt", pick."buttonClicks", pick."linkClicks", pick."optOutAt"
  FROM input i
  CROSS JOIN LATERAL (
    SELECT r.id, r."clickedAt", r."buttonClicks", r."linkClicks", r."optOutAt" FROM campaigns c
    JOIN LATERAL (SELECT r.id, r."sentAt", r."acceptedAt", r.seq, r."clickedAt", r."buttonClicks", r."linkClicks",
                         r."optOutAt"
                  FROM "CampaignRecipient" r
                  WHERE r."campaignId" = c.id AND r.address = i.address) r ON true
    WHERE c.report_name = i.campaign_name
    ORDER BY abs(extract(epoch FROM COALESCE(r."sentAt", r."acceptedAt") - i.sent_at)) ASC NULLS LAST,
      COALESCE(r."sentAt", r."acceptedAt") DESC NULLS LAST, r.seq DESC
    LIMIT 1
  ) pick
),
-- Only rows the merge would change (as the recipient was read above) go on: a re-import, or a report of customers
-- who did nothing, locks and writes nothing. Those are locked and the merge is computed again from the locked
-- values below, so a concurrent writer cannot be overwritten.
changing AS (
  SELECT DISTINCT c.recipient_id FROM candidates c
  WHERE (c.button_clicks + c.link_clicks > 0
         AND (c."clickedAt" IS NULL OR COALESCE(c.clicked_at, $9::timestamptz) < c."clickedAt"))
     OR c.button_clicks > c."buttonClicks" OR c.link_clicks > c."linkClicks"
     OR (c.opt_out_at IS NOT NULL AND (c."optOutAt" IS NULL OR c.opt_out_at < c."optOutAt"))
),
merged AS (
  SELECT recipient_id, min(clicked_at) AS clicked_at, max(button_clicks) AS button_clicks,
         max(link_clicks) AS link_clicks, min(opt_out_at) AS opt_out_at, bool_or(button_clicks + link_clicks > 0) AS clicked
  FROM candidates WHERE recipient_id IN (SELECT recipient_id FROM changing) GROUP BY recipient_id
),
locked AS (
  SELECT r.id, r."clickedAt", r."buttonClicks", r."linkClicks", r."optOutAt"
  FROM "CampaignRecipient" r WHERE r.id IN (SELECT recipient_id FROM merged)
  ORDER BY r.id FOR UPDATE
),
next AS (
  SELECT l.id,
    CASE WHEN m.clicked THEN LEAST(l."clickedAt", COALESCE(m.clicked_at, $9::timestamptz)) ELSE l."clickedAt" END AS clicked_at,
    GREATEST(l."buttonClicks", m.button_clicks) AS button_clicks,
    GREATEST(l."linkClicks", m.link_clicks) AS link_clicks,
    LEAST(l."optOutAt", m.opt_out_at) AS opt_out_at,
    (l."optOutAt" IS NULL AND m.opt_out_at IS NOT NULL) AS newly_opted_out
  FROM locked l JOIN merged m ON m.recipient_id = l.id
),
updated AS (
  UPDATE "CampaignRecipient" r
  SET "clickedAt" = n.clicked_at, "buttonClicks" = n.button_clicks, "linkClicks" = n.link_clicks, "optOutAt" = n.opt_out_at
  FROM next n
  WHERE r.id = n.id
    AND (n.clicked_at, n.button_clicks, n.link_clicks, n.opt_out_at)
        IS DISTINCT FROM (r."clickedAt", r."buttonClicks", r."linkClicks", r."optOutAt")
  RETURNING r.id, r."campaignId", r."optOutAt", n.newly_opted_out
)
SELECT (SELECT count(*) FROM candidates)::int AS matched, (SELECT count(*) FROM updated)::int AS updated,
  COALESCE((SELECT json_agg(json_build_object('id', u.id, 'campaignId', u."campaignId", 'at', u."optOutAt"))
            FROM updated u WHERE u.newly_opted_out), '[]'::json) AS opted_out`;

type MergeAnswer = {
  matched: number;
  updated: number;
  opted_out: { id: string; campaignId: string; at: string }[];
};

async function mergeBatch(batch: Batch, clickFallback: Date): Promise<MergeAnswer> {
  const client = await pgPool().connect();
  try {
    // JIT off: the planner's estimate for the per-row LATERAL probe is high enough to compile the statement, which
    // took 4-5 s of a 5,000-row batch that runs in ~100 ms (EXPLAIN ANALYZE, see bench/report-import.ts).
    // Asynchronous commit: a batch does not wait for its WAL flush (10-30 ms a batch on a busy disk). A crash can
    // lose only the last batches of a run that then never finished: it stays RUNNING, goes stale and is imported
    // again (the merge is idempotent). Any later synchronous commit (the opt-outs, finish) flushes these first.
    await client.query("BEGIN; SET LOCAL jit = off; SET LOCAL synchronous_commit = off");
    const { rows } = await client.query<MergeAnswer>(MERGE_SQL, [
      batch.campaignName,
      batch.address,
      batch.sentAt,
      batch.buttonClicks,
      batch.linkClicks,
      batch.clickedAt,
      batch.optOutAt,
      batch.line,
      clickFallback,
    ]);
    await client.query("COMMIT");
    return rows[0]!;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Imports one report run; never throws for a bad file or row (the run is marked FAILED with the reason). */
export async function importCampaignReport(
  ref: ReportRunRef,
  options: ReportImportOptions,
): Promise<ReportImportResult> {
  if (!ref.runId) return { state: "skipped", reason: "the report has no run id" };
  if (ref.status && ref.status !== "completed")
    return { state: "skipped", reason: `the run is ${ref.status}` };
  if (!ref.url) return { state: "skipped", reason: "the run has no CSV URL" };
  if (!/^https?:\/\//i.test(ref.url)) return { state: "skipped", reason: "the run's CSV URL is not http(s)" };
  const importId = await claimRun({ ...ref, runId: ref.runId }, options.trigger, options.force ?? false);
  if (!importId) return { state: "skipped", reason: "this run is imported or being imported" };

  const counts: Counts = {
    totalRows: 0,
    matchedRows: 0,
    updatedRows: 0,
    unmatchedRows: 0,
    rejectedRows: 0,
    optOuts: 0,
  };
  const rejected: { runId: string; line: number; reason: string; excerpt: string }[] = [];
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const createdAt = ref.createdAt ? new Date(ref.createdAt) : null;
  const clickFallback = createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt : new Date();
  const reject = (line: number, reason: string, excerpt: string) => {
    counts.rejectedRows++;
    if (rejected.length < MAX_KEPT_REJECTED)
      rejected.push({ runId: importId, line, reason, excerpt: excerpt.slice(0, 200) });
  };
  const flush = async (batch: Batch) => {
    if (batch.line.length === 0) return;
    const answer = await mergeBatch(batch, clickFallback);
    counts.matchedRows += answer.matched;
    counts.unmatchedRows += batch.line.length - answer.matched;
    counts.updatedRows += answer.updated;
    for (const o of answer.opted_out) {
      const changed = await markContactOptedOut(
        { campaignRecipientId: o.id },
        {
          via: "report",
          code: "campaign report opt_out_at",
          campaignId: o.campaignId,
          notIfResubscribedAfter: new Date(o.at),
        },
      );
      if (changed) counts.optOuts++;
    }
  };

  // One batch is merged while the next is parsed (PostgreSQL and this process work at once); at most one in flight.
  let merging = null as Promise<void> | null;
  const mergeNext = async (batch: Batch) => {
    if (merging) await merging;
    merging = flush(batch);
    merging.catch(() => {}); // awaited (and thrown) by the next call or at the end
  };

  try {
    const body = await download(ref, options);
    let header: ReportHeader | null = null;
    let batch = emptyBatch();
    const records = readReportCsv(body, {
      maxBytes: REPORT_MAX_BYTES,
      maxRecordChars: MAX_CSV_RECORD_CHARS,
      maxColumns: MAX_CSV_COLUMNS,
    });
    for await (const chunk of records) {
      for (const record of chunk) {
        if (header === null) {
          if (!("cells" in record)) throw new Error(`the report's header row: ${record.error}`);
          const resolved = resolveReportHeader(record.cells);
          if (!resolved.ok) throw new Error(resolved.reason);
          header = resolved.header;
          continue;
        }
        counts.totalRows++;
        if (!("cells" in record)) {
          reject(record.line, record.error, record.excerpt);
          continue;
        }
        const mapped = mapReportRow(record.cells, header);
        if (!mapped.ok) {
          reject(record.line, mapped.reason, record.cells.join(","));
          continue;
        }
        push(batch, mapped.row, record.line);
        if (batch.line.length >= batchSize) {
          const full = batch;
          batch = emptyBatch();
          await mergeNext(full);
        }
      }
    }
    if (header === null) throw new Error("the report is empty (no header row)");
    await mergeNext(batch);
    await merging;
    await finish(importId, "COMPLETED", counts, rejected, null);
    return { state: "imported", importId, ...counts };
  } catch (error) {
    await merging?.catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    log("reports").error(
      { err: error, reportId: ref.reportId, runId: ref.runId },
      "campaign report import failed",
    );
    await finish(importId, "FAILED", counts, rejected, message.slice(0, 1000));
    return { state: "failed", importId, ...counts, error: message };
  }
}

async function finish(
  importId: string,
  status: "COMPLETED" | "FAILED",
  counts: Counts,
  rejected: { runId: string; line: number; reason: string; excerpt: string }[],
  error: string | null,
) {
  if (rejected.length > 0) await db.campaignReportRejectedRow.createMany({ data: rejected });
  await db.campaignReportRun.update({
    where: { id: importId },
    data: { status, ...counts, error, finishedAt: new Date() },
  });
}
