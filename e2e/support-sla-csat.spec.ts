import { expect, type Page } from "@playwright/test";
import { test, injectInbound, newPhone, sentRequests } from "./fixtures";

// #16 item 7 (rest) and #14 (rest) as people use them: CSAT in the support report, the SLA badge in the inbox list,
// label chips and bulk actions on the contacts page. Screenshots (desktop 1280×800, phone 390×844) go to
// ../_notes/shots/support-*.png.

const SHOTS = "../_notes/shots";
async function shoot(page: Page, name: string) {
  for (const [label, size] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/support-${name}-${label}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test.afterAll(async ({ request }) => {
  await request.put("/api/reports/sla", {
    data: { firstResponseMinutes: null, resolutionHours: null, businessHours: false },
  });
  await request.patch("/api/settings/automation", {
    data: { csat: { enabled: false, text: null, template: null } },
  });
});

test("a customer's CSAT answer shows in the support report (average, distribution, the agent's row)", async ({
  page,
  request,
}) => {
  const on = await request.patch("/api/settings/automation", {
    data: { csat: { enabled: true, text: "How did we do?", template: null } },
  });
  expect(on.status(), await on.text()).toBe(200);
  await page.goto("/inbox");
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live", { timeout: 30_000 });
  const phone = newPhone();
  const name = `Cora ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "Where is my parcel?" });
  await page.getByTestId("conversation-row").filter({ hasText: name }).click();
  await page.getByLabel("Reply").fill("It arrives tomorrow.");
  await page.getByLabel("Reply").press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: "arrives tomorrow" })).toBeVisible();
  await page.getByRole("button", { name: "Resolve", exact: true }).click();

  // The survey went out as a list message; the customer picks 5.
  let rowId = "";
  await expect(async () => {
    const sent = await sentRequests(request);
    const survey = sent.findLast(
      (r) =>
        JSON.stringify(r.body).includes(phone.replace("+", "")) && JSON.stringify(r.body).includes("csat:"),
    );
    const match = /csat:[A-Za-z0-9_-]+:5/.exec(JSON.stringify(survey?.body ?? {}));
    expect(match).not.toBeNull();
    rowId = match![0];
  }).toPass({ timeout: 15_000 });
  await injectInbound(request, { from: phone, name, listReply: { id: rowId, title: "5 – Excellent" } });

  await page.goto("/reports");
  await expect(page.getByRole("heading", { name: "Support reports" })).toBeVisible();
  await expect(page.getByTestId("support-csat")).toContainText("/ 5", { timeout: 30_000 });
  await expect(page.getByTestId("csat-distribution")).toBeVisible();
  await expect(page.getByTestId("csat-response-rate")).toContainText("Response rate");
  const five = page.getByTestId("csat-distribution").getByRole("listitem").first();
  await expect(five).toContainText("5 ★");
  expect(Number((await five.innerText()).split("\n").at(-1)?.replace(/\D/g, ""))).toBeGreaterThanOrEqual(1);
  // The conversation was unassigned when the survey went out, so no agent row is credited (CSAT per agent follows the assignee).
  await page.getByTestId("csat-distribution").scrollIntoViewIfNeeded();
  await shoot(page, "reports");
});

test("the inbox list flags a conversation past its first-response target, live, and filters on it", async ({
  page,
  request,
}) => {
  const put = await request.put("/api/reports/sla", {
    data: { firstResponseMinutes: 5, resolutionHours: 8, businessHours: false },
  });
  expect(put.status(), await put.text()).toBe(200);
  const phone = newPhone();
  const name = `Sami ${phone.slice(-4)}`;
  // The customer wrote 20 minutes ago: 15 minutes over a 5-minute target.
  await injectInbound(request, {
    from: phone,
    name,
    text: "Hello? Anyone there?",
    timestamp: Math.floor(Date.now() / 1000) - 20 * 60,
  });
  await page.goto("/inbox");
  // Written 20 minutes ago, the conversation sorts below everything the suite wrote since: search for this test's two
  // customers (both names end in the same digits) so their rows are in the list.
  await page.getByPlaceholder("Name, phone or text").fill(phone.slice(-4));
  const row = page.getByTestId("conversation-row").filter({ hasText: name });
  await expect(row.getByTestId("sla-badge")).toHaveText(/^SLA: first response overdue 1[56]m$/, {
    timeout: 30_000,
  });
  await expect(row.getByTestId("sla-badge")).toHaveAttribute("data-breached", "true");

  const fresh = `Fia ${phone.slice(-4)}`;
  await injectInbound(request, {
    from: newPhone(),
    name: fresh,
    text: "Hi",
    timestamp: Math.floor(Date.now() / 1000) - 3 * 60,
  });
  const freshRow = page.getByTestId("conversation-row").filter({ hasText: fresh });
  await expect(freshRow.getByTestId("sla-badge")).toHaveText(/^SLA: first response due in [12]m$/, {
    timeout: 30_000,
  });

  await page.getByTestId("sla-filter").check();
  await expect(row).toBeVisible();
  await expect(freshRow).toHaveCount(0);
  await page.getByTestId("sla-filter").uncheck();
  await expect(freshRow).toBeVisible();
  await shoot(page, "inbox-sla");

  // Answering it clears the first-response flag (the resolution target is far off).
  await row.click();
  await page.getByLabel("Reply").fill("Sorry for the wait!");
  await page.getByLabel("Reply").press("Enter");
  await expect(
    page.getByTestId("conversation-row").filter({ hasText: name }).getByTestId("sla-badge"),
  ).toHaveCount(0, { timeout: 30_000 });
});

test("contacts: select a range with Shift, label them in bulk; chips show on the rows and the profile", async ({
  page,
  request,
}) => {
  const tag = String(Date.now() % 100_000);
  const labelName = `Wholesale ${tag}`;
  const created = await request.post("/api/labels", { data: { name: labelName, color: "sky" } });
  expect(created.status(), await created.text()).toBe(201);
  const names = ["Ava", "Ben", "Cal"].map((n) => `${n} Bulk${tag}`);
  for (const n of names) await injectInbound(request, { from: newPhone(), name: n, text: "hi" });

  await page.goto(`/contacts?q=Bulk${tag}`);
  const rows = page.getByTestId("contact-row");
  await expect(rows).toHaveCount(3, { timeout: 30_000 });
  const checks = page.getByTestId("contact-check");
  await checks.nth(0).click();
  await checks.nth(2).click({ modifiers: ["Shift"] });
  const bar = page.getByTestId("contact-bulk-bar");
  await expect(bar).toContainText("3 selected");
  await bar.getByRole("button", { name: "Opt out…" }).click();
  await expect(bar.getByLabel(/Reason/)).toBeVisible();
  await shoot(page, "contacts-bulk");
  await bar.getByRole("button", { name: "Opt out…" }).click();
  await bar.getByLabel("Label selected contacts").selectOption({ label: `+ ${labelName}` });
  await expect(page.getByTestId("contact-bulk-notice")).toHaveText(/3 of 3 selected contacts changed\./);
  for (let i = 0; i < 3; i++) await expect(rows.nth(i).getByTestId("label-chip")).toHaveText(labelName);
  await shoot(page, "contacts-chips");

  await rows.first().click();
  await expect(page.getByTestId("profile-labels").getByTestId("label-chip")).toHaveText(labelName);
});
