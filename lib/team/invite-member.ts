import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { ROLE_LABELS } from "../auth/roles";
import { db } from "../db";
import { hashInviteToken, INVITE_TTL_MS, newInviteToken } from "./invite-token";
import { INVITE_SELECT, toInviteDto, type InviteDto } from "./read-models";
import type { InviteMemberInput } from "./schemas";

/**
 * A new invite link for an email and role. An earlier pending invite for the same email is withdrawn, so only the
 * newest link works. The token is returned once, for the admin to copy; only its hash is stored.
 */
export async function inviteMember(
  input: InviteMemberInput,
  actorId: string,
): Promise<{ invite: InviteDto; token: string }> {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { active: true } });
  if (existing) {
    throw new AppError(
      "CONFLICT",
      existing.active
        ? `${input.email} is already a member of the team.`
        : `${input.email} has a deactivated account: reactivate it in the member list instead of inviting again.`,
    );
  }
  const token = newInviteToken();
  const invite = await db.$transaction(async (tx) => {
    await tx.invite.updateMany({
      where: { email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const created = await tx.invite.create({
      data: {
        email: input.email,
        role: input.role,
        tokenHash: hashInviteToken(token),
        expiresAt: new Date(Date.now() + INVITE_TTL_MS),
        invitedById: actorId,
      },
      select: INVITE_SELECT,
    });
    await recordAuditEvent(
      {
        actorId,
        action: "invite.created",
        targetType: "invite",
        targetId: created.id,
        targetLabel: created.email,
        details: {
          role: created.role,
          expiresAt: created.expiresAt.toISOString(),
          summary: `As ${ROLE_LABELS[created.role]}; the link works until ${created.expiresAt.toISOString().slice(0, 10)}`,
        },
      },
      tx,
    );
    return created;
  });
  return { invite: toInviteDto(invite), token };
}
