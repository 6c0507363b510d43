import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { deleteWebhookRegistration, type EventTopic } from "../connectly/webhook-registration";
import { db } from "../db";
import { changeRegisteredWebhook } from "./webhook-upstream";

/** Deletes a topic's registration at Connectly (its events stop at once) and forgets its check; audit-logged. */
export async function removeWebhook(topic: EventTopic, actorId: string): Promise<void> {
  const address = await changeRegisteredWebhook(
    topic,
    { doing: `remove the ${topic} webhook`, notFound: `No webhook is registered for ${topic}.` },
    (client, existing) => deleteWebhookRegistration(client, existing.id),
  );
  await db.webhookTopicCheck.deleteMany({ where: { topic } });
  await recordAuditEvent({
    actorId,
    action: "webhooks.removed",
    targetType: "webhook",
    targetId: topic,
    targetLabel: `Connectly ${topic} webhook`,
    details: { topic, address, summary: `${topic} no longer delivered to ${address}` },
  });
}
