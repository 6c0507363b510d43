import { readFile } from "node:fs/promises";
import { expect } from "@playwright/test";
import { test, sentRequests } from "./fixtures";

// The campaign builder end to end: a small CSV (with a bad number and a duplicate) through the column and
// variable mapping, the review, the send, and the live detail page until every recipient is read.

function csvFor(run: string) {
  // Valid US numbers, unique per run; the simulator reads each of them (no …91–…96 ending).
  const phone = (i: number) => `+1 (415) ${run.slice(0, 3)}-${run.slice(3, 5)}${i}0`;
  const rows = [
    "Name;Phone;Appointment date",
    ...[1, 2, 3, 4, 5].map((i) => `Customer ${i};${phone(i)};June ${10 + i}`),
    "Broken;12345;June 1",
    `Again;${phone(1)};June 11`,
  ];
  return rows.join("\n");
}

test("builds a campaign from a CSV, sends it and shows it complete", async ({ page, request }) => {
  // Five digits, the first 2-9 (a US exchange code cannot start with 0 or 1).
  const run = `${2 + (Date.now() % 8)}${String(Date.now()).slice(-4)}`;
  const name = `E2E reminders ${run}`;

  await page.goto("/campaigns");
  await page.getByRole("link", { name: "New campaign" }).first().click();
  await page.getByLabel("Campaign name").fill(name);
  await page.getByLabel("Campaign name").press("Enter");

  await page.getByRole("button", { name: "Use appointment_reminder (en_US)" }).click();

  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "reminders.csv", mimeType: "text/csv", buffer: Buffer.from(csvFor(run)) });
  await expect(page.getByLabel("Phone number or BSUID column")).toHaveValue("Phone");
  await expect(page.getByLabel("Separator")).toHaveValue(";");
  await page.getByRole("button", { name: "Continue to variables" }).click();

  // Name and date are guessed from the template's words; the header and the time are typed.
  const sources = page.getByLabel("Value from");
  await expect(sources.nth(1)).toHaveValue("column:Name");
  await expect(sources.nth(2)).toHaveValue("column:Appointment date");
  await page.getByRole("button", { name: "Import and check the rows" }).click();
  await expect(page.getByText("Choose where this value comes from.").first()).toBeVisible();
  await sources.nth(0).selectOption("fixed");
  await page.getByLabel("Text").nth(0).fill("Dr. Rivera");
  await sources.nth(3).selectOption("fixed");
  await page.getByLabel("Text").nth(1).fill("10:30");
  await page.getByRole("button", { name: "Import and check the rows" }).click();

  const result = page.getByTestId("import-result");
  await expect(result).toContainText("5 of 7 rows added");
  await expect(result).toContainText("1 bad phone number");
  await expect(result).toContainText("1 duplicate");
  const download = page.waitForEvent("download");
  await result.getByRole("link", { name: /Download rejected rows/ }).click();
  const report = await readFile(await (await download).path(), "utf8");
  expect(report).toContain("BAD_NUMBER");
  expect(report).toContain("DUPLICATE");

  await page.getByRole("button", { name: "Continue to review" }).click();
  await expect(page.getByTestId("review-recipients")).toHaveText("5");
  await expect(page.getByTestId("recipient-preview").first()).toContainText(
    "Hi Customer 1, this is a reminder of your appointment on June 11 at 10:30.",
  );
  await page.getByRole("button", { name: "Send to 5 recipients" }).click();
  // Launching is confirmed, with the count.
  const confirm = page.getByRole("dialog", { name: "Send to 5 recipients now?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Send to 5" }).click();

  await expect(page).toHaveURL(/\/campaigns\/[^/]+$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("campaign-status")).toHaveAttribute("data-status", "COMPLETED", {
    timeout: 10_000,
  });
  await expect(page.getByTestId("count-READ")).toContainText("5", { timeout: 10_000 });
  await expect(page.getByTestId("campaign-progress-text")).toContainText("5 of 5 processed");

  const sent = (await sentRequests(request)).filter((r) => r.body.campaignName === name);
  expect(sent).toHaveLength(5);
  expect(sent.map((r) => r.body.number).sort()).toEqual(
    [1, 2, 3, 4, 5].map((i) => `+1415${run.slice(0, 3)}${run.slice(3, 5)}${i}0`).sort(),
  );
  expect(sent[0]?.body).toMatchObject({
    templateName: "appointment_reminder",
    language: "en_US",
    callbackData: { kind: "campaign" },
  });

  await page.getByRole("link", { name: "← Campaigns" }).click();
  const row = page.getByTestId("campaign-row").filter({ hasText: name });
  await expect(row.getByTestId("campaign-status")).toHaveAttribute("data-status", "COMPLETED");
});
