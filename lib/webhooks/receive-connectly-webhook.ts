import "server-only";
import { AppError } from "../api/errors";
import {
  acceptedWebhookSecrets,
  SIGNATURE_HEADER,
  verifyWebhookSignatureWithAny,
  webhookSecretRefusal,
} from "../connectly/signature";
import { ingestWebhook, type IngestOutcome } from "../messaging/ingest-webhook";
import { storableWebhookText } from "../security/storable-text";
import { getConnectlySettings } from "../settings/get-connectly-settings";

/**
 * One signed Connectly webhook body, verified and ingested; what both entry points call: the route handler
 * (app/api/webhooks/connectly) and the app server's direct path (node-webhook-handler.ts).
 * Resolves for processed, duplicate, pending and invalid-but-stored events alike (answer 200, Connectly must not
 * retry those); throws 401 for a bad signature; a database failure propagates (503, so Connectly retries).
 * In live mode with the public default secret every webhook gets 503 (Connectly retries them, and they are
 * accepted once a real secret is configured), logged at most once a minute.
 */
export async function receiveConnectlyWebhook(raw: Buffer, signature: string | null): Promise<{ ok: true } & IngestOutcome> {
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
  // NUL and lone surrogates cannot be stored: neutralised, so such an event is kept (INVALID or processed), not a 500.
  const outcome = await ingestWebhook(storableWebhookText(raw.toString("utf8")));
  return { ok: true, ...outcome };
}

let lastRefusalLog = 0;
function logRefusal(reason: string): void {
  if (Date.now() - lastRefusalLog < 60_000) return;
  lastRefusalLog = Date.now();
  console.error(`[webhooks] ${reason}`);
}
