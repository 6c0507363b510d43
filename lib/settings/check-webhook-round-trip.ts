import "server-only";
import { randomBytes } from "node:crypto";
import { recordAuditEvent } from "../audit/record-audit-event";
import { SIGNATURE_HEADER, signWebhookBody } from "../connectly/signature";
import { EVENT_TOPICS, listWebhookRegistrations, type EventTopic } from "../connectly/webhook-registration";
import { db } from "../db";
import { getConnectlySettings } from "./get-connectly-settings";
import { registrationClient, upstreamFailure } from "./webhook-upstream";

export type RoundTripResult = {
  topic: EventTopic;
  address: string | null;
  verified: boolean;
  error: string | null;
};

const PROBE_TIMEOUT_MS = 5_000;

/**
 * The round-trip check (decision in lib/connectly/webhook-registration.ts): for each topic registered at
 * Connectly, a signed probe with a one-time nonce goes to the registered address; the topic is verified when this
 * app's webhook receiver recorded the nonce. The outcome is stored per topic and audit-logged
 * (`actorId` null: the start-up check).
 */
export async function checkWebhookRoundTrip(
  actorId: string | null,
  options: { audit?: boolean } = {},
): Promise<RoundTripResult[]> {
  let registrations;
  try {
    registrations = await listWebhookRegistrations(await registrationClient());
  } catch (error) {
    upstreamFailure(error, "read Connectly's webhook registrations");
  }
  const settings = await getConnectlySettings();
  const results: RoundTripResult[] = [];
  for (const topic of EVENT_TOPICS) {
    const registration = registrations.find((r) => r.topic === topic);
    if (!registration) {
      results.push({
        topic,
        address: null,
        verified: false,
        error: "Not registered at Connectly: press Connect.",
      });
      continue;
    }
    results.push(await probe(topic, registration.address, settings.webhookSecret));
  }
  if (options.audit !== false) await auditRoundTrip(actorId, results);
  return results;
}

export async function auditRoundTrip(actorId: string | null, results: RoundTripResult[]): Promise<void> {
  await recordAuditEvent({
    actorId,
    ...(actorId === null ? { actorLabel: "system (start-up)" } : {}),
    action: "webhooks.checked",
    targetType: "workspace",
    targetLabel: "Connectly webhooks",
    details: {
      results: results.map((r) => ({
        topic: r.topic,
        address: r.address,
        verified: r.verified,
        error: r.error,
      })),
      summary: results.map((r) => `${r.topic}: ${r.verified ? "verified" : "not verified"}`).join(", "),
    },
  });
}

async function probe(topic: EventTopic, address: string, secret: string): Promise<RoundTripResult> {
  const nonce = randomBytes(16).toString("hex");
  const startedAt = new Date();
  await db.webhookTopicCheck.upsert({
    where: { topic },
    create: { topic, address, nonce, startedAt },
    update: { address, nonce, startedAt, verifiedAt: null, error: null },
  });
  // Key order matters: the receiver recognises the probe by the body's first bytes (PROBE_PREFIX).
  const body = JSON.stringify({ connectlyDashboardProbe: { topic, nonce, sentAt: startedAt.toISOString() } });
  let error: string | null = null;
  let status: number | null = null;
  try {
    const response = await fetch(address, {
      method: "POST",
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "user-agent": "connectly-dashboard-webhook-check/1.0",
        [SIGNATURE_HEADER]: signWebhookBody(secret, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    status = response.status;
    await response.body?.cancel();
  } catch (cause) {
    const name = (cause as { name?: string }).name;
    error =
      name === "TimeoutError"
        ? `${address} did not answer within ${PROBE_TIMEOUT_MS / 1000} s.`
        : `Could not reach ${address}: ${(cause as Error).message}.`;
  }
  const row = await db.webhookTopicCheck.findUnique({
    where: { topic },
    select: { nonce: true, verifiedAt: true },
  });
  const verified = row?.nonce === nonce && row.verifiedAt !== null;
  if (!verified && error === null) error = explainStatus(address, status);
  if (error !== null) {
    await db.webhookTopicCheck.updateMany({ where: { topic, nonce }, data: { error } });
  }
  return { topic, address, verified, error };
}

function explainStatus(address: string, status: number | null): string {
  if (status === 401)
    return `${address} refused the signature (401): its webhook secret differs from this app's.`;
  if (status === 503)
    return `${address} answered 503: webhooks are refused there (see the webhook secret above).`;
  if (status !== null && status >= 300 && status < 400)
    return `${address} redirects (${status}); register the final address.`;
  if (status !== null && status >= 200 && status < 300) {
    return `${address} answered ${status}, but the probe never reached this app: the address belongs to another app or database.`;
  }
  return `${address} answered HTTP ${status ?? "?"}.`;
}
