import { expect } from "@playwright/test";
import { test, injectInbound, newPhone, SIMULATOR } from "./fixtures";

// Settings → Connectly webhooks against `npm start`'s simulator: the app registered itself at start-up; an admin
// removes one topic (the simulator then delivers nothing for it), connects again and sees both topics verified.
// The test ends with both topics registered to the app, as every other spec needs.

test("an admin connects the webhooks in Settings and sees both topics verified", async ({
  page,
  request,
}) => {
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Connectly webhooks" });
  const messages = section.getByTestId("webhook-topic-messages");
  const statuses = section.getByTestId("webhook-topic-delivery_status");
  // Registered at start-up (zero configuration).
  await expect(messages.getByTestId("webhook-address")).toContainText("/api/webhooks/connectly");
  await expect(statuses.getByTestId("webhook-address")).toContainText("/api/webhooks/connectly");
  // APP_URL here is http://localhost: not an address the real Connectly could reach.
  await expect(section.getByTestId("webhook-address-warning")).toContainText(
    "Connectly cannot reach this address",
  );

  await messages.getByRole("button", { name: "Remove…" }).click();
  await messages.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(messages.getByTestId("webhook-status")).toHaveText("Not registered");
  const lost = await (
    await request.post(`${SIMULATOR}/sim/inbound`, {
      data: { from: newPhone(), name: "Nobody Listening", text: "hello?" },
    })
  ).json();
  expect(lost).toMatchObject({
    delivery: { status: null, error: expect.stringMatching(/no webhook registered/) },
  });

  await section.getByRole("button", { name: "Connect" }).click();
  await expect(section.getByText("Connected; see each topic's check below.")).toBeVisible({
    timeout: 20_000,
  });
  await expect(messages.getByTestId("webhook-status")).toHaveText("Verified");
  await expect(statuses.getByTestId("webhook-status")).toHaveText("Verified");
  await expect(messages.getByTestId("webhook-check")).toContainText("came back");

  // Connectly's own deliveries arrive again, and the topic shows when it last heard from Connectly.
  const delivered = await injectInbound(request, {
    from: newPhone(),
    name: "Back Again",
    text: "hello again",
  });
  expect(delivered).toMatchObject({ delivery: { status: 200 } });
  await section.getByRole("button", { name: "Run check" }).click();
  await expect(section.getByText("Check finished.")).toBeVisible({ timeout: 20_000 });
  await expect(messages.getByTestId("webhook-last-event")).toHaveText(/just now|minute/);

  const registrations = (await (
    await request.get(`${SIMULATOR}/v1/businesses/demo-business/webhooks`, {
      headers: { "x-api-key": "sim_test_key" },
    })
  ).json()) as {
    entity: { webhooks: { topic: string }[] };
  };
  // The report topic too: campaign report runs are imported when their webhook arrives.
  expect(registrations.entity.webhooks.map((w) => w.topic).sort()).toEqual([
    "delivery_status",
    "messages",
    "report",
  ]);

  await page.screenshot({ path: "test-results/settings-webhooks-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await section.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.screenshot({ path: "test-results/settings-webhooks-phone.png", fullPage: true });
});
