import { expect } from "@playwright/test";
import { test, injectInbound, newPhone } from "./fixtures";

// Support reports (#16 item 7) as a support lead uses them: a customer writes, an agent answers and resolves, and
// the report counts it, with the agent's row, the heatmap, a target set on the page and a CSV download.

test("a conversation answered and resolved shows up in the support report, targets are saved, CSV downloads", async ({
  page,
  request,
}) => {
  await page.goto("/inbox");
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live");
  const phone = newPhone();
  const name = `Rita ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "Is my refund through?" });
  await page.getByTestId("conversation-row").filter({ hasText: name }).click();
  await page.getByLabel("Reply").fill("Yes, it went out this morning.");
  await page.getByLabel("Reply").press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: "went out this morning" })).toBeVisible();
  await page.getByRole("button", { name: "Resolve", exact: true }).click();

  await page.goto("/reports");
  await expect(page.getByRole("heading", { name: "Support reports" })).toBeVisible();
  const opened = Number((await page.getByTestId("support-opened").innerText()).replace(/\D/g, ""));
  expect(opened).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId("support-first-response")).not.toHaveText("–");
  await expect(page.getByTestId("support-resolution")).not.toHaveText("–");
  const me = page.getByTestId("agent-row").filter({ hasText: "Admin" }).first();
  await expect(me).toBeVisible();
  await expect(page.getByTestId("heatmap")).toBeVisible();
  await expect(page.getByTestId("first-response-chart")).toBeVisible();

  // A target, checked in the browser with the route's schema, then saved.
  await page.getByLabel("First response within").fill("0");
  await page.getByRole("button", { name: "Save targets" }).click();
  await expect(page.getByText("first response target must be at least 1 minute.")).toBeVisible();
  await page.getByLabel("First response within").fill("15");
  await page.getByLabel("Resolved within").fill("8");
  await page.getByRole("button", { name: "Save targets" }).click();
  await expect(page.getByText("Saved. Breaches are counted against the new targets.")).toBeVisible();
  await expect(page.getByTestId("sla-first-response")).toContainText("missed the 15 min target");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^support-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await (await file.createReadStream()).toArray();
  expect(Buffer.concat(text).toString("utf8")).toContain(name);

  for (const size of [
    { width: 1360, height: 860 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `test-results/screens/reports-${size.width}.png`, fullPage: true });
  }
});
