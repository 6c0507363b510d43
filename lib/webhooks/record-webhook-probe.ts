import "server-only";
import { z } from "zod";
import { PROBE_PREFIX } from "../connectly/webhook-registration";
import { db } from "../db";
import type { IngestOutcome } from "../messaging/ingest-webhook";

// The round-trip check's probe (lib/settings/check-webhook-round-trip.ts), come back through the signed webhook
// path: marks the check verified. Never stored as a webhook event, never counted as one.

const probeSchema = z.object({
  connectlyDashboardProbe: z.object({
    topic: z.string().max(50),
    nonce: z.string().regex(/^[0-9a-f]{32}$/),
  }),
});

/** A probe body starts with PROBE_PREFIX (no Connectly payload does); checked on the raw bytes, no parsing. */
export function isWebhookProbe(raw: Buffer): boolean {
  return raw.length < 1024 && raw.subarray(0, PROBE_PREFIX.length).toString("utf8") === PROBE_PREFIX;
}

export async function recordWebhookProbe(raw: Buffer): Promise<IngestOutcome> {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return { state: "IGNORED", reason: "malformed probe" };
  }
  const parsed = probeSchema.safeParse(body);
  if (!parsed.success) return { state: "IGNORED", reason: "malformed probe" };
  const { topic, nonce } = parsed.data.connectlyDashboardProbe;
  const { count } = await db.webhookTopicCheck.updateMany({
    where: { topic, nonce, verifiedAt: null },
    data: { verifiedAt: new Date() },
  });
  return { state: "IGNORED", reason: count === 1 ? "probe recorded" : "unknown or repeated probe" };
}
