import "server-only";
import { db } from "../db";
import { INBOX_CHANNEL } from "../realtime/events";
import { getAutomationSettings } from "./get-automation-settings";
import { requestCsat } from "./request-csat";
import { runInBackground } from "./send-automated-message";

const BATCH = 500;
const MAX_BATCHES = 200;

/**
 * Resolves every Open or Pending conversation whose customer has not written for the configured number of hours
 * (a conversation the customer never wrote in counts from its creation), with an activity line and a live update
 * each, and starts each one's CSAT survey. Batches of 500, each one statement: rows are locked and re-checked, so a
 * customer message that lands meanwhile keeps its conversation open. The customer's next message reopens it
 * (record-inbound-message.ts). `now` is injectable for tests.
 */
export async function autoResolveIdleConversations(
  now: Date = new Date(),
): Promise<{ resolved: number; hours: number | null }> {
  const settings = await getAutomationSettings();
  const hours = settings.autoResolveHours;
  if (hours === null) return { resolved: 0, hours };
  const cutoff = new Date(now.getTime() - hours * 3_600_000);
  const body = `Resolved automatically after ${hours} ${hours === 1 ? "hour" : "hours"} without a customer message`;
  let resolved = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const rows = await db.$queryRaw<{ id: string }[]>`
      WITH due AS (
        SELECT id FROM "Conversation"
        WHERE status IN ('OPEN', 'PENDING') AND COALESCE("lastInboundAt", "createdAt") < ${cutoff}
        ORDER BY id LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED
      ), resolved AS (
        UPDATE "Conversation" c SET status = 'RESOLVED', "updatedAt" = now()
        FROM due WHERE c.id = due.id
        RETURNING c.id
      ), notes AS (
        INSERT INTO "ConversationNote" (id, "conversationId", kind, body, "createdAt")
        SELECT gen_random_uuid()::text, id, 'ACTIVITY', ${body}, now() FROM resolved
      ), notified AS (
        SELECT pg_notify(${INBOX_CHANNEL}, json_build_object('type', 'conversation.updated', 'conversationId', id, 'change', 'status')::text)
        FROM resolved
      )
      SELECT id FROM resolved WHERE (SELECT count(*) FROM notified) >= 0`;
    resolved += rows.length;
    for (const row of rows) runInBackground("csat", () => requestCsat(row.id, now));
    if (rows.length < BATCH) break;
  }
  return { resolved, hours };
}
