import "server-only";
import { db } from "../db";
import type { NotificationDto } from "./schemas";

/** The user's latest notifications (newest first) and how many are unread. */
export async function listNotifications(
  userId: string,
  limit = 30,
): Promise<{ notifications: NotificationDto[]; unread: number }> {
  const [rows, unread] = await Promise.all([
    db.notification.findMany({
      where: { userId },
      select: {
        id: true,
        kind: true,
        conversationId: true,
        actorName: true,
        body: true,
        createdAt: true,
        readAt: true,
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
    }),
    db.notification.count({ where: { userId, readAt: null } }),
  ]);
  return {
    notifications: rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    })),
    unread,
  };
}
