import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "../../app/api/webhooks/connectly/route";
import { db } from "../../lib/db";
import { listMessages } from "../../lib/messaging/read-models";
import { sendSessionMessageSchema } from "../../lib/messaging/schemas";
import { sendSessionMessage } from "../../lib/messaging/send-session-message";
import { waitFor } from "./campaign-helpers";
import { startHarness, truncateAll, uniquePhone, unixSeconds, webhookRequest, type Harness } from "./helpers";

// Issue 19 item 5: list replies, reactions, stickers and shared contacts through the real webhook route (each
// answered with exactly 200), and produced end to end by the simulator's /sim/inbound.

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ statusDelayMs: 5 });
});
afterAll(() => harness.close());
beforeEach(async () => {
  await truncateAll();
  await fetch(`${harness.simulator.url}/sim/reset`, { method: "POST" });
});

async function simInbound(body: Record<string, unknown>) {
  const res = await fetch(`${harness.simulator.url}/sim/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { delivery: { status?: number } };
}

/** A customer writes, and we answer with a list message; returns the conversation and our message's upstream id. */
async function conversationWithOurList(phone: string) {
  await simInbound({ from: phone, text: "help", name: "Sam" });
  const contact = await db.contact.findUniqueOrThrow({ where: { phone }, include: { conversation: true } });
  const conversationId = contact.conversation!.id;
  const sent = await sendSessionMessage(
    sendSessionMessageSchema.parse({
      conversationId,
      message: {
        text: "Which topic can we help with?",
        listMessage: {
          button: { id: "menu", text: "Choose" },
          sections: [
            {
              title: "Orders",
              rows: [
                { id: "track", text: "Track an order", description: "Where is my parcel?" },
                { id: "return", text: "Start a return" },
              ],
            },
          ],
        },
      },
    }),
    null,
  );
  const upstreamId = await waitFor(
    "the upstream id",
    async () => (await db.message.findUnique({ where: { id: sent.id } }))?.upstreamId,
    5000,
    25,
  );
  return { conversationId, messageId: sent.id, upstreamId };
}

async function webhook(body: Record<string, unknown>) {
  const res = await POST(
    webhookRequest({
      topic: "messages",
      recipient: { id: "+14155550100", channelType: "whatsapp" },
      ...body,
    }),
  );
  expect(res.status).toBe(200); // exactly 200: Connectly counts anything else as a failure
  return (await res.json()) as { state: string };
}

const at = (secondsAgo: number) => unixSeconds(new Date(Date.now() - secondsAgo * 1000));

describe("reactions through the webhook route", () => {
  it("show on the message they react to, replaced and removed as the customer changes them", async () => {
    const phone = uniquePhone();
    const { conversationId, messageId, upstreamId } = await conversationWithOurList(phone);
    const sender = { id: phone, channelType: "whatsapp" };
    const reactionOf = async () => {
      const { messages } = await listMessages(conversationId, { limit: 50 });
      expect(messages.every((m) => m.kind !== "reaction")).toBe(true); // never a bubble of its own
      return messages.find((m) => m.id === messageId)?.reaction ?? null;
    };

    expect(
      await webhook({
        timestamp: at(30),
        sender,
        message: { id: "wamid.r1", reaction: { messageId: upstreamId, emoji: "👍" } },
      }),
    ).toEqual({ ok: true, state: "PROCESSED" });
    expect((await reactionOf())?.emoji).toBe("👍");

    // Meta's native shape replaces it.
    await webhook({
      timestamp: at(20),
      sender,
      message: { id: "wamid.r2", reaction: { message_id: upstreamId, emoji: "❤️" } },
    });
    expect((await reactionOf())?.emoji).toBe("❤️");

    // A late, older reaction does not win over the newer one.
    await webhook({
      timestamp: at(25),
      sender,
      message: { id: "wamid.r0", reaction: { messageId: upstreamId, emoji: "😮" } },
    });
    expect((await reactionOf())?.emoji).toBe("❤️");

    // An empty emoji takes it back.
    await webhook({
      timestamp: at(10),
      sender,
      message: { id: "wamid.r3", reaction: { messageId: upstreamId, emoji: "" } },
    });
    expect(await reactionOf()).toBeNull();

    // A reaction is not an unread message.
    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation.unreadCount).toBe(1);
  });
});

describe("list replies, stickers and contacts through the webhook route", () => {
  it("stores a list reply with the chosen row, quoting our list", async () => {
    const phone = uniquePhone();
    const { conversationId, upstreamId } = await conversationWithOurList(phone);
    await webhook({
      timestamp: at(5),
      sender: { id: phone, channelType: "whatsapp" },
      context: { replyToId: upstreamId },
      listResponse: { id: "track", title: "Track an order", description: "Where is my parcel?" },
    });
    const { messages } = await listMessages(conversationId, { limit: 50 });
    const reply = messages.find((m) => m.kind === "list_reply")!;
    expect(reply).toMatchObject({
      kind: "list_reply",
      text: "Track an order",
      content: { listReply: { id: "track", title: "Track an order" } },
    });
    expect(reply.replyTo).toMatchObject({ kind: "list" });
  });

  it("stores stickers, contact cards and unknown kinds (with the raw content)", async () => {
    const phone = uniquePhone();
    const sender = { id: phone, channelType: "whatsapp" };
    await webhook({
      timestamp: at(3),
      sender,
      message: { id: "wamid.s", attachments: [{ type: "sticker", url: "https://cdn.connectly.ai/s.webp" }] },
    });
    await webhook({
      timestamp: at(2),
      sender,
      message: {
        id: "wamid.c",
        contacts: [
          { name: { formatted_name: "Ana Lopez" }, phones: [{ phone: "+14155550101", type: "CELL" }] },
        ],
      },
    });
    await webhook({ timestamp: at(1), sender, message: { id: "wamid.u", poll: { question: "Which day?" } } });
    const rows = await db.message.findMany({
      where: { upstreamId: { in: ["wamid.s", "wamid.c", "wamid.u"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => r.kind)).toEqual(["sticker", "contacts", "unsupported"]);
    expect(rows[1]?.text).toBe("Ana Lopez");
    expect((rows[2]?.content as { raw: string }).raw).toContain("Which day?");
  });
});

describe("the simulator produces these kinds end to end", () => {
  it("a list reply and a reaction from /sim/inbound land on our list message", async () => {
    const phone = uniquePhone();
    const { conversationId, messageId, upstreamId } = await conversationWithOurList(phone);
    expect(
      (
        await simInbound({
          from: phone,
          listReply: { id: "return", title: "Start a return" },
          replyToId: upstreamId,
        })
      ).delivery.status,
    ).toBe(200);
    expect(
      (await simInbound({ from: phone, reaction: { messageId: upstreamId, emoji: "🙏" } })).delivery.status,
    ).toBe(200);
    expect(
      (await simInbound({ from: phone, sticker: { url: "https://cdn.connectly.ai/s2.webp" } })).delivery
        .status,
    ).toBe(200);

    const { messages } = await listMessages(conversationId, { limit: 50 });
    expect(messages.find((m) => m.id === messageId)?.reaction?.emoji).toBe("🙏");
    // Webhook timestamps have whole seconds: order within the second is not asserted.
    expect(messages.map((m) => m.kind).sort()).toEqual(["list", "list_reply", "sticker", "text"]);
    const reply = messages.find((m) => m.kind === "list_reply")!;
    expect(reply.replyTo).toMatchObject({ kind: "list" });
  });
});
