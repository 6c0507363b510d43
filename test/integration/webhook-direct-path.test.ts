import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signWebhookBody } from "../../lib/connectly/signature";
import { db } from "../../lib/db";
import responseHeaders from "../../lib/security/response-headers.json";
import { handleWebhookRequest, isWebhookRequest } from "../../lib/webhooks/node-webhook-handler";
import { truncateAll, uniquePhone, unixSeconds, WEBHOOK_SECRET } from "./helpers";

// The production webhook path: the app server (scripts/server.ts) answers POST /api/webhooks/connectly from
// node:http itself. Same answers, headers and database state as the route handler, over real HTTP; and many
// concurrent deliveries (grouped into set-based batches) still end in exactly the state one-by-one would.

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (isWebhookRequest(req)) return handleWebhookRequest(req, res);
    res.writeHead(404);
    res.end("not the webhook");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(truncateAll);

type Answer = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown> | null;
};

function send(
  raw: string | Buffer,
  options: { path?: string; method?: string; signature?: string; chunked?: boolean } = {},
): Promise<Answer> {
  const body = typeof raw === "string" ? Buffer.from(raw) : raw;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: options.path ?? "/api/webhooks/connectly",
        method: options.method ?? "POST",
        headers: {
          "content-type": "text/plain; charset=utf-8",
          "x-connectly-hmac-sha256": options.signature ?? signWebhookBody(WEBHOOK_SECRET, body),
          ...(options.chunked ? {} : { "content-length": body.length }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: Record<string, unknown> | null = null;
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
      },
    );
    // The server may close the connection as soon as it has refused an oversized body.
    req.on("error", (error) =>
      options.chunked ? resolve({ status: -1, headers: {}, json: { error: error.message } }) : reject(error),
    );
    if (options.chunked) {
      // Streamed without a declared length: the limit must hold while reading.
      for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.subarray(i, i + 16 * 1024));
      req.end();
    } else {
      req.end(body);
    }
  });
}

const business = { id: "+14155550100", channelType: "whatsapp", name: "acme" };
const status = (id: string, value: string, error: unknown = null) =>
  JSON.stringify({
    topic: "delivery_status",
    timestamp: unixSeconds(),
    sender: business,
    recipient: { id: "+447700900123", channelType: "whatsapp" },
    statusUpdate: { id, status: value, error },
  });

async function outboundMessages(count: number, prefix: string) {
  const contact = await db.contact.create({ data: { phone: uniquePhone() } });
  const conversation = await db.conversation.create({
    data: { contactId: contact.id, lastInboundAt: new Date() },
  });
  await db.message.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      conversationId: conversation.id,
      direction: "OUTBOUND" as const,
      kind: "text",
      text: `m${i}`,
      content: {},
      status: "QUEUED" as const,
      upstreamId: `${prefix}${i}`,
    })),
  });
}

describe("the app server's direct webhook path", () => {
  it("answers like the route handler: 200 with the outcome, JSON, and the API security headers", async () => {
    await outboundMessages(1, "01DIRECT");
    const res = await send(status("01DIRECT0", "delivered"));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true, state: "PROCESSED" });
    expect(res.headers["content-type"]).toBe("application/json");
    for (const [name, value] of Object.entries({
      ...responseHeaders.everyResponse,
      ...responseHeaders.api,
    })) {
      expect(res.headers[name.toLowerCase()]).toBe(value);
    }
    expect((await db.message.findUniqueOrThrow({ where: { upstreamId: "01DIRECT0" } })).status).toBe(
      "DELIVERED",
    );
  });

  it("ignores a query string, as the route does", async () => {
    const res = await send(status("01UNKNOWNQS", "sent"), {
      path: "/api/webhooks/connectly?source=connectly",
    });
    expect(res.json).toMatchObject({ ok: true, state: "PENDING" });
  });

  it("leaves every other request to Next (method and path must both match)", () => {
    const req = (method: string, url: string) => ({ method, url }) as Parameters<typeof isWebhookRequest>[0];
    expect(isWebhookRequest(req("POST", "/api/webhooks/connectly"))).toBe(true);
    expect(isWebhookRequest(req("GET", "/api/webhooks/connectly"))).toBe(false);
    expect(isWebhookRequest(req("POST", "/api/webhooks/connectly/extra"))).toBe(false);
    expect(isWebhookRequest(req("POST", "/api/webhook-events"))).toBe(false);
  });

  it("refuses a bad signature with 401 in the one error shape and stores nothing", async () => {
    const res = await send(status("01BADSIG", "sent"), { signature: "bm90IGEgc2lnbmF0dXJl" });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({
      error: { code: "UNAUTHENTICATED", message: expect.stringContaining("signature") },
    });
    expect(await db.webhookEvent.count()).toBe(0);
  });

  it.each([
    ["declared by Content-Length", false],
    ["streamed without a length", true],
  ])("refuses an oversized body %s with 413 and stores nothing", async (_label, chunked) => {
    const huge = Buffer.from(JSON.stringify({ topic: "messages", padding: "x".repeat(400 * 1024) }));
    const res = await send(huge, { chunked });
    // A streamed body may be cut off by the server's close before the client reads the answer; either way nothing is stored.
    if (res.status !== -1) {
      expect(res.status).toBe(413);
      expect(res.json).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    }
    expect(await db.webhookEvent.count()).toBe(0);
    // The server is still healthy afterwards.
    expect((await send(status("01AFTER413", "sent"))).status).toBe(200);
  });

  it("keeps a signed but invalid body raw as INVALID and answers 200", async () => {
    const res = await send("{not json");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ state: "INVALID" });
    expect((await db.webhookEvent.findFirstOrThrow()).rawBody).toBe("{not json");
  });

  it("400 concurrent deliveries (every status twice, out of order) end exactly where one-by-one would", async () => {
    const count = 50;
    await outboundMessages(count, "01BURST");
    const failure = { code: 131026, message: "Message undeliverable" };
    const bodies: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = `01BURST${i}`;
      // Even messages are read; odd ones fail after being sent (a failure ranks below delivered).
      const events =
        i % 2 === 0
          ? [status(id, "read"), status(id, "sent"), status(id, "delivered"), status(id, "read")]
          : [
              status(id, "delivery_failed", failure),
              status(id, "sent"),
              status(id, "delivery_failed", failure),
              status(id, "sent"),
            ];
      bodies.push(...events, ...events);
    }
    const answers = await Promise.all(bodies.map((body) => send(body)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const states = answers.map((a) => a.json?.state);
    const uniqueEvents = (count * 3) / 2 + (count * 2) / 2; // read,sent,delivered for even; failed,sent for odd
    expect(states.filter((s) => s === "PROCESSED")).toHaveLength(uniqueEvents);
    expect(states.filter((s) => s === "DUPLICATE")).toHaveLength(bodies.length - uniqueEvents);
    expect(await db.webhookEvent.count()).toBe(uniqueEvents);

    const messages = await db.message.findMany({ where: { upstreamId: { startsWith: "01BURST" } } });
    for (const m of messages) {
      const i = Number(m.upstreamId!.slice("01BURST".length));
      if (i % 2 === 0) {
        expect(m).toMatchObject({ status: "READ", statusRank: 4, errorCode: null });
        expect(m.sentAt && m.deliveredAt && m.readAt).toBeTruthy();
      } else {
        expect(m).toMatchObject({ status: "FAILED", statusRank: 2, errorCode: "131026" });
        expect(m.errorTitle).toBeTruthy();
        expect(m.sentAt && m.failedAt).toBeTruthy();
        expect(m.deliveredAt).toBeNull();
      }
    }
  });

  it("keeps a campaign status whose recipient no longer exists as IGNORED, with the reason", async () => {
    const body = JSON.parse(status("01GONE", "delivered")) as Record<string, unknown>;
    body.callbackData = { kind: "campaign", campaignId: "c-deleted", recipientId: "r-deleted" };
    const res = await send(JSON.stringify(body));
    expect(res.json).toEqual({ ok: true, state: "IGNORED" });
    const event = await db.webhookEvent.findFirstOrThrow();
    expect(event).toMatchObject({ state: "IGNORED", upstreamId: "01GONE" });
    expect(event.reason).toContain("r-deleted");
    expect((await send(JSON.stringify(body))).json).toEqual({ ok: true, state: "DUPLICATE" });
  });
});
