import { z } from "zod";

// Campaign reports (§8.5 CSV, §8.6 Reports API, §5.8 `report` webhook): the project's decisions where the contract
// is silent or disagrees, in one place. The simulator (lib/connectly/simulator/reports.ts) produces exactly this.
//
// - Which reports: every report whose `type` starts with `campaign.` (the docs show `campaign.daily.v1` and
//   `campaign.daily.custom`); others are listed but not imported. Only a run with status `completed` and a URL is
//   imported; `processing` and `failed` runs are skipped until a later poll.
// - Dedupe: one import per (report id, run id) (CampaignReportRun); the webhook and the poll both try, the second
//   finds the run taken. A FAILED import, or one RUNNING for over REPORT_IMPORT_STALE_MS, is tried again.
// - The signed URL is fetched without the API key (it is signed); on 401/403/404/410 (expired) the Reports API is
//   read again for a fresh URL of the same run, once.
// - Polling: GET reporting/reports (no type filter) every REPORTS_POLL_INTERVAL_MS; the webhook answers 200 at once
//   and imports in the background.
// - List answer: `data[]` (documented), also `reports[]` / `entity.reports[]`; each `{ id, name, type, lastRun }`,
//   `last_run` (snake_case, as in the webhook) read too; `result.url`, `expiresAt`/`expires_at`.
// - CSV columns are found by header name, not position, in either spelling: the documented snake_case
//   (`customer_external_id`) or camelCase (`customerExternalId`), case-insensitive, surrounding spaces ignored.
//   Required: campaign_name and customer_external_id; the rest may be missing (read as blank). Extra columns are
//   ignored.
// - Timestamps: `2024-05-10 20:13:50.682000` (the documented form, no zone: UTC), ISO 8601 with `T` and an optional
//   zone (`Z`, `+02:00`), or Unix seconds / milliseconds (digits only; 13+ digits = ms). Blank = not happened.
// - `button_clicks` / `link_clicks`: a JSON array of `{id, name, ts}` (documented); blank, `null` or `[]` = none; a
//   bare number is read as a count. Each element counts as one click; the earliest parseable `ts` is the click time;
//   clicks without any time get the report run's creation time (else the import time).
// - Matching a row to a recipient: campaign_name = the name the campaign's sends carried as `campaignName`:
//   Campaign.upstreamName for template campaigns and their retry runs, the flow's name (Campaign.flowName) for a
//   flow campaign (its send/campaigns entries name the flow), and customer_external_id as the recipient's address:
//   a phone (`+` and digits; digits without `+` get one; spaces, dashes, dots and brackets dropped) or a BSUID
//   (`CC.…`, or `bsuid:CC.…`) matched as `bsuid:<BSUID>`. When several of our campaigns share the name and sent to
//   that customer, the row goes to the send whose sent time is nearest the row's sent_at (else the latest send).
//   A row that names no recipient of ours is counted as unmatched, not rejected.
// - Merge: monotone, so re-importing a run (or an older run after a newer one) changes nothing: first click =
//   the earliest seen, click counts = the highest seen, opt-out time = the earliest seen.
// - A row is rejected (counted, reason kept; the import goes on) when it lacks campaign_name or
//   customer_external_id, the id is neither a phone nor a BSUID, a timestamp cannot be read, a clicks cell is
//   not JSON of the documented shape, or the record holds a NUL byte, more than 1,000 cells or over 64 KB.
// - Opt-outs: a recipient's first opt_out_at marks its contact opted out through the app's opt-out service
//   (history source "campaign report", audited as Connectly), unless someone re-subscribed the contact after that time.

const CAMPAIGN_REPORT_TYPE_PREFIX = "campaign.";
export const REPORT_IMPORT_STALE_MS = 15 * 60_000;

export type ReportColumn =
  | "customer_external_id"
  | "business_id"
  | "campaign_name"
  | "sendout_id"
  | "cnt_session_id"
  | "sent_at"
  | "delivered_at"
  | "read_at"
  | "opt_out_at"
  | "error_code"
  | "error_msg"
  | "button_clicks"
  | "link_clicks"
  | "input_variables"
  | "output_variables";

export const REPORT_COLUMNS: readonly ReportColumn[] = [
  "customer_external_id",
  "business_id",
  "campaign_name",
  "sendout_id",
  "cnt_session_id",
  "sent_at",
  "delivered_at",
  "read_at",
  "opt_out_at",
  "error_code",
  "error_msg",
  "button_clicks",
  "link_clicks",
  "input_variables",
  "output_variables",
];

const REQUIRED: readonly ReportColumn[] = ["campaign_name", "customer_external_id"];

/** `customer_external_id`, `customerExternalId`, ` Customer_External_ID ` → `customerexternalid`. */
const headerKey = (name: string) => name.trim().toLowerCase().replace(/_/g, "");
const COLUMN_BY_KEY = new Map(REPORT_COLUMNS.map((c) => [headerKey(c), c]));

/** Where each known column sits in the header row; null with the reason when a required one is missing. */
export type ReportHeader = Partial<Record<ReportColumn, number>>;
export function resolveReportHeader(
  headers: readonly string[],
): { ok: true; header: ReportHeader } | { ok: false; reason: string } {
  const header: ReportHeader = {};
  headers.forEach((name, index) => {
    const column = COLUMN_BY_KEY.get(headerKey(name.replace(/^\uFEFF/, "")));
    if (column && header[column] === undefined) header[column] = index;
  });
  const missing = REQUIRED.filter((c) => header[c] === undefined);
  if (missing.length > 0) return { ok: false, reason: `the report has no ${missing.join(" or ")} column` };
  return { ok: true, header };
}

const DOC_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** A report timestamp: Date, null when blank, "invalid" when unreadable. */
export function parseReportTimestamp(raw: unknown): Date | null | "invalid" {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "number")
    return Number.isFinite(raw) ? new Date(raw >= 1e12 ? raw : raw * 1000) : "invalid";
  if (typeof raw !== "string") return "invalid";
  const text = raw.trim();
  if (text === "" || text.toLowerCase() === "null") return null;
  const doc = DOC_TIMESTAMP.exec(text);
  if (doc) {
    const ms = doc[7] ? Number(doc[7].slice(0, 3).padEnd(3, "0")) : 0;
    const at = Date.UTC(
      Number(doc[1]),
      Number(doc[2]) - 1,
      Number(doc[3]),
      Number(doc[4]),
      Number(doc[5]),
      Number(doc[6]),
      ms,
    );
    return Number.isNaN(at) || Number(doc[2]) > 12 || Number(doc[3]) > 31 ? "invalid" : new Date(at);
  }
  if (ZONED.test(text)) {
    const at = Date.parse(text.replace(" ", "T"));
    return Number.isNaN(at) ? "invalid" : new Date(at);
  }
  if (/^\d{9,16}$/.test(text)) {
    const n = Number(text);
    return new Date(text.length >= 13 ? n : n * 1000);
  }
  return "invalid";
}

export type Clicks = { count: number; firstAt: Date | null };
const NO_CLICKS: Clicks = { count: 0, firstAt: null };
const MAX_CLICKS_PER_CELL = 10_000;

/** A `button_clicks` / `link_clicks` cell. */
export function parseClicks(raw: string | undefined): Clicks | { error: string } {
  const text = raw?.trim() ?? "";
  if (text === "" || text === "[]" || text.toLowerCase() === "null") return NO_CLICKS;
  if (/^\d{1,6}$/.test(text)) return { count: Number(text), firstAt: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: "is not JSON" };
  }
  if (value === null) return NO_CLICKS;
  if (!Array.isArray(value)) return { error: "is not a JSON array" };
  let firstAt: Date | null = null;
  for (const item of value) {
    if (item === null || typeof item !== "object" || Array.isArray(item))
      return { error: "has an element that is not an object" };
    const at = parseReportTimestamp((item as { ts?: unknown }).ts);
    if (at instanceof Date && (firstAt === null || at < firstAt)) firstAt = at;
  }
  return { count: Math.min(value.length, MAX_CLICKS_PER_CELL), firstAt };
}

const BSUID = /^[A-Z]{2}\.[A-Za-z0-9._-]{1,200}$/;
const E164 = /^\+\d{6,15}$/;

/** customer_external_id → the recipient address it names (E.164 phone or `bsuid:<BSUID>`), or null. */
export function reportCustomerAddress(raw: string | undefined): string | null {
  const text = raw?.trim() ?? "";
  if (text === "") return null;
  if (E164.test(text)) return text; // the usual form, kept as it is
  const bare = text.startsWith("bsuid:") ? text.slice(6) : text;
  if (BSUID.test(bare)) return `bsuid:${bare}`;
  if (/^\+?[\d\s().-]+$/.test(text)) {
    const digits = text.replace(/\D/g, "");
    return digits.length >= 6 && digits.length <= 15 ? `+${digits}` : null;
  }
  return null;
}

/** One usable report row. */
export type CampaignReportRow = {
  campaignName: string;
  address: string;
  sentAt: Date | null;
  buttonClicks: number;
  linkClicks: number;
  /** The earliest click time; null when there are no clicks or none carried a time. */
  firstClickAt: Date | null;
  optOutAt: Date | null;
};

export type MappedRow = { ok: true; row: CampaignReportRow } | { ok: false; reason: string };

const cell = (record: readonly string[], index: number | undefined) =>
  index === undefined ? undefined : record[index];

/** A CSV record (cells in file order) → a report row, or why it cannot be used. */
export function mapReportRow(record: readonly string[], header: ReportHeader): MappedRow {
  const campaignName = cell(record, header.campaign_name)?.trim() ?? "";
  if (campaignName === "") return { ok: false, reason: "campaign_name is blank" };
  const rawCustomer = cell(record, header.customer_external_id);
  if (!rawCustomer?.trim()) return { ok: false, reason: "customer_external_id is blank" };
  const address = reportCustomerAddress(rawCustomer);
  if (!address) return { ok: false, reason: "customer_external_id is neither a phone number nor a BSUID" };
  const sentAt = parseReportTimestamp(cell(record, header.sent_at));
  if (sentAt === "invalid") return { ok: false, reason: "sent_at is not a timestamp" };
  const optOutAt = parseReportTimestamp(cell(record, header.opt_out_at));
  if (optOutAt === "invalid") return { ok: false, reason: "opt_out_at is not a timestamp" };
  const buttons = parseClicks(cell(record, header.button_clicks));
  if ("error" in buttons) return { ok: false, reason: `button_clicks ${buttons.error}` };
  const links = parseClicks(cell(record, header.link_clicks));
  if ("error" in links) return { ok: false, reason: `link_clicks ${links.error}` };
  const firstClickAt =
    buttons.firstAt === null || (links.firstAt !== null && links.firstAt < buttons.firstAt)
      ? links.firstAt
      : buttons.firstAt;
  return {
    ok: true,
    row: {
      campaignName,
      address,
      sentAt,
      buttonClicks: buttons.count,
      linkClicks: links.count,
      firstClickAt,
      optOutAt,
    },
  };
}

export const isCampaignReportType = (type: string | null | undefined) =>
  Boolean(type?.startsWith(CAMPAIGN_REPORT_TYPE_PREFIX));

/** The latest run of one configured report, as the Reports API or the webhook describes it. */
export type ReportRunRef = {
  reportId: string;
  name: string | null;
  type: string | null;
  runId: string | null;
  status: string | null;
  url: string | null;
  expiresAt: string | null;
  createdAt: string | null;
};

const str = z.coerce.string().max(4096).optional().catch(undefined);
const runSchema = z
  .object({
    id: str,
    status: str,
    result: z
      .object({ url: str, expiresAt: str, expires_at: str, createdAt: str, created_at: str })
      .partial()
      .nullish()
      .catch(null),
  })
  .partial();
const reportSchema = z.object({
  id: z.coerce.string().min(1).max(200),
  name: str,
  type: str,
  lastRun: runSchema.nullish().catch(null),
  last_run: runSchema.nullish().catch(null),
});
const items = z.array(z.unknown()).max(1000);
const listSchema = z.union([
  z.object({ data: items }).transform((a) => a.data),
  z.object({ reports: items }).transform((a) => a.reports),
  z.object({ entity: z.object({ reports: items }) }).transform((a) => a.entity.reports),
]);

/** GET reporting/reports, read tolerantly: entries that are not reports are dropped. */
export function parseReportsList(answer: unknown): ReportRunRef[] {
  const parsed = listSchema.safeParse(answer ?? {});
  if (!parsed.success) return [];
  return parsed.data.flatMap((item) => {
    const one = reportSchema.safeParse(item);
    if (!one.success) return [];
    const r = one.data;
    const run = r.lastRun ?? r.last_run ?? null;
    return [
      {
        reportId: r.id,
        name: r.name ?? null,
        type: r.type ?? null,
        runId: run?.id ?? null,
        status: run?.status?.toLowerCase() ?? null,
        url: run?.result?.url ?? null,
        expiresAt: run?.result?.expiresAt ?? run?.result?.expires_at ?? null,
        createdAt: run?.result?.createdAt ?? run?.result?.created_at ?? null,
      },
    ];
  });
}
