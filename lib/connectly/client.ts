// Upstream client for Connectly's Messaging API. No process.env here: the caller passes the config
// (lib/connectly/config.ts builds it from lib/env.ts), so the simulator tests and benchmarks can reuse it.

import { metrics } from "../observability/metrics";

export type ConnectlyConfig = {
  baseUrl: string;
  apiKey: string;
  businessId: string;
  timeoutMs: number;
  /** Retries after the first attempt, for the failures that may be retried (see `request`). */
  maxRetries?: number;
  /** Base backoff; attempt n waits base * 2^n plus jitter. */
  backoffMs?: number;
  fetch?: typeof fetch;
};

/** The contract's error object (§1.5); every field optional because upstream is not always complete. */
export type ConnectlyErrorObject = {
  message?: string;
  type?: string;
  code?: string;
  userTitle?: string;
  userMessage?: string;
  cntTraceId?: string;
  details?: unknown;
};

export type ConnectlyErrorKind = "http" | "timeout" | "network";

export class ConnectlyError extends Error {
  readonly kind: ConnectlyErrorKind;
  readonly status: number | null;
  readonly body: ConnectlyErrorObject | null;

  constructor(
    kind: ConnectlyErrorKind,
    message: string,
    status: number | null,
    body: ConnectlyErrorObject | null,
  ) {
    super(message);
    this.name = "ConnectlyError";
    this.kind = kind;
    this.status = status;
    this.body = body;
  }

  /**
   * The code to look up in the error catalogue. Transport failures and 429 get our own codes; upstream's code
   * otherwise, except the catch-all ERROR_CODE_UNSPECIFIED, where the HTTP status or the type says more. A 429
   * that names ERROR_CODE_BUSINESS_REACHED_LIMITS keeps it: Meta restricted the channel, slowing down won't help.
   */
  get code(): string {
    if (this.kind === "timeout") return "UPSTREAM_TIMEOUT";
    if (this.kind === "network") return "UPSTREAM_UNREACHABLE";
    if (this.status === 429 && this.body?.code === "ERROR_CODE_BUSINESS_REACHED_LIMITS")
      return this.body.code;
    if (this.status === 429) return "UPSTREAM_RATE_LIMITED";
    const code = this.body?.code;
    if (code && code !== "ERROR_CODE_UNSPECIFIED") return code;
    if (this.status === 401) return "ERROR_TYPE_AUTHENTICATION";
    if (this.status !== null && this.status >= 500) return "UPSTREAM_SERVER_ERROR";
    return this.body?.type ?? code ?? "ERROR_CODE_UNSPECIFIED";
  }
}

type RequestOptions = {
  /**
   * Whether repeating the request cannot cause a second effect. A 429 is always retried (upstream refused
   * it before doing anything); 5xx, timeouts and network errors only when idempotent, because a send that
   * timed out may have been delivered.
   */
  idempotent: boolean;
  /** The metrics label of the call (connectly_upstream_* in lib/observability/metrics.ts). */
  operation: Operation;
  /** Default POST (every Messaging API call but the webhook registration's list, update and delete). */
  method?: HttpMethod;
};

type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";
type Operation =
  | "send_template"
  | "send_session"
  | "send_campaigns"
  | "get_templates"
  | "create_template"
  | "create_webhook"
  | "list_webhooks"
  | "update_webhook"
  | "delete_webhook"
  | "get_quality_signals"
  | "list_reports"
  | "create_asset"
  | "get_asset";

/**
 * A fixed config, or a function that resolves it per request (the app's settings can change while it runs:
 * lib/connectly/config.ts passes the cached settings reader).
 */
export type ConnectlyConfigSource = ConnectlyConfig | (() => Promise<ConnectlyConfig>);

export function createConnectlyClient(source: ConnectlyConfigSource) {
  const resolveConfig = typeof source === "function" ? source : () => Promise.resolve(source);

  async function attempt<T>(
    config: ConnectlyConfig,
    path: string,
    body: unknown,
    method: HttpMethod,
  ): Promise<T> {
    const doFetch = config.fetch ?? fetch;
    const base = `${config.baseUrl.replace(/\/$/, "")}/v1/businesses/${encodeURIComponent(config.businessId)}`;
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: {
          "X-API-Key": config.apiKey,
          "Content-Type": "application/json",
          Accept: "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === "TimeoutError" || name === "AbortError") {
        throw new ConnectlyError(
          "timeout",
          `Connectly did not answer within ${config.timeoutMs} ms`,
          null,
          null,
        );
      }
      throw new ConnectlyError(
        "network",
        `Could not reach Connectly: ${(error as Error).message}`,
        null,
        null,
      );
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // Non-JSON body (a proxy's HTML error page, say): keep the status, drop the body.
    }
    if (!response.ok) {
      const errorBody = json && typeof json === "object" ? (json as ConnectlyErrorObject) : null;
      const message = errorBody?.message ?? `Connectly answered HTTP ${response.status}`;
      throw new ConnectlyError("http", message, response.status, errorBody);
    }
    return json as T;
  }

  async function request<T>(path: string, body: unknown, options: RequestOptions): Promise<T> {
    // Resolved once per request, so the retries of one call all use the same key and business.
    const config = await resolveConfig();
    const maxRetries = config.maxRetries ?? 3;
    const backoffMs = config.backoffMs ?? 250;
    for (let n = 0; ; n++) {
      try {
        const result = await attempt<T>(config, path, body, options.method ?? "POST");
        countAttempt(options.operation, null);
        return result;
      } catch (error) {
        countAttempt(options.operation, error);
        if (!(error instanceof ConnectlyError) || n >= maxRetries || !shouldRetry(error, options))
          throw error;
        await sleep(backoffMs * 2 ** n + Math.random() * backoffMs);
      }
    }
  }

  return {
    sendTemplateMessage: (body: unknown) =>
      request<{ id: string }>("/send/whatsapp_templated_messages", body, {
        idempotent: false,
        operation: "send_template",
      }),
    sendSessionMessage: (body: unknown) =>
      request<{ id: string }>("/send/messages", body, { idempotent: false, operation: "send_session" }),
    // Flow sendouts (§8.2): a batch of entries; the answer is parsed by lib/connectly/flow-sendouts.ts.
    sendCampaigns: (body: { entries: unknown[] }) =>
      request<unknown>("/send/campaigns", body, { idempotent: false, operation: "send_campaigns" }),
    getTemplates: () =>
      request<{ entity?: { templateGroups?: unknown[] } }>("/get/templates", undefined, {
        idempotent: true,
        operation: "get_templates",
      }),
    createTemplate: (body: unknown) =>
      request<{ entity?: unknown }>("/create/template", body, {
        idempotent: false,
        operation: "create_template",
      }),
    // Quality signals (§9.1): raw; lib/connectly/quality-signals.ts parses the answer.
    getQualitySignals: () =>
      request<unknown>("/get/quality_signals", undefined, {
        idempotent: true,
        operation: "get_quality_signals",
        method: "GET",
      }),
    // Reports API (§8.6): raw; lib/connectly/campaign-report.ts parses the answer.
    listReports: (type?: string) =>
      request<unknown>(`/reporting/reports${type ? `?type=${encodeURIComponent(type)}` : ""}`, undefined, {
        idempotent: true,
        operation: "list_reports",
        method: "GET",
      }),
    // Assets (§9.2): Connectly copies the file at `uri` to its CDN. Raw; lib/connectly/media.ts parses the answer.
    // Retried like an idempotent call: the body names our own media id, so a repeat names the same asset.
    createAsset: (body: unknown) =>
      request<unknown>("/assets", body, { idempotent: true, operation: "create_asset" }),
    getAsset: (assetId: string) =>
      request<unknown>(`/assets/${encodeURIComponent(assetId)}`, undefined, {
        idempotent: true,
        operation: "get_asset",
        method: "GET",
      }),
    // Webhook registration (§5.2). Raw answers: lib/connectly/webhook-registration.ts parses them (the docs
    // disagree on their shapes) and owns the 409 → list → update rule.
    createWebhook: (body: unknown) =>
      request<unknown>("/create/webhooks", body, { idempotent: false, operation: "create_webhook" }),
    listWebhooks: () =>
      request<unknown>("/webhooks", undefined, {
        idempotent: true,
        operation: "list_webhooks",
        method: "GET",
      }),
    updateWebhook: (webhookId: string, body: unknown) =>
      request<unknown>(`/update/webhooks/${encodeURIComponent(webhookId)}`, body, {
        idempotent: true,
        operation: "update_webhook",
        method: "PUT",
      }),
    deleteWebhook: (webhookId: string) =>
      request<unknown>(`/delete/webhooks/${encodeURIComponent(webhookId)}`, undefined, {
        idempotent: true,
        operation: "delete_webhook",
        method: "DELETE",
      }),
  };
}

export type ConnectlyClient = ReturnType<typeof createConnectlyClient>;

const SENDS: Partial<Record<Operation, string>> = {
  send_template: "template",
  send_session: "session",
  send_campaigns: "flow",
};

/** Each attempt counted (a retried 429 is an error, then an ok); an accepted send also counts as one message sent. */
function countAttempt(operation: Operation, error: unknown): void {
  const m = metrics();
  if (error === null) {
    m.upstreamRequests.inc({ operation, outcome: "ok" });
    const kind = SENDS[operation];
    if (kind) m.messagesSent.inc({ kind });
    return;
  }
  m.upstreamRequests.inc({ operation, outcome: "error" });
  // Upstream picks the code: anything that does not look like one is lumped together, to bound the label values.
  const code = error instanceof ConnectlyError ? error.code : "UNEXPECTED";
  m.upstreamErrors.inc({ operation, code: /^[A-Za-z0-9_.]{1,64}$/.test(code) ? code : "OTHER" });
}

function shouldRetry(error: ConnectlyError, options: RequestOptions): boolean {
  if (error.status === 429) return true;
  if (!options.idempotent) return false;
  return error.kind !== "http" || (error.status !== null && error.status >= 500);
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
