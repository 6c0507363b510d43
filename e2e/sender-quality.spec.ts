import { expect, type APIRequestContext } from "@playwright/test";
import { test, SIMULATOR } from "./fixtures";

// Number quality and messaging limits: the review shows the sender's quality and tier (and warns when the
// audience is larger than the tier), and lowering the sender's quality in the simulator pauses the running
// campaign with the reason on its page. The simulator's quality is restored at the end for the other specs.

async function setQuality(request: APIRequestContext, data: Record<string, string>) {
  const res = await request.post(`${SIMULATOR}/sim/quality`, { data });
  expect(res.ok(), await res.text()).toBe(true);
}

test("a quality drop pauses a running campaign, with the reason on screen", async ({ page, request }) => {
  test.setTimeout(120_000);
  const run = `${2 + (Date.now() % 8)}${String(Date.now()).slice(-4)}`;
  const name = `E2E quality ${run}`;
  const rows = [
    "Name;Phone;Appointment date",
    ...Array.from({ length: 60 }, (_, i) => `Customer ${i};+1415${run}${String(i).padStart(2, "0")};June 10`),
  ];
  // A 50-customer tier: the 60-recipient audience is over it.
  await setQuality(request, { qualityScore: "HIGH", messagesLimitTier: "50" });
  try {
    await page.goto("/campaigns");
    await page.getByRole("link", { name: "New campaign" }).first().click();
    await page.getByLabel("Campaign name").fill(name);
    await page.getByLabel("Campaign name").press("Enter");
    await page.getByRole("button", { name: "Use appointment_reminder (en_US)" }).click();
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "q.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
    await expect(page.getByLabel("Phone number or BSUID column")).toHaveValue("Phone");
    await page.getByRole("button", { name: "Continue to variables" }).click();
    const sources = page.getByLabel("Value from");
    await sources.nth(0).selectOption("fixed");
    await page.getByLabel("Text").nth(0).fill("Dr. Rivera");
    await sources.nth(3).selectOption("fixed");
    await page.getByLabel("Text").nth(1).fill("10:30");
    await page.getByRole("button", { name: "Import and check the rows" }).click();
    await expect(page.getByTestId("import-result")).toContainText("60 of 60 rows added");
    await page.getByRole("button", { name: "Continue to review" }).click();

    const notice = page.getByTestId("review-sender-quality");
    await expect(notice).toContainText("quality high");
    await expect(notice).toContainText("more than this number may reach in 24 hours (50 unique customers)");
    // Slow enough to still be running when the quality drops.
    await page.getByLabel("Pace (messages per second)").fill("1");
    await page.getByLabel("Pace (messages per second)").press("Enter");
    await page.getByRole("button", { name: "Send to 60 recipients" }).click();
    await page
      .getByRole("dialog", { name: "Send to 60 recipients now?" })
      .getByRole("button", { name: "Send to 60" })
      .click();
    await expect(page).toHaveURL(/\/campaigns\/[^/]+$/);
    await expect(page.getByTestId("campaign-status")).toHaveAttribute("data-status", "RUNNING", {
      timeout: 10_000,
    });

    await setQuality(request, { qualityScore: "LOW" });
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("paused-reason")).toContainText(
        "Sender number's quality dropped to low",
        { timeout: 2_000 },
      );
    }).toPass({ timeout: 30_000 });
    await expect(page.getByTestId("campaign-status")).toHaveAttribute("data-status", "PAUSED");
    await page.screenshot({ path: "test-results/campaign-quality-paused-desktop.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/campaign-quality-paused-phone.png", fullPage: true });
    await page.setViewportSize({ width: 1360, height: 860 });

    await page.goto("/audit");
    await expect(
      page.getByRole("cell", { name: "Campaign paused (sender quality low)" }).first(),
    ).toBeVisible();

    await page.goto("/settings");
    await expect(page.getByTestId("sender-quality").first()).toContainText("Quality: Low");
  } finally {
    await setQuality(request, { qualityScore: "HIGH", messagesLimitTier: "10K" });
  }
});
