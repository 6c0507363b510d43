import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// AES-256-GCM for the secrets stored from the Settings page. Stored form: "v1.<iv>.<tag>.<ciphertext>" (base64url).
// The key is derived from SETTINGS_ENCRYPTION_KEY with HKDF, so any long random string works as the variable.
// The field name is bound in as associated data: a ciphertext copied into another column will not decrypt.

const VERSION = "v1";
const IV_BYTES = 12;

function deriveKey(keyMaterial: string): Buffer {
  return Buffer.from(hkdfSync("sha256", keyMaterial, "", "connectly-dashboard settings v1", 32));
}

export function encryptSecret(plaintext: string, keyMaterial: string, field: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(keyMaterial), iv);
  cipher.setAAD(Buffer.from(field));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

/** Throws DecryptionError when the value was tampered with, belongs to another field, or the key changed. */
export function decryptSecret(stored: string, keyMaterial: string, field: string): string {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined)
    throw new DecryptionError("unrecognised format");
  try {
    const decipher = createDecipheriv("aes-256-gcm", deriveKey(keyMaterial), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(field));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new DecryptionError("authentication failed (wrong SETTINGS_ENCRYPTION_KEY or altered value)");
  }
}
