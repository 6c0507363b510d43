import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import {
  deleteWebhookRegistration,
  listWebhookRegistrations,
  type EventTopic,
} from "../connectly/webhook-registration";
import { db } from "../db";
import { registrationClient, upstreamFailure } from "./webhook-upstream";

/** Deletes a topic's registration at Connectly (its events stop at once) and forgets its check; audit-logged. */
export async function removeWebhook(topic: EventTopic, actorId: string): Promise<void> {
  const client = await registrationClient();
  let address: string;
  try {
    const existing = (await listWebhookRegistrations(client)).find((r) => r.topic === topic);
    if (!existing) throw new AppError("NOT_FOUND", `No webhook is registered for ${topic}.`);
    address = existing.address;
    await deleteWebhookRegistration(client, existing.id);
  } catch (error) {
    if (error instanceof AppError) throw error;
    upstreamFailure(error, `remove the ${topic} webhook`);
  }
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
