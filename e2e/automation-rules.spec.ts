import { expect } from "@playwright/test";
import { test, injectInbound, newPhone } from "./fixtures";

// Settings → Automation rules drives the inbox: a rule made in the form (keyword → label + quick reply), previewed
// as a dry run, then a customer writes the keyword and the quick reply answers in the thread. And the campaign
// review step with send policies on (quiet hours that cover Tokyo right now). Everything created is removed after
// (the e2e database is shared by every spec).

const SHOTS = "/work/wt/_notes/shots";
// The campaign builder and a production build on a busy machine: more than the default minute.
test.describe.configure({ timeout: 180_000 });
const POLICIES_OFF = {
  campaignPolicies: {
    quietHours: { enabled: false, start: "21:00", end: "08:00" },
    contactCap: { enabled: false, maxMessages: 1, windowHours: 24 },
    limitRetry: { enabled: false, delayHours: 24 },
  },
};

test("configure a rule in Settings and see it answer a customer's message", async ({ page, request }) => {
  const run = String(Date.now()).slice(-6);
  const keyword = `invoice${run}`;
  const label = await request.post("/api/labels", { data: { name: `Billing ${run}`, color: "amber" } });
  expect(label.status(), await label.text()).toBe(201);
  const quick = await request.post("/api/canned-responses", {
    data: {
      shortcut: `billing-${run}`,
      title: `Billing help ${run}`,
      body: `Hi {{name}}, billing answers here (${run}).`,
    },
  });
  expect(quick.status(), await quick.text()).toBe(201);

  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/settings");
    const section = page.getByTestId("automation-rules");
    await expect(section.getByRole("heading", { name: "Automation rules" })).toBeVisible();
    await section.getByRole("button", { name: "New rule" }).click();
    const form = section.getByRole("form", { name: "New rule" });
    await form.locator('input[name="rule-name"]').fill(`Billing ${run}`);
    await form.getByLabel("Keywords (comma-separated)").fill(`${keyword}, refund${run}`);
    await form.getByLabel("Label to add").selectOption({ label: `Billing ${run}` });
    await form.getByRole("button", { name: "Add action" }).click();
    await form.getByLabel("Action 2", { exact: true }).selectOption("reply");
    await form.getByLabel("Quick reply").selectOption({ label: `Billing help ${run} (/billing-${run})` });

    // A risky pattern is refused with the reason, next to the condition.
    await form.getByRole("button", { name: "Add condition" }).click();
    await form.getByLabel("Condition 2", { exact: true }).selectOption("regex");
    await form.getByLabel("Pattern").fill("(a+)+$");
    await form.getByRole("button", { name: "Add rule" }).click();
    await expect(form.getByText(/cannot repeat a group/).first()).toBeVisible();
    await form.getByRole("button", { name: "Remove condition 2" }).click();

    await form.getByRole("button", { name: "Preview on recent messages" }).click();
    await expect(form.getByTestId("rule-preview")).toContainText("customer messages would match");
    await expect(form.getByTestId("rule-preview")).toContainText(
      `Reply with the quick reply “Billing help ${run}”`,
    );
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/automation-rules-editor-desktop.png` });
    await form.getByRole("button", { name: "Add rule" }).click();
    const row = section.getByTestId("rule-row").filter({ hasText: `Billing ${run}` });
    await expect(row).toBeVisible();
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/automation-rules-desktop.png` });

    await page.setViewportSize({ width: 390, height: 844 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, "no horizontal scroll at phone width").toBeLessThanOrEqual(390);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/automation-rules-phone.png` });
    await page.setViewportSize({ width: 1280, height: 800 });

    // The customer writes the keyword: the quick reply answers in the thread and the label is on the conversation.
    const phone = newPhone();
    const name = `Rule customer ${run}`;
    await injectInbound(request, { from: phone, name, text: `Where is my ${keyword.toUpperCase()}?` });
    await page.goto("/inbox");
    await page.getByTestId("conversation-row").filter({ hasText: name }).click();
    const reply = page.getByTestId("message").filter({ hasText: `billing answers here (${run})` });
    await expect(reply).toBeVisible();
    await expect(reply).toHaveAttribute("data-direction", "OUTBOUND");
    await expect(reply).toContainText("Hi Rule,");
    await expect(page.getByTestId("conversation-row").filter({ hasText: name })).toContainText(
      `Billing ${run}`,
    );
  } finally {
    const rules = (await (await request.get("/api/settings/automation/rules")).json()) as {
      rules: { id: string; name: string }[];
    };
    for (const rule of rules.rules.filter((r) => r.name.includes(run)))
      await request.delete(`/api/settings/automation/rules/${rule.id}`);
  }
});

test("the campaign review step shows who is in quiet hours now and when they go", async ({
  page,
  request,
}) => {
  // Quiet hours that hold Tokyo right now (the two hours from its current hour), and the other policies on.
  const tokyoHour = Number(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", hour: "2-digit", hourCycle: "h23" }).format(
      new Date(),
    ),
  );
  const hh = (h: number) => `${String(h % 24).padStart(2, "0")}:00`;
  const on = await request.patch("/api/settings/automation", {
    data: {
      campaignPolicies: {
        quietHours: { enabled: true, start: hh(tokyoHour), end: hh(tokyoHour + 2) },
        contactCap: { enabled: true, maxMessages: 1, windowHours: 24 },
        limitRetry: { enabled: true, delayHours: 24 },
      },
    },
  });
  expect(on.status(), await on.text()).toBe(200);
  try {
    const run = `${2 + (Date.now() % 8)}${String(Date.now()).slice(-4)}`;
    const rows = [
      "Name;Phone;Appointment date",
      ...[1, 2].map((i) => `US ${i};+1 (415) ${run.slice(0, 3)}-${run.slice(3, 5)}${i}0;June ${10 + i}`),
      ...[1, 2, 3].map((i) => `JP ${i};+81 90 ${run.slice(0, 4)} ${i}0${i}0;June ${10 + i}`),
    ];
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/campaigns");
    await page.getByRole("link", { name: "New campaign" }).first().click();
    await page.getByLabel("Campaign name").fill(`E2E quiet hours ${run}`);
    await page.getByLabel("Campaign name").press("Enter");
    await page.getByRole("button", { name: "Use appointment_reminder (en_US)" }).click();
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "quiet.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
    await page.getByRole("button", { name: "Continue to variables" }).click();
    const sources = page.getByLabel("Value from");
    await sources.nth(0).selectOption("fixed");
    await page.getByLabel("Text").nth(0).fill("Dr. Rivera");
    await sources.nth(3).selectOption("fixed");
    await page.getByLabel("Text").nth(1).fill("10:30");
    await page.getByRole("button", { name: "Import and check the rows" }).click();
    await expect(page.getByTestId("import-result")).toContainText("5 of 5 rows added");
    await page.getByRole("button", { name: "Continue to review" }).click();

    const panel = page.getByTestId("send-policies-review");
    await expect(panel).toContainText(`Quiet hours ${hh(tokyoHour)}–${hh(tokyoHour + 2)}`);
    await expect(panel.getByTestId("quiet-now")).toContainText("3 recipients are in quiet hours now");
    await expect(panel).toContainText("3 in Asia/Tokyo:");
    await expect(panel).toContainText("At most 1 marketing message per contact in 24 h");
    await expect(panel).toContainText("retried once after 24 h, never at once");
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/automation-campaign-review-desktop.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, "no horizontal scroll at phone width").toBeLessThanOrEqual(390);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/automation-campaign-review-phone.png` });
  } finally {
    const off = await request.patch("/api/settings/automation", { data: POLICIES_OFF });
    expect(off.status(), await off.text()).toBe(200);
  }
});
