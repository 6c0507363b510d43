import { afterEach, describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "../signature";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "./server";
import { call, startReceiver, waitFor, type Receiver } from "./test-utils";

const SECRET = "test_secret";
const BIZ = "/v1/businesses/biz-1";
const TEMPLATE_PATH = `${BIZ}/send/whatsapp_templated_messages`;
const SESSION_PATH = `${BIZ}/send/messages`;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function setup(
  options: SimulatorOptions = {},
  receiverOptions: { respond?: (i: number) => number; delayMs?: number } = {},
): Promise<{ sim: RunningSimulator; receiver: Receiver }> {
  const receiver = await startReceiver(receiverOptions.respond, receiverOptions.delayMs);
  const sim = await startSimulator({
    port: 0,
    webhookUrl: receiver.url,
    webhookSecret: SECRET,
    statusDelayMs: 20,
    ...options,
  });
  cleanups.push(
    () => sim.close(),
    () => receiver.close(),
  );
  return { sim, receiver };
}

function orderShipped(number: string, extra: Record<string, unknown> = {}) {
  return {
    number,
    templateName: "order_shipped",
    language: "en_US",
    parameters: [
      { name: "header_image", value: "https://cdn.example/box.jpg" },
      { name: "body_1", value: "Ana" },
      { name: "body_2", value: "A-1042" },
      { name: "button_1_url", value: "A-1042" },
    ],
    ...extra,
  };
}

function statusEvents(receiver: Receiver, id: string) {
  return receiver.received
    .map((r) => r.body)
    .filter((b) => (b.statusUpdate as { id?: string } | undefined)?.id === id)
    .map((b) => b.statusUpdate as { status: string; error: Record<string, unknown> | null });
}

describe("authentication and request parsing", () => {
  it("rejects a missing or wrong X-API-Key with 401 and the contract error object", async () => {
    const { sim } = await setup();
    for (const headers of [{}, { "x-api-key": "nope" }] as Record<string, string>[]) {
      const res = await call(sim.url, "POST", TEMPLATE_PATH, orderShipped("+447700900123"), headers);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ type: "ERROR_TYPE_AUTHENTICATION", details: {} });
      expect(res.body.cntTraceId).toMatch(/^\d+$/);
      expect(Object.keys(res.body).sort()).toEqual(
        ["cntTraceId", "code", "details", "message", "type", "userMessage", "userTitle"].sort(),
      );
    }
    expect(sim.state.sent.length).toBe(0);
  });

  it("answers malformed JSON with 400 ERROR_TYPE_INVALID_REQUEST", async () => {
    const { sim } = await setup();
    const res = await call(sim.url, "POST", TEMPLATE_PATH, "{not json");
    expect(res.status).toBe(400);
    expect(res.body.type).toBe("ERROR_TYPE_INVALID_REQUEST");
  });

  it("distinguishes a badly formatted number from one with the wrong digit count", async () => {
    const { sim } = await setup();
    const bad = await call(sim.url, "POST", TEMPLATE_PATH, orderShipped("447700900123"));
    expect(bad.body.code).toBe("ERROR_CODE_PHONE_NUMBER_BAD_FORMAT");
    const short = await call(sim.url, "POST", TEMPLATE_PATH, orderShipped("+1234567"));
    expect(short.body.code).toBe("ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID");
    const bareBsuid = await call(sim.url, "POST", TEMPLATE_PATH, orderShipped("US.1349120865"));
    expect(bareBsuid.body.code).toBe("ERROR_CODE_PHONE_NUMBER_BAD_FORMAT");
  });
});

describe("template sends", () => {
  it("returns a ULID-like id and delivers signed sent -> delivered -> read webhooks in order", async () => {
    const { sim, receiver } = await setup();
    const res = await call(
      sim.url,
      "POST",
      TEMPLATE_PATH,
      orderShipped("+447700900123", { campaignName: "june_ship", callbackData: { orderId: "A-1042" } }),
    );
    expect(res.status).toBe(200);
    const id = res.body.id as string;
    expect(id).toMatch(ULID);

    await waitFor(() => statusEvents(receiver, id).length === 3);
    expect(statusEvents(receiver, id).map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    for (const hook of receiver.received) {
      expect(verifyWebhookSignature(SECRET, hook.raw, hook.headers[SIGNATURE_HEADER] as string)).toBe(true);
      expect(verifyWebhookSignature("other", hook.raw, hook.headers[SIGNATURE_HEADER] as string)).toBe(false);
      expect(hook.headers["content-type"]).toBe("text/plain; charset=utf-8");
    }
    const first = receiver.received[0]!.body;
    expect(first).toMatchObject({
      topic: "delivery_status",
      sender: { id: "+14155550100", channelType: "whatsapp" },
      recipient: { id: "+447700900123", channelType: "whatsapp" },
      statusUpdate: { id, status: "sent", error: null, metadata: { campaignName: "june_ship" } },
      callbackData: { orderId: "A-1042" },
    });
    expect(first.timestamp).toMatch(/^\d{10}$/);
    expect(sim.state.messages.get(id)?.status).toBe("read");
  });

  it("answers TEMPLATE_NOT_FOUND for unknown names, missing translations and unapproved templates", async () => {
    const { sim } = await setup();
    const cases = [
      { templateName: "no_such_template", language: "en_US" },
      { templateName: "order_shipped", language: "fr" },
      { templateName: "loyalty_points_update", language: "en_US" },
      { templateName: "flash_sale_blast", language: "en_US" },
    ];
    for (const fields of cases) {
      const res = await call(sim.url, "POST", TEMPLATE_PATH, { number: "+447700900123", ...fields });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("ERROR_CODE_MESSAGE_TEMPLATE_NOT_FOUND");
    }
    const sent = await call(sim.url, "GET", "/sim/sent");
    expect((sent.body.rejected as unknown[]).length).toBe(cases.length);
  });

  it("answers TEMPLATE_INPUT_INVALID naming a missing or unexpected parameter", async () => {
    const { sim } = await setup();
    const body = orderShipped("+447700900123");
    body.parameters = body.parameters.filter((p) => p.name !== "body_2");
    const missing = await call(sim.url, "POST", TEMPLATE_PATH, body);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      code: "ERROR_CODE_MESSAGE_TEMPLATE_INPUT_INVALID",
      type: "ERROR_TYPE_INVALID_REQUEST",
    });
    expect(missing.body.message).toContain("body_2");

    const extra = orderShipped("+447700900123");
    extra.parameters.push({ name: "body_3", value: "x" });
    const extraRes = await call(sim.url, "POST", TEMPLATE_PATH, extra);
    expect(extraRes.body.message).toContain("unexpected parameter body_3");

    const fullUrl = orderShipped("+447700900123");
    fullUrl.parameters[3] = { name: "button_1_url", value: "https://shop.example/track/A-1042" };
    expect((await call(sim.url, "POST", TEMPLATE_PATH, fullUrl)).body.message).toContain("button_1_url");
  });

  it("accepts carousel card parameters per §14", async () => {
    const { sim } = await setup();
    const parameters = [{ name: "body_1", value: "Sam" }];
    for (const n of [1, 2, 3]) {
      parameters.push(
        { name: `card_${n}_header_image`, value: `https://cdn.example/${n}.jpg` },
        { name: `card_${n}_body_1`, value: "$10" },
        { name: `card_${n}_button_1_url`, value: `sku-${n}` },
      );
    }
    const body = {
      number: "+447700900123",
      templateName: "summer_sale_carousel",
      language: "en_US",
      parameters,
    };
    expect((await call(sim.url, "POST", TEMPLATE_PATH, body)).status).toBe(200);
    body.parameters = parameters.filter((p) => p.name !== "card_3_body_1");
    const res = await call(sim.url, "POST", TEMPLATE_PATH, body);
    expect(res.body.message).toContain("card_3_body_1");
  });

  it("rejects callbackData over 1024 bytes", async () => {
    const { sim } = await setup();
    const res = await call(
      sim.url,
      "POST",
      TEMPLATE_PATH,
      orderShipped("+447700900123", { callbackData: "x".repeat(1100) }),
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("1024");
  });
});

describe("session sends and the 24-hour window", () => {
  it("refuses before any inbound, accepts after /sim/inbound, refuses again 25 hours later", async () => {
    let clock = Date.UTC(2025, 5, 1, 12);
    const { sim } = await setup({ now: () => clock });
    const body = { recipient: { id: "+447700900123", channelType: "whatsapp" }, message: { text: "Hi Sam" } };

    const before = await call(sim.url, "POST", SESSION_PATH, body);
    expect(before.status).toBe(400);
    expect(before.body.code).toBe("ERROR_CODE_MESSAGE_CUSTOMER_NO_CONVERSATION_INITIATION");

    const inbound = await call(sim.url, "POST", "/sim/inbound", {
      from: "+447700900123",
      text: "Where is my order?",
    });
    expect(inbound.body.ok).toBe(true);
    const ok = await call(sim.url, "POST", SESSION_PATH, body);
    expect(ok.status).toBe(200);
    expect(ok.body.id).toMatch(ULID);

    clock += 25 * 3_600_000;
    const late = await call(sim.url, "POST", SESSION_PATH, body);
    expect(late.status).toBe(400);
    expect(late.body).toMatchObject({
      code: "ERROR_CODE_MESSAGE_OUTSIDE_OF_ELIGIBILITY_WINDOW",
      type: "ERROR_TYPE_DEADLINE_EXCEEDED",
    });
  });

  it("enforces exactly one attachment with a usable URL", async () => {
    const { sim } = await setup();
    await call(sim.url, "POST", "/sim/inbound", { from: "+447700900123", text: "hi" });
    const send = (message: unknown) =>
      call(sim.url, "POST", SESSION_PATH, { recipient: { id: "+447700900123" }, message });
    const doc = { type: "document", url: "https://cdn.example/a.pdf", filename: "a.pdf" };

    expect((await send({ attachments: [doc, doc] })).body.code).toBe(
      "ERROR_CODE_MESSAGE_ATTACHMENTS_NUMBER_INVALID",
    );
    expect((await send({ attachments: [] })).body.code).toBe("ERROR_CODE_MESSAGE_ATTACHMENTS_NUMBER_INVALID");
    expect((await send({ attachments: [{ type: "image", url: "" }] })).body.code).toBe(
      "ERROR_CODE_MESSAGE_ATTACHMENT_EMPTY",
    );
    expect((await send({ attachments: [{ type: "image", url: "not a url" }] })).body.code).toBe(
      "ERROR_CODE_MESSAGE_ATTACHMENT_INVALID",
    );
    expect((await send({ text: "" })).body.code).toBe("ERROR_CODE_MESSAGE_TEXT_EMPTY");
    expect((await send({ attachments: [doc] })).status).toBe(200);
  });
});

describe("delivery outcomes and webhooks", () => {
  it("failure rule 91 sends `sent` then `delivery_failed` with PHONE_NUMBER_INVALID", async () => {
    const { sim, receiver } = await setup();
    const res = await call(sim.url, "POST", TEMPLATE_PATH, orderShipped("+447700900191"));
    const id = res.body.id as string;
    await waitFor(() => statusEvents(receiver, id).length === 2);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const events = statusEvents(receiver, id);
    expect(events.map((e) => e.status)).toEqual(["sent", "delivery_failed"]);
    expect(events[1]!.error).toMatchObject({
      code: "ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID",
      type: "ERROR_TYPE_INVALID_REQUEST",
      details: {},
    });
    expect(events[1]!.error!.cntTraceId).toMatch(/^\d+$/);
  });

  it("builds BSUID-shaped inbound events and echoes BSUIDs on status webhooks", async () => {
    const { sim, receiver } = await setup();
    const phoneless = await call(sim.url, "POST", "/sim/inbound", {
      from: "US.13491208655302741918",
      name: "sam",
      text: "hi",
    });
    const event = phoneless.body.event as Record<string, Record<string, unknown>>;
    expect(phoneless.body.delivery).toEqual({ status: 200 });
    expect(event.sender).toEqual({
      id: "US.13491208655302741918",
      userId: "US.13491208655302741918",
      phoneNumber: "",
      channelType: "whatsapp",
      name: "sam",
    });
    expect(event.recipient!.id).toBe("+14155550100");
    expect(event.message!.id).toMatch(ULID);
    expect(event.timestamp).toMatch(/^\d+$/);

    const both = await call(sim.url, "POST", "/sim/inbound", {
      phone: "+5511987654321",
      bsuid: "BR.777",
      text: "oi",
    });
    expect((both.body.event as { sender: unknown }).sender).toMatchObject({
      id: "+5511987654321",
      userId: "BR.777",
      phoneNumber: "+5511987654321",
    });
    expect(receiver.received[0]!.body.topic).toBe("messages");

    const send = await call(sim.url, "POST", SESSION_PATH, {
      recipient: { id: "US.13491208655302741918" },
      message: { text: "hello" },
    });
    await waitFor(() => statusEvents(receiver, send.body.id as string).length > 0);
    const status = receiver.received.find((r) => r.body.topic === "delivery_status")!.body;
    expect(status.recipient).toMatchObject({
      id: "US.13491208655302741918",
      userId: "US.13491208655302741918",
      phoneNumber: "",
    });
  });

  it("retries a webhook after the receiver answers 500, with the same signed body", async () => {
    const { sim, receiver } = await setup(
      { webhookBackoffMs: 30 },
      { respond: (i) => (i === 0 ? 500 : 200) },
    );
    const res = await call(sim.url, "POST", "/sim/inbound", { from: "+447700900123", text: "hello?" });
    expect(res.body.delivery).toEqual({ status: 500 });
    await waitFor(() => receiver.received.length >= 2);
    expect(receiver.received[1]!.raw).toBe(receiver.received[0]!.raw);
    const log = await waitFor(() => {
      const entry = sim.state.webhooks.toArray()[0];
      return entry?.ok ? entry : undefined;
    });
    expect(log).toMatchObject({
      topic: "messages",
      attempts: 2,
      lastHttpStatus: 200,
      ok: true,
      state: "delivered",
    });
  });

  it("keeps outbound webhook concurrency within webhookConcurrency", async () => {
    const { sim, receiver } = await setup({ webhookConcurrency: 3, statusDelayMs: 1 }, { delayMs: 25 });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(sim.url, "POST", TEMPLATE_PATH, orderShipped(`+4477009001${String(i).padStart(2, "0")}`)),
      ),
    );
    await waitFor(() => receiver.received.length === 36, 5000);
    expect(receiver.maxConcurrent).toBeLessThanOrEqual(3);
    expect(receiver.maxConcurrent).toBeGreaterThan(1);
  });

  it("reports how long delivered status webhooks took, from the attempt and from being queued", async () => {
    // The receiver answers after 40 ms, one POST at a time: two messages' statuses fall due together, so one of
    // each pair waits in the queue for the other.
    const { sim, receiver } = await setup({ webhookConcurrency: 1, statusDelayMs: 1 }, { delayMs: 40 });
    await Promise.all(
      ["+447700900123", "+447700900124"].map((to) => call(sim.url, "POST", TEMPLATE_PATH, orderShipped(to))),
    );
    await waitFor(() => receiver.received.length === 6, 5000);
    await waitFor(() => sim.state.webhookTimings.summary().delivered === 6, 5000); // the last answer is 40 ms later
    const timings = (await call(sim.url, "GET", "/sim/webhooks/timings")).body as {
      delivered: number;
      lastAnsweredAt: string | null;
      arrivalToAnswerMs: { p50: number; max: number };
      queuedToAnswerMs: { p50: number; max: number };
    };
    expect(timings.delivered).toBe(6);
    expect(timings.arrivalToAnswerMs.p50).toBeGreaterThanOrEqual(35);
    expect(timings.queuedToAnswerMs.max).toBeGreaterThanOrEqual(timings.arrivalToAnswerMs.max + 30);
    expect(Date.parse(timings.lastAnsweredAt ?? "")).toBeLessThanOrEqual(Date.now());
    await call(sim.url, "POST", "/sim/reset");
    expect(
      ((await call(sim.url, "GET", "/sim/webhooks/timings")).body as { delivered: number }).delivered,
    ).toBe(0);
  });

  it("answers 429 with the error object over the rate limit", async () => {
    const { sim } = await setup({ rateLimitPerSecond: 5 });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => call(sim.url, "POST", TEMPLATE_PATH, orderShipped("+447700900123"))),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(5);
    expect(limited[0]!.body.cntTraceId).toMatch(/^\d+$/);
    expect(limited[0]!.body.message).toContain("rate limit");
  });
});

describe("template management", () => {
  const create = (name: string, language = "en_US") => ({
    name,
    language: { code: language },
    category: "MESSAGE_TEMPLATE_GROUP_CATEGORY_UTILITY",
    template_components: [
      { body: { text: { text: "Hi {{1}}, your refund of {{2}} was processed.", example: ["Sam", "$25"] } } },
    ],
  });
  const find = async (url: string, name: string) => {
    const res = await call(url, "POST", `${BIZ}/get/templates`);
    const groups = (
      res.body.entity as {
        templateGroups: {
          name: string;
          category: string;
          templates: { status: string; rejectionReason: string | null; language: { code: string } }[];
        }[];
      }
    ).templateGroups;
    return groups.find((g) => g.name === name);
  };

  it("creates a PENDING template that is approved after the review time", async () => {
    const { sim } = await setup({ templateReviewMs: 60 });
    const res = await call(sim.url, "POST", `${BIZ}/create/template`, create("refund_processed"));
    expect(res.status).toBe(200);
    expect(res.body.entity).toMatchObject({
      id: "refund_processed",
      category: "UTILITY",
      templates: [
        { status: "MESSAGE_TEMPLATE_STATUS_PENDING", rejectionReason: null, language: { code: "en_US" } },
      ],
    });
    expect((await find(sim.url, "refund_processed"))?.templates[0]?.status).toBe(
      "MESSAGE_TEMPLATE_STATUS_PENDING",
    );
    const send = {
      number: "+447700900123",
      templateName: "refund_processed",
      language: "en_US",
      parameters: [
        { name: "body_1", value: "Sam" },
        { name: "body_2", value: "$25" },
      ],
    };
    expect((await call(sim.url, "POST", TEMPLATE_PATH, send)).body.code).toBe(
      "ERROR_CODE_MESSAGE_TEMPLATE_NOT_FOUND",
    );

    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await find(sim.url, "refund_processed"))?.templates[0]?.status).toBe(
      "MESSAGE_TEMPLATE_STATUS_APPROVED",
    );
    expect((await call(sim.url, "POST", TEMPLATE_PATH, send)).status).toBe(200);
  });

  it("groups languages, refuses duplicates and rejects names containing 'reject'", async () => {
    const { sim } = await setup({ templateReviewMs: 20 });
    await call(sim.url, "POST", `${BIZ}/create/template`, create("refund_processed"));
    expect(
      (await call(sim.url, "POST", `${BIZ}/create/template`, create("refund_processed", "es"))).status,
    ).toBe(200);
    expect((await call(sim.url, "POST", `${BIZ}/create/template`, create("refund_processed"))).status).toBe(
      400,
    );
    expect((await find(sim.url, "refund_processed"))?.templates.map((t) => t.language.code)).toEqual([
      "en_US",
      "es",
    ]);

    await call(sim.url, "POST", `${BIZ}/create/template`, create("please_reject_me"));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await find(sim.url, "please_reject_me"))?.templates[0]).toMatchObject({
      status: "MESSAGE_TEMPLATE_STATUS_REJECTED",
      rejectionReason: "INVALID_FORMAT",
    });
  });

  it("validates names, variables and carousel card counts", async () => {
    const { sim } = await setup();
    const post = (body: unknown) => call(sim.url, "POST", `${BIZ}/create/template`, body);
    expect((await post({ ...create("x"), name: "Bad-Name" })).body.message).toContain("name");
    const gap = { ...create("gap"), template_components: [{ body: { text: { text: "Hi {{1}} {{3}}" } } }] };
    expect((await post(gap)).body.message).toContain("sequential");
    const card = {
      components: [
        { header: { media: { type: "TYPE_IMAGE" } } },
        { body: { text: { text: "Card {{1}}" } } },
        { buttons: { buttons: [{ quickReply: { text: "More" } }] } },
      ],
    };
    const oneCard = {
      ...create("one_card"),
      category: "MESSAGE_TEMPLATE_GROUP_CATEGORY_MARKETING",
      template_components: [{ body: { text: { text: "Deals" } } }, { carousel: { cards: [card] } }],
    };
    expect((await post(oneCard)).body.message).toContain("2 to 10 cards");
    oneCard.template_components[1] = { carousel: { cards: [card, card] } };
    expect((await post(oneCard)).status).toBe(200);
    expect((await find(sim.url, "one_card"))?.category).toBe("MARKETING");
  });

  it("seeds approved, pending and rejected templates in several languages", async () => {
    const { sim } = await setup();
    const orderShippedGroup = await find(sim.url, "order_shipped");
    expect(orderShippedGroup?.templates.map((t) => t.language.code)).toEqual(["en_US", "pt_BR", "es"]);
    expect((await find(sim.url, "otp_login"))?.category).toBe("AUTHENTICATION");
    expect((await find(sim.url, "flash_sale_blast"))?.templates[0]?.rejectionReason).toBe("INVALID_FORMAT");
  });
});

describe("control endpoints", () => {
  it("lists and clears sent requests, and reset keeps templates", async () => {
    const { sim } = await setup();
    await call(sim.url, "POST", TEMPLATE_PATH, orderShipped("+447700900123"));
    const sent = await call(sim.url, "GET", "/sim/sent");
    expect(sent.body.requests).toMatchObject([
      { endpoint: "template", businessId: "biz-1", body: { number: "+447700900123" } },
    ]);
    await call(sim.url, "POST", "/sim/reset");
    expect((await call(sim.url, "GET", "/sim/sent")).body.requests).toEqual([]);
    expect(sim.state.templates.find("order_shipped", "en_US")).toBeDefined();
    const approve = await call(sim.url, "POST", "/sim/templates/loyalty_points_update/en_US/status", {
      status: "APPROVED",
    });
    expect(approve.body.ok).toBe(true);
    expect(sim.state.templates.find("loyalty_points_update", "en_US")?.status).toBe(
      "MESSAGE_TEMPLATE_STATUS_APPROVED",
    );
    expect((await call(sim.url, "GET", "/sim/health", undefined, {})).body).toEqual({ ok: true });
  });
});
