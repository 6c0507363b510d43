import { createHmac, timingSafeEqual } from "node:crypto";

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
