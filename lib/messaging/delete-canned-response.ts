import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";

/** Removes a team quick reply; audited with what it said, in the same transaction. */
export async function deleteCannedResponse(id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const [deleted] = await tx.$queryRaw<{ shortcut: string; title: string; body: string }[]>`
      DELETE FROM "CannedResponse" WHERE id = ${id} RETURNING shortcut, title, body`;
    if (!deleted) throw new AppError("NOT_FOUND", "This quick reply no longer exists.");
    await recordAuditEvent(
      {
        action: "quick_reply.deleted",
        targetType: "quick_reply",
        targetId: id,
        targetLabel: `/${deleted.shortcut}`,
        details: { before: deleted },
      },
      tx,
    );
  });
}
