import http from "node:http";
import type { AddressInfo } from "node:net";
import { AssetStore, MAX_ASSET_BYTES, readRawBody, serveAsset } from "./assets";
import { SimulatorCore } from "./core";
import { SimulatorError } from "./errors";
import { ControlError } from "./inbound";
import { QualityStore } from "./quality";
import { WebhookRegistry } from "./registrations";
import { PROFILES, type ProfileSettings, type SimulatorProfile } from "./profiles";
import { TokenBucket } from "./rate-limit";
import {
  buildReportCsv,
  parseCompleteReport,
  ReportStore,
  reportListItem,
  reportWebhookPayload,
} from "./reports";
import { Scheduler } from "./scheduler";
import { createState, resetState, type SendEndpoint, type SimulatorState } from "./state";
import { seedTemplates, type TemplateStatus } from "./templates";
import { isRecord } from "./validate";
import { WebhookDispatcher } from "./webhooks";

export interface SimulatorOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Expected `X-API-Key`; default "sim_test_key". */
  apiKey?: string;
  /**
   * Pre-registers this address for `messages` and `delivery_status` at start, as if `create/webhooks` had been
   * called (test harnesses, `npm run simulator`). Without it nothing is posted until the app registers through
   * the webhook registration API (§5.2); statuses still progress.
   */
  webhookUrl?: string;
  /** HMAC key for `x-connectly-hmac-sha256`; default "dev_webhook_secret". */
  webhookSecret?: string;
  /** Delay before `sent` and between later statuses; default 400 ms. */
  statusDelayMs?: number;
  /** `default` (friendly) or `strict` (see profiles.ts); individual settings below override it. */
  profile?: SimulatorProfile;
  /** Requests per second per send endpoint (§1.3); default 200, 0 disables. */
  rateLimitPerSecond?: number;
  /** Accept sends to phone-less (BSUID-only) customers; the strict profile refuses them ([GB]). */
  bsuidSends?: boolean;
  /** Concurrent outbound webhook POSTs; default 32, the rest queue. */
  webhookConcurrency?: number;
  /** Retries after a network error or non-2xx; default 5, backoff doubling from `webhookBackoffMs`. */
  webhookRetries?: number;
  /** First retry delay; default 250 ms. */
  webhookBackoffMs?: number;
  /** Per-attempt timeout; default 10,000 ms. */
  webhookTimeoutMs?: number;
  /** Time until a created template leaves PENDING; default 3000 ms. */
  templateReviewMs?: number;
  /** Capacity of the accepted-send log and message index; default 200,000. */
  sentLogLimit?: number;
  /** Business number used as webhook sender; default "+14155550100". */
  businessNumber?: string;
  businessName?: string;
  /** Business clock in ms (24-hour window, timestamps); default Date.now. */
  now?: () => number;
  log?: (line: string) => void;
  /** `POST assets`: how long fetching the source may take; default 30,000 ms. */
  assetFetchTimeoutMs?: number;
  /** Bytes of assets kept in memory (oldest dropped first); default 512 MiB. */
  assetMaxTotalBytes?: number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
  state: SimulatorState;
  /** The webhook registrations (§5.2) the simulator delivers to. */
  registry: WebhookRegistry;
}

const MAX_BODY_BYTES = 1024 * 1024;
const V1_PATH = /^\/v1\/businesses\/([^/]+)\/([a-z_]+(?:\/[a-z_]+)?)(?:\/([^/]+))?$/;
// Webhook registration (§5.2): method + route → operation; update and delete take the id as a third segment.
const WEBHOOK_ROUTES: Record<string, "create" | "list" | "update" | "delete"> = {
  "POST create/webhooks": "create",
  "GET webhooks": "list",
  "PUT update/webhooks": "update",
  "DELETE delete/webhooks": "delete",
};
// Assets (§9.2): create with POST, read one with GET (its own pattern: an asset id may look like a route word).
const ASSET_PATH = /^\/v1\/businesses\/([^/]+)\/assets(?:\/([^/]+))?$/;
const CDN_PATH = /^\/sim\/cdn(?:\/([^/]+))?$/;
const TEMPLATE_STATUS_PATH = /^\/sim\/templates\/([^/]+)\/([^/]+)\/status$/;
const MESSAGE_PATH = /^\/sim\/messages\/([^/]+)$/;
const REPORT_FILE_PATH = /^\/sim\/reports\/files\/([^/]+)$/;
const SEND_ROUTES: Record<string, SendEndpoint> = {
  "send/whatsapp_templated_messages": "template",
  "send/messages": "session",
  "send/campaigns": "campaigns",
};

interface Reply {
  status: number;
  body: unknown;
}

function json(status: number, body: unknown): Reply {
  return { status, body };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES)
        reject(new SimulatorError(413, "ERROR_CODE_UNSPECIFIED", "request body too large"));
      else resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

function parseJson(raw: string): Record<string, unknown> {
  if (raw.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new SimulatorError(
      400,
      "ERROR_CODE_UNSPECIFIED",
      `malformed JSON body: ${(error as Error).message}`,
    );
  }
  if (!isRecord(value))
    throw new SimulatorError(400, "ERROR_CODE_UNSPECIFIED", "request body must be a JSON object");
  return value;
}

function limitParam(url: URL): number | undefined {
  const raw = url.searchParams.get("limit");
  const limit = raw === null ? NaN : Number(raw);
  return Number.isInteger(limit) && limit >= 0 ? limit : undefined;
}

const TEMPLATE_STATUSES: Record<string, TemplateStatus> = {
  APPROVED: "MESSAGE_TEMPLATE_STATUS_APPROVED",
  REJECTED: "MESSAGE_TEMPLATE_STATUS_REJECTED",
  PENDING: "MESSAGE_TEMPLATE_STATUS_PENDING",
};

/** Starts the Connectly simulator on loopback; see README.md in this folder. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const apiKey = options.apiKey ?? "sim_test_key";
  const checkApiKey = (req: http.IncomingMessage) => {
    if (req.headers["x-api-key"] !== apiKey) {
      throw new SimulatorError(
        401,
        "ERROR_CODE_UNSPECIFIED",
        "missing or invalid X-API-Key",
        "ERROR_TYPE_AUTHENTICATION",
      );
    }
  };
  const profile: ProfileSettings = {
    ...PROFILES[options.profile ?? "default"],
    ...(options.rateLimitPerSecond !== undefined ? { rateLimitPerSecond: options.rateLimitPerSecond } : {}),
    ...(options.bsuidSends !== undefined ? { bsuidSends: options.bsuidSends } : {}),
  };
  const state = createState(options.sentLogLimit ?? 200_000);
  seedTemplates(state.templates, now());

  const scheduler = new Scheduler((error) => log(`scheduled job failed: ${String(error)}`));
  const registry = new WebhookRegistry();
  const quality = new QualityStore(options.businessNumber ?? "+14155550100");
  const reports = new ReportStore(`${options.webhookSecret ?? "dev_webhook_secret"}:reports`);
  // The simulator's own address (known once listening): signed report URLs point here.
  let baseUrl = "";
  if (options.webhookUrl) registry.preRegister(options.webhookUrl);
  const webhooks = new WebhookDispatcher({
    registry,
    secret: options.webhookSecret ?? "dev_webhook_secret",
    concurrency: Math.max(1, options.webhookConcurrency ?? 32),
    retries: Math.max(0, options.webhookRetries ?? 5),
    backoffMs: options.webhookBackoffMs ?? 250,
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    exact200: profile.exact200,
    scheduler,
    deliveryLog: state.webhooks,
    timings: state.webhookTimings,
    log,
  });
  const core = new SimulatorCore(
    state,
    {
      now,
      statusDelayMs: options.statusDelayMs ?? 400,
      templateReviewMs: options.templateReviewMs ?? 3000,
      businessNumber: options.businessNumber ?? "+14155550100",
      businessName: options.businessName ?? "Connectly Simulator",
      profile,
      log,
    },
    scheduler,
    webhooks,
  );
  const assets = new AssetStore({
    now,
    fetchTimeoutMs: options.assetFetchTimeoutMs ?? 30_000,
    maxTotalBytes: options.assetMaxTotalBytes ?? 512 * 1024 * 1024,
    cdnBase: () => baseUrl,
  });
  // §9.2: 100 requests/s for assets.
  const assetLimiter = new TokenBucket(profile.rateLimitPerSecond > 0 ? 100 : 0);
  const rate = profile.rateLimitPerSecond;
  const limiters: Record<SendEndpoint, TokenBucket> = {
    template: new TokenBucket(rate),
    session: new TokenBucket(rate),
    campaigns: new TokenBucket(rate),
  };

  function recordRejected(endpoint: SendEndpoint, businessId: string, body: unknown, error: SimulatorError) {
    state.totals.rejected++;
    const entry = {
      endpoint,
      businessId,
      body,
      receivedAt: new Date(now()).toISOString(),
      httpStatus: error.httpStatus,
      error: error.toObject(),
    };
    state.rejected.push(entry);
    return entry.error;
  }

  // Recipients whose sends are refused at once (POST /sim/send-errors), so tests can meet a failure
  // synchronously (4xx + error object) as well as by webhook (the number-suffix rules in failures.ts).
  const forcedSendErrors = new Map<string, { status: number; code: string; type: string; message: string }>();

  function forcedSendError(parsed: Record<string, unknown>): SimulatorError | null {
    const recipient = parsed.recipient as Record<string, unknown> | undefined;
    const to =
      typeof parsed.number === "string"
        ? parsed.number
        : typeof recipient?.id === "string"
          ? recipient.id
          : null;
    const forced = to === null ? undefined : forcedSendErrors.get(to.replace(/^bsuid:/, ""));
    return forced ? new SimulatorError(forced.status, forced.code, forced.message, forced.type) : null;
  }

  // Messaging API: /v1/businesses/:businessId/<verb>/<noun>
  function handleV1(req: http.IncomingMessage, path: string, raw: string, query: URLSearchParams): Reply {
    const match = V1_PATH.exec(path);
    const route = match?.[2] ?? "";
    const businessId = decodeURIComponent(match?.[1] ?? "");
    const resourceId = match?.[3] === undefined ? undefined : decodeURIComponent(match[3]);
    const endpoint = resourceId === undefined ? SEND_ROUTES[route] : undefined;
    const webhookOperation = WEBHOOK_ROUTES[`${req.method} ${route}`];
    let body: unknown = null;
    try {
      checkApiKey(req);
      if (match && webhookOperation) {
        state.businessIds.add(businessId);
        return handleWebhookRegistration(webhookOperation, businessId, resourceId, raw);
      }
      if (match && route === "reporting/reports" && resourceId === undefined) {
        // Reports API (§8.6): the latest completed run of each report, camelCase, a fresh signed URL each read.
        if (req.method !== "GET")
          throw new SimulatorError(405, "ERROR_CODE_UNSPECIFIED", `${path} takes GET`);
        state.businessIds.add(businessId);
        const type = query.get("type");
        return json(200, {
          data: reports.list(type || null).map((r) => reportListItem(reports, r, baseUrl, now())),
        });
      }
      if (
        match &&
        route === "get/quality_signals" &&
        resourceId === undefined &&
        (req.method === "GET" || req.method === "POST")
      ) {
        state.businessIds.add(businessId);
        return json(200, quality.list());
      }
      const known = endpoint || route === "get/templates" || route === "create/template";
      if (!match || !known || resourceId !== undefined) {
        throw new SimulatorError(404, "ERROR_CODE_UNSPECIFIED", `no such endpoint: ${req.method} ${path}`);
      }
      if (req.method !== "POST")
        throw new SimulatorError(405, "ERROR_CODE_UNSPECIFIED", `${path} takes POST`);
      state.businessIds.add(businessId);
      if (endpoint && !limiters[endpoint].tryTake()) {
        // Logged with its body when it parses (tests measure each recipient's backoff after a 429).
        try {
          body = JSON.parse(raw);
        } catch {
          body = null;
        }
        // The docs name no error type for 429; clients should key on the HTTP status.
        throw new SimulatorError(
          429,
          "ERROR_CODE_UNSPECIFIED",
          `rate limit of ${rate} requests/second exceeded`,
          "ERROR_TYPE_RATE_LIMIT_EXCEEDED",
        );
      }
      body = parseJson(raw);
      const parsed = body as Record<string, unknown>;
      // A flow sendout answers a forced error per entry (below), not for the whole request.
      const forced =
        endpoint && endpoint !== "campaigns" && parsed && typeof parsed === "object"
          ? forcedSendError(parsed)
          : null;
      if (forced) throw forced;
      if (endpoint === "template") return json(200, core.sendTemplate(businessId, parsed));
      if (endpoint === "session") return json(200, core.sendSession(businessId, parsed));
      if (endpoint === "campaigns")
        return json(
          200,
          core.sendCampaigns(businessId, parsed, (client) => forcedSendError({ number: client })),
        );
      if (route === "get/templates") return json(200, core.getTemplates());
      return json(200, core.createTemplate(parsed));
    } catch (error) {
      if (!(error instanceof SimulatorError)) throw error;
      const object = endpoint && match ? recordRejected(endpoint, businessId, body, error) : error.toObject();
      log(`${req.method} ${path} -> ${error.httpStatus} ${error.code}: ${error.message}`);
      return json(error.httpStatus, object);
    }
  }

  async function handleAssets(
    req: http.IncomingMessage,
    match: RegExpExecArray,
    raw: string,
  ): Promise<Reply> {
    const businessId = decodeURIComponent(match[1] ?? "");
    const assetId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    try {
      checkApiKey(req);
      if (!assetLimiter.tryTake()) {
        throw new SimulatorError(
          429,
          "ERROR_CODE_UNSPECIFIED",
          "rate limit of 100 requests/second exceeded",
          "ERROR_TYPE_RATE_LIMIT_EXCEEDED",
        );
      }
      state.businessIds.add(businessId);
      if (assetId === undefined) {
        if (req.method !== "POST")
          throw new SimulatorError(405, "ERROR_CODE_UNSPECIFIED", "assets takes POST");
        const created = await assets.create(businessId, parseJson(raw));
        log(`asset ${created.asset.id} created from ${created.asset.source.uri}`);
        return json(200, created);
      }
      if (req.method !== "GET")
        throw new SimulatorError(405, "ERROR_CODE_UNSPECIFIED", "assets/:id takes GET");
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(assetId))
        throw new SimulatorError(400, "ERROR_CODE_UNSPECIFIED", "malformed asset id");
      const asset = assets.get(assetId);
      if (!asset) throw new SimulatorError(404, "ERROR_CODE_UNSPECIFIED", `no asset ${assetId}`);
      return json(200, { asset: assets.describe(asset) });
    } catch (error) {
      if (!(error instanceof SimulatorError)) throw error;
      log(`${req.method} ${req.url} -> ${error.httpStatus} ${error.code}: ${error.message}`);
      return json(error.httpStatus, error.toObject());
    }
  }

  function handleWebhookRegistration(
    operation: "create" | "list" | "update" | "delete",
    businessId: string,
    id: string | undefined,
    raw: string,
  ): Reply {
    const needsId = operation === "update" || operation === "delete";
    if (needsId !== (id !== undefined))
      throw new SimulatorError(404, "ERROR_CODE_UNSPECIFIED", "no such endpoint");
    if (operation === "list") return json(200, { entity: { businessId, webhooks: registry.list() } });
    if (operation === "delete") {
      registry.remove(id!);
      log(`webhook ${id} deleted`);
      return json(200, {});
    }
    const body = parseJson(raw);
    if (operation === "create") {
      const created = registry.create(body);
      log(`webhook ${created.topic} registered -> ${created.address}`);
      return json(200, { id: created.id });
    }
    const updated = registry.update(id!, body);
    log(`webhook ${updated.topic} updated -> ${updated.address}`);
    return json(200, { entity: updated });
  }

  // Control API for tests and demos: no API key.
  async function handleControl(method: string, url: URL, raw: string): Promise<Reply> {
    const path = url.pathname;
    const key = `${method} ${path}`;
    if (key === "GET /sim/health") return json(200, { ok: true });
    if (key === "POST /sim/inbound") {
      const result = await core.inbound(parseJson(raw));
      log(
        `inbound ${JSON.stringify(result.event.sender)} -> webhook ${result.delivery.status ?? result.delivery.error}`,
      );
      return json(200, { ok: true, ...result });
    }
    if (key === "GET /sim/sent") {
      const limit = limitParam(url);
      return json(200, {
        total: state.totals.accepted,
        rejectedTotal: state.totals.rejected,
        requests: state.sent.toArray(limit),
        rejected: state.rejected.toArray(limit),
      });
    }
    if (key === "DELETE /sim/sent") {
      state.sent.clear();
      state.rejected.clear();
      return json(200, { ok: true });
    }
    if (key === "GET /sim/assets") return json(200, { requests: assets.requests });
    if (key === "GET /sim/webhooks/timings") return json(200, state.webhookTimings.summary());
    if (key === "GET /sim/webhooks") {
      return json(200, {
        pending: { scheduled: scheduler.size, ...webhooks.stats },
        deliveries: state.webhooks.toArray(limitParam(url)),
      });
    }
    if (key === "POST /sim/send-errors") {
      // { to, status?, code, type?, message? }: every later send to `to` is refused with that error.
      const input = parseJson(raw) as Record<string, unknown> | null;
      const to = typeof input?.to === "string" ? input.to.replace(/^bsuid:/, "") : null;
      if (!to || typeof input?.code !== "string")
        return json(400, { ok: false, error: "give { to, code, status?, type?, message? }" });
      const status =
        typeof input.status === "number" && input.status >= 400 && input.status < 600 ? input.status : 400;
      forcedSendErrors.set(to, {
        status,
        code: input.code,
        type: typeof input.type === "string" ? input.type : "ERROR_TYPE_INVALID_REQUEST",
        message: typeof input.message === "string" ? input.message : `send to ${to} refused (${input.code})`,
      });
      return json(200, { ok: true });
    }
    if (key === "GET /sim/flows") return json(200, { flows: state.flows.list() });
    if (key === "POST /sim/flows") {
      // { name, published? (true), versions? (["1"]), messages? (1), variables? ([]) }: defines or replaces a flow.
      const problem = state.flows.define(parseJson(raw));
      return problem
        ? json(400, { ok: false, error: problem })
        : json(200, { ok: true, flows: state.flows.list() });
    }
    if (key === "DELETE /sim/flows") {
      state.flows.seed();
      return json(200, { ok: true, flows: state.flows.list() });
    }
    if (key === "POST /sim/quality") {
      // { phoneNumber?, qualityScore?, messagesLimitTier? }: what get/quality_signals answers from now on.
      const problem = quality.set(parseJson(raw));
      return problem ? json(400, { ok: false, error: problem }) : json(200, { ok: true, ...quality.list() });
    }
    if (key === "POST /sim/reports/complete") {
      // Completes a run of a campaign report: a CSV of the campaign's customers with the clicks and opt-outs asked
      // for, then the `report` webhook (to the address registered for the topic).
      const input = parseCompleteReport(parseJson(raw));
      const at = now();
      const csv = buildReportCsv(input, state.messages.values(), at);
      const report = reports.complete({
        reportId: input.reportId,
        name: input.reportName,
        type: input.type,
        chunks: csv.chunks,
        now: at,
      });
      const payload = reportWebhookPayload(reports, report, baseUrl, at, input.ttlMs);
      const delivery = !input.webhook
        ? { status: null, error: "webhook not asked for" }
        : await new Promise<{ status: number | null; error?: string }>((resolve) => {
            webhooks.enqueue({
              entry: webhooks.newEntry({ topic: "report", reportRunId: report.lastRun.id }),
              payload,
              campaignName: input.campaignName,
              onFirstAttempt: resolve,
            });
          });
      log(
        `report ${report.id} run ${report.lastRun.id}: ${csv.rows} rows -> webhook ${delivery.status ?? delivery.error}`,
      );
      return json(200, {
        ok: true,
        report: reportListItem(reports, report, baseUrl, at),
        webhookUrl: payload.report.last_run.result.url,
        rows: csv.rows,
        delivery,
      });
    }
    if (key === "GET /sim/reports")
      return json(200, { data: reports.list(null).map((r) => reportListItem(reports, r, baseUrl, now())) });
    if (key === "POST /sim/reset") {
      forcedSendErrors.clear();
      reports.clear();
      quality.reset();
      assets.reset();
      resetState(state);
      return json(200, { ok: true });
    }
    const messageMatch = MESSAGE_PATH.exec(path);
    if (method === "GET" && messageMatch) {
      const record = state.messages.get(decodeURIComponent(messageMatch[1] ?? ""));
      return record ? json(200, record) : json(404, { ok: false, error: "unknown message id" });
    }
    const statusMatch = TEMPLATE_STATUS_PATH.exec(path);
    if (method === "POST" && statusMatch) {
      const [name, language] = [
        decodeURIComponent(statusMatch[1] ?? ""),
        decodeURIComponent(statusMatch[2] ?? ""),
      ];
      const template = state.templates.find(name, language);
      if (!template) return json(404, { ok: false, error: `no template ${name} (${language})` });
      const body = parseJson(raw);
      const status = TEMPLATE_STATUSES[String(body.status).replace("MESSAGE_TEMPLATE_STATUS_", "")];
      if (!status) throw new ControlError("status must be APPROVED, REJECTED or PENDING");
      const reason = typeof body.rejectionReason === "string" ? body.rejectionReason : undefined;
      core.setTemplateStatus(template, status, reason);
      return json(200, { ok: true, template });
    }
    return json(404, { ok: false, error: `no such control endpoint: ${method} ${path}` });
  }

  async function handle(req: http.IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? "/", "http://simulator.local");
    const method = req.method ?? "GET";
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (error instanceof SimulatorError) return json(error.httpStatus, error.toObject());
      throw error;
    }
    if (url.pathname === "/sim" || url.pathname.startsWith("/sim/")) {
      try {
        return await handleControl(method, url, raw);
      } catch (error) {
        if (error instanceof ControlError || error instanceof SimulatorError) {
          return json(400, { ok: false, error: error.message });
        }
        throw error;
      }
    }
    const assetMatch = ASSET_PATH.exec(url.pathname);
    if (assetMatch) return handleAssets(req, assetMatch, raw);
    return handleV1(req, url.pathname, raw, url.searchParams);
  }

  // A report CSV at its signed URL, streamed chunk by chunk with backpressure (a report can be large).
  function serveReportFile(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    fileId: string,
    url: URL,
  ): void {
    const found = reports.file(
      fileId,
      url.searchParams.get("expires"),
      url.searchParams.get("signature"),
      now(),
    );
    req.resume();
    if (found.status !== 200) {
      res.writeHead(found.status, { "content-type": "text/plain; charset=utf-8" });
      res.end(found.error);
      return;
    }
    res.writeHead(200, { "content-type": "text/csv; charset=utf-8" });
    let i = 0;
    const write = () => {
      while (i < found.chunks.length) {
        if (!res.write(found.chunks[i++]!)) return void res.once("drain", write);
      }
      res.end();
    };
    write();
  }

  // The CDN (GET /sim/cdn/:id) answers bytes, and POST /sim/cdn takes them: both outside the JSON handler.
  async function handleCdn(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    id: string | undefined,
  ): Promise<boolean> {
    if (req.method === "GET" && id !== undefined) {
      serveAsset(res, assets.get(decodeURIComponent(id)));
      return true;
    }
    if (req.method === "POST" && id === undefined) {
      const bytes = await readRawBody(req, MAX_ASSET_BYTES);
      const hosted = assets.hostDirect(bytes, req.headers["content-type"] ?? "application/octet-stream");
      const payload = JSON.stringify({ ok: true, ...hosted });
      res.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(payload),
      });
      res.end(payload);
      return true;
    }
    return false;
  }

  const server = http.createServer((req, res) => {
    const fileMatch =
      req.method === "GET" ? REPORT_FILE_PATH.exec((req.url ?? "").split("?")[0] ?? "") : null;
    if (fileMatch)
      return serveReportFile(
        req,
        res,
        decodeURIComponent(fileMatch[1] ?? ""),
        new URL(req.url ?? "/", "http://simulator.local"),
      );
    const cdn = CDN_PATH.exec(new URL(req.url ?? "/", "http://simulator.local").pathname);
    if (cdn) {
      handleCdn(req, res, cdn[1])
        .then((handled) => {
          if (handled) return;
          res.writeHead(405, { "content-type": "application/json; charset=utf-8" });
          res.end(JSON.stringify({ ok: false, error: "GET /sim/cdn/:id or POST /sim/cdn" }));
        })
        .catch((error: unknown) => {
          log(`cdn ${req.method} ${req.url} failed: ${String(error)}`);
          if (!res.headersSent) res.writeHead(error instanceof SimulatorError ? error.httpStatus : 500);
          res.end();
        });
      return;
    }
    handle(req)
      .catch((error: unknown): Reply => {
        log(`internal error on ${req.method} ${req.url}: ${String(error)}`);
        return json(
          500,
          new SimulatorError(
            500,
            "ERROR_CODE_UNSPECIFIED",
            "internal error",
            "ERROR_TYPE_UNSPECIFIED",
          ).toObject(),
        );
      })
      .then((reply) => {
        const payload = JSON.stringify(reply.body);
        res.writeHead(reply.status, {
          "content-type": "application/json; charset=utf-8",
          "content-length": Buffer.byteLength(payload),
        });
        res.end(payload);
      })
      .catch((error: unknown) => log(`failed to answer ${req.method} ${req.url}: ${String(error)}`));
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  baseUrl = url;
  log(
    `Connectly simulator listening on ${url} (${options.profile ?? "default"} profile, ${rate > 0 ? `${rate} requests/s per send endpoint` : "no rate limit"})`,
  );

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    state,
    registry,
    close() {
      closing ??= new Promise<void>((resolve) => {
        scheduler.close();
        webhooks.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
