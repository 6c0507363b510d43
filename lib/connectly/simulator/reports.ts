import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { ControlError } from "./inbound";
import type { MessageRecord } from "./state";
import { isRecord } from "./validate";
import { REPORT_COLUMNS } from "../campaign-report";

// Campaign reports (§8.5 CSV, §8.6 Reports API, §5.8 webhook), as the project decided to read them
// (lib/connectly/campaign-report.ts). A report run is completed on demand (POST /sim/reports/complete): its CSV has
// one row per customer the campaign was sent to here, with the clicks and opt-outs asked for, and is served at a
// signed URL (HMAC over file id + expiry) that expires; the Reports API signs a fresh URL (1 hour) on every read.

const DEFAULT_TTL_MS = 60 * 60_000;
const MAX_FILES = 20;
const CHUNK_ROWS = 1_000;
const MAX_SYNTHETIC_ROWS = 2_000_000;

type ReportRun = { id: string; status: "completed"; fileId: string; createdAt: number };
export type StoredReport = { id: string; name: string; type: string; lastRun: ReportRun };

/** `2024-05-10 20:13:50.682000`, the documented form (UTC, no zone). */
function reportTime(ms: number): string {
  return `${new Date(ms).toISOString().replace("T", " ").replace("Z", "")}000`;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

type ClickSpec = { to: string; buttons: number; links: number };

export class ReportStore {
  private readonly reports = new Map<string, StoredReport>();
  // File id → the CSV in chunks (a large synthetic report is streamed chunk by chunk).
  private readonly files = new Map<string, string[]>();

  constructor(private readonly secret: string) {}

  list(type: string | null): StoredReport[] {
    return [...this.reports.values()].filter((r) => type === null || r.type === type);
  }

  clear(): void {
    this.reports.clear();
    this.files.clear();
  }

  signedUrl(baseUrl: string, fileId: string, expiresAt: number): string {
    return `${baseUrl}/sim/reports/files/${fileId}?expires=${expiresAt}&signature=${this.sign(fileId, expiresAt)}`;
  }

  private sign(fileId: string, expiresAt: number): string {
    return createHmac("sha256", this.secret).update(`${fileId}:${expiresAt}`).digest("hex");
  }

  /** The file's chunks, or why not: 403 for a bad signature or an expired URL (as a signed cloud URL does), 404. */
  file(
    fileId: string,
    expires: string | null,
    signature: string | null,
    now: number,
  ): { status: 200; chunks: string[] } | { status: 403 | 404; error: string } {
    const expiresAt = Number(expires);
    const expected = Buffer.from(this.sign(fileId, expiresAt));
    const given = Buffer.from(signature ?? "");
    if (
      !Number.isFinite(expiresAt) ||
      expected.length !== given.length ||
      !timingSafeEqual(expected, given)
    ) {
      return { status: 403, error: "signature does not match" };
    }
    if (expiresAt <= now) return { status: 403, error: "Request has expired" };
    const chunks = this.files.get(fileId);
    return chunks ? { status: 200, chunks } : { status: 404, error: "no such report file" };
  }

  /** Stores a completed run of the report (created on first use) and its CSV. */
  complete(input: {
    reportId: string;
    name: string;
    type: string;
    chunks: string[];
    now: number;
  }): StoredReport {
    const fileId = randomUUID();
    this.files.set(fileId, input.chunks);
    while (this.files.size > MAX_FILES) this.files.delete(this.files.keys().next().value!);
    const report: StoredReport = {
      id: input.reportId,
      name: input.name,
      type: input.type,
      lastRun: { id: `run_${randomUUID()}`, status: "completed", fileId, createdAt: input.now },
    };
    this.reports.set(report.id, report);
    return report;
  }
}

export type CompleteReportInput = {
  campaignName: string;
  reportId: string;
  reportName: string;
  type: string;
  clicks: ClickSpec[];
  /** Every Nth customer of the campaign clicks one link (0 = none besides `clicks`). */
  clickEvery: number;
  optOuts: string[];
  /** Raw CSV lines appended as they are (malformed rows for tests). */
  extraRows: string[];
  /** Synthetic customers instead of the sends seen here (benchmarks): `from` and the next count-1 numbers. */
  customers: { from: string; count: number } | null;
  ttlMs: number;
  webhook: boolean;
};

function stringList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    throw new ControlError(`${field} must be an array of strings`);
  return value as string[];
}

/** POST /sim/reports/complete body. */
export function parseCompleteReport(body: Record<string, unknown>): CompleteReportInput {
  if (typeof body.campaignName !== "string" || body.campaignName === "")
    throw new ControlError("campaignName is required");
  const clicks = body.clicks === undefined ? [] : body.clicks;
  if (!Array.isArray(clicks)) throw new ControlError("clicks must be an array of { to, buttons?, links? }");
  const count = (v: unknown) =>
    typeof v === "number" && Number.isInteger(v) && v >= 0 ? Math.min(v, 1000) : 0;
  const specs = clicks.map((c, i) => {
    if (!isRecord(c) || typeof c.to !== "string") throw new ControlError(`clicks[${i}].to is required`);
    const buttons = count(c.buttons);
    const links = count(c.links);
    return { to: c.to, buttons, links: buttons + links === 0 ? 1 : links };
  });
  let customers: CompleteReportInput["customers"] = null;
  if (body.customers !== undefined) {
    const c = body.customers;
    if (
      !isRecord(c) ||
      typeof c.from !== "string" ||
      !/^\+\d{8,15}$/.test(c.from) ||
      typeof c.count !== "number" ||
      c.count < 1 ||
      c.count > MAX_SYNTHETIC_ROWS
    ) {
      throw new ControlError(`customers must be { from: "+E164", count: 1..${MAX_SYNTHETIC_ROWS} }`);
    }
    customers = { from: c.from, count: Math.floor(c.count) };
  }
  return {
    campaignName: body.campaignName,
    reportId: typeof body.reportId === "string" && body.reportId ? body.reportId : "rep_campaign_daily",
    reportName: typeof body.reportName === "string" ? body.reportName : "Daily campaign report",
    type: typeof body.type === "string" && body.type ? body.type : "campaign.daily.v1",
    clicks: specs,
    clickEvery: count(body.clickEvery),
    optOuts: stringList(body.optOuts, "optOuts"),
    extraRows: stringList(body.extraRows, "extraRows"),
    customers,
    ttlMs:
      typeof body.ttlSeconds === "number" && body.ttlSeconds >= 0 ? body.ttlSeconds * 1000 : DEFAULT_TTL_MS,
    webhook: body.webhook !== false,
  };
}

type Customer = {
  externalId: string;
  businessId: string;
  sessionId: string;
  status: MessageRecord["status"] | "read";
  sentAt: number;
};

/** The CSV of one run, in chunks: a row per customer the campaign reached (latest send per customer). */
export function buildReportCsv(
  input: CompleteReportInput,
  messages: Iterable<MessageRecord>,
  now: number,
): { chunks: string[]; rows: number } {
  const customers = new Map<string, Customer>();
  if (input.customers) {
    const base = BigInt(input.customers.from.slice(1));
    for (let i = 0; i < input.customers.count; i++) {
      const id = `+${(base + BigInt(i)).toString()}`;
      customers.set(id, {
        externalId: id,
        businessId: "sim-business",
        sessionId: `sess_${i}`,
        status: "read",
        sentAt: now - 3_600_000,
      });
    }
  } else {
    for (const m of messages) {
      if (m.campaignName !== input.campaignName) continue;
      const externalId =
        m.recipient.phoneNumber ??
        (m.recipient.id.startsWith("+") ? m.recipient.id : (m.recipient.userId ?? m.recipient.id));
      customers.set(externalId, {
        externalId,
        businessId: m.businessId,
        sessionId: m.id,
        status: m.status,
        sentAt: m.acceptedAt ?? now,
      });
    }
  }
  const clicksFor = new Map(input.clicks.map((c) => [c.to, c]));
  const optOuts = new Set(input.optOuts);
  const sendoutId = randomUUID();
  const chunks: string[] = [];
  let lines: string[] = [REPORT_COLUMNS.join(",")];
  let index = 0;
  const clickList = (n: number, kind: "button" | "link", at: number) =>
    n === 0
      ? "[]"
      : JSON.stringify(
          Array.from({ length: n }, (_, k) => ({
            id: `${kind}_${k + 1}`,
            name: kind === "button" ? `Button ${k + 1}` : `https://example.com/${k + 1}`,
            ts: reportTime(at + k * 1000),
          })),
        );
  for (const c of customers.values()) {
    index++;
    const every = input.clickEvery > 0 && index % input.clickEvery === 0;
    const spec =
      clicksFor.get(c.externalId) ?? (every ? { to: c.externalId, buttons: 0, links: 1 } : undefined);
    const delivered = c.status === "delivered" || c.status === "read";
    const failed = c.status === "delivery_failed";
    const clickAt = c.sentAt + 60_000;
    const cells = [
      c.externalId,
      c.businessId,
      input.campaignName,
      sendoutId,
      c.sessionId,
      c.status === "accepted" ? "" : reportTime(c.sentAt),
      delivered ? reportTime(c.sentAt + 1_000) : "",
      c.status === "read" ? reportTime(c.sentAt + 2_000) : "",
      optOuts.has(c.externalId) ? reportTime(c.sentAt + 120_000) : "",
      failed ? "131026" : "",
      failed ? "Message Undeliverable." : "",
      clickList(spec?.buttons ?? 0, "button", clickAt),
      clickList(spec?.links ?? 0, "link", clickAt),
      "{}",
      "{}",
    ];
    lines.push(cells.map(csvCell).join(","));
    if (lines.length >= CHUNK_ROWS) {
      chunks.push(`${lines.join("\n")}\n`);
      lines = [];
    }
  }
  lines.push(...input.extraRows);
  if (lines.length > 0) chunks.push(`${lines.join("\n")}\n`);
  return { chunks, rows: customers.size + input.extraRows.length };
}

/** One report as the Reports API lists it (camelCase, §8.6), with a freshly signed URL. */
export function reportListItem(store: ReportStore, report: StoredReport, baseUrl: string, now: number) {
  const expiresAt = now + DEFAULT_TTL_MS;
  return {
    id: report.id,
    name: report.name,
    type: report.type,
    lastRun: {
      id: report.lastRun.id,
      status: report.lastRun.status,
      result: {
        url: store.signedUrl(baseUrl, report.lastRun.fileId, expiresAt),
        expiresAt: new Date(expiresAt).toISOString(),
        createdAt: new Date(report.lastRun.createdAt).toISOString(),
      },
    },
  };
}

/** The `report` webhook (§5.8, snake_case inside `report`, ISO timestamp). */
export function reportWebhookPayload(
  store: ReportStore,
  report: StoredReport,
  baseUrl: string,
  now: number,
  ttlMs: number,
) {
  const expiresAt = now + ttlMs;
  return {
    topic: "report",
    timestamp: new Date(now).toISOString(),
    report: {
      id: report.id,
      name: report.name,
      type: report.type,
      last_run: {
        id: report.lastRun.id,
        status: "completed",
        result: {
          url: store.signedUrl(baseUrl, report.lastRun.fileId, expiresAt),
          expires_at: new Date(expiresAt).toISOString(),
          created_at: new Date(report.lastRun.createdAt).toISOString(),
        },
      },
    },
  };
}
