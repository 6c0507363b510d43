import { expect } from "@playwright/test";
import { test, injectInbound, newPhone } from "./fixtures";

// Settings → Automation drives the inbox: business hours with today as a holiday (closed all day, whatever the
// hour), the away message on; a customer writes and the away message answers in the thread, with the next opening
// filled in. The settings are put back afterwards (the e2e database is shared by every spec).

const OFF = {
  businessHours: {
    timeZone: "UTC",
    weekly: {
      sun: [],
      mon: [{ start: "09:00", end: "17:00" }],
      tue: [{ start: "09:00", end: "17:00" }],
      wed: [{ start: "09:00", end: "17:00" }],
      thu: [{ start: "09:00", end: "17:00" }],
      fri: [{ start: "09:00", end: "17:00" }],
      sat: [],
    },
    holidays: [],
  },
  away: { enabled: false, text: null, template: null },
};

test.afterEach(async ({ request }) => {
  const res = await request.patch("/api/settings/automation", { data: OFF });
  expect(res.status(), await res.text()).toBe(200);
});

test("configure business hours and see the away message answer a customer", async ({
  page,
  request,
}, testInfo) => {
  await page.goto("/settings");
  const section = page.getByTestId("automation-settings");
  await expect(section.getByRole("heading", { name: "Automation" })).toBeVisible();

  await section.getByLabel("Time zone").fill("UTC");
  // Monday to Friday 09:00–17:00, the weekend closed, and today a holiday: closed now at any hour.
  for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]) {
    const open = section.getByLabel(`Open on ${day}`);
    if (!(await open.isChecked())) await open.check();
  }
  for (const day of ["Saturday", "Sunday"]) {
    const open = section.getByLabel(`Open on ${day}`);
    if (await open.isChecked()) await open.uncheck();
  }
  await section.getByRole("button", { name: "Add holiday" }).click();
  const today = new Date().toISOString().slice(0, 10);
  await expect(section.getByLabel("Holiday 1 date")).toHaveValue(today);
  await section.getByLabel("Holiday 1 name").fill("Company day");
  await expect(section.getByTestId("hours-status")).toContainText("Closed now · opens");

  await section.getByRole("checkbox", { name: "Send the away message" }).check();
  await section
    .getByRole("group", { name: "Away message" })
    .getByRole("textbox", { name: /^Text/ })
    .fill("Thanks! We are closed today and back {{next_opening}}.");
  await section.getByRole("button", { name: "Save automation" }).click();
  await expect(section.getByText("Saved.")).toBeVisible();

  const heading = section.getByRole("heading", { name: "Automation" });
  await heading.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("automation-settings-desktop.png") });
  await section.getByRole("heading", { name: "Away message" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("automation-settings-desktop-away.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, "no horizontal scroll at phone width").toBeLessThanOrEqual(390);
  await heading.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("automation-settings-phone.png") });
  await page.setViewportSize({ width: 1360, height: 860 });

  // A customer writes outside business hours.
  const phone = newPhone();
  const name = `After hours ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "Is anyone there?" });
  await page.goto("/inbox");
  await page.getByTestId("conversation-row").filter({ hasText: name }).click();
  const away = page.getByTestId("message").filter({ hasText: "We are closed today" });
  await expect(away).toBeVisible();
  await expect(away).toHaveAttribute("data-direction", "OUTBOUND");
  await expect(away).toContainText(/back (Mon|Tue|Wed|Thu|Fri) 09:00\./);

  // Once per closed period: a second message gets no second away message.
  await injectInbound(request, { from: phone, name, text: "Hello?" });
  await expect(page.getByTestId("message").filter({ hasText: "Hello?" })).toBeVisible();
  await expect(page.getByTestId("message").filter({ hasText: "We are closed today" })).toHaveCount(1);
});
