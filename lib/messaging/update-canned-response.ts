import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { shortcutTaken, toCannedResponseDto } from "./create-canned-response";
import type { CannedResponseDto } from "./read-models";
import type { CannedResponseInput } from "./schemas";

const FIELDS = ["shortcut", "title", "body"] as const;

/**
 * Rewrites a team quick reply. Every agent may, and every agent then sends the new text, so each change is
 * audited with the fields before and after (team-written text, not customer data), in the same transaction.
 */
export async function updateCannedResponse(
  id: string,
  input: CannedResponseInput,
): Promise<CannedResponseDto> {
  try {
    return await db.$transaction(async (tx) => {
      // Locked, so the "before" in the audit entry is the row this update replaces even under concurrent edits.
      const [before] = await tx.$queryRaw<{ shortcut: string; title: string; body: string }[]>`
        SELECT shortcut, title, body FROM "CannedResponse" WHERE id = ${id} FOR UPDATE`;
      if (!before) throw new AppError("NOT_FOUND", "This quick reply no longer exists.");
      const row = await tx.cannedResponse.update({
        where: { id },
        data: input,
        select: { id: true, shortcut: true, title: true, body: true, updatedAt: true },
      });
      const changed = FIELDS.filter((field) => before[field] !== row[field]);
      if (changed.length > 0) {
        await recordAuditEvent(
          {
            action: "quick_reply.updated",
            targetType: "quick_reply",
            targetId: id,
            targetLabel: `/${row.shortcut}`,
            details: {
              changed,
              before: Object.fromEntries(changed.map((field) => [field, before[field]])),
              after: Object.fromEntries(changed.map((field) => [field, row[field]])),
            },
          },
          tx,
        );
      }
      return toCannedResponseDto(row);
    });
  } catch (error) {
    throw shortcutTaken(error, input.shortcut) ?? error;
  }
}
