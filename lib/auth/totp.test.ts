import { describe, expect, it } from "vitest";
import {
  hashRecoveryCode,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  RECOVERY_CODE_COUNT,
  totpCode,
  totpUri,
  verifyTotpCode,
} from "./totp";

// RFC 6238 appendix B's SHA-1 seed "12345678901234567890", base32-encoded.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("TOTP", () => {
  it.each([
    [59_000, "287082"],
    [1_111_111_109_000, "081804"],
    [1_234_567_890_000, "005924"],
    [2_000_000_000_000, "279037"],
  ])("matches the RFC 6238 test vector at %i ms", (now, code) => {
    expect(totpCode(RFC_SECRET, now)).toBe(code);
    expect(verifyTotpCode(RFC_SECRET, code, { now, lastStep: null })).toBe(Math.floor(now / 30_000));
  });

  it("accepts one step of clock drift either way, not two", () => {
    const now = 1_700_000_000_000;
    const secret = newTotpSecret();
    expect(verifyTotpCode(secret, totpCode(secret, now - 30_000), { now, lastStep: null })).not.toBeNull();
    expect(verifyTotpCode(secret, totpCode(secret, now + 30_000), { now, lastStep: null })).not.toBeNull();
    expect(verifyTotpCode(secret, totpCode(secret, now - 90_000), { now, lastStep: null })).toBeNull();
    expect(verifyTotpCode(secret, totpCode(secret, now + 90_000), { now, lastStep: null })).toBeNull();
  });

  it("refuses a code already used (same or earlier step)", () => {
    const now = 1_700_000_000_000;
    const secret = newTotpSecret();
    const code = totpCode(secret, now);
    const step = verifyTotpCode(secret, code, { now, lastStep: null });
    expect(step).not.toBeNull();
    expect(verifyTotpCode(secret, code, { now: now + 5_000, lastStep: step })).toBeNull();
    expect(
      verifyTotpCode(secret, totpCode(secret, now + 30_000), { now: now + 30_000, lastStep: step }),
    ).toBe(step! + 1);
  });

  it.each(["", "12345", "1234567", "abcdef", "12 34 5x"])("refuses the malformed code %j", (code) => {
    expect(verifyTotpCode(RFC_SECRET, code, { now: 59_000, lastStep: null })).toBeNull();
  });

  it("tolerates spaces in a typed code", () => {
    expect(verifyTotpCode(RFC_SECRET, "287 082", { now: 59_000, lastStep: null })).not.toBeNull();
  });

  it("builds an otpauth:// URI with the issuer, account and secret", () => {
    const uri = totpUri(RFC_SECRET, "ada@example.com");
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${RFC_SECRET}`);
    expect(uri).toContain("ada%40example.com");
    expect(uri).toContain("issuer=Connectly%20Dashboard");
  });
});

describe("recovery codes", () => {
  it("are distinct, readable, and hash the same however they are typed back", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(looksLikeRecoveryCode(code)).toBe(true);
      expect(hashRecoveryCode(code.toUpperCase().replace(/-/g, " "))).toBe(hashRecoveryCode(code));
    }
    expect(hashRecoveryCode(codes[0]!)).not.toBe(hashRecoveryCode(codes[1]!));
    expect(looksLikeRecoveryCode("123456")).toBe(false);
  });
});
