import "server-only";
import { z } from "zod";
import { db } from "../db";

export const WEBHOOK_EVENT_STATES = ["INVALID", "PENDING", "PROCESSED", "DUPLICATE", "IGNORED"] as const;

export const webhookEventQuerySchema = z.object({
  state: z.enum(WEBHOOK_EVENT_STATES).optional(),
  before: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type WebhookEventQuery = z.infer<typeof webhookEventQuerySchema>;

export type WebhookEventDto = {
  id: string;
  receivedAt: string;
  topic: string | null;
  state: (typeof WEBHOOK_EVENT_STATES)[number];
  reason: string | null;
  upstreamId: string | null;
  rawBody: string;
};

/** Stored webhook deliveries, newest first, for the admin inspection page. */
export async function listWebhookEvents(query: WebhookEventQuery) {
  const before = query.before
    ? await db.webhookEvent.findUnique({
        where: { id: query.before },
        select: { id: true, receivedAt: true },
      })
    : null;
  const rows = await db.webhookEvent.findMany({
    where: {
      ...(query.state ? { state: query.state } : {}),
      ...(before
        ? {
            OR: [
              { receivedAt: { lt: before.receivedAt } },
              { receivedAt: before.receivedAt, id: { lt: before.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: {
      id: true,
      receivedAt: true,
      topic: true,
      state: true,
      reason: true,
      upstreamId: true,
      rawBody: true,
    },
  });
  const page = rows.slice(0, query.limit);
  return {
    events: page.map((r): WebhookEventDto => ({ ...r, receivedAt: r.receivedAt.toISOString() })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** How many stored events are in each state (the tabs' badges). */
export async function countWebhookEventsByState(): Promise<Record<string, number>> {
  const groups = await db.webhookEvent.groupBy({ by: ["state"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.state, g._count._all]));
}
