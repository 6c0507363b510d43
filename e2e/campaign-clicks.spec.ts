import { mkdirSync } from "node:fs";
import { expect } from "@playwright/test";
import { test, SIMULATOR } from "./fixtures";

// Clicks end to end: a template campaign from a CSV is sent through the simulator, the simulator completes a
// campaign report run for it (two customers clicked, one opted out), its `report` webhook reaches the app (registered
// by the app at start-up), the CSV is imported, and the campaign's analytics show the Clicked stage and the clicks.

const SHOTS = "/work/wt/_notes/shots";

test("a report run's clicks show in the campaign's funnel and recipient table", async ({ page, request }) => {
  test.setTimeout(240_000);
  const run = `${2 + (Date.now() % 8)}${String(Date.now()).slice(-4)}`;
  const name = `E2E clicks ${run}`;
  const phone = (i: number) => `+1415${run.slice(0, 3)}${run.slice(3, 5)}${i}0`;

  await page.goto("/campaigns");
  await page.getByRole("link", { name: "New campaign" }).first().click();
  await page.getByLabel("Campaign name").fill(name);
  await page.getByLabel("Campaign name").press("Enter");
  await page.getByRole("button", { name: "Use appointment_reminder (en_US)" }).click();
  const csv = [
    "Name,Phone,Appointment date",
    ...[1, 2, 3, 4].map((i) => `Customer ${i},${phone(i)},June ${10 + i}`),
  ].join("\n");
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "clicks.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Continue to variables" }).click();
  const sources = page.getByLabel("Value from");
  await sources.nth(0).selectOption("fixed");
  await page.getByLabel("Text").nth(0).fill("Dr. Rivera");
  await sources.nth(3).selectOption("fixed");
  await page.getByLabel("Text").nth(1).fill("10:30");
  await page.getByRole("button", { name: "Import and check the rows" }).click();
  await expect(page.getByTestId("import-result")).toContainText("4 of 4 rows added");
  await page.getByRole("button", { name: "Continue to review" }).click();
  await page.getByRole("button", { name: "Send to 4 recipients" }).click();
  await page
    .getByRole("dialog", { name: "Send to 4 recipients now?" })
    .getByRole("button", { name: "Send to 4" })
    .click();
  await expect(page).toHaveURL(/\/campaigns\/[^/]+$/);
  await expect(page.getByTestId("campaign-status")).toHaveAttribute("data-status", "COMPLETED", {
    timeout: 20_000,
  });
  await expect(page.getByTestId("count-READ")).toContainText("4", { timeout: 20_000 });
  const campaignId = new URL(page.url()).pathname.split("/").pop()!;

  // Connectly's report run for the campaign: customer 1 clicked two links, customer 2 a button; customer 3 opted out.
  const completed = await request.post(`${SIMULATOR}/sim/reports/complete`, {
    data: {
      campaignName: name,
      clicks: [
        { to: phone(1), links: 2 },
        { to: phone(2), buttons: 1 },
      ],
      optOuts: [phone(3)],
    },
  });
  expect(completed.ok()).toBe(true);
  const body = (await completed.json()) as { rows: number; delivery: { status: number | null } };
  expect(body.rows).toBe(4);
  expect(body.delivery.status).toBe(200);

  await page.goto(`/analytics/campaigns/${campaignId}`);
  await expect(page.getByRole("heading", { name })).toBeVisible({ timeout: 30_000 });
  // Imported in the background after the webhook's answer: the funnel shows it on a later refresh.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("funnel-total")).toHaveText("4", { timeout: 20_000 });
    await expect(page.getByTestId("funnel-clicked")).toHaveText("2", { timeout: 3_000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByTestId("funnel-clicked-rate")).toHaveText("50.0%");

  await page.getByLabel("Status").selectOption("CLICKED");
  await expect(page.getByTestId("recipient-row")).toHaveCount(2, { timeout: 20_000 });
  await expect(
    page
      .getByTestId("recipient-row")
      .filter({ hasText: phone(1).slice(-4) })
      .getByTestId("recipient-clicks"),
  ).toContainText("2 links");
  await expect(
    page
      .getByTestId("recipient-row")
      .filter({ hasText: phone(2).slice(-4) })
      .getByTestId("recipient-clicks"),
  ).toContainText("1 button");
  await page.getByLabel("Status").selectOption("");
  await expect(page.getByTestId("recipient-row").filter({ hasText: phone(3).slice(-4) })).toContainText(
    "Opted out after this send",
  );

  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId("funnel-clicked").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/clicks-desktop.png` });
  await page.getByTestId("recipient-row").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/clicks-desktop-table.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId("funnel-clicked").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/clicks-phone.png` });
});
