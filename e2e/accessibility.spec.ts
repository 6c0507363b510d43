import { expect, type Browser, type Page } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe-scan";
import { contactIdByPhone, seedCampaign } from "./seed-db";
import { test, injectInbound, newPhone } from "./fixtures";

// Every page of the app scanned with axe (WCAG 2.0/2.1 A and AA): at desktop size in the light theme, the main
// pages at phone size (390 x 844) and in the dark theme. Serious and critical violations fail the test; each page
// is a soft failure, so one run names every page's problems (rule, elements, advice).

const A11Y_CAMPAIGN = {
  idPrefix: "a11y",
  phonePrefix: "+4477009",
  states: ["READ", "READ", "DELIVERED", "SENT", "FAILED"],
} as const satisfies Parameters<typeof seedCampaign>[1];

const heading = (page: Page, name: string | RegExp) =>
  expect(page.getByRole("heading", { name }).first()).toBeVisible();

function csvFor(run: string) {
  const phone = (i: number) => `+1 (415) ${run.slice(0, 3)}-${run.slice(3, 5)}${i}0`;
  return [
    "Name;Phone;Appointment date",
    ...[1, 2].map((i) => `Customer ${i};${phone(i)};June ${10 + i}`),
  ].join("\n");
}

async function syncLibrary(page: Page) {
  await page.goto("/templates");
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("library-notice")).toContainText(/Synced|already running/, {
    timeout: 30_000,
  });
  await expect(
    page.getByTestId("template-row").filter({ hasText: "appointment_reminder" }).first(),
  ).toBeVisible();
}

/** The signed-out pages (sign-in, an invite link, a bad invite link) in a fresh context. */
async function scanSignedOut(
  browser: Browser,
  inviteUrl: string | null,
  options: { dark?: boolean; phone?: boolean },
) {
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    colorScheme: options.dark ? "dark" : "light",
    ...(options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  const label = options.dark ? " (dark)" : options.phone ? " (phone)" : "";
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expectNoSeriousViolations(page, `/login${label}`);
  // A failed sign-in shows its error.
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
  await expectNoSeriousViolations(page, `/login with an error${label}`);
  if (inviteUrl) {
    await page.goto(inviteUrl);
    await heading(page, "Join the team");
    await expectNoSeriousViolations(page, `/accept-invite${label}`);
  }
  await page.goto("/accept-invite/not-a-real-token");
  await expect(page.locator("main, body").first()).toBeVisible();
  await expectNoSeriousViolations(page, `/accept-invite with a bad token${label}`);
  await context.close();
}

test("every page at desktop size has no serious or critical axe violations", async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(420_000);
  const phone = newPhone();
  const name = `Axe ${phone.slice(-4)}`;
  await injectInbound(request, {
    from: phone,
    name,
    text: "Hello, is my parcel on its way? https://example.com/t/1",
  });
  const campaignName = `Axe campaign ${Date.now()}`;
  const campaignId = await seedCampaign(campaignName, A11Y_CAMPAIGN);

  // Inbox: the list, an open thread, the contact panel, the template send dialog from the thread.
  await page.goto("/inbox");
  const row = page.getByTestId("conversation-row").filter({ hasText: name });
  await expect(row).toBeVisible({ timeout: 30_000 }); // the first page after the server started, on a busy machine
  await expectNoSeriousViolations(page, "/inbox");
  await row.click();
  await expect(page.getByTestId("thread-title")).toHaveText(name);
  await expect(page.getByTestId("message").first()).toBeVisible();
  await expectNoSeriousViolations(page, "/inbox with a thread open");
  const toggle = page.getByRole("button", { name: /contact details/ }).last();
  if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
  await expect(page.getByTestId("contact-panel")).toBeVisible();
  await expectNoSeriousViolations(page, "/inbox with the contact panel");

  // Templates: the library, the send dialog (picker, then the variable form), the new template form.
  await syncLibrary(page);
  await expectNoSeriousViolations(page, "/templates");
  await page.getByRole("button", { name: "Send template", exact: true }).click();
  await expect(page.getByLabel("Customer's WhatsApp number")).toBeVisible();
  await expectNoSeriousViolations(page, "/templates send: recipient step");
  await page.getByLabel("Customer's WhatsApp number").fill(phone);
  await page.getByRole("button", { name: "Continue" }).click();
  const dialog = page.getByTestId("template-send-dialog");
  await expect(dialog).toBeVisible();
  await expectNoSeriousViolations(page, "/templates send: picker");
  await dialog.getByPlaceholder("Search by name or text").fill("summer");
  await dialog.getByRole("button", { name: "Use summer_sale_carousel (en_US)" }).click();
  await expect(dialog.getByTestId("template-preview")).toBeVisible();
  await dialog.getByRole("button", { name: "Send template" }).click(); // shows the inline errors
  await expect(dialog.getByTestId("field-error").first()).toBeVisible();
  await expectNoSeriousViolations(page, "/templates send: variables with errors");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.goto("/templates/new");
  await heading(page, "New template");
  await expectNoSeriousViolations(page, "/templates/new");

  // Campaigns: the list, each builder step, the detail page, the analytics pages.
  await page.goto("/campaigns");
  await expect(page.getByText(campaignName)).toBeVisible();
  await expectNoSeriousViolations(page, "/campaigns");
  await page.goto("/campaigns/new");
  await expect(page.getByLabel("Campaign name")).toBeVisible();
  await expectNoSeriousViolations(page, "/campaigns/new: name");
  const run = `${2 + (Date.now() % 8)}${String(Date.now()).slice(-4)}`;
  await page.getByLabel("Campaign name").fill(`Axe builder ${run}`);
  await page.getByLabel("Campaign name").press("Enter");
  await expect(page.getByRole("button", { name: "Use appointment_reminder (en_US)" })).toBeVisible();
  await expectNoSeriousViolations(page, "/campaigns/new: template");
  await page.getByRole("button", { name: "Use appointment_reminder (en_US)" }).click();
  await expect(page.getByLabel("CSV file")).toBeAttached();
  await expectNoSeriousViolations(page, "/campaigns/new: audience");
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "axe.csv", mimeType: "text/csv", buffer: Buffer.from(csvFor(run)) });
  await expect(page.getByLabel("Phone number or BSUID column")).toHaveValue("Phone");
  await expectNoSeriousViolations(page, "/campaigns/new: audience with a CSV");
  await page.getByRole("button", { name: "Continue to variables" }).click();
  const sources = page.getByLabel("Value from");
  await expect(sources.first()).toBeVisible();
  await page.getByRole("button", { name: "Import and check the rows" }).click();
  await expect(page.getByText("Choose where this value comes from.").first()).toBeVisible();
  await expectNoSeriousViolations(page, "/campaigns/new: variables with errors");
  await sources.nth(0).selectOption("fixed");
  await page.getByLabel("Text").nth(0).fill("Dr. Rivera");
  await sources.nth(3).selectOption("fixed");
  await page.getByLabel("Text").nth(1).fill("10:30");
  await page.getByRole("button", { name: "Import and check the rows" }).click();
  await expect(page.getByTestId("import-result")).toContainText("2 of 2 rows added");
  await expectNoSeriousViolations(page, "/campaigns/new: import result");
  await page.getByRole("button", { name: "Continue to review" }).click();
  await expect(page.getByTestId("review-recipients")).toHaveText("2");
  await expectNoSeriousViolations(page, "/campaigns/new: review");
  await page.getByRole("button", { name: "Send to 2 recipients" }).click();
  await expect(page.getByRole("dialog", { name: "Send to 2 recipients now?" })).toBeVisible();
  await expectNoSeriousViolations(page, "/campaigns/new: launch confirmation");
  await page.keyboard.press("Escape");

  await page.goto(`/campaigns/${campaignId}`);
  await heading(page, campaignName);
  await expectNoSeriousViolations(page, "/campaigns/[id]");
  await page.goto("/analytics");
  await expect(page.getByTestId("overview-campaign").filter({ hasText: campaignName })).toBeVisible();
  await expectNoSeriousViolations(page, "/analytics");
  await page.goto(`/analytics/campaigns/${campaignId}`);
  await expect(page.getByTestId("series-chart")).toBeVisible();
  await expectNoSeriousViolations(page, "/analytics/campaigns/[id]");

  // Contacts, segments, reports.
  await page.goto("/contacts");
  await heading(page, "Contacts");
  await expect(page.getByTestId("contact-row").first()).toBeVisible();
  await expectNoSeriousViolations(page, "/contacts");
  await page.goto(`/contacts/${await contactIdByPhone(phone)}`);
  await heading(page, name);
  await expectNoSeriousViolations(page, "/contacts/[id]");
  await page.goto("/segments");
  await heading(page, "Segments");
  await expectNoSeriousViolations(page, "/segments");
  await page.goto("/reports");
  await heading(page, "Support reports");
  await expectNoSeriousViolations(page, "/reports");

  // Administration: settings (one page of sections), team (with an invite link), audit, webhook events.
  await page.goto("/settings");
  await heading(page, "Settings");
  await expect(page.getByRole("heading", { name: /Labels/ }).first()).toBeVisible();
  await expectNoSeriousViolations(page, "/settings");
  await page.goto("/team");
  await heading(page, "Team");
  await page.getByLabel("Email").fill(`axe-${Date.now().toString(36)}@example.com`);
  await page.getByRole("button", { name: "Create invite link" }).click();
  const invite = page.getByTestId("invite-link");
  await expect(invite).toBeVisible();
  const inviteUrl = await invite.getByLabel("Invite link").inputValue();
  await expectNoSeriousViolations(page, "/team");
  await page.goto("/audit");
  await heading(page, "Audit log");
  await expect(page.locator("table").first()).toBeVisible();
  await expectNoSeriousViolations(page, "/audit");
  await page.goto("/webhook-events");
  await expect(page.getByTestId("webhook-event").first()).toBeVisible();
  await expectNoSeriousViolations(page, "/webhook-events");

  // The account, two-factor set-up, the forbidden page, not-found pages.
  await page.goto("/account");
  await heading(page, "Account");
  await expectNoSeriousViolations(page, "/account");
  await page.goto("/account/two-factor");
  await heading(page, /two-factor/i);
  await expectNoSeriousViolations(page, "/account/two-factor");
  await page.goto("/forbidden");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await expectNoSeriousViolations(page, "/forbidden");
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await expectNoSeriousViolations(page, "404");
  await page.goto("/campaigns/no-such-campaign");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await expectNoSeriousViolations(page, "/campaigns/[unknown id]");

  await scanSignedOut(browser, inviteUrl, {});
});

test("the main pages in the dark theme and at phone size have no serious or critical axe violations", async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(300_000);
  const phone = newPhone();
  const name = `Night ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "Are you open late?" });
  const campaignName = `Night campaign ${Date.now()}`;
  const campaignId = await seedCampaign(campaignName, A11Y_CAMPAIGN);
  await syncLibrary(page);

  const walk = async (p: Page, label: string, only?: "contrast") => {
    await p.goto("/inbox");
    const row = p.getByTestId("conversation-row").filter({ hasText: name });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expectNoSeriousViolations(p, `/inbox${label}`, { only });
    await row.click();
    await expect(p.getByTestId("thread-title")).toHaveText(name);
    await expect(p.getByTestId("message").first()).toBeVisible();
    await expectNoSeriousViolations(p, `/inbox thread${label}`, { only });
    // Desktop keeps the side panel open when it was open before (the toggle then says "Hide").
    const show = p.getByRole("button", { name: "Show contact details" }).filter({ visible: true });
    if (!(await p.getByTestId("contact-panel").isVisible())) await show.click();
    await expect(p.getByTestId("contact-panel")).toBeVisible();
    await expectNoSeriousViolations(p, `/inbox contact panel${label}`, { only });
    const pages: [string, (q: Page) => Promise<void>][] = [
      ["/templates", (q) => expect(q.getByTestId("template-row").first()).toBeVisible()],
      ["/templates/new", (q) => heading(q, "New template")],
      ["/campaigns", (q) => expect(q.getByText(campaignName).first()).toBeVisible()],
      ["/campaigns/new", (q) => expect(q.getByLabel("Campaign name")).toBeVisible()],
      [`/campaigns/${campaignId}`, (q) => heading(q, campaignName)],
      [`/analytics/campaigns/${campaignId}`, (q) => expect(q.getByTestId("series-chart")).toBeVisible()],
      ["/analytics", (q) => heading(q, "Analytics")],
      ["/contacts", (q) => expect(q.getByTestId("contact-row").first()).toBeVisible()],
      ["/segments", (q) => heading(q, "Segments")],
      ["/reports", (q) => heading(q, "Support reports")],
      ["/settings", (q) => heading(q, "Settings")],
      ["/team", (q) => heading(q, "Team")],
      ["/audit", (q) => expect(q.locator("table").first()).toBeVisible()],
      ["/account", (q) => heading(q, "Account")],
    ];
    for (const [url, ready] of pages) {
      await p.goto(url);
      await ready(p);
      await expectNoSeriousViolations(p, `${url}${label}`, { only });
    }
  };

  await page.emulateMedia({ colorScheme: "dark" });
  await walk(page, " (dark)", "contrast");
  await scanSignedOut(browser, null, { dark: true });

  const state = await page.context().storageState();
  const phoneContext = await browser.newContext({
    storageState: state,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const phonePage = await phoneContext.newPage();
  await walk(phonePage, " (phone)");
  // The navigation drawer.
  await phonePage.getByRole("button", { name: "Open menu" }).click();
  await expect(phonePage.getByRole("dialog", { name: "Menu" })).toBeVisible();
  await expectNoSeriousViolations(phonePage, "the navigation drawer (phone)");
  await phoneContext.close();
  await scanSignedOut(browser, null, { phone: true });
});
