import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { normalizeIdentity, parseWebhookBody, type NormalizedWebhookEvent } from "./webhook";

type Event<K extends NormalizedWebhookEvent["kind"]> = Extract<NormalizedWebhookEvent, { kind: K }>;

function parsed(body: unknown): NormalizedWebhookEvent {
  const result = parseWebhookBody(typeof body === "string" ? body : JSON.stringify(body));
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result.event;
}

function inbound(body: unknown): Event<"inbound"> {
  const event = parsed(body);
  if (event.kind !== "inbound") throw new Error(`expected inbound, got ${event.kind}`);
  return event;
}

function status(body: unknown): Event<"status"> {
  const event = parsed(body);
  if (event.kind !== "status") throw new Error(`expected status, got ${event.kind}`);
  return event;
}

const sam = { id: "+447700900123", channelType: "whatsapp", name: "Sam Lee" };
const acme = { id: "+14155550100", channelType: "whatsapp", name: "acme" };
const messageIn = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  timestamp: "1718031000",
  sender: sam,
  recipient: acme,
  message,
  ...extra,
});
const statusEvent = (statusUpdate: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  topic: "delivery_status",
  timestamp: "1718031200",
  sender: acme,
  recipient: sam,
  statusUpdate: { id: "01J0Z7Q4M8ZK3V5C2B1N9X6Y7T", status: "delivered", error: null, ...statusUpdate },
  ...extra,
});
const cdn = "https://cdn.connectly.ai/media/abc";

describe("parseWebhookBody: inbound messages", () => {
  it("parses plain text (contract §5.5)", () => {
    const event = inbound(messageIn({ text: "Where is my order?" }));
    expect(event).toMatchObject({
      kind: "inbound",
      timestamp: new Date(1718031000 * 1000),
      customer: { phone: "+447700900123", bsuid: null, name: "Sam Lee" },
      businessNumber: "+14155550100",
      upstreamId: null,
      replyToId: null,
      callbackData: null,
      campaignName: null,
      content: {
        kind: "text",
        text: "Where is my order?",
        attachment: null,
        location: null,
        buttonReply: null,
        referral: null,
      },
    });
  });

  it.each(["image", "video", "audio", "document"] as const)("parses a %s attachment", (type) => {
    const event = inbound(
      messageIn({ attachments: [{ type, url: cdn, caption: "look", filename: "f.bin" }] }),
    );
    expect(event.content).toMatchObject({
      kind: "attachment",
      attachment: { type, url: cdn, caption: "look", filename: "f.bin" },
    });
  });

  it("tolerates the old top-level attachments and location keys", () => {
    expect(inbound(messageIn({}, { attachments: [{ type: "image", url: cdn }] })).content).toMatchObject({
      kind: "attachment",
      attachment: { type: "image", url: cdn },
    });
    expect(
      inbound(messageIn({}, { attachments: [], location: { latitude: 1.5, longitude: 2 } })).content,
    ).toMatchObject({
      kind: "location",
      location: { latitude: 1.5, longitude: 2 },
    });
  });

  it("parses a location", () => {
    const location = { latitude: 51.5072, longitude: -0.1276, name: "Acme Store", address: "1 High St" };
    expect(inbound(messageIn({ location })).content).toMatchObject({ kind: "location", location });
  });

  it("keeps unknown media as unsupported instead of failing", () => {
    const event = inbound(messageIn({ attachments: [{ type: "hologram", url: cdn }] }));
    expect(event.content.kind).toBe("unsupported");
    expect(inbound(messageIn({})).content.kind).toBe("unsupported");
  });

  it("keeps a click-to-WhatsApp referral alongside the content", () => {
    const referral = {
      ctwaClid: "ARAkLkA",
      sourceUrl: "https://fb.me/abc",
      sourceId: "1200",
      sourceType: "ad",
      headline: "Summer sale",
      body: "Up to 50% off",
      mediaType: "image",
      imageUrl: "https://x.y/i.jpg",
    };
    const event = inbound(messageIn({ text: "Is this still on?", referral }));
    expect(event.content).toMatchObject({ kind: "text", text: "Is this still on?", referral });
  });

  it("keeps only string referral fields: an object headline is left out and reported, never stored as-is", () => {
    const event = inbound(
      messageIn({
        text: "Hi",
        referral: {
          headline: { $$typeof: "x", text: "boom" },
          body: ["a"],
          sourceId: 1200,
          sourceUrl: "https://fb.me/a",
          extra: { a: 1 },
        },
      }),
    );
    expect(event.content.referral).toEqual({ sourceId: "1200", sourceUrl: "https://fb.me/a" });
    expect(event.content.ignoredFields).toEqual(["message.referral.headline", "message.referral.body"]);
    expect(event.content).toMatchObject({ kind: "text", text: "Hi" });
  });

  it.each([
    ["a string", "Summer sale"],
    ["an array", ["Summer sale"]],
    ["a number", 5],
    ["true", true],
  ])("a referral that is %s instead of an object is dropped", (_name, referral) => {
    const event = inbound(messageIn({ text: "Hi", referral }));
    expect(event.content.referral).toBeNull();
    expect(event.content.ignoredFields).toEqual(["message.referral"]);
  });

  it("every stored content field has the type the inbox renders, whatever the payload's types", () => {
    const wrong = [{ a: 1 }, [1, 2], true, 12.5, null];
    for (const value of wrong) {
      const event = inbound(
        messageIn(
          {
            id: "m-wrong",
            text: value,
            referral: { headline: value, body: value, sourceType: value, thumbnailUrl: value },
            attachments: [{ type: "image", url: value, caption: value, filename: value }],
            location: { latitude: value, longitude: value, name: value },
          },
          { context: { replyToId: value }, buttonResponse: value },
        ),
      );
      const c = event.content;
      expect(c.text === null || typeof c.text === "string").toBe(true);
      for (const field of Object.values(c.referral ?? {})) expect(typeof field).toBe("string");
      expect(c.attachment).toBeNull();
      if (typeof value !== "number") expect(c.location).toBeNull();
      expect(c.buttonReply).toBeNull();
      expect(event.replyToId === null || typeof event.replyToId === "string").toBe(true);
    }
  });

  it("an object text makes the message unsupported rather than rendering the object", () => {
    const event = inbound(messageIn({ id: "m2", text: { body: "hi" } }));
    expect(event.content).toMatchObject({ kind: "unsupported", text: null, ignoredFields: ["message.text"] });
  });

  it.each([
    [
      "[RM] isButtonResponse",
      messageIn({ id: "m1", text: "Yes", isButtonResponse: true }),
      { text: "Yes" },
      null,
    ],
    [
      "[GB] payload page",
      messageIn(
        {},
        { context: { replyToId: "01J0Z7Q4M8" }, buttonResponse: { text: "Track order", payload: "1" } },
      ),
      { text: "Track order", payload: "1" },
      "01J0Z7Q4M8",
    ],
    [
      "[GB] create-webhook example",
      messageIn({}, { topic: "messages", buttonResponse: { text: "No", id: "btn-no", payload: "no" } }),
      { text: "No", id: "btn-no", payload: "no" },
      null,
    ],
  ])("parses a %s button reply", (_, body, buttonReply, replyToId) => {
    const event = inbound(body);
    expect(event.content).toMatchObject({ kind: "button_reply", text: buttonReply.text, buttonReply });
    expect(event.content.buttonReply).toEqual(buttonReply);
    expect(event.replyToId).toBe(replyToId);
  });

  it("infers the messages topic from a bare buttonResponse", () => {
    const body = { timestamp: "1718031000", sender: sam, buttonResponse: { text: "Yes", payload: "y" } };
    expect(inbound(body).content.kind).toBe("button_reply");
  });

  it.each([
    ["top-level context", messageIn({ id: "m2", text: "this one" }, { context: { replyToId: "01OUT" } })],
    ["message.context", messageIn({ id: "m2", text: "this one", context: { replyToId: "01OUT" } })],
  ])("reads a quoted reply from %s", (_, body) => {
    const event = inbound(body);
    expect(event.replyToId).toBe("01OUT");
    expect(event.content).toMatchObject({ kind: "text", text: "this one" });
  });

  it("echoes callbackData of any JSON shape", () => {
    const body = messageIn(
      { text: "ok" },
      { context: { replyToId: "01OUT" }, callbackData: { ticketId: "T-9931" } },
    );
    expect(inbound(body).callbackData).toEqual({ ticketId: "T-9931" });
    expect(inbound(messageIn({ text: "ok" }, { callbackData: "plain" })).callbackData).toBe("plain");
    expect(inbound(messageIn({ text: "ok" }, { callbackData: [1, 2] })).callbackData).toEqual([1, 2]);
  });

  it('identifies a phone-less BSUID customer (phoneNumber: "")', () => {
    const event = inbound({
      timestamp: "1718032000",
      sender: {
        id: "US.13491208655302741918",
        userId: "US.13491208655302741918",
        phoneNumber: "",
        channelType: "whatsapp",
        name: "sam",
      },
      recipient: { id: "+14155550100", channelType: "whatsapp" },
      message: { text: "hi" },
    });
    expect(event.customer).toEqual({ phone: null, bsuid: "US.13491208655302741918", name: "sam" });
  });

  it("keeps both phone and BSUID when both are sent", () => {
    const event = inbound(
      messageIn({ text: "hi" }, { sender: { ...sam, userId: "GB.998877", phoneNumber: "+44 7700 900123" } }),
    );
    expect(event.customer).toEqual({ phone: "+447700900123", bsuid: "GB.998877", name: "Sam Lee" });
  });

  it("keys on the message id when there is one, else on the body hash", () => {
    expect(inbound(messageIn({ id: "01FPW47QF69Y5JZH24605VAKQB", text: "x" })).eventKey).toBe(
      "inbound:01FPW47QF69Y5JZH24605VAKQB",
    );
    const raw = JSON.stringify(messageIn({ text: "x" }));
    const event = parsed(raw);
    expect(event.eventKey).toBe(`inbound:${createHash("sha256").update(raw).digest("hex")}`);
    expect(parsed(raw).eventKey).toBe(event.eventKey);
  });

  it("reads the campaign name from top-level metadata", () => {
    expect(inbound(messageIn({ text: "x" }, { metadata: { campaign_name: "winback" } })).campaignName).toBe(
      "winback",
    );
  });
});

describe("parseWebhookBody: delivery status", () => {
  it("parses a success event with the recipient as customer (contract §5.7)", () => {
    const event = status(statusEvent({}, { callbackData: { ticketId: "T-9931" } }));
    expect(event).toEqual({
      kind: "status",
      eventKey: "status:01J0Z7Q4M8ZK3V5C2B1N9X6Y7T:delivered",
      timestamp: new Date(1718031200 * 1000),
      upstreamId: "01J0Z7Q4M8ZK3V5C2B1N9X6Y7T",
      status: "delivered",
      error: null,
      customer: { phone: "+447700900123", bsuid: null, name: "Sam Lee" },
      campaignName: null,
      callbackData: { ticketId: "T-9931" },
    });
  });

  it.each(["sent", "delivered", "read", "delivery_failed"] as const)("accepts status %s", (value) => {
    const event = status(statusEvent({ status: value }));
    expect(event.status).toBe(value);
    expect(event.eventKey).toBe(`status:01J0Z7Q4M8ZK3V5C2B1N9X6Y7T:${value}`);
  });

  it("parses delivery_failed with its error object and [GB] campaign name", () => {
    const error = {
      message: "template params invalid",
      type: "ERROR_TYPE_INVALID_REQUEST",
      code: "ERROR_CODE_MESSAGE_TEMPLATE_INPUT_INVALID",
      userTitle: "Invalid template input",
      userMessage: "Pass the trace id to Connectly",
      cntTraceId: "10827968052975079261",
      details: {},
    };
    const event = status(
      statusEvent(
        { status: "delivery_failed", error, metadata: { campaignName: "shipping_notifications_2025_06" } },
        { metadata: null, sender: { ...acme, name: null }, recipient: { ...sam, name: null } },
      ),
    );
    expect(event.error).toEqual(error);
    expect(event.campaignName).toBe("shipping_notifications_2025_06");
    expect(event.customer).toEqual({ phone: "+447700900123", bsuid: null, name: null });
  });

  it("turns numeric error codes into strings", () => {
    const event = status(
      statusEvent({ status: "delivery_failed", error: { code: 131026, message: "Undeliverable" } }),
    );
    expect(event.error).toEqual({ code: "131026", message: "Undeliverable" });
  });

  it("reads the [RM] campaign name from top-level metadata.campaign_name", () => {
    expect(status(statusEvent({}, { metadata: { campaign_name: "summer-promo-1" } })).campaignName).toBe(
      "summer-promo-1",
    );
    expect(status(statusEvent({}, { metadata: { campaignName: "camel" } })).campaignName).toBe("camel");
  });

  it("infers the topic from statusUpdate", () => {
    expect(status(statusEvent({ status: "read" }, { topic: undefined })).status).toBe("read");
  });

  it("identifies a BSUID customer on the recipient side", () => {
    const recipient = { id: "US.1349", userId: "US.1349", phoneNumber: "", channelType: "whatsapp" };
    expect(status(statusEvent({}, { recipient })).customer).toEqual({
      phone: null,
      bsuid: "US.1349",
      name: null,
    });
  });

  it("accepts unknown extra fields anywhere", () => {
    const event = status({
      ...statusEvent({ pricing: { billable: true }, conversation: { id: "c1" } }),
      newTopLevel: [1, 2, 3],
      sender: { ...acme, wabaId: "123" },
      recipient: { ...sam, profile: { about: "hi" } },
    });
    expect(event.status).toBe("delivered");
    expect(
      inbound(messageIn({ text: "hi", reactions: [], isEcho: false }, { extra: { a: 1 } })).content.kind,
    ).toBe("text");
  });
});

describe("parseWebhookBody: report", () => {
  const report = {
    topic: "report",
    timestamp: "2025-06-02T06:00:05Z",
    report: {
      id: "rep_1",
      name: "Daily campaigns",
      type: "campaign.daily.custom",
      last_run: {
        id: "run_42",
        status: "completed",
        result: {
          url: "https://reports.connectly.ai/signed.csv",
          expires_at: "2025-06-02T06:05:05Z",
          created_at: "2025-06-02T06:00:00Z",
        },
      },
    },
  };

  it("parses a report webhook with an ISO timestamp", () => {
    expect(parsed(report)).toEqual({
      kind: "report",
      eventKey: "report:rep_1:run_42",
      timestamp: new Date("2025-06-02T06:00:05Z"),
      report: {
        id: "rep_1",
        name: "Daily campaigns",
        type: "campaign.daily.custom",
        runId: "run_42",
        status: "completed",
        url: "https://reports.connectly.ai/signed.csv",
        expiresAt: "2025-06-02T06:05:05Z",
        createdAt: "2025-06-02T06:00:00Z",
      },
    });
  });

  it("infers the report topic and accepts camelCase lastRun", () => {
    const event = parsed({
      timestamp: "2025-06-02T06:00:05Z",
      report: {
        id: "rep_1",
        lastRun: { id: "run_7", result: { url: "https://x.y/r.csv", expiresAt: "soon" } },
      },
    });
    expect(event).toMatchObject({
      kind: "report",
      eventKey: "report:rep_1:run_7",
      report: { runId: "run_7", url: "https://x.y/r.csv", expiresAt: "soon", name: null, status: null },
    });
  });
});

describe("parseWebhookBody: timestamps", () => {
  it.each([
    ["seconds string", "1718031000", 1718031000_000],
    ["seconds number", 1718031000, 1718031000_000],
    ["ISO with zone", "2024-06-10T14:50:00.000Z", Date.UTC(2024, 5, 10, 14, 50)],
    ["ISO without zone (read as UTC)", "2024-06-10T14:50:00", Date.UTC(2024, 5, 10, 14, 50)],
  ])("reads %s", (_, timestamp, ms) => {
    expect(inbound(messageIn({ text: "x" }, { timestamp })).timestamp.getTime()).toBe(ms);
  });

  it("uses the receipt time when the timestamp is missing", () => {
    const before = Date.now();
    const event = inbound(messageIn({ text: "x" }, { timestamp: undefined }));
    expect(event.timestamp.getTime()).toBeGreaterThanOrEqual(before);
    expect(event.timestamp.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe("parseWebhookBody: invalid bodies", () => {
  it.each([
    ["bad JSON", "{not json", /not valid JSON/, null],
    ["empty body", "", /not valid JSON/, null],
    ["array body", "[1,2]", /JSON object, got an array/, null],
    ["null body", "null", /JSON object, got null/, null],
    ["string body", '"hello"', /JSON object, got a string/, null],
    ["nothing recognisable", JSON.stringify({ timestamp: "1" }), /cannot tell the event type/, null],
    [
      "unknown topic",
      JSON.stringify({ topic: "template_status" }),
      /topic "template_status"/,
      "template_status",
    ],
    [
      "unknown status",
      JSON.stringify(statusEvent({ status: "deleted" })),
      /statusUpdate\.status "deleted" is not one of sent, delivered, read, delivery_failed/,
      "delivery_status",
    ],
    [
      "missing status",
      JSON.stringify(statusEvent({ status: undefined })),
      /statusUpdate\.status is missing/,
      "delivery_status",
    ],
    [
      "missing id",
      JSON.stringify(statusEvent({ id: undefined })),
      /statusUpdate\.id is missing/,
      "delivery_status",
    ],
    ["blank id", JSON.stringify(statusEvent({ id: "  " })), /statusUpdate\.id is missing/, "delivery_status"],
    [
      "delivery_status without statusUpdate",
      JSON.stringify({ topic: "delivery_status", recipient: sam }),
      /statusUpdate must be an object/,
      "delivery_status",
    ],
    [
      "report without id",
      JSON.stringify({ topic: "report", report: { name: "x" } }),
      /report\.id is missing/,
      "report",
    ],
    [
      "inbound without sender",
      JSON.stringify({ timestamp: "1718031000", message: { text: "hi" } }),
      /sender must be an object/,
      "messages",
    ],
    [
      "inbound with unusable sender",
      JSON.stringify(messageIn({ text: "hi" }, { sender: { id: "", phoneNumber: "", name: "x" } })),
      /sender has no customer identity/,
      "messages",
    ],
    [
      "garbage timestamp",
      JSON.stringify(messageIn({ text: "x" }, { timestamp: "yesterday" })),
      /timestamp "yesterday"/,
      "messages",
    ],
    [
      "negative timestamp",
      JSON.stringify(messageIn({ text: "x" }, { timestamp: -5 })),
      /timestamp -5/,
      "messages",
    ],
    [
      "boolean timestamp",
      JSON.stringify(statusEvent({}, { timestamp: true })),
      /timestamp true/,
      "delivery_status",
    ],
  ])("rejects %s", (_, raw, reason, topic) => {
    const result = parseWebhookBody(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(reason);
      expect(result.topic).toBe(topic);
    }
  });
});

describe("normalizeIdentity", () => {
  it.each([
    [{ id: "+447700900123" }, { phone: "+447700900123", bsuid: null, name: null }],
    [
      { id: "+1(604) 585 2331", name: "Lee" },
      { phone: "+16045852331", bsuid: null, name: "Lee" },
    ],
    [{ id: "+44 7700-900.123" }, { phone: "+447700900123", bsuid: null, name: null }],
    [
      { id: "US.1349", phoneNumber: "" },
      { phone: null, bsuid: "US.1349", name: null },
    ],
    [
      { id: "US.1349", userId: "US.1349", phoneNumber: "+15550001111" },
      { phone: "+15550001111", bsuid: "US.1349", name: null },
    ],
    [
      { id: "+15550001111", userId: "US.1349" },
      { phone: "+15550001111", bsuid: "US.1349", name: null },
    ],
    [{ phoneNumber: "447700900123" }, { phone: "+447700900123", bsuid: null, name: null }],
    [{ id: "447700900123" }, { phone: null, bsuid: null, name: null }],
    [
      { id: "", userId: "", phoneNumber: "", name: "" },
      { phone: null, bsuid: null, name: null },
    ],
    [
      { id: null, userId: null, phoneNumber: null, name: null },
      { phone: null, bsuid: null, name: null },
    ],
    [
      { id: "+447700900123", phoneNumber: "n/a" },
      { phone: "+447700900123", bsuid: null, name: null },
    ],
    [{ id: "us.lowercase" }, { phone: null, bsuid: null, name: null }],
  ])("%j -> %j", (party, identity) => {
    expect(normalizeIdentity(party)).toEqual(identity);
  });
});
