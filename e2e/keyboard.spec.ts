import { expect, type Locator, type Page } from "@playwright/test";
import { test, injectInbound, newPhone, sentRequests } from "./fixtures";

// The three daily flows driven by the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows, Escape and typing;
// no mouse after the sign-in of auth.setup.ts): an agent replies in the inbox, sends a template with its variables,
// and a campaign manager walks the campaign builder from the name to the launch. Where cheap, the focused element
// is checked for a visible focus indicator (an outline or a ring).

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails if it is not reached within `max` presses. */
async function tabTo(page: Page, target: Locator, { max = 60, back = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
  throw new Error(
    `${target} not reached with ${back ? "Shift+Tab" : "Tab"} in ${max} presses (focus on ${focused})`,
  );
}

/** The focused element (or, for a visually hidden input, its label) shows an outline or a ring. */
async function expectFocusIndicator(page: Page) {
  const seen = await page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    if (!active) return { ok: false, what: "nothing focused" };
    const shows = (el: Element) => {
      const s = getComputedStyle(el);
      return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
    };
    const ok = shows(active) || Boolean(active.closest("label") && shows(active.closest("label")!));
    return { ok, what: active.outerHTML.slice(0, 160) };
  });
  expect(seen.ok, `no visible focus indicator on ${seen.what}`).toBe(true);
}

test.describe.configure({ timeout: 180_000 }); // many key presses, each a round trip, on a busy machine

/** The template library synced from the simulator, by the keyboard: Tab to "Sync now", Enter. */
async function syncLibrary(page: Page) {
  await page.goto("/templates");
  await tabTo(page, page.getByRole("button", { name: "Sync now" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("library-notice")).toContainText(/Synced|already running/, {
    timeout: 30_000,
  });
  await expect(page.getByTestId("template-row").filter({ hasText: "order_shipped" }).first()).toBeVisible();
}

test("an agent opens a conversation and replies with the keyboard only", async ({ page, request }) => {
  const phone = newPhone();
  const name = `Keys ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "Can I change my delivery address?" });

  await page.goto("/inbox");
  const search = page.getByRole("searchbox", { name: "Search conversations" });
  await tabTo(page, search);
  await expectFocusIndicator(page);
  await page.keyboard.type(name);
  const row = page.getByTestId("conversation-row").filter({ hasText: name });
  await expect(page.getByTestId("conversation-row")).toHaveCount(1, { timeout: 30_000 });
  await tabTo(page, row);
  await expectFocusIndicator(page);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("thread-title")).toHaveText(name);

  const reply = page.getByRole("textbox", { name: "Reply" });
  await tabTo(page, reply);
  await expectFocusIndicator(page);
  const text = `Yes ${name}, send us the new address.`;
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: text })).toBeVisible();
  await expect(reply).toBeFocused();
  await expect(reply).toHaveValue("");
  // Back to the list with Shift+Tab: the open conversation's row is reachable from the thread.
  await tabTo(page, row, { back: true, max: 80 });
});

test("an agent sends a template with its variables with the keyboard only", async ({ page, request }) => {
  const phone = newPhone();
  const name = `Template keys ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "Where is my order?" });

  await syncLibrary(page);
  const open = page.getByRole("button", { name: "Send template", exact: true });
  await tabTo(page, open);
  await expectFocusIndicator(page);
  await page.keyboard.press("Enter");
  const number = page.getByLabel("Customer's WhatsApp number");
  await tabTo(page, number, { max: 10 });
  await page.keyboard.type(phone);
  await page.keyboard.press("Enter");

  const dialog = page.getByTestId("template-send-dialog");
  await expect(dialog).toBeVisible();
  await tabTo(page, dialog.getByPlaceholder("Search by name or text"), { max: 10 });
  await page.keyboard.type("order_shipped");
  const use = dialog.getByRole("button", { name: "Use order_shipped (en_US)" });
  await tabTo(page, use, { max: 20 });
  await expectFocusIndicator(page);
  await page.keyboard.press("Enter");
  await expect(dialog.getByTestId("template-preview")).toBeVisible();

  // Tab through the variable form, typing into every empty field, until the send button.
  const send = dialog.getByRole("button", { name: "Send template" });
  let filled = 0;
  for (let i = 0; i < 40; i++) {
    if (await send.evaluate((el) => el === document.activeElement)) break;
    const empty = await page.evaluate(() => {
      const el = document.activeElement;
      const isText =
        (el instanceof HTMLInputElement && ["text", "url", "tel", ""].includes(el.type)) ||
        el instanceof HTMLTextAreaElement;
      if (!isText || el.value || !el.closest('[data-testid="template-send-dialog"]')) return null;
      return /URL/.test(el.labels?.[0]?.textContent ?? "") ? "url" : "text";
    });
    if (empty) {
      filled++;
      await page.keyboard.type(empty === "url" ? `https://shop.example/p/${filled}.png` : `v${filled}`);
    }
    await page.keyboard.press("Tab");
  }
  await expect(send).toBeFocused();
  expect(filled, "the template's variables were typed").toBeGreaterThanOrEqual(2);
  await expect(dialog.getByTestId("unfilled-variable")).toHaveCount(0);
  await expectFocusIndicator(page);
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("library-notice")).toContainText(`Template sent to ${name}`);
  const upstream = (await sentRequests(request)).filter(
    (r) => r.endpoint === "template" && r.body.number === phone,
  );
  expect(upstream).toHaveLength(1);
  expect(upstream[0]!.body).toMatchObject({ templateName: "order_shipped", language: "en_US" });

  // Escape closes the dialog and gives the focus back to its opener.
  await tabTo(page, open, { back: true });
  await page.keyboard.press("Enter");
  await expect(number).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(number).toBeHidden();
  await expect(open).toBeFocused();
});

test("a campaign manager walks the campaign builder from the name to the launch with the keyboard only", async ({
  page,
  request,
}) => {
  const run = `${2 + (Date.now() % 8)}${String(Date.now()).slice(-4)}`;
  const name = `Keyboard campaign ${run}`;
  const phone = (i: number) => `+1 (415) ${run.slice(0, 3)}-${run.slice(3, 5)}${i}0`;
  const csv = [
    "Name;Phone;Appointment date",
    ...[1, 2].map((i) => `Customer ${i};${phone(i)};June ${10 + i}`),
  ];

  await syncLibrary(page);
  await page.goto("/campaigns/new");
  const campaignName = page.getByLabel("Campaign name");
  await tabTo(page, campaignName);
  await expectFocusIndicator(page);
  await page.keyboard.type(name);
  await page.keyboard.press("Enter");

  // The template step: the picker's search has the focus; type, then Tab to the template's button.
  await expect(page.getByPlaceholder("Search by name or text")).toBeFocused();
  await page.keyboard.type("appointment");
  const use = page.getByRole("button", { name: "Use appointment_reminder (en_US)" });
  await tabTo(page, use, { max: 20 });
  await expectFocusIndicator(page);
  await page.keyboard.press("Enter");

  // The audience step: the file input is reached with Tab and opened with Space.
  const file = page.getByLabel("CSV file");
  await tabTo(page, file);
  await expectFocusIndicator(page);
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Space");
  await (
    await chooser
  ).setFiles({ name: "keys.csv", mimeType: "text/csv", buffer: Buffer.from(csv.join("\n")) });
  await expect(page.getByLabel("Phone number or BSUID column")).toHaveValue("Phone");
  await tabTo(page, page.getByRole("button", { name: "Continue to variables" }));
  await page.keyboard.press("Enter");

  // The variables: the two the template's words do not give are set to a fixed text, chosen by typing on the
  // focused select.
  const sources = page.getByLabel("Value from");
  await expect(sources.first()).toBeVisible();
  for (const [index, value] of [
    [0, "Dr. Rivera"],
    [3, "10:30"],
  ] as const) {
    await tabTo(page, sources.nth(index));
    await expectFocusIndicator(page);
    await page.keyboard.type("Same text");
    await expect(sources.nth(index)).toHaveValue("fixed");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Text").nth(index === 0 ? 0 : 1)).toBeFocused();
    await page.keyboard.type(value);
  }
  await tabTo(page, page.getByRole("button", { name: "Import and check the rows" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("import-result")).toContainText("2 of 2 rows added");
  await tabTo(page, page.getByRole("button", { name: "Continue to review" }));
  await page.keyboard.press("Enter");

  await expect(page.getByTestId("review-recipients")).toHaveText("2");
  const launch = page.getByRole("button", { name: "Send to 2 recipients" });
  await tabTo(page, launch, { max: 80 });
  await expectFocusIndicator(page);
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("dialog", { name: "Send to 2 recipients now?" });
  await expect(confirm).toBeVisible();
  // Escape backs out of the confirmation, focus back on the launch button; then confirm for real.
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(launch).toBeFocused();
  await page.keyboard.press("Enter");
  await tabTo(page, confirm.getByRole("button", { name: "Send to 2", exact: true }), { max: 10 });
  await expectFocusIndicator(page);
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/\/campaigns\/[^/]+$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("campaign-status")).toHaveAttribute("data-status", /SENDING|COMPLETED/, {
    timeout: 15_000,
  });
  await expect
    .poll(async () => (await sentRequests(request)).filter((r) => r.body.campaignName === name).length, {
      timeout: 15_000,
    })
    .toBe(2);
});
