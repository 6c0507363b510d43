import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import {
  connectWebhookTopic,
  EVENT_TOPICS,
  listWebhookRegistrations,
  type ConnectOutcome,
} from "../connectly/webhook-registration";
import { checkWebhookRoundTrip, type RoundTripResult } from "./check-webhook-round-trip";
import type { ConnectWebhooksInput } from "./schemas";
import { appWebhookAddress, registrationClient, upstreamFailure } from "./webhook-upstream";

export type ConnectWebhooksResult = {
  address: string;
  outcomes: (ConnectOutcome & { previousAddress: string | null })[];
  checks: RoundTripResult[];
};

/**
 * "Connect": registers this app's address (or the one given) for `messages` and `delivery_status` (on 409 the
 * existing registration is updated: lib/connectly/webhook-registration.ts), audit-logs what changed, then runs
 * the round-trip check. `actorId` null is the start-up registration against the simulator, audited only when it
 * changed something.
 */
export async function connectWebhooks(
  input: ConnectWebhooksInput,
  actorId: string | null,
  options: { check?: boolean } = {},
): Promise<ConnectWebhooksResult> {
  const address = input.address ?? appWebhookAddress();
  const client = await registrationClient();
  const outcomes: ConnectWebhooksResult["outcomes"] = [];
  try {
    const before = await listWebhookRegistrations(client);
    for (const topic of EVENT_TOPICS) {
      const outcome = await connectWebhookTopic(client, topic, address);
      outcomes.push({ ...outcome, previousAddress: before.find((r) => r.topic === topic)?.address ?? null });
    }
  } catch (error) {
    upstreamFailure(error, "register the webhooks with Connectly");
  }
  const changed = outcomes.some((o) => o.previousAddress !== address);
  if (actorId !== null || changed) {
    await recordAuditEvent({
      actorId,
      ...(actorId === null ? { actorLabel: "system (start-up)" } : {}),
      action: "webhooks.connected",
      targetType: "workspace",
      targetLabel: "Connectly webhooks",
      details: {
        address,
        topics: outcomes.map((o) => ({
          topic: o.topic,
          action: o.action,
          id: o.id,
          previousAddress: o.previousAddress,
        })),
        summary: `${outcomes.map((o) => `${o.topic} ${o.action}`).join(", ")} → ${address}`,
      },
    });
  }
  const checks = options.check === false ? [] : await checkWebhookRoundTrip(actorId);
  return { address, outcomes, checks };
}
