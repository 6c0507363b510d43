import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";

/** Withdraws a pending invite: its link stops working at once. */
export async function revokeInvite(inviteId: string, actorId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const invite = await tx.invite.findUnique({
      where: { id: inviteId },
      select: { id: true, email: true, acceptedAt: true },
    });
    if (!invite) throw new AppError("NOT_FOUND", "This invite does not exist.");
    if (invite.acceptedAt)
      throw new AppError(
        "CONFLICT",
        `${invite.email} has already accepted this invite; deactivate the account instead.`,
      );
    const revoked = await tx.invite.updateMany({
      where: { id: inviteId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count === 0) return; // already withdrawn: nothing more to do or record
    await recordAuditEvent(
      {
        actorId,
        action: "invite.revoked",
        targetType: "invite",
        targetId: invite.id,
        targetLabel: invite.email,
      },
      tx,
    );
  });
}
