import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { AuditAction } from "./actions";
import { currentAuditContext } from "./request-context";
import { log } from "../observability/logger";

export type AuditEventInput = {
  /** The user who acted; null for the system or an anonymous attempt; left out: the signed-in user of the request. */
  actorId?: string | null;
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  /** Readable name of the target at the time (an email, a campaign name). */
  targetLabel?: string | null;
  /** Small JSON facts about the change: field names, old and new role. Never secrets or message bodies. */
  details?: Record<string, unknown> | null;
  /** Defaults to the current request's (see request-context.ts). */
  actorLabel?: string | null;
  ip?: string | null;
  userAgent?: string | null;
};

type Writer = Pick<Prisma.TransactionClient, "auditLog">;

/**
 * Appends one audit entry. Inside a transaction (pass `tx`) it commits or rolls back with the change it
 * describes, and errors propagate. Without one it is a trailing record of something that already happened: a
 * failure is logged and swallowed, so a finished campaign start is never reported to the user as an error.
 */
export async function recordAuditEvent(event: AuditEventInput, tx?: Writer): Promise<void> {
  const context = currentAuditContext();
  const actorId = event.actorId !== undefined ? event.actorId : (context?.actorId ?? null);
  const data: Prisma.AuditLogUncheckedCreateInput = {
    actorId,
    actorLabel: event.actorLabel ?? (actorId && actorId === context?.actorId ? context.actorLabel : null),
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    targetLabel: event.targetLabel ?? null,
    details: (event.details ?? undefined) as Prisma.InputJsonValue | undefined,
    ip: event.ip !== undefined ? event.ip : (context?.ip ?? null),
    userAgent: event.userAgent !== undefined ? event.userAgent : (context?.userAgent ?? null),
  };
  if (tx) {
    await tx.auditLog.create({ data, select: { id: true } });
    return;
  }
  try {
    await db.auditLog.create({ data, select: { id: true } });
  } catch (error) {
    log("audit").error({ err: error, action: event.action }, "could not record audit event");
  }
}
