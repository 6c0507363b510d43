import { describe, expect, it } from "vitest";
import { parseWebhookBody, type NormalizedWebhookEvent } from "./webhook";

// Issue 19: the status spellings and inbound kinds whose Connectly shapes are not documented (§5.5, §11),
// read in the Connectly style (what the simulator sends) and in Meta's native Cloud API shape.

type Event<K extends NormalizedWebhookEvent["kind"]> = Extract<NormalizedWebhookEvent, { kind: K }>;

function parsed(body: unknown): NormalizedWebhookEvent {
  const result = parseWebhookBody(JSON.stringify(body));
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result.event;
}
const inbound = (body: unknown) => parsed(body) as Event<"inbound">;
const status = (body: unknown) => parsed(body) as Event<"status">;

const sam = { id: "+447700900123", channelType: "whatsapp", name: "Sam Lee" };
const acme = { id: "+14155550100", channelType: "whatsapp", name: "acme" };
const messageIn = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  topic: "messages",
  timestamp: "1718031000",
  sender: sam,
  recipient: acme,
  message: { id: "wamid.1", ...message },
  ...extra,
});

describe("delivery statuses: every spelling of a failure", () => {
  it.each([
    "delivery_failed",
    "delivery_failure",
    "DELIVERY_FAILURE",
    "failed",
    "DELIVERY_STATUS_DELIVERY_FAILED",
  ])("%s is delivery_failed", (spelling) => {
    const event = status({
      topic: "delivery_status",
      timestamp: "1718031260",
      recipient: sam,
      statusUpdate: {
        id: "01J0Z7Q4M8ZK3V5C2B1N9X6Y7T",
        status: spelling,
        error: {
          type: "ERROR_TYPE_FAILED_PRECONDITION",
          code: "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT",
          message: "opted out",
        },
      },
    });
    expect(event.status).toBe("delivery_failed");
    expect(event.eventKey).toBe("status:01J0Z7Q4M8ZK3V5C2B1N9X6Y7T:delivery_failed");
    // Unknown ERROR_TYPE_* values pass through untouched (an open enum, §4.2).
    expect(event.error).toMatchObject({
      type: "ERROR_TYPE_FAILED_PRECONDITION",
      code: "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT",
    });
  });

  it("reads DELIVERY_STATUS_READ as read", () => {
    expect(status({ statusUpdate: { id: "x", status: "DELIVERY_STATUS_READ" } }).status).toBe("read");
  });
});

describe("list replies", () => {
  it.each([
    [
      "Connectly style, top level",
      messageIn(
        {},
        {
          listResponse: { id: "row-2", title: "Tomorrow 10:00", description: "Morning slot" },
          context: { replyToId: "01J-LIST" },
        },
      ),
    ],
    [
      "Connectly style, in message",
      messageIn(
        { listReply: { id: "row-2", title: "Tomorrow 10:00", description: "Morning slot" } },
        { context: { replyToId: "01J-LIST" } },
      ),
    ],
    [
      "Meta's interactive.list_reply",
      messageIn({
        interactive: {
          type: "list_reply",
          list_reply: { id: "row-2", title: "Tomorrow 10:00", description: "Morning slot" },
        },
        context: { replyToId: "01J-LIST" },
      }),
    ],
  ])("%s -> the chosen row", (_label, body) => {
    const event = inbound(body);
    expect(event.content).toMatchObject({
      kind: "list_reply",
      text: "Tomorrow 10:00",
      listReply: { id: "row-2", title: "Tomorrow 10:00", description: "Morning slot" },
    });
    expect(event.replyToId).toBe("01J-LIST");
  });
});

describe("reactions", () => {
  it.each([
    ["Connectly style", { reaction: { messageId: "01J-OUT", emoji: "👍" } }],
    ["Meta's reaction.message_id", { reaction: { message_id: "01J-OUT", emoji: "👍" } }],
  ])("%s -> a reaction to that message", (_label, message) => {
    expect(inbound(messageIn(message)).content).toMatchObject({
      kind: "reaction",
      text: "👍",
      reaction: { messageId: "01J-OUT", emoji: "👍" },
    });
  });

  it("an empty emoji is the reaction taken back; the target may come from context.replyToId", () => {
    const event = inbound(messageIn({ reaction: { emoji: "" } }, { context: { replyToId: "01J-OUT" } }));
    expect(event.content).toMatchObject({
      kind: "reaction",
      text: null,
      reaction: { messageId: "01J-OUT", emoji: null },
    });
  });

  it("a top-level reaction without topic or message is still an inbound event", () => {
    const event = inbound({
      timestamp: "1718031000",
      sender: sam,
      reaction: { messageId: "01J-OUT", emoji: "❤️" },
    });
    expect(event.content.reaction).toEqual({ messageId: "01J-OUT", emoji: "❤️" });
  });
});

describe("stickers and shared contacts", () => {
  it("a sticker attachment (Connectly style) or Meta's sticker object", () => {
    expect(
      inbound(messageIn({ attachments: [{ type: "sticker", url: "https://cdn.connectly.ai/s.webp" }] }))
        .content,
    ).toMatchObject({
      kind: "sticker",
      sticker: { url: "https://cdn.connectly.ai/s.webp" },
    });
    expect(
      inbound(messageIn({ sticker: { id: "1234", mime_type: "image/webp", animated: false } })).content,
    ).toMatchObject({
      kind: "sticker",
      sticker: { url: null, mimeType: "image/webp", animated: false },
    });
  });

  it("contact cards in Meta's shape", () => {
    const event = inbound(
      messageIn({
        contacts: [
          {
            name: { formatted_name: "Ana Maria Lopez", first_name: "Ana" },
            phones: [{ phone: "+1 (415) 555-0101", type: "CELL", wa_id: "14155550101" }],
            emails: [{ email: "ana@example.com", type: "WORK" }],
            org: { company: "Acme" },
          },
        ],
      }),
    );
    expect(event.content).toMatchObject({
      kind: "contacts",
      text: "Ana Maria Lopez",
      contacts: [
        {
          name: "Ana Maria Lopez",
          phones: [{ phone: "+1 (415) 555-0101", type: "CELL", waId: "14155550101" }],
          emails: ["ana@example.com"],
          organization: "Acme",
        },
      ],
    });
  });

  it("anything else is unsupported, with the raw content kept for a preview", () => {
    const event = inbound(
      messageIn({ order: { catalog_id: "c1", product_items: [{ product_retailer_id: "sku-1" }] } }),
    );
    expect(event.content.kind).toBe("unsupported");
    expect(event.content.raw).toContain('"catalog_id":"c1"');
    const media = inbound(messageIn({ attachments: [{ type: "hologram", url: "https://x.example/h" }] }));
    expect(media.content).toMatchObject({ kind: "unsupported" });
    expect(media.content.raw).toContain("hologram");
  });
});
