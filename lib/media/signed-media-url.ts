import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { SIGNED_MEDIA_URL_TTL_SECONDS } from "../connectly/media";
import { env } from "../env";

// The public, expiring link to a stored file that Connectly fetches when an asset is created (§9.2):
// <APP_URL>/api/media/public/<id>?exp=<unix seconds>&sig=<base64url HMAC-SHA256 of "<id>.<exp>">.
// The key is derived (HKDF) from NEXTAUTH_SECRET, which every instance already shares (npm start generates one);
// without it (dev and tests) from the webhook secret. A derived key: a media link never reveals anything usable
// to sign sessions or webhooks.

function signingKey(): Buffer {
  const e = env();
  const secret = e.NEXTAUTH_SECRET ?? e.CONNECTLY_WEBHOOK_SECRET;
  return Buffer.from(hkdfSync("sha256", secret, "connectly-dashboard", "media-url-v1", 32));
}

function signature(id: string, exp: number): string {
  return createHmac("sha256", signingKey()).update(`${id}.${exp}`).digest("base64url");
}

/** The app's public address (the balancer's with several instances), as the webhook registration uses it. */
function appBaseUrl(): string {
  const e = env();
  return (e.APP_URL ?? e.publicUrl ?? "http://localhost:3000").replace(/\/$/, "");
}

export function signedMediaUrl(id: string, now = Date.now()): { url: string; expiresAt: Date } {
  const exp = Math.floor(now / 1000) + SIGNED_MEDIA_URL_TTL_SECONDS;
  const url = `${appBaseUrl()}/api/media/public/${encodeURIComponent(id)}?exp=${exp}&sig=${signature(id, exp)}`;
  return { url, expiresAt: new Date(exp * 1000) };
}

export type SignatureCheck = "ok" | "expired" | "invalid";

/** Constant-time check of a link's signature; an expired link is refused even when its signature is right. */
export function checkMediaSignature(
  id: string,
  exp: string | null,
  sig: string | null,
  now = Date.now(),
): SignatureCheck {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return "invalid";
  const expected = Buffer.from(signature(id, Number(exp)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
  return Number(exp) * 1000 < now ? "expired" : "ok";
}
