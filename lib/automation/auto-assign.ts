import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { PERMISSIONS } from "../auth/roles";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { notifyInbox } from "../messaging/notify-inbox";
import { getAutomationSettings } from "./get-automation-settings";
import type { AssignmentConfig } from "./schemas";

// Auto-assignment: an unassigned Open conversation goes to an agent who is Available (their own toggle; presence
// can feed it later), under their capacity of Open + Pending conversations. Round-robin = the agent whose last
// automatic assignment is oldest; least-busy = the fewest open conversations, ties by the same rotation. Manual
// assignment wins: only a conversation with no assignee is ever taken (re-checked in the UPDATE), and nothing
// assigned by hand is moved. Every decision runs under one transaction-level advisory lock, so concurrent
// inbound messages cannot overfill an agent.

// "ASGN" in ASCII.
const LOCK_KEY = 0x4153474e;
const REPLY_ROLES = PERMISSIONS["inbox:reply"] as readonly string[];

type Pick = { id: string; name: string };

async function pickAgent(tx: Prisma.TransactionClient, config: AssignmentConfig): Promise<Pick | null> {
  const leastBusy = config.mode === "least_busy";
  const rows = await tx.$queryRaw<Pick[]>`
    SELECT u.id, u.name
    FROM "User" u
    LEFT JOIN "Conversation" c ON c."assigneeId" = u.id AND c.status IN ('OPEN', 'PENDING')
    WHERE u.active AND u.available AND u.role::text = ANY(${REPLY_ROLES as string[]})
    GROUP BY u.id
    HAVING count(c.id) < COALESCE(u."maxOpenConversations", ${config.defaultCapacity})
    ORDER BY CASE WHEN ${leastBusy} THEN count(c.id) ELSE 0 END, u."lastAutoAssignedAt" ASC NULLS FIRST, u.id
    LIMIT 1`;
  return rows[0] ?? null;
}

async function assignOne(
  tx: Prisma.TransactionClient,
  conversationId: string,
  config: AssignmentConfig,
): Promise<Pick | null> {
  const agent = await pickAgent(tx, config);
  if (!agent) return null;
  const taken = await tx.$executeRaw`
    UPDATE "Conversation" SET "assigneeId" = ${agent.id}, "updatedAt" = now()
    WHERE id = ${conversationId} AND "assigneeId" IS NULL AND status = 'OPEN'`;
  if (taken === 0) return null;
  await tx.$executeRaw`UPDATE "User" SET "lastAutoAssignedAt" = clock_timestamp() WHERE id = ${agent.id}`;
  await tx.conversationNote.create({
    data: { conversationId, kind: "ACTIVITY", body: `Assigned automatically to ${agent.name}` },
    select: { id: true },
  });
  await notifyInbox(tx, { type: "conversation.updated", conversationId, change: "assignee" });
  return agent;
}

/** After a customer's message: give the conversation to an available agent if it has nobody. */
export async function autoAssignConversation(
  conversationId: string,
  config?: AssignmentConfig,
): Promise<Pick | null> {
  const assignment = config ?? (await getAutomationSettings()).assignment;
  if (assignment.mode === "off") return null;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_KEY}::bigint)`;
    return assignOne(tx, conversationId, assignment);
  });
}

/**
 * The pool: unassigned Open conversations, oldest customer message first, handed out while anyone has room
 * (after an agent becomes Available, resolves work, or a round of the scheduler). Returns how many were assigned.
 */
export async function assignWaitingConversations(limit = 500, config?: AssignmentConfig): Promise<number> {
  const assignment = config ?? (await getAutomationSettings()).assignment;
  if (assignment.mode === "off") return 0;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_KEY}::bigint)`;
    const waiting = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Conversation" WHERE "assigneeId" IS NULL AND status = 'OPEN'
      ORDER BY "lastInboundAt" ASC NULLS LAST, id LIMIT ${limit}`;
    let assigned = 0;
    for (const { id } of waiting) {
      if (!(await assignOne(tx, id, assignment))) break; // nobody has room left
      assigned++;
    }
    return assigned;
  });
}

/**
 * An agent's Available/Away toggle (audited). Going Away with "hand back" on returns their Open and Pending
 * conversations to the pool (unassigned, an activity line each), which is then handed out again; becoming
 * Available takes from the pool.
 */
export async function setAgentAvailability(
  userId: string,
  available: boolean,
): Promise<{ available: boolean; released: number; assigned: number }> {
  const settings = (await getAutomationSettings()).assignment;
  const released = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_KEY}::bigint)`;
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { available: true, name: true },
    });
    if (user.available === available) return 0;
    await tx.user.update({
      where: { id: userId },
      data: { available, availableChangedAt: new Date() },
      select: { id: true },
    });
    await recordAuditEvent(
      {
        actorId: userId,
        action: "user.availability_changed",
        targetType: "user",
        targetId: userId,
        targetLabel: user.name,
        details: { available },
      },
      tx,
    );
    if (available || !settings.releaseOnAway || settings.mode === "off") return 0;
    const mine = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "Conversation" SET "assigneeId" = NULL, "updatedAt" = now()
      WHERE "assigneeId" = ${userId} AND status IN ('OPEN', 'PENDING') RETURNING id`;
    for (const { id } of mine) {
      await tx.conversationNote.create({
        data: { conversationId: id, kind: "ACTIVITY", body: `${user.name} set Away: back to the pool` },
        select: { id: true },
      });
      await notifyInbox(tx, { type: "conversation.updated", conversationId: id, change: "assignee" });
    }
    return mine.length;
  });
  const assigned = await assignWaitingConversations(500, settings);
  return { available, released, assigned };
}

export async function getAgentAvailability(userId: string): Promise<{ available: boolean }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { available: true } });
  return { available: user.available };
}
