import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { EventTopic } from "../connectly/webhook-registration";
import type { RepointWebhookInput } from "./schemas";
import { changeRegisteredWebhook } from "./webhook-upstream";

/**
 * Points a topic's registration at another address (a partial update: configuration set elsewhere stays).
 * 404 when the topic is not registered (Connect first). Audit-logged with the address before.
 */
export async function repointWebhook(
  topic: EventTopic,
  input: RepointWebhookInput,
  actorId: string,
): Promise<void> {
  const previousAddress = await changeRegisteredWebhook(
    topic,
    {
      doing: `re-point the ${topic} webhook`,
      notFound: `No webhook is registered for ${topic}: press Connect first.`,
    },
    (client, existing) => client.updateWebhook(existing.id, { address: input.address }),
  );
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
