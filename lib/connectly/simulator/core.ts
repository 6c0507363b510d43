import { randomUUID } from "node:crypto";
import { errorObject, invalid, SimulatorError, type ConnectlyErrorObject } from "./errors";
import { businessParty, customerParty, deliveryStatusEvent } from "./events";
import {
  DEFAULT_STATUSES,
  failureRuleFor,
  syncFailureFor,
  type DeliveryStatus,
  type FailureRule,
} from "./failures";
import { checkPublished, parseSendout, type ParsedFlowEntry } from "./flows";
import { newMessageId, newTemplateId } from "./ids";
import { inboundEvent, parseInbound } from "./inbound";
import type { ProfileSettings } from "./profiles";
import type { Scheduler } from "./scheduler";
import { type MessageRecord, type SendEndpoint, type SimulatorState } from "./state";
import { servedTemplate, type StoredTemplate, type TemplateGroup, type TemplateStatus } from "./templates";
import {
  checkCallbackData,
  checkSessionMessage,
  checkTemplateParameters,
  parseCampaignName,
  parseCreateTemplate,
  parseSessionRecipient,
  parseSessionSender,
  parseTemplateNumber,
  parseTemplateSender,
  type Identity,
} from "./validate";
import type { AttemptResult, WebhookDispatcher } from "./webhooks";

const WINDOW_MS = 24 * 60 * 60 * 1000;
const TEMPLATE_NOT_FOUND = "ERROR_CODE_MESSAGE_TEMPLATE_NOT_FOUND";

export interface CoreConfig {
  now: () => number;
  statusDelayMs: number;
  templateReviewMs: number;
  businessNumber: string;
  businessName: string;
  profile: ProfileSettings;
  log: (line: string) => void;
}

/** The simulated Connectly behaviour, independent of HTTP plumbing. */
export class SimulatorCore {
  private accepted = 0;
  private events = 0;

  constructor(
    readonly state: SimulatorState,
    private readonly config: CoreConfig,
    private readonly scheduler: Scheduler,
    private readonly webhooks: WebhookDispatcher,
  ) {}

  // POST /v1/businesses/:businessId/send/whatsapp_templated_messages
  sendTemplate(businessId: string, body: Record<string, unknown>): { id: string } {
    const identity = parseTemplateNumber(body.number);
    const sender = parseTemplateSender(body.sender);
    const { templateName, language } = body;
    if (typeof templateName !== "string" || templateName === "") {
      throw invalid(TEMPLATE_NOT_FOUND, "templateName is required");
    }
    if (typeof language !== "string" || language === "")
      throw invalid(TEMPLATE_NOT_FOUND, "language is required");
    const template = this.approvedTemplate(templateName, language);
    checkTemplateParameters(template.templateComponents, body.parameters, `${templateName} (${language})`);
    checkCallbackData(body.callbackData);
    const campaignName = parseCampaignName(body.campaignName);
    this.refuseAtSendTime("template", identity);
    return this.accept("template", businessId, body, identity, { sender, campaignName });
  }

  // POST /v1/businesses/:businessId/send/messages
  sendSession(businessId: string, body: Record<string, unknown>): { id: string } {
    const recipient = parseSessionRecipient(body.recipient, {
      requireChannelType: this.config.profile.requireChannelType,
    });
    const sender = parseSessionSender(body.sender);
    checkSessionMessage(body.message);
    checkCallbackData(body.callbackData);
    const campaignName = parseCampaignName(body.campaignName);

    const customer = this.state.customers.find(recipient);
    const label = recipient.phone ?? recipient.bsuid;
    if (!customer) {
      throw invalid(
        "ERROR_CODE_MESSAGE_CUSTOMER_NO_CONVERSATION_INITIATION",
        `${label} has never messaged this business; send a template instead`,
      );
    }
    const elapsed = this.config.now() - customer.lastInboundAt;
    if (elapsed > WINDOW_MS) {
      throw new SimulatorError(
        400,
        "ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW",
        `${label} last wrote ${(elapsed / 3_600_000).toFixed(1)} hours ago; the 24-hour window is closed`,
        "ERROR_TYPE_DEADLINE_EXCEEDED",
      );
    }
    this.refuseAtSendTime("session", recipient);
    return this.accept("session", businessId, body, recipient, {
      sender,
      campaignName,
      name: recipient.name,
    });
  }

  // POST /v1/businesses/:businessId/send/campaigns (§8.2): one flow run per entry, answered per entry and grouped
  // per sendout (name + version), the answer shape decided in lib/connectly/flow-sendouts.ts.
  sendCampaigns(
    businessId: string,
    body: Record<string, unknown>,
    refusedFor: (client: string) => SimulatorError | null = () => null,
  ): {
    sendouts: {
      sendoutId: string;
      campaignName: string;
      campaignVersion?: string;
      entries: Record<string, unknown>[];
    }[];
  } {
    const entries = parseSendout(body);
    checkPublished(this.state.flows, entries);
    const nowMs = this.config.now();
    const sendouts = new Map<
      string,
      {
        sendoutId: string;
        campaignName: string;
        campaignVersion?: string;
        entries: Record<string, unknown>[];
      }
    >();
    for (const entry of entries) {
      const key = JSON.stringify([entry.campaignName, entry.campaignVersion ?? null]);
      let sendout = sendouts.get(key);
      if (!sendout) {
        sendout = {
          sendoutId: randomUUID(),
          campaignName: entry.campaignName,
          ...(entry.campaignVersion ? { campaignVersion: entry.campaignVersion } : {}),
          entries: [],
        };
        sendouts.set(key, sendout);
      }
      const refusal = this.refuseFlowEntry(entry, refusedFor);
      if (refusal) {
        sendout.entries.push({
          index: entry.index,
          client: entry.client,
          status: "rejected",
          error: refusal.toObject(),
        });
        continue;
      }
      this.startFlow(businessId, entry, nowMs);
      sendout.entries.push({ index: entry.index, client: entry.client, status: "accepted" });
    }
    const answer = { sendouts: [...sendouts.values()] };
    this.state.sent.push({
      id: answer.sendouts[0]!.sendoutId,
      endpoint: "campaigns",
      businessId,
      body,
      receivedAt: new Date(nowMs).toISOString(),
    });
    return answer;
  }

  private refuseFlowEntry(
    entry: ParsedFlowEntry,
    refusedFor: (client: string) => SimulatorError | null,
  ): SimulatorError | null {
    if (entry.identityError || !entry.identity) return entry.identityError;
    const forced = refusedFor(entry.client);
    if (forced) return forced;
    const flow = this.state.flows.get(entry.campaignName);
    const missing = flow?.variables.find((name) => !entry.variables[name]);
    if (missing)
      return invalid(
        "ERROR_CODE_UNSPECIFIED",
        `variable ${missing} is required by campaign ${entry.campaignName}`,
      );
    try {
      this.refuseAtSendTime("template", entry.identity);
    } catch (error) {
      if (error instanceof SimulatorError) return error;
      throw error;
    }
    return null;
  }

  /** The flow's messages for one entry: each a message record with the flow's name as campaign name (§5.7). */
  private startFlow(businessId: string, entry: ParsedFlowEntry, nowMs: number): void {
    const flow = this.state.flows.get(entry.campaignName)!;
    const identity = entry.identity!;
    this.state.totals.accepted++;
    const customer = this.state.customers.find(identity);
    const known = { phone: identity.phone ?? customer?.phone, bsuid: identity.bsuid ?? customer?.bsuid };
    const rule = failureRuleFor(known.phone ?? known.bsuid ?? "");
    // scheduledAt (alpha): the run starts then (capped at an hour, this is a simulator).
    const startIn =
      entry.scheduledAtMs === undefined ? 0 : Math.min(3_600_000, Math.max(0, entry.scheduledAtMs - nowMs));
    for (let step = 0; step < flow.messages; step++) {
      const record: MessageRecord = {
        id: newMessageId(nowMs),
        endpoint: "campaigns",
        businessId,
        sender: businessParty(entry.sender ?? this.config.businessNumber, this.config.businessName),
        recipient: customerParty(known, customer?.name),
        status: "accepted",
        campaignName: entry.campaignName,
      };
      this.state.messages.set(record.id, record);
      // A failing number fails at the flow's first message; the run stops there.
      const statuses = rule?.statuses ?? DEFAULT_STATUSES;
      const begin = () => this.scheduleStatus(record, statuses, 0, rule);
      if (startIn > 0 || step > 0) this.scheduler.schedule(startIn + step * this.config.statusDelayMs, begin);
      else begin();
      if (rule?.statuses.includes("delivery_failed")) break;
    }
  }

  // POST /v1/businesses/:businessId/get/templates
  getTemplates(): { entity: { templateGroups: unknown[] } } {
    const groups = this.state.templates
      .list()
      .map((group: TemplateGroup) => ({ ...group, templates: group.templates.map(servedTemplate) }));
    return { entity: { templateGroups: groups } };
  }

  // POST /v1/businesses/:businessId/create/template
  createTemplate(body: Record<string, unknown>): { entity: TemplateGroup } {
    const input = parseCreateTemplate(body);
    const { templates } = this.state;
    const existing = templates.group(input.name);
    const invalidInput = (message: string) => invalid("ERROR_CODE_MESSAGE_TEMPLATE_INPUT_INVALID", message);
    if (existing && existing.category !== input.category) {
      throw invalidInput(`template ${input.name} already exists with category ${existing.category}`);
    }
    if (templates.find(input.name, input.language)) {
      throw invalidInput(`template ${input.name} already has a ${input.language} translation`);
    }
    const now = new Date(this.config.now()).toISOString();
    const template: StoredTemplate = {
      id: newTemplateId(),
      language: { code: input.language },
      status: "MESSAGE_TEMPLATE_STATUS_PENDING",
      createdAt: now,
      updatedAt: now,
      rejectionReason: null,
      templateComponents: input.components,
    };
    templates.add(input.name, input.category, template);
    this.scheduler.schedule(this.config.templateReviewMs, () => {
      if (template.status !== "MESSAGE_TEMPLATE_STATUS_PENDING") return;
      // Names containing "reject" fail review so the rejected path can be exercised on demand.
      const rejected = input.name.includes("reject");
      this.setTemplateStatus(
        template,
        rejected ? "MESSAGE_TEMPLATE_STATUS_REJECTED" : "MESSAGE_TEMPLATE_STATUS_APPROVED",
      );
      this.config.log(`template ${input.name} (${input.language}) ${rejected ? "rejected" : "approved"}`);
    });
    return { entity: { id: input.name, name: input.name, category: input.category, templates: [template] } };
  }

  setTemplateStatus(template: StoredTemplate, status: TemplateStatus, rejectionReason?: string): void {
    template.status = status;
    template.rejectionReason =
      status === "MESSAGE_TEMPLATE_STATUS_REJECTED" ? (rejectionReason ?? "INVALID_FORMAT") : null;
    template.updatedAt = new Date(this.config.now()).toISOString();
  }

  // POST /sim/inbound: record the customer, then deliver the signed `messages` webhook.
  async inbound(body: unknown): Promise<{ event: Record<string, unknown>; delivery: AttemptResult }> {
    const nowMs = this.config.now();
    const parsed = parseInbound(body, nowMs);
    const customer = this.state.customers.recordInbound(
      { ...parsed.identity, name: parsed.name },
      parsed.timestampSec * 1000,
    );
    // §5.6: replies that reference a sent message echo its callbackData.
    const replyToId = parsed.input.replyToId ?? parsed.input.reaction?.messageId;
    const replyTo = replyToId ? this.state.messages.get(replyToId) : undefined;
    const callbackData = parsed.input.callbackData ?? replyTo?.callbackData;
    const { event, messageId } = inboundEvent(
      parsed,
      customerParty(customer, customer.name),
      businessParty(this.config.businessNumber, this.config.businessName),
      callbackData,
      nowMs,
    );
    const delivery = await new Promise<AttemptResult>((resolve) => {
      const entry = this.webhooks.newEntry({ topic: "messages", inboundMessageId: messageId });
      this.post({ entry, payload: event, onFirstAttempt: resolve }, { priority: true });
    });
    return { event, delivery };
  }

  /** Strict profile: phone-less BSUID sends ([GB]: 400 until enabled) and the synchronous failure suffixes. */
  private refuseAtSendTime(endpoint: "template" | "session", identity: Identity): void {
    const { profile } = this.config;
    if (!profile.bsuidSends && !identity.phone && !this.state.customers.find(identity)?.phone) {
      throw invalid(
        "ERROR_CODE_UNSPECIFIED",
        "sending to customers without a phone number (BSUID only) is not available for this business yet; ask your Connectly account manager",
      );
    }
    if (!profile.syncFailures) return;
    const rule = syncFailureFor(identity.phone ?? identity.bsuid ?? "", endpoint);
    if (rule) throw new SimulatorError(rule.httpStatus, rule.code, rule.message, rule.type);
  }

  /** Posts a webhook; the strict profile posts every Nth event a second time (the receiver must dedupe). */
  private post(job: Parameters<WebhookDispatcher["enqueue"]>[0], options: { priority?: boolean } = {}): void {
    this.webhooks.enqueue(job, options);
    const every = this.config.profile.duplicateEvery;
    if (every > 0 && ++this.events % every === 0) {
      const { topic, statusUpdateId, status, inboundMessageId } = job.entry;
      this.webhooks.enqueue(
        {
          entry: this.webhooks.newEntry({ topic, statusUpdateId, status, inboundMessageId }),
          payload: job.payload,
          campaignName: job.campaignName,
        },
        options,
      );
    }
  }

  private approvedTemplate(name: string, language: string): StoredTemplate {
    const group = this.state.templates.group(name);
    if (!group) throw invalid(TEMPLATE_NOT_FOUND, `no template named ${name}`);
    const template = group.templates.find((t) => t.language.code === language);
    if (!template) {
      const languages = group.templates.map((t) => t.language.code).join(", ");
      throw invalid(TEMPLATE_NOT_FOUND, `template ${name} has no ${language} translation (has ${languages})`);
    }
    if (template.status !== "MESSAGE_TEMPLATE_STATUS_APPROVED") {
      const status = template.status.replace("MESSAGE_TEMPLATE_STATUS_", "");
      throw invalid(TEMPLATE_NOT_FOUND, `template ${name} (${language}) is ${status}, not approved`);
    }
    return template;
  }

  private accept(
    endpoint: SendEndpoint,
    businessId: string,
    body: Record<string, unknown>,
    identity: Identity,
    extra: { sender?: string; campaignName?: string; name?: string },
  ): { id: string } {
    const nowMs = this.config.now();
    const id = newMessageId(nowMs);
    this.state.sent.push({ id, endpoint, businessId, body, receivedAt: new Date(nowMs).toISOString() });
    this.state.totals.accepted++;

    // Status webhooks describe the customer as the simulator knows them (phone + BSUID when both seen).
    const customer = this.state.customers.find(identity);
    const known = { phone: identity.phone ?? customer?.phone, bsuid: identity.bsuid ?? customer?.bsuid };
    const record: MessageRecord = {
      id,
      endpoint,
      businessId,
      sender: businessParty(extra.sender ?? this.config.businessNumber, this.config.businessName),
      recipient: customerParty(known, extra.name ?? customer?.name),
      status: "accepted",
      acceptedAt: nowMs,
    };
    if (extra.campaignName) record.campaignName = extra.campaignName;
    if (body.callbackData !== undefined) record.callbackData = body.callbackData;
    this.state.messages.set(id, record);

    const rule = failureRuleFor(known.phone ?? known.bsuid ?? "");
    let statuses = rule?.statuses ?? DEFAULT_STATUSES;
    // Strict profile: some status pairs arrive out of order (the docs promise no ordering).
    const swapEvery = this.config.profile.swapEvery;
    if (swapEvery > 0 && ++this.accepted % swapEvery === 0 && statuses.length >= 2) {
      statuses = [statuses[1]!, statuses[0]!, ...statuses.slice(2)];
    }
    this.scheduleStatus(record, statuses, 0, rule);
    return { id };
  }

  /**
   * Emits statuses[index] after statusDelayMs, and the next one only once that webhook settled,
   * so a message's events reach the app in order and a slow receiver slows the pipeline down
   * instead of piling up work.
   */
  private scheduleStatus(
    record: MessageRecord,
    statuses: readonly DeliveryStatus[],
    index: number,
    rule: FailureRule | undefined,
  ): void {
    const status = statuses[index];
    if (!status) return;
    this.scheduler.schedule(this.config.statusDelayMs, () => {
      record.status = status;
      let error: ConnectlyErrorObject | null = null;
      if (status === "delivery_failed" && rule?.error) {
        error = errorObject(rule.error.code, rule.error.type, rule.error.message);
      }
      const payload = deliveryStatusEvent(record, status, error, this.config.now());
      this.post({
        entry: this.webhooks.newEntry({ topic: "delivery_status", statusUpdateId: record.id, status }),
        payload,
        campaignName: record.campaignName,
        onSettled: () => this.scheduleStatus(record, statuses, index + 1, rule),
      });
    });
  }
}
