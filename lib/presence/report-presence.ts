import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import { PRESENCE_CHANNEL, type PresenceEvent } from "../realtime/events";
import type { ReportPresenceInput } from "./schemas";

/**
 * A tab says what its user is doing. A typing report is only a notification (no row is written: keystrokes never
 * cost a write); a change of conversation or of active/idle updates the tab's presence row and is announced in the
 * same statement. A stream id that is not this user's (or no longer open) is a 404.
 */
export async function reportPresence(
  user: { id: string; name: string },
  input: ReportPresenceInput,
): Promise<void> {
  const event: PresenceEvent = {
    streamId: input.streamId,
    userId: user.id,
    name: user.name,
    conversationId: input.conversationId,
    active: input.active,
    ...(input.typing ? { typing: true } : {}),
  };
  if (input.typing) {
    if (!input.conversationId)
      throw new AppError(
        "VALIDATION_FAILED",
        "Invalid request body: conversationId: typing needs a conversation",
        { issues: [{ path: "conversationId", message: "typing needs a conversation" }] },
      );
    await db.$executeRaw`SELECT pg_notify(${PRESENCE_CHANNEL}, ${JSON.stringify(event)})`;
    return;
  }
  const updated = await db.$executeRaw`
    WITH upd AS (
      UPDATE "AgentPresence" SET "conversationId" = ${input.conversationId}, active = ${input.active}, "seenAt" = now()
      WHERE "streamId" = ${input.streamId} AND "userId" = ${user.id} RETURNING 1)
    SELECT pg_notify(${PRESENCE_CHANNEL}, ${JSON.stringify(event)}) FROM upd`;
  if (updated === 0) throw new AppError("NOT_FOUND", "No open event stream of yours has this id.");
}
