import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { clearAllAccountFailures } from "../security/sign-in-throttle";

/**
 * An admin lifts every sign-in delay on a member's account, from every address (lib/security/sign-in-throttle.ts),
 * e.g. after the member mistyped their password from the office. Audited with how many holds were cleared.
 */
export async function unlockSignIn(userId: string, actorId: string): Promise<{ cleared: number }> {
  const target = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  if (!target) throw new AppError("NOT_FOUND", "This team member does not exist.");
  const cleared = await clearAllAccountFailures(target.email);
  await recordAuditEvent({
    actorId,
    action: "user.sign_in_unlocked",
    targetType: "user",
    targetId: target.id,
    targetLabel: target.email,
    details: { cleared, summary: `Cleared ${cleared} sign-in ${cleared === 1 ? "hold" : "holds"}` },
  });
  return { cleared };
}
