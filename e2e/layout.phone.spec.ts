import { expect, type Page } from "@playwright/test";
import { test, injectInbound, newPhone } from "./fixtures";
import { expectFitsScreen, expectOneLine } from "./layout-fit";
import { contactIdByPhone, seedCampaign } from "./seed-db";

// The phone project (390 x 844, playwright.config.ts): every page fits the screen without sideways scrolling, the
// navigation is a drawer behind the menu button, and the inbox shows one column at a time with working Back.

async function visit(page: Page, url: string, ready: () => Promise<void>) {
  await page.goto(url);
  await ready();
  await expectFitsScreen(page, url);
}

test("every page fits a 390 px screen without sideways scrolling", async ({ page, request, browser }) => {
  test.setTimeout(300_000); // twenty pages in one walk, on a shared machine
  const phone = newPhone();
  const name = `Phone ${phone.slice(-4)}`;
  await injectInbound(request, {
    from: phone,
    name,
    text: "A long first message to check wrapping: https://example.com/orders/0123456789/tracking?with=a-very-long-query-string-that-does-not-break",
  });
  const campaignName = `Phone campaign ${Date.now()}`;
  const campaignId = await seedCampaign(campaignName, {
    idPrefix: "phone",
    phonePrefix: "+4477008",
    states: ["READ", "READ", "READ", "DELIVERED", "DELIVERED", "SENT", "FAILED", "FAILED"],
  });
  const heading = (text: string | RegExp) => async () => {
    await expect(page.getByRole("heading", { name: text }).first()).toBeVisible();
  };

  await visit(page, "/inbox", async () => {
    await expect(page.getByTestId("conversation-row").filter({ hasText: name })).toBeVisible();
  });
  await page.getByTestId("conversation-row").filter({ hasText: name }).click();
  await expect(page.getByTestId("thread-title")).toHaveText(name);
  await expect(page.getByTestId("message").first()).toBeVisible();
  await expectFitsScreen(page, "the thread");
  await page.getByRole("button", { name: "Show contact details" }).click();
  await expect(page.getByTestId("contact-panel")).toBeVisible();
  await expectFitsScreen(page, "the contact panel");

  await visit(page, "/campaigns", async () => {
    await expect(page.getByText(campaignName)).toBeVisible();
  });
  await visit(page, "/campaigns/new", heading(/campaign/i));
  await visit(page, `/campaigns/${campaignId}`, heading(campaignName));
  await visit(page, "/analytics", async () => {
    await expect(page.getByTestId("overview-campaign").filter({ hasText: campaignName })).toBeVisible();
  });
  await visit(page, `/analytics/campaigns/${campaignId}`, async () => {
    await expect(page.getByTestId("series-chart")).toBeVisible();
  });
  await visit(page, "/templates", heading("Templates"));
  await visit(page, "/templates/new", heading("New template"));
  await visit(page, "/settings", heading("Settings"));
  await visit(page, "/team", heading("Team"));
  await visit(page, "/audit", async () => {
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    await expect(page.locator("table").first()).toBeVisible();
  });
  await visit(page, "/account/two-factor", heading(/two-factor/i));
  await visit(page, "/account", heading("Account"));
  await visit(page, "/contacts", heading("Contacts"));
  const contact = await contactIdByPhone(phone);
  await visit(page, `/contacts/${contact}`, heading(name));
  await visit(page, "/segments", heading("Segments"));
  await visit(page, "/reports", heading("Support reports"));
  await visit(page, "/webhook-events", async () => {
    await expect(page.getByTestId("webhook-event").first()).toBeVisible();
  });

  // Signed out: the sign-in page.
  const guest = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    viewport: { width: 390, height: 844 },
  });
  const login = await guest.newPage();
  await login.goto("/login");
  await expect(login.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expectFitsScreen(login, "/login");
  await guest.close();
});

test("the menu button opens the navigation as a drawer: Escape closes it and focus returns", async ({
  page,
}) => {
  await page.goto("/campaigns");
  // No sidebar at this width: the links are behind the menu button.
  await expect(page.getByRole("link", { name: "Analytics", exact: true })).toBeHidden();
  const menu = page.getByRole("button", { name: "Open menu" });
  await menu.click();
  const drawer = page.getByRole("dialog", { name: "Menu" });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole("link", { name: "Campaigns", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(drawer.getByRole("group", { name: "Theme" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();

  // A link followed from the drawer closes it.
  await menu.click();
  await drawer.getByRole("link", { name: "Analytics", exact: true }).click();
  await expect(page).toHaveURL(/\/analytics$/);
  await expect(drawer).toBeHidden();
  await expect(page.getByRole("heading", { name: "Analytics" })).toBeVisible();
});

test("on a phone the inbox goes list → thread → contact and back, with the browser's Back too", async ({
  page,
  request,
}) => {
  const phone = newPhone();
  const name = `Pocket ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "Is it in stock?" });

  await page.goto("/inbox");
  const row = page.getByTestId("conversation-row").filter({ hasText: name });
  await row.click();
  await expect(page).toHaveURL(/\/inbox\?c=/);
  await expect(page.getByTestId("thread-title")).toHaveText(name);
  // One column at a time: the list is gone while the thread is open.
  await expect(page.getByRole("region", { name: "Conversations" })).toBeHidden();

  // The header's controls stay on one line, and so do the composer's Reply / Private note in note mode (whose
  // explanation beside them once squeezed them into a column).
  await expectOneLine("the thread header's assignee, status and Resolve", [
    page.getByTestId("assignee-select"),
    page.getByTestId("status-select"),
    page.getByRole("button", { name: "Resolve", exact: true }),
  ]);
  const composerMode = page.getByRole("tablist", { name: "Composer mode" });
  await composerMode.getByRole("tab", { name: "Private note" }).click();
  await expect(page.getByLabel("Internal note")).toBeVisible();
  await expectOneLine("the composer's Reply / Private note in note mode", [
    composerMode.getByRole("tab", { name: "Reply" }),
    composerMode.getByRole("tab", { name: "Private note" }),
  ]);
  await expectFitsScreen(page, "the composer in note mode");
  await composerMode.getByRole("tab", { name: "Reply" }).click();

  const reply = `Yes ${name}, two left.`;
  await page.getByLabel("Reply").fill(reply);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("message").filter({ hasText: reply })).toBeVisible();
  await expectFitsScreen(page, "the thread after a reply");

  // The contact panel takes the thread's place, with a URL of its own.
  await page.getByRole("button", { name: "Show contact details" }).click();
  await expect(page).toHaveURL(/panel=contact/);
  await expect(page.getByTestId("contact-panel")).toBeVisible();
  await expect(page.getByTestId("thread")).toBeHidden();
  await page.goBack();
  await expect(page).not.toHaveURL(/panel=contact/);
  await expect(page.getByTestId("thread")).toBeVisible();
  await expect(page.getByTestId("contact-panel")).toBeHidden();

  // Browser Back returns to the list…
  await page.goBack();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByRole("region", { name: "Conversations" })).toBeVisible();
  // Known gap: after a full suite (a list longer than the screen) the list can come back scrolled down, past the
  // conversation just left; back to the top before looking for it (see the closing note of session 4).
  await page.getByTestId("conversation-scroller").evaluate((el) => el.scrollTo(0, 0));
  await expect(row).toBeVisible();
  await expect(page.getByTestId("thread")).toBeHidden();
  // …and so does the back button in the thread's header.
  await row.click();
  await expect(page.getByTestId("thread-title")).toHaveText(name);
  const threadUrl = page.url();
  await page.getByRole("button", { name: "Back to conversations" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  await page.getByTestId("conversation-scroller").evaluate((el) => el.scrollTo(0, 0));
  await expect(row).toBeVisible();

  // A link straight to the conversation (nothing of ours below it in history): back still lands on the list.
  await page.goto(threadUrl);
  await expect(page.getByTestId("thread-title")).toHaveText(name);
  await page.getByRole("button", { name: "Back to conversations" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  await page.getByTestId("conversation-scroller").evaluate((el) => el.scrollTo(0, 0));
  await expect(row).toBeVisible();
});
