import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { hashPassword } from "../auth/password";
import { ROLE_LABELS } from "../auth/roles";
import { db } from "../db";
import { hashInviteToken } from "./invite-token";
import { INVITE_STATE_MESSAGES } from "./read-models";
import type { AcceptInviteInput } from "./schemas";
import { isUniqueViolation } from "../db-errors";

/**
 * Turns a valid invite into an account. Claiming the invite is one conditional update, so a link used twice at
 * once makes one account; the email's unique constraint stops a second account for the same address.
 */
export async function acceptInvite(
  input: AcceptInviteInput,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ email: string }> {
  const tokenHash = hashInviteToken(input.token);
  const passwordHash = await hashPassword(input.password); // slow on purpose: outside the transaction
  try {
    return await db.$transaction(async (tx) => {
      const invite = await tx.invite.findUnique({
        where: { tokenHash },
        select: { id: true, email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true },
      });
      if (!invite) throw new AppError("NOT_FOUND", INVITE_STATE_MESSAGES.unknown);
      if (invite.acceptedAt) throw new AppError("CONFLICT", INVITE_STATE_MESSAGES.used);
      if (invite.revokedAt) throw new AppError("CONFLICT", INVITE_STATE_MESSAGES.revoked);
      const now = new Date();
      if (invite.expiresAt <= now) throw new AppError("CONFLICT", INVITE_STATE_MESSAGES.expired);
      const claimed = await tx.invite.updateMany({
        where: { id: invite.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { acceptedAt: now },
      });
      if (claimed.count !== 1) throw new AppError("CONFLICT", INVITE_STATE_MESSAGES.used);
      const user = await tx.user.create({
        data: { email: invite.email, name: input.name, role: invite.role, passwordHash },
        select: { id: true },
      });
      await tx.invite.update({
        where: { id: invite.id },
        data: { acceptedUserId: user.id },
        select: { id: true },
      });
      await recordAuditEvent(
        {
          actorId: user.id,
          actorLabel: invite.email,
          action: "invite.accepted",
          targetType: "user",
          targetId: user.id,
          targetLabel: invite.email,
          details: {
            role: invite.role,
            inviteId: invite.id,
            summary: `Joined as ${ROLE_LABELS[invite.role]}`,
          },
          ...meta,
        },
        tx,
      );
      return { email: invite.email };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        "CONFLICT",
        "An account with this email already exists. Sign in instead, or ask your admin.",
      );
    }
    throw error;
  }
}
