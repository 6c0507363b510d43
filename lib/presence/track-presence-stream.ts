import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import { PRESENCE_CHANNEL, type PresenceEvent } from "../realtime/events";

/**
 * The presence row of one open event stream (a tab). `open` writes it, `beat` (every stream heartbeat) refreshes it
 * and re-announces its state, so browsers on every instance can drop a tab whose heartbeats stopped; `close`
 * deletes it. Each write carries its pg_notify in the same statement.
 */
export function trackPresenceStream(user: { id: string; name: string }) {
  const streamId = randomUUID();
  const base = { streamId, userId: user.id, name: user.name };
  return {
    streamId,
    open: () => db.$executeRaw`
      WITH ins AS (
        INSERT INTO "AgentPresence" ("streamId", "userId", "conversationId", active, "seenAt")
        VALUES (${streamId}, ${user.id}, NULL, true, now()) RETURNING 1)
      SELECT pg_notify(${PRESENCE_CHANNEL}, ${JSON.stringify({ ...base, conversationId: null, active: true } satisfies PresenceEvent)}) FROM ins`,
    beat: async () => {
      // Rows of tabs whose instance died without closing them: swept by whoever beats next.
      await db.$executeRaw`DELETE FROM "AgentPresence" WHERE "seenAt" < now() - interval '5 minutes'`;
      return db.$executeRaw`
        WITH up AS (
          INSERT INTO "AgentPresence" ("streamId", "userId", "conversationId", active, "seenAt")
          VALUES (${streamId}, ${user.id}, NULL, true, now())
          ON CONFLICT ("streamId") DO UPDATE SET "seenAt" = now()
          RETURNING "conversationId", active)
        SELECT pg_notify(${PRESENCE_CHANNEL}, json_build_object(
          'streamId', ${streamId}::text, 'userId', ${user.id}::text, 'name', ${user.name}::text,
          'conversationId', up."conversationId", 'active', up.active)::text) FROM up`;
    },
    close: () => db.$executeRaw`
      WITH del AS (DELETE FROM "AgentPresence" WHERE "streamId" = ${streamId})
      SELECT pg_notify(${PRESENCE_CHANNEL}, ${JSON.stringify({ ...base, conversationId: null, active: false, gone: true } satisfies PresenceEvent)})`,
  };
}
