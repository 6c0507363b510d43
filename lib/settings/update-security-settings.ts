import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { saveSettingsRow } from "./get-connectly-settings";
import { getSecuritySettings, type SecuritySettingsView } from "./get-security-settings";
import type { UpdateSecuritySettingsInput } from "./schemas";

/**
 * Saves the idle timeout (null = the default) and the admin two-factor rule, audited. Turning the rule on needs
 * two-factor sign-in on the acting admin's own account first, so the admin who sets it is not sent to enrol.
 */
export async function updateSecuritySettings(
  input: UpdateSecuritySettingsInput,
  actorId: string,
): Promise<SecuritySettingsView> {
  if (input.requireAdminTwoFactor) {
    const actor = await db.user.findUniqueOrThrow({
      where: { id: actorId },
      select: { totpEnabledAt: true },
    });
    if (!actor.totpEnabledAt) {
      throw new AppError(
        "CONFLICT",
        "Turn on two-factor sign-in for your own account first (Account → Two-factor sign-in), then require it for admins.",
      );
    }
  }
  const data = {
    ...(input.sessionIdleMinutes !== undefined ? { sessionIdleMinutes: input.sessionIdleMinutes } : {}),
    ...(input.requireAdminTwoFactor !== undefined
      ? { requireAdminTwoFactor: input.requireAdminTwoFactor }
      : {}),
  };
  const parts = [
    input.sessionIdleMinutes !== undefined
      ? `Idle timeout ${input.sessionIdleMinutes === null ? "back to the default" : `${input.sessionIdleMinutes} min`}`
      : null,
    input.requireAdminTwoFactor !== undefined
      ? `two-factor sign-in ${input.requireAdminTwoFactor ? "required" : "optional"} for admins`
      : null,
  ].filter(Boolean);
  await db.$transaction(async (tx) => {
    const workspace = await saveSettingsRow(tx, data);
    await recordAuditEvent(
      {
        actorId,
        action: "settings.security_updated",
        targetType: "workspace",
        targetId: workspace.id,
        targetLabel: "Security",
        details: { ...data, summary: parts.join("; ") },
      },
      tx,
    );
  });
  return getSecuritySettings();
}
