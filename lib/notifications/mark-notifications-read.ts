import "server-only";
import { db } from "../db";
import type { MarkNotificationsReadInput } from "./schemas";

/** Marks the user's own notifications read (ids of someone else's are ignored); returns how many changed. */
export async function markNotificationsRead(
  userId: string,
  input: MarkNotificationsReadInput,
): Promise<number> {
  const { count } = await db.notification.updateMany({
    where: { userId, readAt: null, ...("ids" in input ? { id: { in: input.ids } } : {}) },
    data: { readAt: new Date() },
  });
  return count;
}
