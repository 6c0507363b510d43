import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

// Prometheus metrics of this process (prom-client). Counters only on the hot paths: an increment is a map lookup.
// One registry per process, on globalThis: the production server loads lib/ twice (tsx for the direct webhook
// path, Next's bundle for the routes), and both copies must count into the same registry. The app serves it at
// /api/metrics, the campaign worker on WORKER_METRICS_PORT (scripts/worker.ts); gauges that come from the
// database are added by the app only (lib/observability/database-gauges.ts).

/** How many live-update streams are open, read on each scrape. */
export function countSseClientsWith(count: () => number): void {
  globalForMetrics.sseClientCount = count;
}

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    webhooksReceived: new Counter({
      name: "connectly_webhooks_received_total",
      help: "Signed webhook events accepted for ingestion, by topic",
      labelNames: ["topic"] as const,
      registers,
    }),
    webhooksApplied: new Counter({
      name: "connectly_webhooks_applied_total",
      help: "Webhook events applied (state PROCESSED), by topic",
      labelNames: ["topic"] as const,
      registers,
    }),
    webhooksInvalid: new Counter({
      name: "connectly_webhooks_invalid_total",
      help: "Signed webhook bodies that failed validation (stored INVALID), by topic",
      labelNames: ["topic"] as const,
      registers,
    }),
    webhooksRefused: new Counter({
      name: "connectly_webhooks_refused_total",
      help: "Webhook requests answered with an error (bad signature 401, too large 413, database down 503), by status",
      labelNames: ["status"] as const,
      registers,
    }),
    statusLag: new Histogram({
      name: "connectly_status_lag_seconds",
      help: "Delivery status: upstream event timestamp to applied here, by target (inbox message or campaign recipient)",
      labelNames: ["target"] as const,
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    }),
    upstreamRequests: new Counter({
      name: "connectly_upstream_requests_total",
      help: "Requests to Connectly's API (each attempt), by operation and outcome (ok or error)",
      labelNames: ["operation", "outcome"] as const,
      registers,
    }),
    upstreamErrors: new Counter({
      name: "connectly_upstream_errors_total",
      help: "Failed requests to Connectly's API, by operation and error code (the error catalogue's code)",
      labelNames: ["operation", "code"] as const,
      registers,
    }),
    messagesSent: new Counter({
      name: "connectly_messages_sent_total",
      help: "Messages Connectly accepted for sending (rate() of this is the send rate), by kind (session or template)",
      labelNames: ["kind"] as const,
      registers,
    }),
    sseClients: new Gauge({
      name: "app_sse_clients",
      help: "Open live-update streams (/api/events) on this process",
      registers,
      // Read on scrape from the one place that knows (lib/realtime/listener.ts registers the count).
      collect() {
        this.set(globalForMetrics.sseClientCount?.() ?? 0);
      },
    }),
  };
}

export type AppMetrics = ReturnType<typeof create>;
const globalForMetrics = globalThis as unknown as { appMetrics?: AppMetrics; sseClientCount?: () => number };

export function metrics(): AppMetrics {
  globalForMetrics.appMetrics ??= create();
  return globalForMetrics.appMetrics;
}
