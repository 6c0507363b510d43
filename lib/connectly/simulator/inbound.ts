import { ATTACHMENT_TYPES, REFERRAL_FIELDS } from "../webhook";
import { unixSeconds } from "./events";
import { newMessageId } from "./ids";
import type { WebhookParty } from "./state";
import { BSUID_PATTERN, isRecord, type Identity } from "./validate";

/** Body of `POST /sim/inbound`. */
interface InboundInput {
  from?: string;
  phone?: string;
  bsuid?: string;
  name?: string;
  text?: string;
  attachment?: {
    type: "image" | "video" | "audio" | "document";
    url: string;
    caption?: string;
    filename?: string;
  };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  buttonResponse?: { text: string; id?: string; payload?: string };
  /** A list reply: the chosen row (sent as top-level `listResponse`, like `buttonResponse`). */
  listReply?: { id?: string; title: string; description?: string };
  /** A reaction to `messageId`; an empty emoji removes it (as WhatsApp does). */
  reaction?: { messageId: string; emoji: string };
  sticker?: { url: string; animated?: boolean };
  /** Shared contact cards, in Meta's shape ({ name: { formatted_name }, phones: [{ phone, type, wa_id }] }). */
  contacts?: Record<string, unknown>[];
  /** Extra `message` fields as given, to produce kinds the app does not know (an "unsupported" message). */
  messageExtra?: Record<string, unknown>;
  replyToId?: string;
  callbackData?: unknown;
  referral?: Record<string, unknown>;
  timestamp?: number;
}

export interface ParsedInbound {
  identity: Identity;
  name?: string;
  timestampSec: number;
  input: InboundInput;
}

/** Thrown for a malformed control request; answered as `400 { ok: false, error }`. */
export class ControlError extends Error {}

const E164 = /^\+\d{8,15}$/;
// The payload's attachment kinds and referral fields are the contract's (lib/connectly/webhook.ts), not guessed twice.

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new ControlError(`${field} must be a string`);
  return value;
}

function parseIdentity(body: Record<string, unknown>): Identity {
  const from = optionalString(body.from, "from")?.replace(/^bsuid:/, "");
  let phone = optionalString(body.phone, "phone");
  let bsuid = optionalString(body.bsuid, "bsuid")?.replace(/^bsuid:/, "");
  if (from) {
    if (E164.test(from)) phone ??= from;
    else if (BSUID_PATTERN.test(from)) bsuid ??= from;
    else throw new ControlError(`from must be E.164 (+14155550123) or a BSUID (US.123...), got "${from}"`);
  }
  if (phone !== undefined && !E164.test(phone)) throw new ControlError(`phone must be E.164, got "${phone}"`);
  if (bsuid !== undefined && !BSUID_PATTERN.test(bsuid))
    throw new ControlError(`bsuid is malformed: "${bsuid}"`);
  if (!phone && !bsuid) throw new ControlError("one of from, phone or bsuid is required");
  return { ...(phone ? { phone } : {}), ...(bsuid ? { bsuid } : {}) };
}

export function parseInbound(body: unknown, nowMs: number): ParsedInbound {
  if (!isRecord(body)) throw new ControlError("body must be a JSON object");
  const identity = parseIdentity(body);
  const input = body as InboundInput;
  optionalString(body.text, "text");
  optionalString(body.replyToId, "replyToId");
  const { attachment, location, buttonResponse, referral } = body;
  if (attachment !== undefined) {
    if (
      !isRecord(attachment) ||
      !ATTACHMENT_TYPES.some((type) => type === attachment.type) ||
      typeof attachment.url !== "string"
    ) {
      throw new ControlError("attachment must be { type: image|video|audio|document, url }");
    }
  }
  if (location !== undefined) {
    if (
      !isRecord(location) ||
      typeof location.latitude !== "number" ||
      typeof location.longitude !== "number"
    ) {
      throw new ControlError("location must be { latitude, longitude, name?, address? }");
    }
  }
  if (
    buttonResponse !== undefined &&
    (!isRecord(buttonResponse) || typeof buttonResponse.text !== "string")
  ) {
    throw new ControlError("buttonResponse must be { text, id?, payload? }");
  }
  if (referral !== undefined && !isRecord(referral)) throw new ControlError("referral must be an object");
  const { listReply, reaction, sticker, contacts, messageExtra } = body;
  if (listReply !== undefined && (!isRecord(listReply) || typeof listReply.title !== "string")) {
    throw new ControlError("listReply must be { title, id?, description? }");
  }
  if (
    reaction !== undefined &&
    (!isRecord(reaction) || typeof reaction.messageId !== "string" || typeof reaction.emoji !== "string")
  ) {
    throw new ControlError('reaction must be { messageId, emoji } (emoji "" removes it)');
  }
  if (sticker !== undefined && (!isRecord(sticker) || typeof sticker.url !== "string")) {
    throw new ControlError("sticker must be { url, animated? }");
  }
  if (contacts !== undefined && (!Array.isArray(contacts) || !contacts.every(isRecord))) {
    throw new ControlError("contacts must be an array of contact objects");
  }
  if (messageExtra !== undefined && !isRecord(messageExtra))
    throw new ControlError("messageExtra must be an object");
  const kinds = [
    input.text,
    attachment,
    location,
    buttonResponse,
    listReply,
    reaction,
    sticker,
    contacts,
    messageExtra,
  ];
  if (kinds.every((k) => k === undefined || k === "")) {
    throw new ControlError(
      "give at least one of text, attachment, location, buttonResponse, listReply, reaction, sticker, contacts or messageExtra",
    );
  }
  const timestamp = body.timestamp;
  if (timestamp !== undefined && (typeof timestamp !== "number" || !Number.isFinite(timestamp))) {
    throw new ControlError("timestamp must be unix seconds");
  }
  return {
    identity,
    name: optionalString(body.name, "name"),
    timestampSec: Math.floor(timestamp ?? nowMs / 1000),
    input,
  };
}

/**
 * §5.5 `messages` event. Location goes in `message.location` (mirroring the outbound shape) and
 * button replies use the [GB] top-level `buttonResponse` + `context.replyToId` shape.
 */
export function inboundEvent(
  parsed: ParsedInbound,
  sender: WebhookParty,
  business: WebhookParty,
  callbackData: unknown,
  nowMs: number,
): { event: Record<string, unknown>; messageId: string } {
  const { input } = parsed;
  const messageId = newMessageId(nowMs);
  const message: Record<string, unknown> = { ...input.messageExtra, id: messageId };
  if (input.text) message.text = input.text;
  if (input.reaction) message.reaction = { messageId: input.reaction.messageId, emoji: input.reaction.emoji };
  if (input.sticker) {
    message.attachments = [
      {
        type: "sticker",
        url: input.sticker.url,
        ...(input.sticker.animated !== undefined ? { animated: input.sticker.animated } : {}),
      },
    ];
  }
  if (input.contacts) message.contacts = input.contacts;
  if (input.attachment) {
    const { type, url, caption, filename } = input.attachment;
    message.attachments = [{ type, url, ...(caption ? { caption } : {}), ...(filename ? { filename } : {}) }];
  }
  if (input.location) {
    const { latitude, longitude, name, address } = input.location;
    message.location = { latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) };
  }
  if (input.referral) {
    message.referral = Object.fromEntries(
      REFERRAL_FIELDS.filter((key) => input.referral?.[key] !== undefined).map((key) => [
        key,
        input.referral?.[key],
      ]),
    );
  }
  const event: Record<string, unknown> = {
    topic: "messages",
    timestamp: unixSeconds(parsed.timestampSec * 1000),
    sender,
    recipient: business,
    message,
  };
  if (input.replyToId) event.context = { replyToId: input.replyToId };
  if (input.listReply) {
    const { id, title, description } = input.listReply;
    event.listResponse = { title, ...(id ? { id } : {}), ...(description ? { description } : {}) };
  }
  if (input.buttonResponse) {
    const { text, id, payload } = input.buttonResponse;
    event.buttonResponse = { text, ...(id ? { id } : {}), ...(payload ? { payload } : {}) };
  }
  if (callbackData !== undefined) event.callbackData = callbackData;
  return { event, messageId };
}
