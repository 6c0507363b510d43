import { randomUUID } from "node:crypto";
import { SimulatorError } from "./errors";
import { isRecord } from "./validate";
import type { WebhookTopic } from "./webhooks";

// Webhook registrations (§5.2): the simulator posts an event only to the address registered for its topic.
// One address per topic (409 on a second create). Registrations are shared by every business id (like the
// templates) and survive /sim/reset, so a test harness registers once per simulator.

interface WebhookFilter {
  field: string;
  expression: string;
}

interface WebhookConfiguration {
  echo?: boolean;
  channelTypes?: string[];
  filters?: WebhookFilter[];
}

export interface WebhookRegistration {
  id: string;
  topic: WebhookTopic;
  address: string;
  type: string;
  configuration: WebhookConfiguration;
}

const TOPICS = new Set(["messages", "delivery_status", "report"]);
const TYPES = new Set(["custom", "zapier", "webengage", "integromat_make", "webhook_type_unspecified"]);
const MAX_ADDRESS = 2048;

function bad(message: string): SimulatorError {
  return new SimulatorError(400, "ERROR_CODE_UNSPECIFIED", message, "ERROR_TYPE_INVALID_REQUEST");
}

/**
 * The real API wants a public https address; the simulator also takes http (loopback harnesses), and refuses
 * anything that is not an absolute http(s) URL.
 */
function parseAddress(value: unknown): string {
  if (typeof value !== "string" || value === "" || value.length > MAX_ADDRESS) {
    throw bad(`address must be an http(s) URL of at most ${MAX_ADDRESS} characters`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad(`address ${value} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw bad("address must use https (or http)");
  return value;
}

function parseConfiguration(value: unknown, previous: WebhookConfiguration = {}): WebhookConfiguration {
  if (value === undefined || value === null) return previous;
  if (!isRecord(value)) throw bad("configuration must be an object");
  const out: WebhookConfiguration = { ...previous };
  if (value.echo !== undefined) {
    if (typeof value.echo !== "boolean") throw bad("configuration.echo must be a boolean");
    out.echo = value.echo;
  }
  if (value.channelTypes !== undefined) {
    if (
      !Array.isArray(value.channelTypes) ||
      value.channelTypes.some((c) => typeof c !== "string") ||
      value.channelTypes.length > 10
    ) {
      throw bad("configuration.channelTypes must be an array of strings");
    }
    out.channelTypes = value.channelTypes as string[];
  }
  if (value.filters !== undefined) {
    const filters = value.filters;
    if (!Array.isArray(filters) || filters.length > 20)
      throw bad("configuration.filters must be an array (at most 20)");
    out.filters = filters.map((f, i) => {
      if (!isRecord(f) || typeof f.field !== "string" || typeof f.expression !== "string") {
        throw bad(`configuration.filters[${i}] must be { field, expression }`);
      }
      if (f.field !== "campaign_name") throw bad(`configuration.filters[${i}].field must be campaign_name`);
      return { field: f.field, expression: f.expression };
    });
  }
  return out;
}

/** `summer-*` style wildcard: `*` is any run of characters, everything else literal. */
function wildcardMatch(expression: string, value: string): boolean {
  const pattern = expression
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${pattern}$`, "s").test(value);
}

export class WebhookRegistry {
  private readonly byTopic = new Map<string, WebhookRegistration>();

  list(): WebhookRegistration[] {
    return [...this.byTopic.values()];
  }

  // POST create/webhooks
  create(body: Record<string, unknown>): WebhookRegistration {
    const topic = body.topic;
    if (typeof topic !== "string" || !TOPICS.has(topic)) {
      throw bad("topic must be messages, delivery_status or report");
    }
    const address = parseAddress(body.address);
    const type = body.type === undefined ? "custom" : body.type;
    if (typeof type !== "string" || !TYPES.has(type))
      throw bad("type must be custom, zapier, webengage or integromat_make");
    if (this.byTopic.has(topic)) {
      throw new SimulatorError(
        409,
        "ERROR_CODE_UNSPECIFIED",
        `a webhook is already registered for topic ${topic}; update it instead`,
        "ERROR_TYPE_ALREADY_EXISTS",
      );
    }
    const registration: WebhookRegistration = {
      id: randomUUID(),
      topic: topic as WebhookRegistration["topic"],
      address,
      type,
      configuration: parseConfiguration(body.configuration),
    };
    this.byTopic.set(topic, registration);
    return registration;
  }

  // PUT update/webhooks/:id: partial; the topic cannot change.
  update(id: string, body: Record<string, unknown>): WebhookRegistration {
    const registration = this.find(id);
    if (body.topic !== undefined && body.topic !== registration.topic) {
      throw bad("the topic of a webhook cannot be changed; delete it and create a new one");
    }
    if (body.address !== undefined) registration.address = parseAddress(body.address);
    registration.configuration = parseConfiguration(body.configuration, registration.configuration);
    return registration;
  }

  // DELETE delete/webhooks/:id
  remove(id: string): void {
    this.byTopic.delete(this.find(id).topic);
  }

  /** Pre-registers the event topics (the `webhookUrl` option), as if create/webhooks had been called. */
  preRegister(address: string): void {
    for (const topic of ["messages", "delivery_status", "report"] as const) {
      if (!this.byTopic.has(topic)) this.create({ topic, address });
    }
  }

  /**
   * Where an event of this topic goes, or null: nothing registered, a channel-type list without whatsapp, or
   * campaign-name filters that the event's campaign name (none counts as no match) does not match.
   */
  addressFor(topic: WebhookTopic, campaignName?: string): string | null {
    const registration = this.byTopic.get(topic);
    if (!registration) return null;
    const { channelTypes, filters } = registration.configuration;
    if (channelTypes && channelTypes.length > 0 && !channelTypes.some((c) => c.toLowerCase() === "whatsapp"))
      return null;
    if (filters && filters.length > 0) {
      if (!campaignName || !filters.some((f) => wildcardMatch(f.expression, campaignName))) return null;
    }
    return registration.address;
  }

  private find(id: string): WebhookRegistration {
    const registration = [...this.byTopic.values()].find((r) => r.id === id);
    if (!registration)
      throw new SimulatorError(
        404,
        "ERROR_CODE_UNSPECIFIED",
        `no webhook with id ${id}`,
        "ERROR_TYPE_NOT_FOUND",
      );
    return registration;
  }
}
