import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import { contactCampaigns, type ContactCampaignDto } from "../messaging/campaign-timeline";
import { listContactAttributes, type AttributeDefinitionDto } from "./attributes";
import { nationalFormat } from "./format-phone";
import type { ContactListItemDto } from "./list-contacts";

// The contact's profile page: identity, custom fields, opt-out state with its history, the conversation (link +
// last messages) and campaign sends with their outcome (the contact panel's read model, contactCampaigns).

type OptOutEventDto = {
  id: string;
  optedOut: boolean;
  source: string;
  actor: string | null;
  reason: string | null;
  at: string;
};
type ProfileMessageDto = {
  id: string;
  direction: "INBOUND" | "OUTBOUND";
  kind: string;
  text: string | null;
  createdAt: string;
};

export type ContactProfileDto = {
  contact: ContactListItemDto & { attributes: Record<string, string | number | boolean> };
  attributeDefinitions: AttributeDefinitionDto[];
  optOutHistory: OptOutEventDto[];
  conversation: {
    id: string;
    status: string;
    lastMessageAt: string;
    messageCount: number;
    lastMessages: ProfileMessageDto[];
  } | null;
  campaigns: ContactCampaignDto[];
};

export async function getContactProfile(contactId: string): Promise<ContactProfileDto> {
  const contact = await db.contact.findUnique({
    where: { id: contactId },
    select: {
      id: true,
      name: true,
      phone: true,
      bsuid: true,
      optedOut: true,
      createdAt: true,
      attributes: true,
      labels: { select: { label: { select: { id: true, name: true, color: true, nameKey: true } } } },
      conversation: {
        select: { id: true, status: true, lastMessageAt: true, _count: { select: { messages: true } } },
      },
    },
  });
  if (!contact) throw new AppError("NOT_FOUND", "This contact does not exist.");
  const conversationId = contact.conversation?.id ?? null;
  const [definitions, history, messages, campaigns] = await Promise.all([
    listContactAttributes(),
    db.contactOptOutEvent.findMany({
      where: { contactId },
      select: {
        id: true,
        optedOut: true,
        source: true,
        actorLabel: true,
        reason: true,
        at: true,
        actor: { select: { name: true } },
      },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: 50,
    }),
    conversationId
      ? db.message.findMany({
          where: { conversationId, kind: { not: "reaction" } },
          select: { id: true, direction: true, kind: true, text: true, createdAt: true },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: 5,
        })
      : Promise.resolve([]),
    contactCampaigns(contactId, 50),
  ]);
  const { conversation, createdAt, attributes, labels, ...identity } = contact;
  return {
    contact: {
      ...identity,
      phoneNational: nationalFormat(identity.phone),
      createdAt: createdAt.toISOString(),
      attributes: isRecord(attributes) ? (attributes as Record<string, string | number | boolean>) : {},
      labels: labels
        .map(({ label }) => label)
        .sort((a, b) => (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0))
        .map(({ id, name, color }) => ({ id, name, color })),
    },
    attributeDefinitions: definitions,
    optOutHistory: history.map((h) => ({
      id: h.id,
      optedOut: h.optedOut,
      source: h.source,
      actor: h.actor?.name ?? h.actorLabel,
      reason: h.reason,
      at: h.at.toISOString(),
    })),
    conversation: conversation
      ? {
          id: conversation.id,
          status: conversation.status,
          lastMessageAt: conversation.lastMessageAt.toISOString(),
          messageCount: conversation._count.messages,
          lastMessages: messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
        }
      : null,
    campaigns,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
