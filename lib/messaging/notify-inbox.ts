import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { INBOX_CHANNEL, type InboxEvent } from "../realtime/events";

type Executor = Pick<Prisma.TransactionClient, "$executeRaw">;

/**
 * Tells every open inbox about a change. Call it with the transaction that made the change: PostgreSQL delivers
 * the notification only if that transaction commits, so no browser refetches a change that was rolled back.
 */
export async function notifyInbox(tx: Executor, event: InboxEvent): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${INBOX_CHANNEL}, ${JSON.stringify(event)})`;
}
