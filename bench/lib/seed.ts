import { randomUUID } from "node:crypto";
import type pg from "pg";

// Outbound messages the webhooks will refer to, written straight into the app's tables (prisma/migrations/
// *_init/migration.sql) with multi-row INSERTs: the send path is not what is measured, and 20,000 sends
// through the simulator would take longer than the benchmark itself.

export type SeededMessage = { upstreamId: string; phone: string };

// Several messages per conversation, like a real inbox; nothing measured depends on the exact number.
const MESSAGES_PER_CONVERSATION = 10;
const BATCH_ROWS = 1_000; // 4 parameters a row: far below PostgreSQL's 65,535 bind-parameter limit

function placeholders(rows: number, columns: number, suffix = ""): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 1; c <= columns; c++) cells.push(`$${r * columns + c}`);
    out.push(`(${cells.join(", ")}${suffix})`);
  }
  return out.join(", ");
}

export async function seedOutboundMessages(client: pg.Client, count: number): Promise<SeededMessage[]> {
  const conversations = Math.ceil(count / MESSAGES_PER_CONVERSATION);
  const conversationIds: string[] = [];
  const phones: string[] = [];
  const messages: SeededMessage[] = [];
  const now = new Date();

  await client.query("BEGIN");
  try {
    for (let start = 0; start < conversations; start += BATCH_ROWS) {
      const n = Math.min(BATCH_ROWS, conversations - start);
      const contactParams: unknown[] = [];
      const conversationParams: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const contactId = randomUUID();
        const conversationId = randomUUID();
        // Fictional +1 555 numbers, unique per contact (Contact.phone is unique).
        const phone = `+1555${String(start + i).padStart(7, "0")}`;
        conversationIds.push(conversationId);
        phones.push(phone);
        contactParams.push(contactId, phone, `Bench ${start + i}`);
        conversationParams.push(conversationId, contactId);
      }
      await client.query(
        `INSERT INTO "Contact" (id, phone, name, "createdAt", "updatedAt") VALUES ${placeholders(n, 3, ", now(), now()")}`,
        contactParams,
      );
      await client.query(
        `INSERT INTO "Conversation" (id, "contactId", "lastMessageAt", "createdAt", "updatedAt")
         VALUES ${placeholders(n, 2, ", now(), now(), now()")}`,
        conversationParams,
      );
    }

    for (let start = 0; start < count; start += BATCH_ROWS) {
      const n = Math.min(BATCH_ROWS, count - start);
      const params: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const index = start + i;
        const conversation = Math.floor(index / MESSAGES_PER_CONVERSATION);
        const conversationId = conversationIds[conversation];
        const phone = phones[conversation];
        if (conversationId === undefined || phone === undefined)
          throw new Error(`no conversation for message ${index}`);
        const upstreamId = `bench-${randomUUID()}`;
        messages.push({ upstreamId, phone });
        // Spread createdAt so the (conversationId, createdAt) index looks like a real history.
        params.push(
          randomUUID(),
          conversationId,
          upstreamId,
          new Date(now.getTime() - (count - index) * 1000),
        );
      }
      await client.query(
        `INSERT INTO "Message" (id, "conversationId", "upstreamId", "createdAt", direction, kind, content, status, "statusRank")
         VALUES ${placeholders(n, 4, `, 'OUTBOUND', 'text', '{}'::jsonb, 'QUEUED', 0`)}`,
        params,
      );
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
  // Fresh statistics, so the first requests are planned like the hundredth.
  await client.query(`ANALYZE "Contact", "Conversation", "Message", "WebhookEvent"`);
  return messages;
}
