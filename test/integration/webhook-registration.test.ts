import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as checkRoute from "../../app/api/settings/webhooks/check/route";
import * as topicRoute from "../../app/api/settings/webhooks/[topic]/route";
import * as webhooksRoute from "../../app/api/settings/webhooks/route";
import { POST as webhookPOST } from "../../app/api/webhooks/connectly/route";
import { ConnectlyError, createConnectlyClient } from "../../lib/connectly/client";
import { startSimulator, type RunningSimulator } from "../../lib/connectly/simulator/server";
import {
  connectWebhookTopic,
  deleteWebhookRegistration,
  listWebhookRegistrations,
  PROBE_PREFIX,
} from "../../lib/connectly/webhook-registration";
import { db } from "../../lib/db";
import { invalidateConnectlySettings } from "../../lib/settings/get-connectly-settings";
import type { RoundTripResult } from "../../lib/settings/check-webhook-round-trip";
import type { ConnectWebhooksResult } from "../../lib/settings/connect-webhooks";
import type { WebhookRegistrationsView } from "../../lib/settings/get-webhook-registrations";
import { truncateAll, uniquePhone, webhookRequest, WEBHOOK_SECRET } from "./helpers";
import { createUser, ctx, json, request, sessionCookie } from "./security-helpers";

// Webhook registration (§5.2) end to end: the simulator delivers only to registered addresses; Settings → Connect
// registers (409 → list → update), the round-trip probe comes back through the real webhook route, re-point and
// remove change where Connectly posts; every change is audited.

let simulator: RunningSimulator;
let receiver: Server;
let receiverUrl: string;
const received: string[] = [];

beforeAll(async () => {
  // Forwards to the real webhook route handler, as the app server would.
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      received.push(body.toString("utf8"));
      const forwarded = new Request("http://localhost/api/webhooks/connectly", {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: new Uint8Array(body),
      });
      void webhookPOST(forwarded).then(async (response) => {
        res.writeHead(response.status, { "content-type": "application/json" });
        res.end(await response.text());
      });
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/connectly`;
  // No webhookUrl: nothing is registered.
  simulator = await startSimulator({
    port: Number(process.env.TEST_SIMULATOR_PORT),
    webhookSecret: WEBHOOK_SECRET,
    statusDelayMs: 20,
    profile: "strict",
    webhookRetries: 0,
  });
});

afterAll(async () => {
  await simulator.close();
  await new Promise((r) => receiver.close(r));
  await db.webhookTopicCheck.deleteMany();
  await truncateAll();
});

let cookie: string;
beforeEach(async () => {
  await truncateAll();
  await db.webhookTopicCheck.deleteMany();
  await db.auditLog.deleteMany();
  invalidateConnectlySettings();
  for (const r of simulator.registry.list()) simulator.registry.remove(r.id);
  await fetch(`${simulator.url}/sim/reset`, { method: "POST" });
  received.length = 0;
  cookie = await sessionCookie(await createUser("ADMIN"));
});

const client = () =>
  createConnectlyClient({
    baseUrl: simulator.url,
    apiKey: "sim_test_key",
    businessId: "demo-business",
    timeoutMs: 5000,
    maxRetries: 0,
  });

async function inbound(text: string) {
  const res = await fetch(`${simulator.url}/sim/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: uniquePhone(), name: "Reg Test", text }),
  });
  return (await res.json()) as { delivery: { status: number | null; error?: string } };
}

const view = async () =>
  json<{ webhooks: WebhookRegistrationsView }>(
    await webhooksRoute.GET(request("/api/settings/webhooks", { cookie }), ctx()),
  );
const connect = async (body: unknown) =>
  json<{ result: ConnectWebhooksResult; error?: { message: string } }>(
    await webhooksRoute.POST(request("/api/settings/webhooks", { cookie, body }), ctx()),
  );

describe("registration-driven delivery", () => {
  it("delivers nothing before a registration, and to the registered address after one", async () => {
    const before = await inbound("anyone there?");
    expect(before.delivery.status).toBeNull();
    expect(before.delivery.error).toMatch(/no webhook registered for topic messages/);
    const log = (await (await fetch(`${simulator.url}/sim/webhooks`)).json()) as {
      pending: { unregistered: number };
      deliveries: unknown[];
    };
    expect(log.deliveries).toEqual([]);
    expect(log.pending.unregistered).toBeGreaterThanOrEqual(1);
    expect(received).toEqual([]);
    expect(await db.webhookEvent.count()).toBe(0);

    await connectWebhookTopic(client(), "messages", receiverUrl);
    const after = await inbound("now?");
    expect(after.delivery.status).toBe(200);
    expect(await db.webhookEvent.count({ where: { topic: "messages" } })).toBe(1);
  });

  it("matches campaign-name filters and channel types (a filtered-out status is not posted)", async () => {
    await client().createWebhook({
      topic: "delivery_status",
      address: receiverUrl,
      configuration: {
        channelTypes: ["whatsapp"],
        filters: [{ field: "campaign_name", expression: "prod-*" }],
      },
    });
    const send = async (campaignName: string) => {
      const res = await fetch(
        `${simulator.url}/v1/businesses/demo-business/send/whatsapp_templated_messages`,
        {
          method: "POST",
          headers: { "x-api-key": "sim_test_key", "content-type": "application/json" },
          body: JSON.stringify({
            number: uniquePhone(),
            templateName: "order_shipped",
            language: "en_US",
            campaignName,
            parameters: [
              { name: "header_image", value: "https://cdn.example/box.jpg" },
              { name: "body_1", value: "Sam" },
              { name: "body_2", value: "A-1" },
              { name: "button_1_url", value: "A-1" },
            ],
          }),
        },
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as { id: string }).id;
    };
    const kept = await send("prod-june");
    const dropped = await send("test-june");
    await expect
      .poll(() => received.filter((b) => b.includes(kept)).length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(3);
    expect(received.some((b) => b.includes(dropped))).toBe(false);
  });
});

describe("upstream calls (client + the contract module)", () => {
  it("create answers 409 for a registered topic; update and delete answer 404 for an unknown id", async () => {
    const c = client();
    await c.createWebhook({ topic: "messages", address: receiverUrl });
    const conflict = await c
      .createWebhook({ topic: "messages", address: receiverUrl })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConnectlyError);
    expect((conflict as ConnectlyError).status).toBe(409);
    const unknown = await c.updateWebhook("no-such-id", { address: receiverUrl }).catch((e: unknown) => e);
    expect((unknown as ConnectlyError).status).toBe(404);
    await expect(deleteWebhookRegistration(c, "no-such-id")).resolves.toBeUndefined();
    const badAddress = await c
      .createWebhook({ topic: "delivery_status", address: "not a url" })
      .catch((e: unknown) => e);
    expect((badAddress as ConnectlyError).status).toBe(400);
  });

  it("connectWebhookTopic creates, then on 409 lists and updates the existing registration", async () => {
    const first = await connectWebhookTopic(client(), "delivery_status", "http://127.0.0.1:9/old");
    expect(first.action).toBe("created");
    const second = await connectWebhookTopic(client(), "delivery_status", receiverUrl);
    expect(second).toEqual({ topic: "delivery_status", id: first.id, action: "updated" });
    const list = await listWebhookRegistrations(client());
    expect(list).toEqual([
      expect.objectContaining({
        id: first.id,
        topic: "delivery_status",
        address: receiverUrl,
        configuration: { echo: false, channelTypes: ["whatsapp"], filters: [] },
      }),
    ]);
  });
});

describe("Settings → Connectly webhooks", () => {
  it("Connect registers every topic (messages, delivery statuses, campaign reports), the probe round-trips through the webhook route, and it is audited", async () => {
    const before = await view();
    expect(before.status).toBe(200);
    expect(before.body.webhooks.topics.map((t) => [t.topic, t.registration])).toEqual([
      ["messages", null],
      ["delivery_status", null],
      ["report", null],
    ]);
    // The test environment's APP_URL is not a public https address: the page warns.
    expect(before.body.webhooks.addressProblem).toMatch(/https|reach|private/);

    const connected = await connect({ address: receiverUrl });
    expect(connected.status).toBe(200);
    expect(connected.body.result.outcomes.map((o) => [o.topic, o.action])).toEqual([
      ["messages", "created"],
      ["delivery_status", "created"],
      ["report", "created"],
    ]);
    expect(connected.body.result.checks.map((c) => [c.topic, c.verified, c.error])).toEqual([
      ["messages", true, null],
      ["delivery_status", true, null],
      ["report", true, null],
    ]);
    // The probes reached the webhook route but were not stored as webhook events.
    expect(received.filter((b) => b.startsWith(PROBE_PREFIX))).toHaveLength(3);
    expect(await db.webhookEvent.count()).toBe(0);

    await inbound("hello");
    const after = await view();
    const messages = after.body.webhooks.topics.find((t) => t.topic === "messages")!;
    expect(messages).toMatchObject({
      registration: { address: receiverUrl, echo: false, channelTypes: ["whatsapp"], filters: [] },
      verified: true,
    });
    expect(messages.lastEventAt).not.toBeNull();
    expect(after.body.webhooks.topics.find((t) => t.topic === "delivery_status")!.lastEventAt).toBeNull();

    // Connect again: the 409 path, updated in place.
    const again = await connect({});
    expect(again.body.result.outcomes.map((o) => o.action)).toEqual(["updated", "updated", "updated"]);
    const actions = (await db.auditLog.findMany({ orderBy: { at: "asc" }, select: { action: true } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual([
      "webhooks.connected",
      "webhooks.checked",
      "webhooks.connected",
      "webhooks.checked",
    ]);
  });

  it("re-point and remove change where Connectly posts; the check says why an address fails", async () => {
    await connect({ address: receiverUrl });
    const dead = "http://127.0.0.1:9/api/webhooks/connectly";
    const repointed = await json(
      await topicRoute.PATCH(
        request("/api/settings/webhooks/messages", { method: "PATCH", cookie, body: { address: dead } }),
        ctx({ topic: "messages" }),
      ),
    );
    expect(repointed.status).toBe(200);
    expect(simulator.registry.addressFor("messages")).toBe(dead);

    const check = await json<{ results: RoundTripResult[] }>(
      await checkRoute.POST(request("/api/settings/webhooks/check", { cookie, body: {} }), ctx()),
    );
    expect(check.body.results.find((r) => r.topic === "messages")).toMatchObject({
      verified: false,
      error: expect.stringMatching(/Could not reach/),
    });
    expect(check.body.results.find((r) => r.topic === "delivery_status")).toMatchObject({ verified: true });
    const shown = await view();
    expect(shown.body.webhooks.topics.find((t) => t.topic === "messages")!.check?.error).toMatch(
      /Could not reach/,
    );

    const removed = await json(
      await topicRoute.DELETE(
        request("/api/settings/webhooks/messages", { method: "DELETE", cookie }),
        ctx({ topic: "messages" }),
      ),
    );
    expect(removed.status).toBe(200);
    expect((await inbound("gone?")).delivery.error).toMatch(/no webhook registered/);
    const missing = await json<{ error: { code: string } }>(
      await topicRoute.DELETE(
        request("/api/settings/webhooks/messages", { method: "DELETE", cookie }),
        ctx({ topic: "messages" }),
      ),
    );
    expect(missing.status).toBe(404);
    const audit = await db.auditLog.findMany({
      where: { action: { in: ["webhooks.repointed", "webhooks.removed"] } },
      select: { action: true, details: true },
    });
    expect(audit.map((a) => a.action).sort()).toEqual(["webhooks.removed", "webhooks.repointed"]);
    expect(audit.find((a) => a.action === "webhooks.repointed")!.details).toMatchObject({
      previousAddress: receiverUrl,
      address: dead,
    });
  });

  it("refuses bad input by field, an unknown topic, and an unsigned probe", async () => {
    const bad = await connect({ address: "ftp://example.com/hook" });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("address");
    const badTopic = await topicRoute.DELETE(
      request("/api/settings/webhooks/reports", { method: "DELETE", cookie }),
      ctx({ topic: "reports" }),
    );
    expect(badTopic.status).toBe(404);
    const forged = await webhookPOST(
      webhookRequest(`${PROBE_PREFIX}{"topic":"messages","nonce":"${"0".repeat(32)}"}}`, {
        secret: "wrong_secret_value",
      }),
    );
    expect(forged.status).toBe(401);
  });
});
