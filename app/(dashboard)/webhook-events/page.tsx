import type { Metadata } from "next";
import { WebhookEventList } from "@/components/webhooks/webhook-event-list";
import { requirePageUser } from "@/lib/auth/session";
import {
  countWebhookEventsByState,
  listWebhookEvents,
  webhookEventQuerySchema,
} from "@/lib/webhooks/list-webhook-events";

export const metadata: Metadata = { title: "Webhook events" };

export default async function WebhookEventsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await requirePageUser("webhooks:inspect");
  const parsed = webhookEventQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : { limit: 50 };
  const [{ events, nextCursor }, counts] = await Promise.all([
    listWebhookEvents(query),
    countWebhookEventsByState(),
  ]);
  const state = "state" in query ? query.state : undefined;

  return <WebhookEventList events={events} nextCursor={nextCursor} counts={counts} state={state} />;
}
