import "server-only";
import { ConnectlyError } from "../connectly/client";
import {
  EVENT_TOPICS,
  listWebhookRegistrations,
  publicAddressProblem,
  type EventTopic,
  type WebhookRegistration,
} from "../connectly/webhook-registration";
import { db } from "../db";
import { env } from "../env";
import type { WebhookEventState } from "../generated/prisma/client";
import { appWebhookAddress, registrationClient } from "./webhook-upstream";

type WebhookCheckView = {
  address: string;
  startedAt: string;
  verifiedAt: string | null;
  error: string | null;
};

export type WebhookTopicView = {
  topic: EventTopic;
  registration: (Omit<WebhookRegistration, "configuration"> & WebhookRegistration["configuration"]) | null;
  /** The registration points at this app's own address (APP_URL + the webhook path). */
  pointsHere: boolean;
  /** The last webhook of this topic Connectly delivered (any outcome), from the stored events. */
  lastEventAt: string | null;
  /** The last round-trip check, while it is about the address registered now. */
  check: WebhookCheckView | null;
  verified: boolean;
};

export type WebhookRegistrationsView = {
  expectedAddress: string;
  /** Why Connectly could not reach the expected address (not public https), or null. */
  addressProblem: string | null;
  simulator: boolean;
  /** Connectly's list could not be read: registrations unknown (the rest of the view still shows). */
  upstreamError: string | null;
  topics: WebhookTopicView[];
  /** Registrations of other topics (report…), listed for completeness. */
  others: { id: string; topic: string; address: string }[];
};

// Every state, each read newest-first through the (state, receivedAt) index: no scan of the whole table.
const STATES: WebhookEventState[] = ["PROCESSED", "DUPLICATE", "PENDING", "INVALID", "IGNORED"];

async function lastWebhookEventAt(topic: string): Promise<Date | null> {
  const rows = await Promise.all(
    STATES.map((state) =>
      db.webhookEvent.findFirst({
        where: { state, topic },
        orderBy: { receivedAt: "desc" },
        select: { receivedAt: true },
      }),
    ),
  );
  const times = rows.flatMap((r) => (r ? [r.receivedAt.getTime()] : []));
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

export async function getWebhookRegistrations(): Promise<WebhookRegistrationsView> {
  const expectedAddress = appWebhookAddress();
  let registrations: WebhookRegistration[] = [];
  let upstreamError: string | null = null;
  try {
    registrations = await listWebhookRegistrations(await registrationClient());
  } catch (error) {
    if (!(error instanceof ConnectlyError)) throw error;
    upstreamError = `Connectly's webhook list could not be read: ${error.body?.message ?? error.message}`;
  }
  const checks = await db.webhookTopicCheck.findMany({ where: { topic: { in: [...EVENT_TOPICS] } } });
  const topics = await Promise.all(
    EVENT_TOPICS.map(async (topic): Promise<WebhookTopicView> => {
      const found = registrations.find((r) => r.topic === topic) ?? null;
      const stored = checks.find((c) => c.topic === topic);
      const check =
        stored && found && stored.address === found.address
          ? {
              address: stored.address,
              startedAt: stored.startedAt.toISOString(),
              verifiedAt: stored.verifiedAt?.toISOString() ?? null,
              error: stored.error,
            }
          : null;
      const last = await lastWebhookEventAt(topic);
      return {
        topic,
        registration: found
          ? {
              id: found.id,
              topic: found.topic,
              address: found.address,
              type: found.type,
              ...found.configuration,
            }
          : null,
        pointsHere: found?.address === expectedAddress,
        lastEventAt: last?.toISOString() ?? null,
        check,
        verified: Boolean(check?.verifiedAt),
      };
    }),
  );
  return {
    expectedAddress,
    addressProblem: publicAddressProblem(expectedAddress),
    simulator: env().usingSimulator && !env().CONNECTLY_BASE_URL,
    upstreamError,
    topics,
    others: registrations
      .filter((r) => !(EVENT_TOPICS as readonly string[]).includes(r.topic))
      .map((r) => ({ id: r.id, topic: r.topic, address: r.address })),
  };
}
