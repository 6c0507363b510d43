import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { env } from "../env";
import { decryptSecret } from "../security/encryption";
import { encryptSetting } from "../settings/get-connectly-settings";
import { getSecuritySettings } from "../settings/get-security-settings";
import {
  hashRecoveryCode,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  totpUri,
  verifyTotpCode,
} from "./totp";
import { log } from "../observability/logger";

// Two-factor sign-in for one user: enrol (confirm a first code), the check at sign-in (a TOTP code or a
// single-use recovery code), new recovery codes, turning it off. The TOTP secret is stored AES-256-GCM encrypted
// like the settings' secrets; recovery codes only as hashes. Every change is audited.

const TOTP_FIELD = "user.totpSecret";

export type TwoFactorStatus = {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
  /** Admins must have it (Settings → Security). */
  required: boolean;
};

export async function getTwoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const [user, left, settings] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true, totpEnabledAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
    getSecuritySettings(),
  ]);
  return {
    enabled: user.totpEnabledAt !== null,
    enabledAt: user.totpEnabledAt?.toISOString() ?? null,
    recoveryCodesLeft: user.totpEnabledAt ? left : 0,
    required: user.role === "ADMIN" && settings.requireAdminTwoFactor,
  };
}

/** A fresh secret to show on the enrol page; nothing is stored until a code made with it is confirmed. */
export function startTwoFactorSetup(email: string): { secret: string; uri: string } {
  const secret = newTotpSecret();
  return { secret, uri: totpUri(secret, email) };
}

export async function enableTwoFactor(
  userId: string,
  input: { secret: string; code: string },
  now = Date.now(),
): Promise<{ recoveryCodes: string[] }> {
  const step = verifyTotpCode(input.secret, input.code, { now, lastStep: null });
  if (step === null) {
    throw new AppError(
      "VALIDATION_FAILED",
      "Invalid code: code: does not match. Check the time on your phone and try the next code.",
      {
        issues: [{ path: "code", message: "does not match" }],
      },
    );
  }
  const encrypted = encryptSetting(input.secret, TOTP_FIELD);
  const codes = newRecoveryCodes();
  await db.$transaction(async (tx) => {
    const updated = await tx.user.updateMany({
      where: { id: userId, totpEnabledAt: null },
      data: { totpSecretEncrypted: encrypted, totpEnabledAt: new Date(now), totpLastStep: BigInt(step) },
    });
    if (updated.count === 0)
      throw new AppError("CONFLICT", "Two-factor sign-in is already on for your account.");
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) });
    await recordAuditEvent(
      { actorId: userId, action: "auth.two_factor_enabled", targetType: "user", targetId: userId },
      tx,
    );
  });
  return { recoveryCodes: codes };
}

export type SecondFactorResult = "totp" | "recovery" | "invalid";

/**
 * The sign-in check: a current TOTP code (each usable once) or an unused recovery code (then spent). Both are
 * claimed with a conditional UPDATE, so two simultaneous sign-ins cannot both use one code.
 */
export async function checkSecondFactor(
  userId: string,
  code: string,
  now = Date.now(),
): Promise<SecondFactorResult> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { totpSecretEncrypted: true, totpLastStep: true },
  });
  if (!user?.totpSecretEncrypted) return "invalid";
  if (looksLikeRecoveryCode(code)) {
    const used = await db.recoveryCode.updateMany({
      where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
      data: { usedAt: new Date(now) },
    });
    return used.count === 1 ? "recovery" : "invalid";
  }
  const secret = decryptTotpSecret(user.totpSecretEncrypted);
  if (!secret) return "invalid";
  const lastStep = user.totpLastStep === null ? null : Number(user.totpLastStep);
  const step = verifyTotpCode(secret, code, { now, lastStep });
  if (step === null) return "invalid";
  const claimed = await db.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: BigInt(step) } }] },
    data: { totpLastStep: BigInt(step) },
  });
  return claimed.count === 1 ? "totp" : "invalid";
}

/** New recovery codes (the old ones stop working), after a current code proves it is really the user. */
export async function regenerateRecoveryCodes(
  userId: string,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  await requireSecondFactor(userId, code);
  const codes = newRecoveryCodes();
  await db.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) });
    await recordAuditEvent(
      { actorId: userId, action: "auth.recovery_codes_regenerated", targetType: "user", targetId: userId },
      tx,
    );
  });
  return { recoveryCodes: codes };
}

/** Turns two-factor sign-in off, after a current code; refused for an admin while Settings require it. */
export async function disableTwoFactor(userId: string, code: string): Promise<void> {
  const status = await getTwoFactorStatus(userId);
  if (!status.enabled) throw new AppError("CONFLICT", "Two-factor sign-in is not on for your account.");
  if (status.required) {
    throw new AppError(
      "CONFLICT",
      "Admins must keep two-factor sign-in on (Settings → Security). Ask another admin to change that first.",
    );
  }
  await requireSecondFactor(userId, code);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { totpSecretEncrypted: null, totpEnabledAt: null, totpLastStep: null },
      select: { id: true },
    });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await recordAuditEvent(
      { actorId: userId, action: "auth.two_factor_disabled", targetType: "user", targetId: userId },
      tx,
    );
  });
}

async function requireSecondFactor(userId: string, code: string): Promise<void> {
  const result = await checkSecondFactor(userId, code);
  if (result === "invalid") {
    throw new AppError(
      "VALIDATION_FAILED",
      "Invalid code: code: does not match a current or recovery code.",
      {
        issues: [{ path: "code", message: "does not match a current or recovery code" }],
      },
    );
  }
  if (result === "recovery") await auditRecoveryCodeUsed(userId);
}

export async function auditRecoveryCodeUsed(userId: string): Promise<void> {
  const left = await db.recoveryCode.count({ where: { userId, usedAt: null } });
  await recordAuditEvent({
    actorId: userId,
    action: "auth.recovery_code_used",
    targetType: "user",
    targetId: userId,
    details: { left, summary: `${left} recovery ${left === 1 ? "code" : "codes"} left` },
  });
}

function decryptTotpSecret(stored: string): string | null {
  const key = env().SETTINGS_ENCRYPTION_KEY;
  if (!key) return null;
  try {
    return decryptSecret(stored, key, TOTP_FIELD);
  } catch (error) {
    log("auth").error(
      { err: error },
      "a two-factor secret cannot be decrypted (SETTINGS_ENCRYPTION_KEY changed?)",
    );
    return null;
  }
}
