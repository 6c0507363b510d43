import { z } from "zod";
import { ConnectlyError, type ConnectlyClient } from "./client";

// Webhook registration (§5.2): the project's decisions where the contract is silent or disagrees, in one place.
//
// - Topics registered by "Connect": `messages`, `delivery_status` and `report` (§5.8: the report topic is not in the
//   create page's table, but the report-webhook pages register it with the same call; it imports campaign reports,
//   lib/connectly/campaign-report.ts).
// - Address: APP_URL (else NEXTAUTH_URL, else http://localhost:$PORT) + WEBHOOK_PATH. An admin may re-point a topic
//   to another address (a proxy in front of the app, say); "Connect" always registers the default one.
// - Configuration sent on create: { echo: false, channelTypes: ["whatsapp"] }, no filters (the app wants every
//   event; outbound echoes would duplicate what the app recorded itself). Re-pointing sends the address only
//   (updates are partial), so filters set elsewhere stay.
// - Create conflicts: the docs disagree (409 vs replace). On 409 the app lists the registrations and updates
//   the one for the topic (address + configuration); a create that silently replaced is fine too.
// - Answer shapes: create `{ id }` or `{ entity: { id } }`; list `{ entity: { webhooks } }`, `{ webhooks }` or
//   `{ data }`, each registration `{ id, topic, address, configuration? }`; update's answer is not read (the list
//   is read again). Unknown fields pass; a registration without id or topic is dropped.
// - Removing a registration that Connectly no longer knows (404) counts as removed.
// - Round-trip check (the contract has no "send a test event" call): the app posts a signed probe, a body that
//   starts with PROBE_PREFIX and carries a one-time nonce, to the address registered for the topic; the topic is
//   verified when this app's webhook receiver recorded that nonce (so the registered address reaches this app's
//   database and the signing secret matches). Connectly's own deliveries are shown beside it as "last event
//   received … ago" per topic. The probe never becomes a webhook event.
// - "Public https address": https, and a host that is not localhost, *.local/*.internal/*.localhost, or a
//   loopback, private, link-local or unique-local IP. Anything else gets a warning (Connectly cannot reach it).
// - Zero-configuration start: with the built-in simulator (no API key), the app registers itself at start-up
//   (lib/settings/auto-connect-webhooks.ts, from instrumentation.ts) and runs the round-trip check.

const WEBHOOK_PATH = "/api/webhooks/connectly";
export const EVENT_TOPICS = ["messages", "delivery_status", "report"] as const;
export type EventTopic = (typeof EVENT_TOPICS)[number];
const DEFAULT_WEBHOOK_CONFIGURATION = { echo: false, channelTypes: ["whatsapp"] } as const;
/** A probe body starts with exactly these bytes: no Connectly payload does (they start with other fields). */
export const PROBE_PREFIX = '{"connectlyDashboardProbe":';
const MAX_ADDRESS_LENGTH = 2048;

const filterSchema = z.object({ field: z.string().max(200), expression: z.string().max(500) });

/** One registration as the app shows it; tolerant of missing configuration. */
const webhookRegistrationSchema = z.object({
  id: z.coerce.string().min(1).max(200),
  topic: z.string().min(1).max(100),
  address: z.string().max(MAX_ADDRESS_LENGTH).catch(""),
  type: z.string().max(100).optional().catch(undefined),
  configuration: z
    .object({
      echo: z.boolean().optional().catch(undefined),
      channelTypes: z.array(z.string().max(100)).max(20).optional().catch(undefined),
      filters: z.array(filterSchema).max(50).optional().catch(undefined),
    })
    .nullish()
    .catch(null)
    .transform((c) => ({
      echo: c?.echo ?? false,
      channelTypes: c?.channelTypes ?? [],
      filters: c?.filters ?? [],
    })),
});
export type WebhookRegistration = z.output<typeof webhookRegistrationSchema>;

const listItems = z.array(z.unknown()).max(100);
const listAnswerSchema = z.union([
  z.object({ entity: z.object({ webhooks: listItems }) }).transform((a) => a.entity.webhooks),
  z.object({ webhooks: listItems }).transform((a) => a.webhooks),
  z.object({ data: listItems }).transform((a) => a.data),
]);

const createAnswerSchema = z.union([
  z.object({ id: z.coerce.string().min(1) }).transform((a) => a.id),
  z.object({ entity: z.object({ id: z.coerce.string().min(1) }) }).transform((a) => a.entity.id),
]);

/** The list answer, read tolerantly: items that are not registrations are dropped, not fatal. */
export function parseWebhookList(answer: unknown): WebhookRegistration[] {
  const parsed = listAnswerSchema.safeParse(answer ?? {});
  if (!parsed.success) return [];
  return parsed.data.flatMap((item) => {
    const one = webhookRegistrationSchema.safeParse(item);
    return one.success ? [one.data] : [];
  });
}

export function parseCreatedWebhookId(answer: unknown): string | null {
  const parsed = createAnswerSchema.safeParse(answer ?? {});
  return parsed.success ? parsed.data : null;
}

export async function listWebhookRegistrations(client: ConnectlyClient): Promise<WebhookRegistration[]> {
  return parseWebhookList(await client.listWebhooks());
}

export type ConnectOutcome = { topic: EventTopic; id: string | null; action: "created" | "updated" };

/** Registers `address` for the topic; on 409 lists the registrations and updates the topic's one instead. */
export async function connectWebhookTopic(
  client: ConnectlyClient,
  topic: EventTopic,
  address: string,
): Promise<ConnectOutcome> {
  const create = async (): Promise<ConnectOutcome> => {
    const answer = await client.createWebhook({
      topic,
      address,
      type: "custom",
      configuration: DEFAULT_WEBHOOK_CONFIGURATION,
    });
    return { topic, id: parseCreatedWebhookId(answer), action: "created" };
  };
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof ConnectlyError && error.status === 409)) throw error;
  }
  const existing = (await listWebhookRegistrations(client)).find((r) => r.topic === topic);
  if (!existing) {
    // 409 yet not listed: a race with a delete. One more create settles it (or says why not).
    return create();
  }
  await client.updateWebhook(existing.id, { address, configuration: DEFAULT_WEBHOOK_CONFIGURATION });
  return { topic, id: existing.id, action: "updated" };
}

/** Deletes a registration; Connectly's 404 (already gone) counts as done. */
export async function deleteWebhookRegistration(client: ConnectlyClient, id: string): Promise<void> {
  try {
    await client.deleteWebhook(id);
  } catch (error) {
    if (error instanceof ConnectlyError && error.status === 404) return;
    throw error;
  }
}

export function webhookAddressFor(appUrl: string): string {
  return `${appUrl.replace(/\/+$/, "")}${WEBHOOK_PATH}`;
}

/** Why Connectly could not reach this address, or null when it is a public https URL (see the decision above). */
export function publicAddressProblem(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:") return "is not https (Connectly only delivers to public https addresses)";
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || /\.(localhost|local|internal|lan|home)$/.test(host)) {
    return `points at ${host}, which only this network can reach`;
  }
  if (isPrivateIp(host)) return `points at ${host}, a private or loopback address`;
  return null;
}

function isPrivateIp(host: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (host.includes(":")) {
    return (
      host === "::1" ||
      host === "::" ||
      /^f[cd]/.test(host) ||
      /^fe[89ab]/.test(host) ||
      host.startsWith("::ffff:")
    );
  }
  return false;
}
