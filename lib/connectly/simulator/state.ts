import { BoundedMap, RingBuffer } from "./collections";
import type { ConnectlyErrorObject } from "./errors";
import type { DeliveryStatus } from "./failures";
import { FlowStore } from "./flows";
import { TemplateStore } from "./templates";
import { WebhookTimings, type DeliveryLogEntry } from "./webhooks";

/** A customer as the simulator knows it from `/sim/inbound`. */
interface Customer {
  phone?: string;
  bsuid?: string;
  name?: string;
  /** Business-clock milliseconds of the last inbound message (drives the 24-hour window). */
  lastInboundAt: number;
}

/** Customers indexed by phone and by BSUID; one record when both are known. */
class CustomerStore {
  private readonly byPhone = new Map<string, Customer>();
  private readonly byBsuid = new Map<string, Customer>();

  get size(): number {
    return new Set([...this.byPhone.values(), ...this.byBsuid.values()]).size;
  }

  find(identity: { phone?: string; bsuid?: string }): Customer | undefined {
    return (
      (identity.bsuid ? this.byBsuid.get(identity.bsuid) : undefined) ??
      (identity.phone ? this.byPhone.get(identity.phone) : undefined)
    );
  }

  recordInbound(identity: { phone?: string; bsuid?: string; name?: string }, atMs: number): Customer {
    const customer = this.find(identity) ?? { lastInboundAt: atMs };
    // A BSUID is regenerated when the customer changes number (§6): the latest pairing wins.
    if (identity.phone) customer.phone = identity.phone;
    if (identity.bsuid) customer.bsuid = identity.bsuid;
    if (identity.name) customer.name = identity.name;
    customer.lastInboundAt = atMs;
    if (customer.phone) this.byPhone.set(customer.phone, customer);
    if (customer.bsuid) this.byBsuid.set(customer.bsuid, customer);
    return customer;
  }

  clear(): void {
    this.byPhone.clear();
    this.byBsuid.clear();
  }
}

/** `campaigns` = a flow sendout (§8.2): one logged request per sendout request, one message record per flow message. */
export type SendEndpoint = "template" | "session" | "campaigns";

interface SentRequest {
  id: string;
  endpoint: SendEndpoint;
  businessId: string;
  body: unknown;
  receivedAt: string;
}

interface RejectedRequest {
  endpoint: SendEndpoint;
  businessId: string;
  body: unknown;
  receivedAt: string;
  httpStatus: number;
  error: ConnectlyErrorObject;
}

/** The `sender`/`recipient` object of a webhook (§5.4, §6). */
export interface WebhookParty {
  id: string;
  channelType: "whatsapp";
  name?: string;
  userId?: string;
  phoneNumber?: string;
}

/** An accepted send and where its status progression stands. */
export interface MessageRecord {
  id: string;
  endpoint: SendEndpoint;
  businessId: string;
  sender: WebhookParty;
  recipient: WebhookParty;
  campaignName?: string;
  callbackData?: unknown;
  /** Business-clock ms when the send was accepted (the campaign report's sent_at). */
  acceptedAt?: number;
  status: "accepted" | DeliveryStatus;
}

export interface SimulatorState {
  templates: TemplateStore;
  /** Flows for send/campaigns (`/sim/flows`); like templates they survive `/sim/reset`. */
  flows: FlowStore;
  customers: CustomerStore;
  /** Accepted sends, newest last; a ring buffer capped at `sentLogLimit` (default 200,000). */
  sent: RingBuffer<SentRequest>;
  /** Rejected sends with the error returned; capped at 10,000. */
  rejected: RingBuffer<RejectedRequest>;
  /** Accepted messages by id (same cap as `sent`), for status inspection and callbackData echo. */
  messages: BoundedMap<string, MessageRecord>;
  /** Webhook deliveries, capped at 10,000. */
  webhooks: RingBuffer<DeliveryLogEntry>;
  /** Timings of delivered delivery-status webhooks (`GET /sim/webhooks/timings`). */
  webhookTimings: WebhookTimings;
  businessIds: Set<string>;
  /** accepted: sends (template, session) and flow entries started; rejected: refused requests. */
  totals: { accepted: number; rejected: number };
}

export function createState(sentLogLimit: number): SimulatorState {
  return {
    templates: new TemplateStore(),
    flows: new FlowStore(),
    customers: new CustomerStore(),
    sent: new RingBuffer(sentLogLimit),
    rejected: new RingBuffer(10_000),
    messages: new BoundedMap(sentLogLimit),
    webhooks: new RingBuffer(10_000),
    webhookTimings: new WebhookTimings(),
    businessIds: new Set(),
    totals: { accepted: 0, rejected: 0 },
  };
}

/** Clears everything but templates (`POST /sim/reset`). */
export function resetState(state: SimulatorState): void {
  state.customers.clear();
  state.sent.clear();
  state.rejected.clear();
  state.messages.clear();
  state.webhooks.clear();
  state.webhookTimings.clear();
  state.businessIds.clear();
  state.totals.accepted = 0;
  state.totals.rejected = 0;
}
