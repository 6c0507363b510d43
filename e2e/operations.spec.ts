import { expect } from "@playwright/test";
import { test } from "./fixtures";

// Operations as deployed by `npm start`: the anonymous probes, and the webhook retention on the Settings page.

test("health and readiness answer without a session, in JSON", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
  });
  const health = await anonymous.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok" });
  // npm start runs a campaign worker next to the app: ready once its heartbeat is in.
  await expect.poll(async () => (await anonymous.get("/api/ready")).status(), { timeout: 20_000 }).toBe(200);
  const ready = (await (await anonymous.get("/api/ready")).json()) as {
    checks: Record<string, { ok: boolean }>;
  };
  expect(ready.checks).toMatchObject({
    database: { ok: true },
    listener: { ok: true },
    worker: { ok: true },
  });
  // No METRICS_TOKEN in this deployment: the metrics endpoint does not exist.
  expect((await anonymous.get("/api/metrics")).status()).toBe(404);
  await anonymous.dispose();
});

test("an admin changes the webhook retention on the Settings page", async ({ page }) => {
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Webhook event retention" });
  const days = section.getByLabel("Keep webhook events for");
  await expect(days).toHaveValue("30");
  await expect(section.getByLabel("Keep invalid ones for")).toHaveValue("90");

  await days.fill("0");
  await section.getByRole("button", { name: "Save retention" }).click();
  await expect(section.getByText("must be at least 1 day")).toBeVisible();

  await days.fill("14");
  await section.getByRole("button", { name: "Save retention" }).click();
  await expect(section.getByText("Saved.")).toBeVisible();
  await expect(section.getByText("Saved value.")).toBeVisible();
  await page.screenshot({ path: "test-results/settings-retention-desktop.png", fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/settings-retention-phone.png", fullPage: true });

  await section.getByRole("button", { name: "Back to the defaults" }).click();
  await expect(days).toHaveValue("30");

  await page.goto("/audit");
  await expect(page.getByRole("cell", { name: "Webhook retention changed" }).first()).toBeVisible();
});
