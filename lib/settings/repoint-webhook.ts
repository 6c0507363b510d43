import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { listWebhookRegistrations, type EventTopic } from "../connectly/webhook-registration";
import type { RepointWebhookInput } from "./schemas";
import { registrationClient, upstreamFailure } from "./webhook-upstream";

/**
 * Points a topic's registration at another address (a partial update: configuration set elsewhere stays).
 * 404 when the topic is not registered (Connect first). Audit-logged with the address before.
 */
export async function repointWebhook(
  topic: EventTopic,
  input: RepointWebhookInput,
  actorId: string,
): Promise<void> {
  const client = await registrationClient();
  let previousAddress: string;
  try {
    const existing = (await listWebhookRegistrations(client)).find((r) => r.topic === topic);
    if (!existing)
      throw new AppError("NOT_FOUND", `No webhook is registered for ${topic}: press Connect first.`);
    previousAddress = existing.address;
    await client.updateWebhook(existing.id, { address: input.address });
  } catch (error) {
    if (error instanceof AppError) throw error;
    upstreamFailure(error, `re-point the ${topic} webhook`);
  }
  await recordAuditEvent({
    actorId,
    action: "webhooks.repointed",
    targetType: "webhook",
    targetId: topic,
    targetLabel: `Connectly ${topic} webhook`,
    details: {
      topic,
      previousAddress,
      address: input.address,
      summary: `${previousAddress} → ${input.address}`,
    },
  });
}
