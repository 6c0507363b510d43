import "server-only";
import { db } from "../db";
import type { PresenceDto } from "./schemas";

/** Every open tab of an active user whose heartbeat is recent: the snapshot a browser starts from. */
export async function listPresence(): Promise<PresenceDto[]> {
  return db.$queryRaw<PresenceDto[]>`
    SELECT p."streamId", p."userId", u.name, p."conversationId", p.active
    FROM "AgentPresence" p JOIN "User" u ON u.id = p."userId"
    WHERE p."seenAt" > now() - interval '60 seconds' AND u.active
    ORDER BY u.name, p."streamId"`;
}
