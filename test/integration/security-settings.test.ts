import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as settingsRoute from "../../app/api/settings/route";
import * as testRoute from "../../app/api/settings/test/route";
import { POST as webhookPOST } from "../../app/api/webhooks/connectly/route";
import { connectly } from "../../lib/connectly/config";
import { startSimulator, type RunningSimulator } from "../../lib/connectly/simulator/server";
import { db } from "../../lib/db";
import { encryptSecret } from "../../lib/security/encryption";
import { invalidateConnectlySettings } from "../../lib/settings/get-connectly-settings";
import type { ConnectlySettingsView } from "../../lib/settings/get-settings-view";
import { truncateAll, uniquePhone, unixSeconds, webhookRequest, WEBHOOK_SECRET } from "./helpers";
import { createUser, ctx, json, request, sessionCookie } from "./security-helpers";

// The Connectly connection saved from the Settings page: encrypted at rest, never sent back whole, used at once by
// the upstream client and the webhook route, env values as the defaults.

const GOOD_KEY = "cnt_live_good_key_0123456789";
const NEW_SECRET = "whsec_saved_in_settings_4321";

// The Connectly simulator on the test upstream port, accepting one key only: a call that succeeds went out with it.
// It notes the business id of each call it accepted.
let upstream: RunningSimulator;
const startUpstream = async () => {
  upstream = await startSimulator({ port: Number(process.env.TEST_SIMULATOR_PORT), apiKey: GOOD_KEY });
};
/** The number of template groups the simulator answers get/templates with (what the test should report). */
async function upstreamTemplateCount(): Promise<number> {
  const res = await fetch(`${upstream.url}/v1/businesses/probe/get/templates`, {
    method: "POST",
    headers: { "x-api-key": GOOD_KEY },
  });
  const body = (await res.json()) as { entity: { templateGroups: unknown[] } };
  return body.entity.templateGroups.length;
}
beforeAll(startUpstream);
afterAll(async () => {
  await upstream.close();
  await truncateAll();
  invalidateConnectlySettings(); // the cache is process-wide: later test files must not see these settings
});

let cookie: string;
beforeEach(async () => {
  await truncateAll();
  invalidateConnectlySettings();
  upstream.state.businessIds.clear();
  cookie = await sessionCookie(await createUser("ADMIN"));
});

const getSettings = async () =>
  json<{ settings: ConnectlySettingsView }>(
    await settingsRoute.GET(request("/api/settings", { cookie }), ctx()),
  );
const patch = async (body: unknown) =>
  json<{ settings: ConnectlySettingsView; error?: { message: string } }>(
    await settingsRoute.PATCH(request("/api/settings", { method: "PATCH", cookie, body }), ctx()),
  );
const testConnection = async (body: unknown = {}) =>
  json<{ result: { ok: boolean; title: string; cause?: string; action?: string; message?: string } }>(
    await testRoute.POST(request("/api/settings/test", { cookie, body }), ctx()),
  );

describe("settings", () => {
  it("default to the environment, and show secrets only as their last four characters", async () => {
    const res = await getSettings();
    expect(res.status).toBe(200);
    expect(res.body.settings.businessId).toEqual({ value: "demo-business", source: "environment" });
    expect(res.body.settings.webhookSecret).toMatchObject({
      set: true,
      last4: WEBHOOK_SECRET.slice(-4),
      source: "environment",
    });
    expect(JSON.stringify(res.body)).not.toContain(WEBHOOK_SECRET);
  });

  it("save secrets encrypted (AES-256-GCM) and never answer them back", async () => {
    const res = await patch({
      apiKey: GOOD_KEY,
      webhookSecret: NEW_SECRET,
      businessId: "biz-42",
      defaultSender: "+14155550100",
    });
    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({
      apiKey: { set: true, last4: "6789", source: "saved" },
      webhookSecret: { set: true, last4: "4321", source: "saved" },
      businessId: { value: "biz-42", source: "saved" },
      defaultSender: { value: "+14155550100", source: "saved" },
    });
    const wire = JSON.stringify(res.body) + JSON.stringify((await getSettings()).body);
    expect(wire).not.toContain(GOOD_KEY);
    expect(wire).not.toContain(NEW_SECRET);
    const row = await db.workspace.findFirstOrThrow();
    expect(row.apiKeyEncrypted).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(GOOD_KEY);
    expect(JSON.stringify(row)).not.toContain(NEW_SECRET);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "settings.updated" } });
    expect(audit.details).toEqual({
      changes: { apiKey: "saved", webhookSecret: "saved", businessId: "saved", defaultSender: "saved" },
      summary: "Saved business ID, API key, webhook secret, default sender",
    });
    expect(JSON.stringify(audit)).not.toContain(GOOD_KEY);
  });

  it("take effect at once for upstream calls (key and business id), through the same connectly() client", async () => {
    await expect(connectly().getTemplates()).rejects.toMatchObject({ status: 401 });
    await patch({ apiKey: GOOD_KEY, businessId: "biz-42" });
    const templates = await connectly().getTemplates();
    expect([...upstream.state.businessIds]).toEqual(["biz-42"]);
    expect(templates.entity?.templateGroups).toHaveLength(await upstreamTemplateCount());
  });

  it("take effect at once for webhook signatures; null goes back to the environment's secret", async () => {
    const body = {
      timestamp: unixSeconds(),
      sender: { id: uniquePhone(), channelType: "whatsapp" },
      recipient: { id: "+14155550100" },
      message: { text: "hi" },
    };
    expect((await webhookPOST(webhookRequest(body))).status).toBe(200);
    await patch({ webhookSecret: NEW_SECRET });
    expect((await webhookPOST(webhookRequest(body))).status).toBe(401);
    expect((await webhookPOST(webhookRequest(body, { secret: NEW_SECRET }))).status).toBe(200);
    await patch({ webhookSecret: null });
    expect((await webhookPOST(webhookRequest(body))).status).toBe(200);
  });

  it("a saved value that no longer decrypts is flagged and the environment's is used", async () => {
    await db.workspace.create({
      data: {
        name: "W",
        webhookSecretEncrypted: encryptSecret(
          "old-secret-value",
          "another-key".repeat(4),
          "workspace.webhookSecret",
        ),
      },
    });
    const res = await getSettings();
    expect(res.body.settings.webhookSecret).toMatchObject({
      unreadable: true,
      source: "environment",
      last4: WEBHOOK_SECRET.slice(-4),
    });
  });

  it.each([
    [{ defaultSender: "12345" }, "defaultSender"],
    [{ apiKey: "short" }, "apiKey"],
    [{ businessId: "has spaces" }, "businessId"],
    [{ somethingElse: true }, "somethingElse"],
    [{}, "nothing to change"],
  ])("refuse %j with 422 naming the problem", async (body, field) => {
    const res = await patch(body);
    expect(res.status).toBe(422);
    expect(res.body.error?.message.toLowerCase()).toContain(field.toLowerCase());
    expect(await db.workspace.count()).toBe(0);
  });
});

describe("test connection", () => {
  it("explains a rejected key in plain words (error catalogue) and audits the test", async () => {
    const res = await testConnection();
    expect(res.status).toBe(200);
    expect(res.body.result).toMatchObject({ ok: false, title: "Connectly rejected the API key" });
    expect(res.body.result.action).toMatch(/API key/);
    expect(`${res.body.result.title} ${res.body.result.action}`).not.toMatch(/ERROR_(CODE|TYPE)_/);
    expect(
      await db.auditLog.findFirstOrThrow({ where: { action: "settings.connection_tested" } }),
    ).toMatchObject({ details: expect.objectContaining({ ok: false }) });
  });

  it("can try a typed key before it is saved, and reports what it found", async () => {
    const res = await testConnection({ apiKey: GOOD_KEY, businessId: "biz-typed" });
    expect(res.body.result).toMatchObject({ ok: true, title: "Connected to Connectly" });
    expect(res.body.result.message).toContain(`biz-typed: ${await upstreamTemplateCount()} templates found`);
    expect([...upstream.state.businessIds]).toEqual(["biz-typed", "probe"]);
    expect(await db.workspace.count()).toBe(0); // nothing saved by a test
  });

  it("a typed key that Connectly refuses is explained to the admin who typed it, not sent to an administrator", async () => {
    const res = await testConnection({ apiKey: "cnt_live_typed_but_wrong_1234" });
    expect(res.body.result).toMatchObject({ ok: false, title: "Connectly rejected the API key" });
    expect(res.body.result.cause).toMatch(/key you just typed/);
    expect(res.body.result.action).toMatch(/Nothing was saved/);
    expect(`${res.body.result.cause} ${res.body.result.action}`).not.toMatch(
      /administrator|server configuration/i,
    );
  });

  it("reports an unreachable upstream without failing the request", async () => {
    await upstream.close();
    try {
      const res = await testConnection({ apiKey: GOOD_KEY });
      expect(res.body.result).toMatchObject({ ok: false, title: "Connectly unreachable" });
    } finally {
      await startUpstream();
    }
  });
});
