import { createHmac, timingSafeEqual } from "node:crypto";
import { DEV_WEBHOOK_SECRET } from "../env";

// Contract §5.3 / §14: header x-connectly-hmac-sha256 = Base64(HMAC-SHA256(secret, raw body)).
export const SIGNATURE_HEADER = "x-connectly-hmac-sha256";

export function signWebhookBody(secret: string, rawBody: string | Buffer): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}

/** Constant-time check of a webhook signature; false for a missing or malformed header. */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string | Buffer,
  header: string | null | undefined,
): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(secret, rawBody));
  const given = Buffer.from(header.trim());
  // timingSafeEqual throws on length mismatch; the length of a base64 SHA-256 digest is public anyway.
  if (given.length !== expected.length) return false;
  return timingSafeEqual(expected, given);
}

/**
 * Project decision (#12): the simulator's secret is printed in the README, so anyone can sign with it. It is fine
 * against the simulator (zero configuration), but with a real Connectly API key in effect ("live") webhooks signed
 * with it are refused until a real secret is configured.
 */
export function isPublicWebhookSecret(secret: string): boolean {
  return secret === DEV_WEBHOOK_SECRET;
}

export type WebhookSecrets = {
  current: string;
  /** The secret replaced by the last rotation, accepted until `previousUntil` (the grace period). */
  previous: string | null;
  previousUntil: Date | null;
  live: boolean;
};

/** Why no webhook can be accepted with this configuration; null when it is usable. */
export function webhookSecretRefusal(secrets: Pick<WebhookSecrets, "current" | "live">): string | null {
  if (secrets.live && isPublicWebhookSecret(secrets.current))
    return "Webhooks are refused: a live Connectly API key is configured but the webhook secret is still the public default. Set CONNECTLY_WEBHOOK_SECRET or save the secret on the Settings page.";
  return null;
}

/** The secrets a signature may be made with right now: the current one, and the previous one during its grace. */
export function acceptedWebhookSecrets(secrets: WebhookSecrets, now = new Date()): string[] {
  const accepted = [secrets.current];
  const { previous, previousUntil } = secrets;
  if (previous && previousUntil && previousUntil > now && !(secrets.live && isPublicWebhookSecret(previous)))
    accepted.push(previous);
  return accepted;
}

/** True when the header matches a signature made with any of the secrets (each compared in constant time). */
export function verifyWebhookSignatureWithAny(
  secrets: readonly string[],
  rawBody: string | Buffer,
  header: string | null | undefined,
): boolean {
  let ok = false;
  for (const secret of secrets) ok = verifyWebhookSignature(secret, rawBody, header) || ok;
  return ok;
}
