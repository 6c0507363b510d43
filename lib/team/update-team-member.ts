import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { ROLE_LABELS } from "../auth/roles";
import { db } from "../db";
import { TEAM_MEMBER_SELECT, type TeamMemberDto } from "./read-models";
import type { UpdateTeamMemberInput } from "./schemas";

/**
 * Changes a member's role or deactivates / reactivates them. The team always keeps an active admin: the active
 * admins' rows are locked first, so two admins demoting each other at the same moment cannot both succeed.
 * Deactivation also revokes the member's sessions; getCurrentUser re-reads both on every request.
 */
export async function updateTeamMember(
  userId: string,
  input: UpdateTeamMemberInput,
  actorId: string,
): Promise<TeamMemberDto> {
  const user = await db.$transaction(async (tx) => {
    const admins = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "User" WHERE role = 'ADMIN' AND active ORDER BY id FOR UPDATE`;
    const target = await tx.user.findUnique({
      where: { id: userId },
      select: { id: true, email: true, role: true, active: true },
    });
    if (!target) throw new AppError("NOT_FOUND", "This team member does not exist.");

    const losesAdmin =
      target.role === "ADMIN" &&
      target.active &&
      ((input.role !== undefined && input.role !== "ADMIN") || input.active === false);
    if (losesAdmin && admins.every((a) => a.id === target.id)) {
      const what = input.active === false ? "deactivated" : "given another role";
      throw new AppError(
        "CONFLICT",
        target.id === actorId
          ? `You are the only active admin, so you cannot be ${what}. Make someone else an admin first.`
          : `${target.email} is the only active admin and cannot be ${what}. Make someone else an admin first.`,
      );
    }

    const changedRole = input.role !== undefined && input.role !== target.role;
    const changedActive = input.active !== undefined && input.active !== target.active;
    const updated = await tx.user.update({
      where: { id: target.id },
      data: {
        ...(changedRole ? { role: input.role } : {}),
        ...(changedActive
          ? { active: input.active, ...(input.active ? {} : { sessionsRevokedAt: new Date() }) }
          : {}),
        ...(changedActive && !input.active
          ? { sessions: { updateMany: { where: { revokedAt: null }, data: { revokedAt: new Date() } } } }
          : {}),
      },
      select: TEAM_MEMBER_SELECT,
    });
    if (changedRole) {
      await recordAuditEvent(
        {
          actorId,
          action: "user.role_changed",
          targetType: "user",
          targetId: target.id,
          targetLabel: target.email,
          details: {
            from: target.role,
            to: updated.role,
            summary: `${ROLE_LABELS[target.role]} → ${ROLE_LABELS[updated.role]}`,
          },
        },
        tx,
      );
    }
    if (changedActive) {
      await recordAuditEvent(
        {
          actorId,
          action: updated.active ? "user.reactivated" : "user.deactivated",
          targetType: "user",
          targetId: target.id,
          targetLabel: target.email,
        },
        tx,
      );
    }
    return updated;
  });
  return {
    ...user,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    signInHeldUntil: null,
  };
}
