import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as health } from "../../app/api/health/route";
import { GET as metricsRoute } from "../../app/api/metrics/route";
import { GET as ready } from "../../app/api/ready/route";
import { POST as webhookPOST } from "../../app/api/webhooks/connectly/route";
import { signWebhookBody } from "../../lib/connectly/signature";
import { db } from "../../lib/db";
import { createLogger, replaceLogger } from "../../lib/observability/logger";
import { inboxListener } from "../../lib/realtime/listener";
import { handleWebhookRequest, isWebhookRequest } from "../../lib/webhooks/node-webhook-handler";
import { truncateAll, uniquePhone, unixSeconds, WEBHOOK_SECRET } from "./helpers";

// Operations: the public health and readiness probes, the token-protected Prometheus metrics (counted on both
// webhook entry points), and the request id that follows a webhook from its log line to the fan-out's.

const METRICS_TOKEN = "integration-metrics-token-0123";
process.env.METRICS_TOKEN = METRICS_TOKEN; // read by lib/env.ts on first use, after this line

const business = { id: "+14155550100", channelType: "whatsapp", name: "acme" };
const inbound = (text: string) => ({
  topic: "messages",
  timestamp: unixSeconds(),
  sender: { channelType: "whatsapp", id: uniquePhone() },
  recipient: business,
  message: { text: { body: text } },
});
const status = (id: string, value: string, at: Date) => ({
  topic: "delivery_status",
  timestamp: unixSeconds(at),
  sender: business,
  recipient: { id: "+447700900123", channelType: "whatsapp" },
  statusUpdate: { id, status: value, error: null },
});

function signed(body: unknown, requestId?: string) {
  const raw = JSON.stringify(body);
  return new Request("http://localhost/api/webhooks/connectly", {
    method: "POST",
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "x-connectly-hmac-sha256": signWebhookBody(WEBHOOK_SECRET, raw),
      ...(requestId ? { "x-request-id": requestId } : {}),
    },
    body: raw,
  });
}

let server: Server;
let port: number;
function postDirect(body: unknown): Promise<number> {
  const raw = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: "/api/webhooks/connectly",
        method: "POST",
        headers: {
          "content-length": raw.length,
          "x-connectly-hmac-sha256": signWebhookBody(WEBHOOK_SECRET, raw),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(raw);
  });
}

async function scrape(token: string | null = METRICS_TOKEN) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return metricsRoute(new Request("http://localhost/api/metrics", { headers }));
}

/** The value of one sample line of the exposition text (0 when absent). */
function sample(text: string, name: string, labels = ""): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (isWebhookRequest(req)) return handleWebhookRequest(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  delete process.env.METRICS_TOKEN;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(async () => {
  await truncateAll();
  await db.$executeRaw`DELETE FROM "CampaignWorker"`;
});

describe("GET /api/health", () => {
  it("answers 200 without a session and without touching the database", async () => {
    const res = health();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });
});

describe("GET /api/ready", () => {
  it("is 503 naming the missing worker heartbeat, then 200 once a worker beats", async () => {
    await new Promise((r) => setTimeout(r, 1100)); // past the one-second shared result of an earlier probe
    const missing = await ready();
    expect(missing.status).toBe(503);
    const body = (await missing.json()) as {
      ready: boolean;
      checks: Record<string, { ok: boolean; detail: string }>;
    };
    expect(body.ready).toBe(false);
    expect(body.checks.database!.ok).toBe(true);
    expect(body.checks.listener!.ok).toBe(true);
    expect(body.checks.worker).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/no campaign worker/),
    });

    await db.$executeRaw`INSERT INTO "CampaignWorker" (id, host, pid, "startedAt", "heartbeatAt") VALUES ('w-old', 'h', 1, now(), now() - interval '1 hour')`;
    await new Promise((r) => setTimeout(r, 1100));
    const stale = (await (await ready()).json()) as typeof body;
    expect(stale.checks.worker).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/no campaign worker heartbeat for \d+ s/),
    });

    await db.$executeRaw`INSERT INTO "CampaignWorker" (id, host, pid, "startedAt", "heartbeatAt") VALUES ('w-live', 'h', 2, now(), now())`;
    await new Promise((r) => setTimeout(r, 1100));
    const ok = await ready();
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ready: true, checks: { worker: { ok: true } } });
  });
});

describe("GET /api/metrics", () => {
  it("refuses a missing or wrong token with 401", async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape("integration-metrics-token-0124")).status).toBe(401);
  });

  it("counts webhooks on both entry points, the status lag, and reads the queue depth from the database", async () => {
    const before = await (await scrape()).text();
    // Route handler: one inbound message, one invalid body. Direct node:http path: one inbound message.
    expect((await webhookPOST(signed(inbound("hello")))).status).toBe(200);
    expect((await webhookPOST(signed({ topic: "messages", timestamp: "not a time" }))).status).toBe(200);
    expect(await postDirect(inbound("hello again"))).toBe(200);
    // A delivery status for a known message, which upstream says happened a minute ago.
    const contact = await db.contact.create({ data: { phone: uniquePhone() } });
    const conversation = await db.conversation.create({
      data: { contactId: contact.id, lastInboundAt: new Date() },
    });
    await db.message.create({
      data: {
        conversationId: conversation.id,
        direction: "OUTBOUND",
        kind: "text",
        text: "hi",
        content: {},
        status: "QUEUED",
        upstreamId: "01LAGGED",
      },
    });
    expect(
      (await webhookPOST(signed(status("01LAGGED", "delivered", new Date(Date.now() - 60_000))))).status,
    ).toBe(200);
    // A bad signature is refused (401) and counted as such.
    const forged = signed(inbound("forged"));
    forged.headers.set("x-connectly-hmac-sha256", "0".repeat(64));
    expect((await webhookPOST(forged)).status).toBe(401);

    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = await res.text();
    const delta = (name: string, labels = "") => sample(after, name, labels) - sample(before, name, labels);
    expect(delta("connectly_webhooks_received_total", '{topic="messages"}')).toBe(3);
    expect(delta("connectly_webhooks_applied_total", '{topic="messages"}')).toBe(2);
    expect(delta("connectly_webhooks_invalid_total", '{topic="messages"}')).toBe(1);
    expect(delta("connectly_webhooks_applied_total", '{topic="delivery_status"}')).toBe(1);
    expect(delta("connectly_webhooks_refused_total", '{status="401"}')).toBe(1);
    expect(delta("connectly_status_lag_seconds_count", '{target="inbox"}')).toBe(1);
    // ~60 s late: not in the 30 s bucket, in the 60 s one (whole seconds upstream, so at most 60 s).
    expect(delta("connectly_status_lag_seconds_bucket", '{le="30",target="inbox"}')).toBe(0);
    expect(delta("connectly_status_lag_seconds_bucket", '{le="300",target="inbox"}')).toBe(1);
    expect(after).toMatch(/^campaign_queue_depth 0$/m);
    expect(after).toMatch(/^campaign_workers_alive 0$/m);
    expect(after).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it("counts open live-update streams", async () => {
    const listener = inboxListener();
    const onEvent = () => {};
    listener.emitter.on("event", onEvent);
    try {
      expect(sample(await (await scrape()).text(), "app_sse_clients")).toBeGreaterThanOrEqual(1);
    } finally {
      listener.emitter.off("event", onEvent);
    }
  });
});

describe("the campaign worker's metrics endpoint (WORKER_METRICS_PORT)", () => {
  it("serves this process's registry at /metrics for the token, 401 without it, 404 elsewhere", async () => {
    const { startWorkerMetricsServer } = await import("../../lib/observability/worker-metrics-server");
    const workerServer = startWorkerMetricsServer(0);
    await new Promise<void>((resolve) =>
      workerServer.listening ? resolve() : workerServer.once("listening", () => resolve()),
    );
    const base = `http://127.0.0.1:${(workerServer.address() as AddressInfo).port}`;
    try {
      const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(ok.status).toBe(200);
      const text = await ok.text();
      expect(text).toMatch(/^# TYPE connectly_upstream_errors_total counter$/m);
      expect(text).toMatch(/^# TYPE connectly_messages_sent_total counter$/m);
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      expect(
        (await fetch(`${base}/other`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status,
      ).toBe(404);
    } finally {
      await new Promise<void>((resolve) => workerServer.close(() => resolve()));
    }
  });
});

describe("request id", () => {
  type Line = { msg?: string; requestId?: string; component?: string; event?: string; state?: string };
  let lines: Line[];
  let restore: () => void;
  beforeEach(() => {
    lines = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString("utf8").split("\n").filter(Boolean))
          lines.push(JSON.parse(line) as Line);
        done();
      },
    });
    restore = replaceLogger(createLogger(stream, "info"));
  });
  afterAll(() => restore());

  async function fannedOut(requestId: string): Promise<Line> {
    for (let i = 0; i < 100; i++) {
      const line = lines.find((l) => l.msg === "inbox event fanned out" && l.requestId === requestId);
      if (line) return line;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no fan-out line with request id ${requestId}: ${JSON.stringify(lines)}`);
  }

  it("follows an inbound message from the webhook's log line to the fanned-out inbox event", async () => {
    const listener = inboxListener();
    await listener.ready;
    const requestId = "proxy-request-0001";
    const res = await webhookPOST(signed(inbound("trace me"), requestId));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe(requestId);
    expect(lines.find((l) => l.msg === "webhook received")).toMatchObject({
      requestId,
      component: "webhooks",
      state: "PROCESSED",
    });
    expect(await fannedOut(requestId)).toMatchObject({ component: "realtime", event: "message.created" });
  });

  it("follows a delivery status the same way (through the batched statement), and never sends it to browsers", async () => {
    const listener = inboxListener();
    await listener.ready;
    const received: unknown[] = [];
    const onEvent = (e: unknown) => received.push(e);
    listener.emitter.on("event", onEvent);
    try {
      const contact = await db.contact.create({ data: { phone: uniquePhone() } });
      const conversation = await db.conversation.create({
        data: { contactId: contact.id, lastInboundAt: new Date() },
      });
      await db.message.create({
        data: {
          conversationId: conversation.id,
          direction: "OUTBOUND",
          kind: "text",
          text: "hi",
          content: {},
          status: "QUEUED",
          upstreamId: "01TRACED",
        },
      });
      const requestId = "proxy-request-0002";
      expect((await webhookPOST(signed(status("01TRACED", "read", new Date()), requestId))).status).toBe(200);
      expect(await fannedOut(requestId)).toMatchObject({ event: "message.status" });
      expect(received).toContainEqual(expect.objectContaining({ type: "message.status", status: "READ" }));
      expect(JSON.stringify(received)).not.toContain(requestId);
    } finally {
      listener.emitter.off("event", onEvent);
    }
  });

  it("generates one when the caller's is missing or not sane, and answers with it", async () => {
    const res = await webhookPOST(signed(inbound("no id"), "bad id with spaces and <html>"));
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.find((l) => l.msg === "webhook received")?.requestId).toBe(id);
  });
});
