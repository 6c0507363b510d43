import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "../app-error";
import {
  acceptedWebhookSecrets,
  SIGNATURE_HEADER,
  verifyWebhookSignatureWithAny,
  webhookSecretRefusal,
} from "../connectly/signature";
import { ingestWebhook, type IngestOutcome, type IngestReport } from "../messaging/ingest-webhook";
import { errorMessage, log } from "../observability/logger";
import { metrics } from "../observability/metrics";
import { storableWebhookText } from "../security/storable-text";
import { getConnectlySettings } from "../settings/get-connectly-settings";
import { isWebhookProbe, recordWebhookProbe } from "./record-webhook-probe";

/**
 * One signed Connectly webhook body, verified and ingested; what both entry points call: the route handler
 * (app/api/webhooks/connectly) and the app server's direct path (node-webhook-handler.ts).
 * Resolves for processed, duplicate, pending and invalid-but-stored events alike (answer 200, Connectly must not
 * retry those); throws 401 for a bad signature; a database failure propagates (503, so Connectly retries).
 * Counted and logged here, so both entry points report alike; `requestId` goes on the log line and into the
 * live notification of the change (lib/realtime/listener.ts logs it again on fan-out).
 * In live mode with the public default secret every webhook gets 503 (Connectly retries them, and they are
 * accepted once a real secret is configured), logged at most once a minute.
 */
export async function receiveConnectlyWebhook(
  raw: Buffer,
  signature: string | null,
  requestId: string = randomUUID(),
): Promise<{ ok: true } & IngestOutcome> {
  const started = performance.now();
  const settings = await getConnectlySettings(); // saved on the Settings page, else the environment's
  const secrets = {
    current: settings.webhookSecret,
    previous: settings.previousWebhookSecret,
    previousUntil: settings.previousWebhookSecretUntil,
    live: settings.live,
  };
  const refusal = webhookSecretRefusal(secrets);
  if (refusal) {
    logRefusal(refusal);
    throw new AppError("SERVICE_UNAVAILABLE", refusal);
  }
  if (!verifyWebhookSignatureWithAny(acceptedWebhookSecrets(secrets), raw, signature)) {
    throw new AppError("UNAUTHENTICATED", `Missing or invalid ${SIGNATURE_HEADER} signature.`);
  }
  // The Settings page's round-trip check, signed like Connectly's deliveries: recorded, not ingested.
  if (isWebhookProbe(raw)) return { ok: true, ...(await recordWebhookProbe(raw)) };
  // NUL and lone surrogates cannot be stored: neutralised, so such an event is kept (INVALID or processed), not a 500.
  const { topic, status, ...outcome } = await ingestWebhook(
    storableWebhookText(raw.toString("utf8")),
    requestId,
  );
  countIngested({ topic, status, ...outcome });
  log("webhooks").info(
    {
      requestId,
      topic,
      state: outcome.state,
      reason: outcome.reason,
      ms: Math.round(performance.now() - started),
    },
    "webhook received",
  );
  return { ok: true, ...outcome };
}

/** A webhook answered with an error (401, 413, 503…): counted and logged by both entry points. */
export function reportRefusedWebhook(status: number, error: unknown, requestId: string): void {
  metrics().webhooksRefused.inc({ status: String(status) });
  const fields = { requestId, status, reason: errorMessage(error) };
  if (status >= 500) log("webhooks").error(fields, "webhook refused");
  else log("webhooks").warn(fields, "webhook refused");
}

// Topic labels are bounded: a signed body can still name any topic.
const TOPICS = new Set(["messages", "delivery_status", "report"]);

function countIngested(report: IngestReport): void {
  const m = metrics();
  const topic = report.topic && TOPICS.has(report.topic) ? report.topic : "unknown";
  m.webhooksReceived.inc({ topic });
  if (report.state === "INVALID") m.webhooksInvalid.inc({ topic });
  if (report.state !== "PROCESSED") return;
  m.webhooksApplied.inc({ topic });
  if (report.status) {
    m.statusLag.observe(
      { target: report.status.target },
      Math.max(0, (Date.now() - report.status.at.getTime()) / 1000),
    );
  }
}

let lastRefusalLog = 0;
function logRefusal(reason: string): void {
  if (Date.now() - lastRefusalLog < 60_000) return;
  lastRefusalLog = Date.now();
  log("webhooks").error({ reason }, "webhook secret refused");
}
