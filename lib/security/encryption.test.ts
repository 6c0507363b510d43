import { describe, expect, it } from "vitest";
import { decryptSecret, DecryptionError, encryptSecret } from "./encryption";

const KEY = "k".repeat(40);

describe("settings encryption (AES-256-GCM)", () => {
  it("round-trips, and never stores the plaintext", () => {
    const stored = encryptSecret("cnt_live_abcdef123456", KEY, "workspace.apiKey");
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored).not.toContain("cnt_live_abcdef123456");
    expect(decryptSecret(stored, KEY, "workspace.apiKey")).toBe("cnt_live_abcdef123456");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", KEY, "f")).not.toBe(encryptSecret("same", KEY, "f"));
  });

  it.each([
    ["another key", (s: string) => decryptSecret(s, "x".repeat(40), "workspace.apiKey")],
    [
      "another field (ciphertext moved to another column)",
      (s: string) => decryptSecret(s, KEY, "workspace.webhookSecret"),
    ],
    [
      "an altered ciphertext",
      (s: string) => decryptSecret(s.slice(0, -2) + (s.endsWith("A") ? "BB" : "AA"), KEY, "workspace.apiKey"),
    ],
    ["an unknown format", () => decryptSecret("plain-text", KEY, "workspace.apiKey")],
  ])("refuses %s", (_label, attempt) => {
    const stored = encryptSecret("secret-value-1234", KEY, "workspace.apiKey");
    expect(() => attempt(stored)).toThrow(DecryptionError);
  });
});
