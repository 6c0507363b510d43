import type { SessionMessage, TemplateParameter } from "./schemas";

// Builders for the upstream request bodies: the one place that encodes how a contact is addressed (§6, §14).

export type Addressable = { phone: string | null; bsuid: string | null; name?: string | null };

/**
 * The phone when we have one (BSUID sends are not enabled on every account, §6), else the BSUID:
 * bare in `recipient.id` for session sends, prefixed `bsuid:` in `number` for template sends.
 */
export function sessionRecipientId(contact: Addressable): string {
  const id = contact.phone ?? contact.bsuid;
  if (!id) throw new Error("contact has neither a phone nor a BSUID");
  return id;
}

export function templateNumber(contact: Addressable): string {
  if (contact.phone) return contact.phone;
  if (contact.bsuid) return `bsuid:${contact.bsuid}`;
  throw new Error("contact has neither a phone nor a BSUID");
}

export function buildSessionSendBody(input: {
  contact: Addressable;
  message: SessionMessage;
  sender?: string | null;
  callbackData?: unknown;
  campaignName?: string | null;
}) {
  return {
    ...(input.sender ? { sender: { id: input.sender, channelType: "whatsapp" as const } } : {}),
    recipient: { id: sessionRecipientId(input.contact), channelType: "whatsapp" as const },
    message: input.message,
    ...(input.callbackData !== undefined ? { callbackData: input.callbackData } : {}),
    ...(input.campaignName ? { campaignName: input.campaignName } : {}),
  };
}

export function buildTemplateSendBody(input: {
  contact: Addressable;
  templateName: string;
  language: string;
  parameters: TemplateParameter[];
  sender?: string | null;
  callbackData?: unknown;
  campaignName?: string | null;
}) {
  return {
    ...(input.sender ? { sender: input.sender } : {}),
    number: templateNumber(input.contact),
    templateName: input.templateName,
    language: input.language,
    ...(input.parameters.length ? { parameters: input.parameters } : {}),
    ...(input.callbackData !== undefined ? { callbackData: input.callbackData } : {}),
    ...(input.campaignName ? { campaignName: input.campaignName } : {}),
  };
}
