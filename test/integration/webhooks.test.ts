import { beforeEach, describe, expect, it } from "vitest";
import { POST } from "../../app/api/webhooks/connectly/route";
import { db } from "../../lib/db";
import { truncateAll, uniquePhone, unixSeconds, webhookRequest } from "./helpers";

const business = { id: "+14155550100", channelType: "whatsapp", name: "acme" };

function inbound(
  from: Record<string, unknown>,
  message: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    topic: "messages",
    timestamp: unixSeconds(),
    sender: { channelType: "whatsapp", ...from },
    recipient: business,
    message,
    ...extra,
  };
}

function status(id: string, value: string, extra: Record<string, unknown> = {}) {
  return {
    topic: "delivery_status",
    timestamp: unixSeconds(),
    sender: business,
    recipient: { id: "+447700900123", channelType: "whatsapp" },
    statusUpdate: { id, status: value, error: null, ...extra },
  };
}

async function post(body: unknown, options?: Parameters<typeof webhookRequest>[1]) {
  const res = await POST(webhookRequest(body, options));
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function outboundMessage(upstreamId: string) {
  const contact = await db.contact.create({ data: { phone: uniquePhone() } });
  const conversation = await db.conversation.create({
    data: { contactId: contact.id, lastInboundAt: new Date() },
  });
  return db.message.create({
    data: {
      conversationId: conversation.id,
      direction: "OUTBOUND",
      kind: "text",
      text: "hi",
      content: {},
      status: "QUEUED",
      upstreamId,
    },
  });
}

beforeEach(truncateAll);

describe("POST /api/webhooks/connectly: authenticity and limits", () => {
  it("rejects a bad signature with 401 and stores nothing", async () => {
    const res = await post(inbound({ id: uniquePhone() }, { text: "hi" }), {
      signature: "bm90IGEgc2lnbmF0dXJl",
    });
    expect(res.status).toBe(401);
    expect(await db.webhookEvent.count()).toBe(0);
  });

  it("rejects a body signed with another secret", async () => {
    const res = await post(inbound({ id: uniquePhone() }, { text: "hi" }), { secret: "some_other_secret" });
    expect(res.status).toBe(401);
  });

  it("answers 413 for an oversized body and stores nothing", async () => {
    const res = await post(inbound({ id: uniquePhone() }, { text: "x".repeat(300 * 1024) }));
    expect(res.status).toBe(413);
    expect(await db.webhookEvent.count()).toBe(0);
  });

  it.each([
    ["malformed JSON", "{not json"],
    ["a JSON array", "[1,2,3]"],
    ["an unknown status", JSON.stringify(status("01HX", "exploded"))],
    [
      "a status without id",
      JSON.stringify({
        topic: "delivery_status",
        timestamp: unixSeconds(),
        statusUpdate: { status: "sent" },
      }),
    ],
  ])("keeps %s raw as INVALID and answers 200", async (_label, raw) => {
    const res = await post(raw);
    expect(res.status).toBe(200);
    expect(res.json.state).toBe("INVALID");
    const events = await db.webhookEvent.findMany();
    expect(events).toHaveLength(1);
    expect(events[0]?.state).toBe("INVALID");
    expect(events[0]?.rawBody).toBe(raw);
    expect(events[0]?.reason).toBeTruthy();
  });
});

describe("inbound messages", () => {
  it.each([
    ["plain text", { text: "Where is my order?" }, "text", "Where is my order?"],
    [
      "image",
      { attachments: [{ type: "image", url: "https://cdn.example/a.jpg", caption: "broken" }] },
      "attachment",
      null,
    ],
    [
      "document",
      { attachments: [{ type: "document", url: "https://cdn.example/a.pdf", filename: "a.pdf" }] },
      "attachment",
      null,
    ],
    ["location", { location: { latitude: 51.5, longitude: -0.12, name: "Shop" } }, "location", null],
    ["RM button reply", { text: "Yes", isButtonResponse: true }, "button_reply", "Yes"],
  ])("stores %s with contact and conversation", async (_label, message, kind, text) => {
    const phone = uniquePhone();
    const res = await post(inbound({ id: phone, name: "Sam Lee" }, message));
    expect(res.status).toBe(200);
    expect(res.json.state).toBe("PROCESSED");
    const contact = await db.contact.findUniqueOrThrow({
      where: { phone },
      include: { conversation: { include: { messages: true } } },
    });
    expect(contact.name).toBe("Sam Lee");
    expect(contact.conversation?.unreadCount).toBe(1);
    expect(contact.conversation?.lastInboundAt).not.toBeNull();
    const stored = contact.conversation?.messages[0];
    expect(stored?.direction).toBe("INBOUND");
    expect(stored?.kind).toBe(kind);
    if (text) expect(stored?.text).toBe(text);
  });

  it("handles the GB button shape with context.replyToId and callbackData", async () => {
    const phone = uniquePhone();
    await post(
      inbound(
        { id: phone },
        {},
        {
          buttonResponse: { text: "Confirm", payload: "1" },
          context: { replyToId: "01UPSTREAM" },
          callbackData: { t: 1 },
        },
      ),
    );
    const message = await db.message.findFirstOrThrow({ where: { conversation: { contact: { phone } } } });
    expect(message.kind).toBe("button_reply");
    expect(message.text).toBe("Confirm");
    expect(message.replyToUpstreamId).toBe("01UPSTREAM");
    expect(message.callbackData).toEqual({ t: 1 });
  });

  it("a phone-less BSUID customer works, and the same person later seen with a phone is one contact", async () => {
    const bsuid = "US.13491208655302741918";
    await post(inbound({ id: bsuid, userId: bsuid, phoneNumber: "", name: "sam" }, { text: "hi" }));
    const phone = uniquePhone();
    await post(inbound({ id: phone, userId: bsuid, phoneNumber: phone }, { text: "again" }));
    const contacts = await db.contact.findMany();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ bsuid, phone });
    expect(await db.message.count()).toBe(2);
  });

  it("a known phone that arrives with a BSUID keeps its contact and gains the BSUID", async () => {
    const phone = uniquePhone();
    await post(inbound({ id: phone }, { text: "one" }));
    await post(inbound({ id: phone, userId: "GB.998877", phoneNumber: phone }, { text: "two" }));
    const contacts = await db.contact.findMany();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]?.bsuid).toBe("GB.998877");
  });

  it("a duplicate delivery is a no-op", async () => {
    const body = inbound({ id: uniquePhone() }, { id: "01INBOUND0001", text: "hello" });
    const first = await post(body);
    const second = await post(body);
    expect(first.json.state).toBe("PROCESSED");
    expect(second.json.state).toBe("DUPLICATE");
    expect(await db.message.count()).toBe(1);
    expect((await db.conversation.findFirstOrThrow()).unreadCount).toBe(1);
  });

  it("concurrent first messages from one new customer make one contact and one conversation", async () => {
    const phone = uniquePhone();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        post(inbound({ id: phone }, { id: `01CONCURRENT${i}`, text: `m${i}` })),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await db.contact.count()).toBe(1);
    expect(await db.conversation.count()).toBe(1);
    expect(await db.message.count()).toBe(8);
  });

  it("reopens a resolved conversation and restarts the window", async () => {
    const phone = uniquePhone();
    await post(
      inbound(
        { id: phone },
        { text: "one" },
        { timestamp: unixSeconds(new Date(Date.now() - 30 * 3600_000)) },
      ),
    );
    await db.conversation.updateMany({ data: { status: "RESOLVED" } });
    await post(inbound({ id: phone }, { text: "two" }));
    const conversation = await db.conversation.findFirstOrThrow();
    expect(conversation.status).toBe("OPEN");
    expect(Date.now() - conversation.lastInboundAt!.getTime()).toBeLessThan(60_000);
  });

  it("an out-of-order older message does not move the window backwards", async () => {
    const phone = uniquePhone();
    await post(inbound({ id: phone }, { text: "new" }));
    await post(
      inbound(
        { id: phone },
        { text: "old" },
        { timestamp: unixSeconds(new Date(Date.now() - 5 * 3600_000)) },
      ),
    );
    const conversation = await db.conversation.findFirstOrThrow();
    expect(Date.now() - conversation.lastInboundAt!.getTime()).toBeLessThan(60_000);
    expect(conversation.lastMessageText).toBe("new");
  });
});

describe("delivery statuses", () => {
  it.each([
    ["in order", ["sent", "delivered", "read"], "READ"],
    ["read before delivered", ["sent", "read", "delivered"], "READ"],
    ["everything reversed", ["read", "delivered", "sent"], "READ"],
    ["failure after sent", ["sent", "delivery_failed"], "FAILED"],
    ["late sent after failure", ["delivery_failed", "sent"], "FAILED"],
    ["failure after delivered is ignored", ["delivered", "delivery_failed"], "DELIVERED"],
  ])("%s -> %s", async (_label, sequence, expected) => {
    const message = await outboundMessage(`01UP${expected}${sequence.length}`);
    for (const s of sequence) {
      const extra =
        s === "delivery_failed"
          ? {
              error: {
                code: "ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID",
                type: "ERROR_TYPE_INVALID_REQUEST",
                message: "bad",
              },
            }
          : {};
      const res = await post(status(message.upstreamId!, s, extra));
      expect(res.status).toBe(200);
    }
    const after = await db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(after.status).toBe(expected);
    for (const s of sequence) {
      const column = {
        sent: "sentAt",
        delivered: "deliveredAt",
        read: "readAt",
        delivery_failed: "failedAt",
      }[s] as "sentAt";
      expect(after[column], `${column} recorded even when it did not change the status`).not.toBeNull();
    }
    if (expected === "FAILED") {
      expect(after.errorCode).toBe("ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID");
      expect(after.errorTitle).toBeTruthy();
      expect(after.errorTitle).not.toBe(after.errorCode);
    } else {
      expect(after.errorCode).toBeNull();
    }
  });

  it("a duplicate status event is stored once", async () => {
    const message = await outboundMessage("01DUPSTATUS");
    const a = await post(status(message.upstreamId!, "delivered"));
    const b = await post(status(message.upstreamId!, "delivered"));
    expect([a.json.state, b.json.state]).toEqual(["PROCESSED", "DUPLICATE"]);
    expect(await db.webhookEvent.count()).toBe(1);
  });

  it("concurrent deliveries of mixed statuses end at the highest", async () => {
    const message = await outboundMessage("01CONCURRENTSTATUS");
    const statuses = ["sent", "delivered", "read", "delivered", "sent", "read"];
    await Promise.all(statuses.map((s) => post(status(message.upstreamId!, s))));
    const after = await db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(after.status).toBe("READ");
    expect(await db.webhookEvent.count()).toBe(3);
  });

  it("a status for an unknown message is kept and applied when the message appears", async () => {
    const res = await post(status("01NOTYETKNOWN", "delivered"));
    expect(res.json.state).toBe("PENDING");
    const pending = await db.webhookEvent.findFirstOrThrow({ where: { upstreamId: "01NOTYETKNOWN" } });
    expect(pending.state).toBe("PENDING");

    const message = await outboundMessage("01NOTYETKNOWN");
    const { reconcilePendingStatuses } = await import("../../lib/messaging/apply-status-update");
    expect(await reconcilePendingStatuses("01NOTYETKNOWN")).toBe(1);
    expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("DELIVERED");
    expect((await db.webhookEvent.findUniqueOrThrow({ where: { id: pending.id } })).state).toBe("PROCESSED");
  });

  it("accepts unknown extra fields and the JSON content type", async () => {
    const message = await outboundMessage("01EXTRAFIELDS");
    const res = await post(
      { ...status(message.upstreamId!, "sent"), somethingNew: { nested: true } },
      { contentType: "application/json" },
    );
    expect(res.json.state).toBe("PROCESSED");
  });
});
