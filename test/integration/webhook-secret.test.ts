import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as settingsRoute from "../../app/api/settings/route";
import { POST as webhookPOST } from "../../app/api/webhooks/connectly/route";
import { signWebhookBody } from "../../lib/connectly/signature";
import { db } from "../../lib/db";
import { DEV_WEBHOOK_SECRET } from "../../lib/env";
import { invalidateConnectlySettings } from "../../lib/settings/get-connectly-settings";
import type { ConnectlySettingsView } from "../../lib/settings/get-settings-view";
import { handleWebhookRequest } from "../../lib/webhooks/node-webhook-handler";
import { truncateAll, uniquePhone, unixSeconds, webhookRequest, WEBHOOK_SECRET } from "./helpers";
import { createUser, ctx, json, request, sessionCookie } from "./security-helpers";

// #12 defect 4: with a live API key, webhooks signed with the README's public secret are refused (both entry
// points) and the Settings page says so; a rotated secret stays accepted for the grace period set with it.

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((req, res) => handleWebhookRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await truncateAll();
  invalidateConnectlySettings();
});

let cookie: string;
beforeEach(async () => {
  await truncateAll();
  invalidateConnectlySettings();
  cookie = await sessionCookie(await createUser("ADMIN"));
});

const patch = async (body: unknown) =>
  json<{ settings: ConnectlySettingsView; error?: { message: string } }>(
    await settingsRoute.PATCH(request("/api/settings", { method: "PATCH", cookie, body }), ctx()),
  );
const view = async () =>
  (
    await json<{ settings: ConnectlySettingsView }>(
      await settingsRoute.GET(request("/api/settings", { cookie }), ctx()),
    )
  ).body.settings;

const inbound = () =>
  JSON.stringify({
    timestamp: unixSeconds(),
    sender: { id: uniquePhone(), channelType: "whatsapp" },
    recipient: { id: "+14155550100" },
    message: { text: "hi" },
  });

function direct(raw: string, secret: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: "/api/webhooks/connectly",
        method: "POST",
        headers: { "content-type": "text/plain", "x-connectly-hmac-sha256": signWebhookBody(secret, raw) },
      },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(raw);
  });
}

describe("live mode with the public default secret", () => {
  it("refuses webhooks signed with it (503 with the reason, both entry points) and flags it in Settings", async () => {
    // The simulator mode works with zero configuration, the public secret included.
    await patch({ webhookSecret: DEV_WEBHOOK_SECRET });
    expect((await webhookPOST(webhookRequest(inbound(), { secret: DEV_WEBHOOK_SECRET }))).status).toBe(200);
    expect((await view()).webhooksRefused).toBeNull();

    await patch({ apiKey: "cnt_live_real_key_0123456789" });
    const routed = await json<{ error: { message: string } }>(
      await webhookPOST(webhookRequest(inbound(), { secret: DEV_WEBHOOK_SECRET })),
    );
    expect(routed.status).toBe(503);
    expect(routed.body.error.message).toMatch(/public default/);
    const viaNode = await direct(inbound(), DEV_WEBHOOK_SECRET);
    expect(viaNode.status).toBe(503);
    expect(viaNode.body).toMatch(/public default/);
    const settings = await view();
    expect(settings).toMatchObject({ live: true, webhookSecret: { publicDefault: true } });
    expect(settings.webhooksRefused).toMatch(/public default/);

    // A real secret ends it.
    await patch({ webhookSecret: "whsec_real_0123456789" });
    expect((await direct(inbound(), "whsec_real_0123456789")).status).toBe(200);
    expect((await direct(inbound(), DEV_WEBHOOK_SECRET)).status).toBe(401);
    expect((await view()).webhooksRefused).toBeNull();
  });
});

describe("secret rotation", () => {
  it("accepts the previous secret during the grace period set with the new one, audited", async () => {
    const NEW = "whsec_rotated_0123456789";
    const res = await patch({ webhookSecret: NEW, webhookSecretGraceHours: 24 });
    expect(res.status).toBe(200);
    expect(res.body.settings.previousWebhookSecret).toMatchObject({ last4: WEBHOOK_SECRET.slice(-4) });
    expect((await webhookPOST(webhookRequest(inbound(), { secret: NEW }))).status).toBe(200);
    expect((await webhookPOST(webhookRequest(inbound(), { secret: WEBHOOK_SECRET }))).status).toBe(200);
    expect((await direct(inbound(), WEBHOOK_SECRET)).status).toBe(200);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: "settings.updated" },
      orderBy: { at: "desc" },
    });
    expect(audit.details).toMatchObject({
      changes: { previousWebhookSecret: expect.stringMatching(/^accepted until /) },
    });

    // The grace ends: only the new secret.
    await db.workspace.updateMany({ data: { previousWebhookSecretUntil: new Date(Date.now() - 1000) } });
    invalidateConnectlySettings();
    expect((await webhookPOST(webhookRequest(inbound(), { secret: WEBHOOK_SECRET }))).status).toBe(401);
    expect((await view()).previousWebhookSecret).toBeNull();
  });

  it("can stop accepting the previous secret at once; no grace means no previous secret", async () => {
    await patch({ webhookSecret: "whsec_rotated_0123456789", webhookSecretGraceHours: 72 });
    await patch({ endWebhookSecretGrace: true });
    expect((await webhookPOST(webhookRequest(inbound(), { secret: WEBHOOK_SECRET }))).status).toBe(401);
    await patch({ webhookSecret: "whsec_rotated_again_0123" });
    expect(
      (await webhookPOST(webhookRequest(inbound(), { secret: "whsec_rotated_0123456789" }))).status,
    ).toBe(401);
    expect(await db.auditLog.count({ where: { action: "settings.updated" } })).toBe(3);
  });

  it.each([
    [{ webhookSecretGraceHours: 24 }, "webhookSecretGraceHours"],
    [{ webhookSecret: "whsec_rotated_0123456789", webhookSecretGraceHours: 1000 }, "webhookSecretGraceHours"],
    [{ endWebhookSecretGrace: false }, "endWebhookSecretGrace"],
  ])("refuses %j with 422", async (body, field) => {
    const res = await patch(body);
    expect(res.status).toBe(422);
    expect(res.body.error?.message).toContain(field);
  });
});
