import { createHash } from "node:crypto";
import { jsonDepthExceeds, nestingMessage } from "../security/json-depth";
import type { ReportRunRef } from "./campaign-report";
import type { ConnectlyErrorObject } from "./client";

// Connectly webhook bodies (contract §5, §6, §14) -> one normalised event. Three doc generations disagree on
// field shapes, so the readers below accept every documented variant, ignore fields they don't know, and only
// fail on what the dashboard cannot work without. They are hand-written rather than one zod schema because
// almost every field is "this shape, or that one, or missing".

export type CustomerIdentity = { phone: string | null; bsuid: string | null; name: string | null };

type InboundAttachment = {
  type: "image" | "video" | "audio" | "document";
  url: string;
  caption?: string;
  filename?: string;
};
type InboundLocation = { latitude: number; longitude: number; name?: string; address?: string };
type ButtonReply = { text: string; id?: string; payload?: string };
/** Click-to-WhatsApp ad or post (§5.5): every field a string when present. */
type InboundReferral = Partial<Record<(typeof REFERRAL_FIELDS)[number], string>>;
type ListReply = { title: string; id?: string; description?: string };
/** `emoji` null = the customer removed their reaction. */
type InboundReaction = { emoji: string | null; messageId: string };
type InboundSticker = { url: string | null; animated?: boolean; mimeType?: string };
type SharedContact = {
  name: string;
  phones: { phone: string; type?: string; waId?: string }[];
  emails: string[];
  organization?: string;
};

export type InboundContent = {
  kind:
    | "text"
    | "attachment"
    | "location"
    | "button_reply"
    | "list_reply"
    | "reaction"
    | "sticker"
    | "contacts"
    | "unsupported";
  text: string | null;
  attachment: InboundAttachment | null;
  location: InboundLocation | null;
  buttonReply: ButtonReply | null;
  referral: InboundReferral | null;
  /** Fields present in the payload with the wrong type: left out here (never rendered), kept in the raw event. */
  ignoredFields?: string[];
  listReply?: ListReply;
  reaction?: InboundReaction;
  sticker?: InboundSticker;
  contacts?: SharedContact[];
  /** For "unsupported": the message JSON as received (truncated), so an agent can see what it was. */
  raw?: string;
};

type DeliveryStatus = "sent" | "delivered" | "read" | "delivery_failed";

/** A report run as the webhook describes it: the Reports API's run, keyed by `id`. */
type ReportSummary = Omit<ReportRunRef, "reportId"> & { id: string };

export type NormalizedWebhookEvent =
  | {
      kind: "inbound";
      eventKey: string;
      timestamp: Date;
      customer: CustomerIdentity;
      businessNumber: string | null;
      upstreamId: string | null;
      content: InboundContent;
      replyToId: string | null;
      callbackData: unknown;
      campaignName: string | null;
    }
  | {
      kind: "status";
      eventKey: string;
      timestamp: Date;
      upstreamId: string;
      status: DeliveryStatus;
      error: ConnectlyErrorObject | null;
      customer: CustomerIdentity;
      campaignName: string | null;
      callbackData: unknown;
    }
  | { kind: "report"; eventKey: string; timestamp: Date; report: ReportSummary };

export type ParseResult =
  { ok: true; event: NormalizedWebhookEvent } | { ok: false; reason: string; topic: string | null };

type Json = Record<string, unknown>;
type Topic = "messages" | "delivery_status" | "report";

const STATUSES: readonly DeliveryStatus[] = ["sent", "delivered", "read", "delivery_failed"];
// Spellings seen besides the documented ones (§5.7): `delivery_failure`, a bare `failed`, and the proto enum
// form `DELIVERY_STATUS_DELIVERED` (a prefix the readers strip).
const STATUS_ALIASES: Record<string, DeliveryStatus> = {
  delivery_failure: "delivery_failed",
  failed: "delivery_failed",
};

function deliveryStatusOf(raw: string): DeliveryStatus | undefined {
  const value = raw.toLowerCase().replace(/^delivery_status_/, "");
  return STATUSES.find((candidate) => candidate === value) ?? STATUS_ALIASES[value];
}
export const ATTACHMENT_TYPES: readonly InboundAttachment["type"][] = ["image", "video", "audio", "document"];
const BSUID_PREFIX = /^[A-Z]{2}\./;
export const REFERRAL_FIELDS = [
  "ctwaClid",
  "sourceUrl",
  "sourceId",
  "sourceType",
  "headline",
  "body",
  "mediaType",
  "imageUrl",
  "videoUrl",
  "thumbnailUrl",
] as const;

function record(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

/** A trimmed identifier-like string (numbers accepted, since ids and codes are sometimes numeric). */
function str(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** Message text kept as written; only blank counts as absent. */
function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** A trimmed string that must have been sent as one (URLs, file names): a number here is a malformed event. */
function strictStr(value: unknown): string | null {
  return typeof value === "string" ? str(value) : null;
}

function num(value: unknown): number | null {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : null;
}

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

function fail(reason: string, topic: string | null): ParseResult {
  // V8's JSON errors quote one UTF-16 unit, which can be half a surrogate pair: not storable text.
  return { ok: false, reason: reason.toWellFormed(), topic };
}

/** "+1(604) 585 2331" -> "+16045852331"; null when what remains is not a plausible phone number. */
function normalizePhone(value: string | null | undefined): string | null {
  if (!value) return null;
  const compact = value.trim().replace(/[\s().\-\u00a0]/g, "");
  const digits = compact.startsWith("+") ? compact.slice(1) : compact;
  return /^[1-9]\d{5,14}$/.test(digits) ? `+${digits}` : null;
}

export function normalizeIdentity(party: {
  id?: string | null;
  userId?: string | null;
  phoneNumber?: string | null;
  name?: string | null;
}): CustomerIdentity {
  const id = str(party.id);
  // Phone-less BSUID customers arrive with phoneNumber "" and the BSUID in id (§6).
  const phone = normalizePhone(party.phoneNumber) ?? (id?.startsWith("+") ? normalizePhone(id) : null);
  const bsuid = str(party.userId) ?? (id && BSUID_PREFIX.test(id) ? id : null);
  return { phone, bsuid, name: str(party.name) };
}

function partyIdentity(value: unknown): CustomerIdentity {
  const party = record(value) ?? {};
  return normalizeIdentity({
    id: str(party.id),
    userId: str(party.userId),
    phoneNumber: str(party.phoneNumber),
    name: str(party.name),
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Date, null when absent (caller uses receipt time), or "invalid" for anything unreadable. */
function parseTimestamp(value: unknown): Date | null | "invalid" {
  if (value === undefined || value === null || value === "") return null;
  let ms: number;
  if (typeof value === "number") {
    ms = value * 1000;
  } else if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim())) {
    ms = Number(value.trim()) * 1000;
  } else if (typeof value === "string" && ISO_DATE.test(value.trim())) {
    const iso = value.trim();
    // A zone-less ISO time would otherwise be read in the server's local zone.
    ms = Date.parse(/T.*(Z|[+-]\d{2}:?\d{2})$/i.test(iso) || !iso.includes("T") ? iso : `${iso}Z`);
  } else {
    return "invalid";
  }
  const date = new Date(ms);
  return Number.isFinite(ms) && ms >= 0 && !Number.isNaN(date.getTime()) ? date : "invalid";
}

function resolveTopic(body: Json): Topic | { unknown: string } | null {
  const declared = str(body.topic)
    ?.toLowerCase()
    .replace(/^topic_/, "");
  if (declared === "messages" || declared === "delivery_status" || declared === "report") return declared;
  if (declared && declared !== "unspecified") return { unknown: declared };
  if (record(body.statusUpdate)) return "delivery_status";
  if (record(body.report)) return "report";
  if (
    record(body.message) ||
    record(body.buttonResponse) ||
    record(body.listResponse) ||
    record(body.reaction)
  )
    return "messages";
  return null;
}

function campaignNameOf(body: Json, statusUpdate: Json | null): string | null {
  // [GB] statusUpdate.metadata.campaignName, [RM] top-level metadata.campaign_name (§5.7, §14).
  const nested = record(statusUpdate?.metadata);
  const topLevel = record(body.metadata);
  return (
    str(nested?.campaignName) ??
    str(nested?.campaign_name) ??
    str(topLevel?.campaign_name) ??
    str(topLevel?.campaignName) ??
    null
  );
}

function upstreamError(value: unknown): ConnectlyErrorObject | null {
  const raw = record(value);
  if (!raw) return null;
  const error: ConnectlyErrorObject = {};
  for (const key of ["message", "type", "code", "userTitle", "userMessage", "cntTraceId"] as const) {
    const field = str(raw[key]);
    if (field !== null) error[key] = field;
  }
  if (raw.details !== undefined && raw.details !== null) error.details = raw.details;
  return Object.keys(error).length > 0 ? error : null;
}

function parseStatus(body: Json, timestamp: Date): ParseResult {
  const topic = "delivery_status";
  const statusUpdate = record(body.statusUpdate);
  if (!statusUpdate) return fail(`statusUpdate must be an object, got ${describe(body.statusUpdate)}`, topic);
  const upstreamId = str(statusUpdate.id);
  if (!upstreamId) return fail("statusUpdate.id is missing", topic);
  const rawStatus = str(statusUpdate.status);
  if (!rawStatus) return fail("statusUpdate.status is missing", topic);
  const status = deliveryStatusOf(rawStatus);
  if (!status) return fail(`statusUpdate.status "${rawStatus}" is not one of ${STATUSES.join(", ")}`, topic);

  return {
    ok: true,
    event: {
      kind: "status",
      eventKey: `status:${upstreamId}:${status}`,
      timestamp,
      upstreamId,
      status,
      error: upstreamError(statusUpdate.error),
      // On delivery-status events the customer is the recipient (§5.4).
      customer: partyIdentity(body.recipient),
      campaignName: campaignNameOf(body, statusUpdate),
      callbackData: body.callbackData ?? null,
    },
  };
}

function firstItem(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : undefined;
}

function attachmentOf(value: unknown): InboundAttachment | null {
  const raw = record(value);
  const type = str(raw?.type)
    ?.toLowerCase()
    .replace(/^attachment_type_/, "");
  const url = strictStr(raw?.url);
  const known = ATTACHMENT_TYPES.find((candidate) => candidate === type);
  if (!raw || !known || !url) return null;
  const caption = text(raw.caption);
  const filename = strictStr(raw.filename);
  return { type: known, url, ...(caption && { caption }), ...(filename && { filename }) };
}

function locationOf(value: unknown): InboundLocation | null {
  const raw = record(value);
  const latitude = num(raw?.latitude);
  const longitude = num(raw?.longitude);
  if (!raw || latitude === null || longitude === null) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  const name = str(raw.name);
  const address = str(raw.address);
  return { latitude, longitude, ...(name && { name }), ...(address && { address }) };
}

/**
 * The referral with its known fields, each only when it is a string: an object `headline` (a signed but malformed
 * event) once made the conversation unrenderable. Unknown keys are dropped; wrong-typed known ones are reported.
 */
function referralOf(value: unknown, ignored: string[]): InboundReferral | null {
  if (value === undefined || value === null) return null;
  const raw = record(value);
  if (!raw) {
    ignored.push("message.referral");
    return null;
  }
  const referral: InboundReferral = {};
  for (const key of REFERRAL_FIELDS) {
    const field = raw[key];
    if (field === undefined || field === null) continue;
    const valueText = typeof field === "number" && Number.isFinite(field) ? String(field) : text(field);
    if (valueText === null) {
      if (typeof field !== "string") ignored.push(`message.referral.${key}`);
      continue;
    }
    referral[key] = valueText;
  }
  return Object.keys(referral).length > 0 ? referral : null;
}

function buttonReplyOf(body: Json, message: Json, messageText: string | null): ButtonReply | null {
  // [GB] top-level buttonResponse {text, payload} or {text, id, payload}; nested copy tolerated.
  const response = record(body.buttonResponse) ?? record(message.buttonResponse);
  if (response) {
    const id = str(response.id);
    const payload = str(response.payload);
    const replyText = text(response.text) ?? messageText ?? payload ?? id;
    if (replyText !== null) return { text: replyText, ...(id && { id }), ...(payload && { payload }) };
  }
  // [RM] the reply is ordinary message text flagged with isButtonResponse.
  if (message.isButtonResponse === true && messageText !== null) return { text: messageText };
  return null;
}

// List replies, reactions, stickers and shared contacts: Connectly's shapes are NOT FOUND (§5.5, §11), so each
// reader accepts a Connectly-style field (top level or in `message`, camelCase) and Meta's native one (the
// Cloud API's `interactive.list_reply`, `reaction`, `sticker`, `contacts`), the way button replies are read. The
// simulator sends the Connectly-style ones (lib/connectly/simulator/inbound.ts).

const RAW_PREVIEW_CHARS = 2000;

function rawPreview(message: Json): string {
  return JSON.stringify(message).slice(0, RAW_PREVIEW_CHARS);
}

function listReplyOf(body: Json, message: Json): ListReply | null {
  const interactive = record(message.interactive);
  const raw =
    record(body.listResponse) ??
    record(body.listReply) ??
    record(message.listResponse) ??
    record(message.listReply) ??
    record(interactive?.list_reply) ??
    record(interactive?.listReply);
  if (!raw) return null;
  const id = str(raw.id);
  const description = text(raw.description);
  const title = text(raw.title) ?? text(raw.text) ?? id;
  return title === null ? null : { title, ...(id && { id }), ...(description && { description }) };
}

function reactionOf(body: Json, message: Json, context: Json | null): InboundReaction | null {
  const raw = record(message.reaction) ?? record(body.reaction);
  if (!raw) return null;
  const messageId =
    str(raw.messageId) ?? str(raw.message_id) ?? str(raw.replyToId) ?? str(context?.replyToId);
  if (!messageId) return null;
  // WhatsApp sends an empty emoji when the customer takes the reaction back.
  const emoji = typeof raw.emoji === "string" && raw.emoji.trim() !== "" ? raw.emoji.trim() : null;
  return { emoji, messageId };
}

function stickerOf(message: Json, attachment: Json | null): InboundSticker | null {
  const raw =
    record(message.sticker) ??
    (str(attachment?.type)
      ?.toLowerCase()
      .replace(/^attachment_type_/, "") === "sticker"
      ? attachment
      : null);
  if (!raw) return null;
  const url = str(raw.url) ?? str(raw.link);
  const mimeType = str(raw.mimeType) ?? str(raw.mime_type);
  return {
    url,
    ...(typeof raw.animated === "boolean" && { animated: raw.animated }),
    ...(mimeType && { mimeType }),
  };
}

function sharedContactOf(value: unknown): SharedContact | null {
  const raw = record(value);
  if (!raw) return null;
  const nameObject = record(raw.name);
  const name =
    text(nameObject?.formatted_name) ??
    text(nameObject?.formattedName) ??
    ([
      text(nameObject?.first_name) ?? text(nameObject?.firstName),
      text(nameObject?.last_name) ?? text(nameObject?.lastName),
    ]
      .filter(Boolean)
      .join(" ") ||
      text(raw.name));
  const phones = (Array.isArray(raw.phones) ? raw.phones : []).flatMap((p) => {
    const phone = record(p);
    const number = str(phone?.phone);
    if (!phone || !number) return [];
    const type = str(phone.type);
    const waId = str(phone.wa_id) ?? str(phone.waId);
    return [{ phone: number, ...(type && { type }), ...(waId && { waId }) }];
  });
  const emails = (Array.isArray(raw.emails) ? raw.emails : []).flatMap((e) => {
    const email = str(record(e)?.email);
    return email ? [email] : [];
  });
  const organization = str(record(raw.org)?.company);
  if (!name && phones.length === 0) return null;
  return {
    name: name || phones[0]?.phone || "Contact",
    phones,
    emails,
    ...(organization && { organization }),
  };
}

function sharedContactsOf(body: Json, message: Json): SharedContact[] | null {
  const list = Array.isArray(message.contacts)
    ? message.contacts
    : Array.isArray(body.contacts)
      ? body.contacts
      : null;
  if (!list) return null;
  const contacts = list.map(sharedContactOf).filter((c): c is SharedContact => c !== null);
  return contacts.length > 0 ? contacts : null;
}

function inboundContent(body: Json, message: Json): InboundContent {
  const ignored: string[] = [];
  const messageText = text(message.text);
  if (message.text !== undefined && message.text !== null && typeof message.text !== "string")
    ignored.push("message.text");
  const referral = referralOf(message.referral, ignored);
  const base: InboundContent = {
    kind: "unsupported",
    text: messageText,
    attachment: null,
    location: null,
    buttonReply: null,
    referral,
    ...(ignored.length > 0 && { ignoredFields: ignored }),
  };

  const listReply = listReplyOf(body, message);
  if (listReply) return { ...base, kind: "list_reply", text: listReply.title, listReply };

  const buttonReply = buttonReplyOf(body, message, messageText);
  if (buttonReply) return { ...base, kind: "button_reply", text: buttonReply.text, buttonReply };

  const reaction = reactionOf(body, message, record(body.context) ?? record(message.context));
  if (reaction) return { ...base, kind: "reaction", text: reaction.emoji, reaction };

  const contacts = sharedContactsOf(body, message);
  if (contacts)
    return {
      ...base,
      kind: "contacts",
      text: messageText ?? contacts.map((c) => c.name).join(", "),
      contacts,
    };

  // Old payloads put attachments/location at the top level next to message (§5.5).
  const rawAttachment = firstItem(message.attachments) ?? firstItem(body.attachments);
  const sticker = stickerOf(message, record(rawAttachment));
  if (sticker) return { ...base, kind: "sticker", sticker };
  if (rawAttachment !== undefined) {
    const attachment = attachmentOf(rawAttachment);
    // Unknown media kinds are kept as "unsupported" (with the raw content) rather than dropped.
    return attachment ? { ...base, kind: "attachment", attachment } : { ...base, raw: rawPreview(message) };
  }

  const location = locationOf(message.location) ?? locationOf(body.location);
  if (location) return { ...base, kind: "location", location };

  return messageText !== null ? { ...base, kind: "text" } : { ...base, raw: rawPreview(message) };
}

function parseInbound(body: Json, timestamp: Date, rawBody: string): ParseResult {
  const topic = "messages";
  // On inbound events the customer is the sender (§5.4).
  const customer = partyIdentity(body.sender);
  if (!customer.phone && !customer.bsuid) {
    return fail(
      record(body.sender)
        ? "sender has no customer identity: expected a phone in sender.id/sender.phoneNumber or a BSUID in sender.userId/sender.id"
        : `sender must be an object, got ${describe(body.sender)}`,
      topic,
    );
  }
  const message = record(body.message) ?? {};
  const upstreamId = str(message.id);
  const context = record(body.context) ?? record(message.context);

  return {
    ok: true,
    event: {
      kind: "inbound",
      // Button replies in the [GB] shape carry no message id; the body hash still dedupes redeliveries.
      eventKey: `inbound:${upstreamId ?? sha256(rawBody)}`,
      timestamp,
      customer,
      businessNumber: partyIdentity(body.recipient).phone,
      upstreamId,
      content: inboundContent(body, message),
      replyToId: str(context?.replyToId),
      callbackData: body.callbackData ?? null,
      campaignName: campaignNameOf(body, null),
    },
  };
}

function parseReport(body: Json, timestamp: Date, rawBody: string): ParseResult {
  const topic = "report";
  const report = record(body.report);
  if (!report) return fail(`report must be an object, got ${describe(body.report)}`, topic);
  const id = str(report.id);
  if (!id) return fail("report.id is missing", topic);
  // The webhook uses snake_case, the Reports API camelCase (§8.6); accept both.
  const run = record(report.last_run) ?? record(report.lastRun);
  const result = record(run?.result);
  const runId = str(run?.id);

  return {
    ok: true,
    event: {
      kind: "report",
      eventKey: `report:${id}:${runId ?? sha256(rawBody)}`,
      timestamp,
      report: {
        id,
        name: str(report.name),
        type: str(report.type),
        runId,
        status: str(run?.status),
        url: str(result?.url),
        expiresAt: str(result?.expires_at) ?? str(result?.expiresAt),
        createdAt: str(result?.created_at) ?? str(result?.createdAt),
      },
    },
  };
}

export function parseWebhookBody(rawBody: string): ParseResult {
  // Checked on the text, before anything walks the parsed value (a signed body of 60,000 nested arrays is INVALID, not a 500).
  if (jsonDepthExceeds(rawBody)) return fail(`body ${nestingMessage()}`, null);
  let body: unknown;
  try {
    body = JSON.parse(rawBody.replace(/^\uFEFF/, ""));
  } catch (error) {
    return fail(`body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, null);
  }
  const envelope = record(body);
  if (!envelope) return fail(`body must be a JSON object, got ${describe(body)}`, null);

  const topic = resolveTopic(envelope);
  if (topic === null) {
    return fail("cannot tell the event type: no topic, statusUpdate, report or message field", null);
  }
  if (typeof topic === "object") return fail(`topic "${topic.unknown}" is not supported`, topic.unknown);

  const timestamp = parseTimestamp(envelope.timestamp);
  if (timestamp === "invalid") {
    return fail(
      `timestamp ${JSON.stringify(envelope.timestamp)} is neither Unix seconds nor an ISO-8601 date`,
      topic,
    );
  }
  const at = timestamp ?? new Date();

  if (topic === "delivery_status") return parseStatus(envelope, at);
  if (topic === "report") return parseReport(envelope, at, rawBody);
  return parseInbound(envelope, at, rawBody);
}
