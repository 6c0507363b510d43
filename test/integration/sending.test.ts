import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../lib/app-error";
import type { RunningSimulator } from "../../lib/connectly/simulator/server";
import { db } from "../../lib/db";
import { sendSessionMessageSchema, sendTemplateMessageSchema } from "../../lib/messaging/schemas";
import { sendSessionMessage } from "../../lib/messaging/send-session-message";
import { sendTemplateMessage } from "../../lib/messaging/send-template-message";
import { startHarness, truncateAll, uniquePhone, type Harness } from "./helpers";

// Real HTTP both ways: the send services call the simulator over loopback, and the simulator's signed
// webhooks come back through a tiny HTTP server into the real route handler.

let harness: Harness;
let simulator: RunningSimulator;

beforeAll(async () => {
  // BSUID sends enabled for this business (the strict profile refuses phone-less customers otherwise, as [GB] says).
  harness = await startHarness({ bsuidSends: true });
  simulator = harness.simulator;
});

afterAll(() => harness.close());

beforeEach(async () => {
  await truncateAll();
  await fetch(`${simulator.url}/sim/reset`, { method: "POST" });
});

async function sentToUpstream() {
  const res = await fetch(`${simulator.url}/sim/sent`);
  return ((await res.json()) as { requests: { endpoint: string; body: Record<string, unknown> }[] }).requests;
}

/** A customer writes through the simulator (opens its 24-hour window there and here). */
async function customerWrites(from: string, text = "hello", timestamp?: number) {
  const res = await fetch(`${simulator.url}/sim/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from, text, name: "Test Customer", ...(timestamp ? { timestamp } : {}) }),
  });
  expect(res.ok).toBe(true);
  const contact = await db.contact.findFirstOrThrow({
    where: { OR: [{ phone: from }, { bsuid: from }] },
    include: { conversation: true },
  });
  return contact.conversation!;
}

async function waitForStatus(messageId: string, status: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = await db.message.findUniqueOrThrow({ where: { id: messageId } });
    if (m.status === status) return m;
    if (Date.now() > deadline) throw new Error(`message stayed ${m.status}, expected ${status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function sessionInput(conversationId: string, text: string, idempotencyKey?: string) {
  return sendSessionMessageSchema.parse({
    conversationId,
    message: { text },
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
}

describe("session messages", () => {
  it("are sent in the window and reach read through signed webhooks", async () => {
    const phone = uniquePhone();
    const conversation = await customerWrites(phone);
    const dto = await sendSessionMessage(sessionInput(conversation.id, "Your parcel ships today"), null);
    // Recorded QUEUED before the call; the "sent" webhook may already have landed by the time the DTO is read.
    expect(["QUEUED", "SENT"]).toContain(dto.status);
    const upstream = await sentToUpstream();
    expect(upstream).toHaveLength(1);
    expect(upstream[0]?.body).toMatchObject({
      recipient: { id: phone, channelType: "whatsapp" },
      message: { text: "Your parcel ships today" },
    });
    const read = await waitForStatus(dto.id, "READ");
    expect(read.upstreamId).toBeTruthy();
    expect(read.sentAt && read.deliveredAt && read.readAt).toBeTruthy();
  });

  it.each([
    ["the customer never wrote", null, /has not written/],
    ["the last message is 24h+ old", 25 * 3600, /window closed/],
  ])("are refused when %s, without calling upstream", async (_label, ageSeconds, message) => {
    const contact = await db.contact.create({ data: { phone: uniquePhone() } });
    const conversation = await db.conversation.create({
      data: {
        contactId: contact.id,
        lastInboundAt: ageSeconds ? new Date(Date.now() - ageSeconds * 1000) : null,
      },
    });
    const error = await sendSessionMessage(sessionInput(conversation.id, "hi"), null).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("WINDOW_CLOSED");
    expect((error as AppError).status).toBe(422);
    expect((error as AppError).message).toMatch(message);
    expect((error as AppError).message).toMatch(/template/);
    expect(await sentToUpstream()).toHaveLength(0);
    expect(await db.message.count({ where: { direction: "OUTBOUND" } })).toBe(0);
  });

  it("send once for a retried idempotency key, even concurrently", async () => {
    const conversation = await customerWrites(uniquePhone());
    const key = "retry-key-0001";
    const results = await Promise.all(
      [1, 2, 3].map(() => sendSessionMessage(sessionInput(conversation.id, "only once", key), null)),
    );
    const again = await sendSessionMessage(sessionInput(conversation.id, "only once", key), null);
    expect(new Set([...results, again].map((m) => m.id)).size).toBe(1);
    expect(await sentToUpstream()).toHaveLength(1);
    expect(await db.message.count({ where: { direction: "OUTBOUND" } })).toBe(1);
  });

  it("a delivery failure is stored with the catalogue's words", async () => {
    const phone = uniquePhone().replace(/\d\d$/, "91"); // simulator rule: number not on WhatsApp
    const conversation = await customerWrites(phone);
    const dto = await sendSessionMessage(sessionInput(conversation.id, "hello?"), null);
    const failed = await waitForStatus(dto.id, "FAILED");
    expect(failed.errorCode).toBe("ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID");
    expect(failed.errorTitle).toBeTruthy();
    expect(failed.errorTitle).not.toContain("ERROR_CODE");
  });

  it("go to a phone-less customer by bare BSUID", async () => {
    const bsuid = "US.55512345678901";
    const conversation = await customerWrites(bsuid);
    await sendSessionMessage(sessionInput(conversation.id, "hi there"), null);
    expect((await sentToUpstream())[0]?.body).toMatchObject({ recipient: { id: bsuid } });
  });
});

describe("template messages", () => {
  it("start a conversation with a new number and send the parameters as given", async () => {
    const phone = uniquePhone();
    const input = sendTemplateMessageSchema.parse({
      to: phone,
      templateName: "order_shipped",
      language: "en_US",
      parameters: [
        { name: "header_image", value: "https://cdn.example.com/box.png" },
        { name: "body_1", value: "Ana" },
        { name: "body_2", value: "A-1042" },
        { name: "button_1_url", value: "A-1042" },
      ],
      campaignName: "shipping_2026_11",
      callbackData: { orderId: "A-1042" },
    });
    const dto = await sendTemplateMessage(input, null);
    expect(dto.kind).toBe("template");
    const [request] = await sentToUpstream();
    expect(request?.endpoint).toBe("template");
    expect(request?.body).toEqual({
      number: phone,
      templateName: "order_shipped",
      language: "en_US",
      parameters: input.parameters,
      campaignName: "shipping_2026_11",
      callbackData: { orderId: "A-1042" },
    });
    await waitForStatus(dto.id, "READ");
  });

  it("an upstream refusal is explained in plain words and recorded as failed", async () => {
    const input = sendTemplateMessageSchema.parse({
      to: uniquePhone(),
      templateName: "no_such_template",
      language: "en_US",
    });
    const error = (await sendTemplateMessage(input, null).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("UPSTREAM_REJECTED");
    expect(error.message).not.toContain("ERROR_CODE_");
    const upstream = error.details?.upstream as { code: string; retryable: boolean; action: string };
    expect(upstream.code).toBe("ERROR_CODE_MESSAGE_TEMPLATE_NOT_FOUND");
    expect(upstream.retryable).toBe(false);
    const message = await db.message.findUniqueOrThrow({ where: { id: error.details?.messageId as string } });
    expect(message.status).toBe("FAILED");
    expect(message.errorCode).toBe("ERROR_CODE_MESSAGE_TEMPLATE_NOT_FOUND");
  });

  it("use the bsuid: prefix for a phone-less customer", async () => {
    const input = sendTemplateMessageSchema.parse({
      to: "BR.99887766",
      templateName: "feedback_request",
      language: "en_US",
    });
    // The harness enables BSUID sends (the strict simulator refuses them otherwise): the send must succeed.
    const message = await sendTemplateMessage(input, null);
    expect(message).toMatchObject({ direction: "OUTBOUND", kind: "template" });
    expect(message.status).not.toBe("FAILED");
    expect((await sentToUpstream())[0]?.body).toMatchObject({ number: "bsuid:BR.99887766" });
  });
});

describe("input validation names the field", () => {
  it.each([
    [{ conversationId: "c1", message: {} }, "message"],
    [{ conversationId: "c1", message: { text: "   " } }, "message"],
    [{ conversationId: "c1", message: { text: "a", location: { latitude: 1, longitude: 2 } } }, "message"],
    [
      { conversationId: "c1", message: { attachments: [{ type: "image", url: "javascript:alert(1)" }] } },
      "message.attachments",
    ],
    [
      { conversationId: "c1", message: { text: "x" }, callbackData: { big: "x".repeat(2000) } },
      "callbackData",
    ],
  ])("session %#", (input, path) => {
    const result = sendSessionMessageSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContainEqual(expect.stringContaining(path));
  });

  it.each([
    [{ to: "+447700900123", templateName: "Bad Name", language: "en_US" }, "templateName"],
    [{ to: "+447700900123", templateName: "ok", language: "english" }, "language"],
    [
      {
        to: "+447700900123",
        templateName: "ok",
        language: "en",
        parameters: [{ name: "body_16", value: "x" }],
      },
      "parameters",
    ],
    [{ templateName: "ok", language: "en" }, "conversationId"],
  ])("template %#", (input, path) => {
    const result = sendTemplateMessageSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContainEqual(expect.stringContaining(path));
  });
});
