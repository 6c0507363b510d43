import "server-only";
import { AppError } from "../app-error";
import { ConnectlyError, createConnectlyClient, type ConnectlyClient } from "../connectly/client";
import { explainUpstreamError } from "../connectly/error-catalogue";
import {
  listWebhookRegistrations,
  webhookAddressFor,
  type EventTopic,
  type WebhookRegistration,
} from "../connectly/webhook-registration";
import { env } from "../env";
import { getConnectlySettings } from "./get-connectly-settings";

// Shared by the webhook registration services: the client they use, this app's own address, and how an upstream
// failure reaches the admin.

/** The settings in effect, one retry at most: an admin is waiting on the button. */
export async function registrationClient(): Promise<ConnectlyClient> {
  const settings = await getConnectlySettings();
  return createConnectlyClient({ ...settings, maxRetries: 1, backoffMs: 200 });
}

/** APP_URL (else NEXTAUTH_URL, else the default local address) + the webhook path. */
export function appWebhookAddress(): string {
  const e = env();
  return webhookAddressFor(e.APP_URL ?? e.publicUrl ?? "http://localhost:3000");
}

/** A ConnectlyError as an AppError in plain words (the error catalogue's title and action). */
export function upstreamFailure(error: unknown, doing: string): never {
  if (!(error instanceof ConnectlyError)) throw error;
  const explanation = explainUpstreamError({ ...error.body, code: error.code });
  const code =
    error.kind === "timeout" ? "UPSTREAM_TIMEOUT" : error.status === 429 ? "RATE_LIMITED" : "UPSTREAM_ERROR";
  throw new AppError(
    code,
    `Could not ${doing}: ${error.body?.message ?? error.message}. ${explanation.action}`,
    {
      upstreamStatus: error.status,
      upstreamCode: error.code,
    },
  );
}

/**
 * Finds the topic's registration at Connectly and changes it with `change` (re-point, remove): 404 when the topic
 * is not registered (`notFound` says what to do), an upstream failure explained as what the admin was `doing`.
 * Returns the address it had.
 */
export async function changeRegisteredWebhook(
  topic: EventTopic,
  { doing, notFound }: { doing: string; notFound: string },
  change: (client: ConnectlyClient, registration: WebhookRegistration) => Promise<unknown>,
): Promise<string> {
  const client = await registrationClient();
  try {
    const existing = (await listWebhookRegistrations(client)).find((r) => r.topic === topic);
    if (!existing) throw new AppError("NOT_FOUND", notFound);
    await change(client, existing);
    return existing.address;
  } catch (error) {
    if (error instanceof AppError) throw error;
    upstreamFailure(error, doing);
  }
}
