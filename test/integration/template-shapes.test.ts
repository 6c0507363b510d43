import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../lib/app-error";
import { db } from "../../lib/db";
import { sendTemplateMessageSchema } from "../../lib/messaging/schemas";
import { sendTemplateMessage } from "../../lib/messaging/send-template-message";
import { invalidateConnectlySettings } from "../../lib/settings/get-connectly-settings";
import { updateConnectlySettings } from "../../lib/settings/update-connectly-settings";
import { listTemplates } from "../../lib/templates/list-templates";
import { syncTemplates } from "../../lib/templates/sync-templates";
import { startHarness, truncateAll, uniquePhone, type Harness } from "./helpers";

// Issue 19 items 1 and 2 against the simulator: templates served only in Meta's native shape are synced and
// sendable (by hand where their variables cannot be derived), and URL-button values are sent in the
// workspace's chosen form whichever form was typed.

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ statusDelayMs: 5 });
});
afterAll(() => harness.close());
beforeEach(async () => {
  await truncateAll();
  await db.template.deleteMany();
  invalidateConnectlySettings();
  await fetch(`${harness.simulator.url}/sim/reset`, { method: "POST" });
  await syncTemplates("manual");
});

async function sentBody(to: string) {
  const res = await fetch(`${harness.simulator.url}/sim/sent`);
  const { requests } = (await res.json()) as { requests: { body: Record<string, unknown> }[] };
  return requests.filter((r) => r.body.number === to).at(-1)?.body;
}

function send(to: string, templateName: string, parameters: { name: string; value: string }[]) {
  return sendTemplateMessage(
    sendTemplateMessageSchema.parse({ to, templateName, language: "en_US", parameters }),
    null,
  );
}

const orderShipped = (button: string) => [
  { name: "header_image", value: "https://cdn.connectly.ai/assets/sim-image.jpg" },
  { name: "body_1", value: "Ana" },
  { name: "body_2", value: "A-1042" },
  { name: "button_1_url", value: button },
];

describe("templates only in Meta's native shape", () => {
  it("are synced with their components and variables", async () => {
    const { templates } = await listTemplates({});
    const promo = templates.find((t) => t.name === "spring_promo_native");
    expect(promo).toMatchObject({
      status: "APPROVED",
      variables: ["header_text", "body_1", "body_2", "button_2_url"],
      variablesDerivable: true,
    });
    expect(promo?.components[0]).toEqual({
      header: { text: { text: "Our {{1}} is on!", example: ["Spring Sale"] } },
    });
    const visit = templates.find((t) => t.name === "store_visit_native");
    expect(visit).toMatchObject({ variablesDerivable: false });
    expect(visit?.components[0]).toMatchObject({ unknown: { kind: "HEADER LOCATION" } });
  });

  it("a template with an unknown kind is sent with hand-entered parameters, judged by Connectly", async () => {
    const to = uniquePhone();
    await send(to, "store_visit_native", [{ name: "body_1", value: "Sam" }]);
    expect(await sentBody(to)).toMatchObject({
      templateName: "store_visit_native",
      parameters: [{ name: "body_1", value: "Sam" }],
    });
  });

  it("the native template's URL button takes a full URL and sends its suffix", async () => {
    const to = uniquePhone();
    await send(to, "spring_promo_native", [
      { name: "header_text", value: "Spring Sale" },
      { name: "body_1", value: "Sunday" },
      { name: "body_2", value: "25OFF" },
      { name: "button_2_url", value: "https://shop.example/promo/spring25" },
    ]);
    expect((await sentBody(to))?.parameters).toContainEqual({ name: "button_2_url", value: "spring25" });
  });
});

describe("URL buttons: suffix or full URL in, the workspace's form out", () => {
  it("sends the suffix by default, whichever form was typed", async () => {
    const [a, b] = [uniquePhone(), uniquePhone()];
    await send(a, "order_shipped", orderShipped("A-1042"));
    await send(b, "order_shipped", orderShipped("https://shop.example/track/A-1042"));
    for (const to of [a, b])
      expect((await sentBody(to))?.parameters).toContainEqual({ name: "button_1_url", value: "A-1042" });
  });

  it("refuses a full URL on another base with a 422 naming the parameter, before anything is sent", async () => {
    const to = uniquePhone();
    const error = await send(to, "order_shipped", orderShipped("https://evil.example/A-1042")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION_FAILED");
    expect((error as AppError).message).toMatch(
      /^button_1_url a full URL must start with the button's base URL https:\/\/shop\.example\/track\//,
    );
    expect(await sentBody(to)).toBeUndefined();
  });

  it("sends full URLs when an admin chooses so", async () => {
    const admin = await db.user.create({
      data: { email: "admin@example.com", name: "Admin", passwordHash: "x", role: "ADMIN" },
    });
    await updateConnectlySettings({ buttonUrlMode: "full" }, admin.id);
    const to = uniquePhone();
    // The simulator implements §14 (suffix only), so it refuses the full URL: what matters is what was sent.
    await send(to, "order_shipped", orderShipped("A-1042")).catch(() => null);
    const res = await fetch(`${harness.simulator.url}/sim/sent`);
    const { rejected } = (await res.json()) as { rejected: { body: Record<string, unknown> }[] };
    const body = rejected.find((r) => r.body.number === to)?.body;
    expect(body?.parameters).toContainEqual({
      name: "button_1_url",
      value: "https://shop.example/track/A-1042",
    });
    const audit = await db.auditLog.findFirst({
      where: { action: "settings.updated" },
      orderBy: { at: "desc" },
    });
    expect(JSON.stringify(audit?.details)).toContain("URL button format");
  });
});
