import { createHash, randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";

// TOTP (RFC 6238: SHA-1, 6 digits, 30 s, what every authenticator app expects) through `otpauth`, and the
// single-use recovery codes. Pure functions with an injected clock; storage is in two-factor services.

const ISSUER = "Connectly Dashboard";
const PERIOD_S = 30;
// One step either side: a phone clock 30 s off, or a code typed just as it changed.
const WINDOW = 1;

export const RECOVERY_CODE_COUNT = 10;

function totp(secretBase32: string, label = "") {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD_S,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads (as a QR code, or typed in with the secret). */
export function totpUri(secretBase32: string, email: string): string {
  return totp(secretBase32, email).toString();
}

export function totpCode(secretBase32: string, now: number): string {
  return totp(secretBase32).generate({ timestamp: now });
}

/**
 * The time-step a 6-digit code belongs to, or null when it matches none near `now` or is not newer than
 * `lastStep` (each code works once: a code seen over someone's shoulder cannot be replayed).
 */
export function verifyTotpCode(
  secretBase32: string,
  code: string,
  { now, lastStep }: { now: number; lastStep: number | null },
): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secretBase32).validate({ token, timestamp: now, window: WINDOW });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / PERIOD_S) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** Ten codes like "k7qm-2xpa-9dtr" (60 random bits each), shown once; only their hashes are stored. */
export function newRecoveryCodes(): string[] {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(12);
    const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** Case, spaces and dashes do not matter when typing a recovery code back. */
export function hashRecoveryCode(code: string): string {
  const normal = code.toLowerCase().replace(/[^a-z0-9]/g, "");
  return createHash("sha256").update(`recovery:${normal}`).digest("hex");
}

export function looksLikeRecoveryCode(code: string): boolean {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "").length === 12;
}
