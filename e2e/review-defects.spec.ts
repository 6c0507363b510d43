import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import { test, injectInbound, newPhone, sentRequests } from "./fixtures";

// Defects found in review (issue #15, item 5) that only a browser can show: the campaign review step, the draft
// builder, a retry run's table, the read-only inbox of a campaign manager, the conversation list, the carousel
// send form, the template create page, the forbidden page, the team page's role select and the favicon.

const DATABASE_URL = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_e2e";

async function createUser(role: "CAMPAIGN_MANAGER" | "AGENT") {
  const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
  const password = "review-e2e-password";
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, active, "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5::"Role", true, now(), now())`,
      [
        `e2e-${randomUUID()}`,
        email,
        `Casey ${role === "AGENT" ? "Agent" : "Manager"}`,
        await hashPassword(password),
        role,
      ],
    );
  } finally {
    await client.end();
  }
  return { email, password };
}

async function signedIn(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    viewport: { width: 1360, height: 860 },
  });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/(inbox|campaigns)/);
  return page;
}

/** A draft with appointment_reminder and `count` recipients, made through the API the builder uses. */
async function draft(request: APIRequestContext, name: string, phones: string[]) {
  const created = await request.post("/api/campaigns", { data: { name } });
  expect(created.status()).toBe(201);
  const { campaign } = (await created.json()) as { campaign: { id: string } };
  expect(
    (
      await request.patch(`/api/campaigns/${campaign.id}`, {
        data: { templateName: "appointment_reminder", language: "en_US" },
      })
    ).status(),
  ).toBe(200);
  const variables = {
    header_text: { kind: "fixed", value: "Dr. Rivera" },
    body_1: { kind: "column", column: "name" },
    body_2: { kind: "fixed", value: "June 1" },
    body_3: { kind: "fixed", value: "10:30" },
  };
  const settings = {
    delimiter: ",",
    addressColumn: "phone",
    defaultCountry: null,
    variables,
    fileName: "list.csv",
  };
  const csv = ["phone,name", ...phones.map((p, i) => `${p},Customer ${i}`)].join("\n");
  const imported = await request.post(
    `/api/campaigns/${campaign.id}/audience/csv?settings=${encodeURIComponent(JSON.stringify(settings))}`,
    {
      headers: { "content-type": "text/csv" },
      data: csv,
    },
  );
  expect(imported.status(), await imported.text()).toBe(201);
  return campaign.id;
}

/** Valid US numbers, +1 415 RRR NNNN; `ending` fixes the last two digits (the simulator's outcome, …94 fails). */
const usPhones = (count: number, ending = "") => {
  const run = `${2 + (Date.now() % 8)}${String(Date.now()).slice(-2)}`;
  return Array.from({ length: count }, (_, i) => `+1415${run}${(String(i) + ending).padStart(4, "0")}`);
};

test("campaign review: the estimate follows the pace, launching asks with the count, and a test goes to my number first", async ({
  page,
  request,
}) => {
  const id = await draft(request, `Review ${randomUUID().slice(0, 6)}`, usPhones(175));
  page.on("dialog", () => {
    throw new Error("no browser dialog (window.confirm) may be used");
  });
  await page.goto(`/campaigns/new?id=${id}`);
  await expect(page.getByTestId("review-recipients")).toHaveText("175");
  await page.getByLabel("Pace (messages per second)").fill("2");
  await expect(page.getByText(/About 1 min 28 s to send/)).toBeVisible();

  const me = newPhone();
  await page.getByLabel("Send a test to me first").fill(me);
  await page.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByTestId("test-sent")).toContainText(`Test sent to ${me}`);
  const tests = (await sentRequests(request)).filter((r) => r.body.number === me);
  expect(tests).toHaveLength(1);
  expect(tests[0]!.body).toMatchObject({ templateName: "appointment_reminder" });
  await page.reload();
  await expect(page.getByLabel("Send a test to me first")).toHaveValue(me); // remembered on the account

  await page.getByRole("button", { name: "Send to 175 recipients" }).click();
  const confirm = page.getByRole("dialog", { name: "Send to 175 recipients now?" });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText("about 2 per second");
  await confirm.getByRole("button", { name: "Not yet" }).click();
  await expect(confirm).toBeHidden();
  expect((await (await request.get(`/api/campaigns/${id}`)).json()).campaign.status).toBe("DRAFT");

  // A draft reopens on the step it was left at.
  await page
    .getByRole("navigation", { name: "Campaign steps" })
    .getByRole("button", { name: /Template/ })
    .click();
  await expect(page.getByText("Step 2 of 5")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Step 2 of 5")).toBeVisible();

  // "Delete draft" asks in the app's own dialog.
  await page.getByRole("button", { name: "Delete draft" }).click();
  const del = page.getByRole("dialog", { name: /Delete the draft/ });
  await expect(del).toBeVisible();
  await del.getByRole("button", { name: "Delete draft" }).click();
  await expect(page).toHaveURL(/\/campaigns$/);
  expect((await request.get(`/api/campaigns/${id}`)).status()).toBe(404);
});

test("a retry run's recipient table agrees with its progress card", async ({ page, request }) => {
  // …94 fails with a retryable error every time; the retry run fails again, quickly.
  const phones = [...usPhones(2, "10"), ...usPhones(2, "94")];
  const id = await draft(request, `Retry ${randomUUID().slice(0, 6)}`, phones);
  expect((await request.post(`/api/campaigns/${id}/launch`, { data: {} })).status()).toBeLessThan(300);
  await page.goto(`/campaigns/${id}`);
  await expect(page.getByTestId("campaign-status")).toHaveAttribute("data-status", "COMPLETED", {
    timeout: 20_000,
  });
  await page.getByRole("button", { name: /Retry failed/ }).click();
  await page.getByRole("button", { name: "Start retry run" }).click();
  await expect(page.getByText("Retry run of")).toBeVisible();
  await expect(page.getByTestId("campaign-status")).toHaveAttribute("data-status", "COMPLETED", {
    timeout: 20_000,
  });
  await expect(page.getByTestId("count-FAILED")).toContainText("2");
  // No row is left "Pending" once the card says everything was processed.
  await expect(page.getByTestId("recipient-row").and(page.locator('[data-state="FAILED"]'))).toHaveCount(2);
  await expect(page.locator('[data-testid="recipient-row"][data-state="PENDING"]')).toHaveCount(0);
});

test("a campaign manager's read-only inbox offers no reply, resolve or quick-reply shortcut; the forbidden page keeps the navigation", async ({
  browser,
  request,
}) => {
  const phone = newPhone();
  await injectInbound(request, { from: phone, name: "Read Only", text: "Hello?" });
  const manager = await signedIn(browser, await createUser("CAMPAIGN_MANAGER"));
  await manager.goto("/inbox");
  await manager.getByTestId("conversation-row").filter({ hasText: "Read Only" }).click();
  const footer = manager.getByTestId("shortcut-hint");
  await expect(footer).toContainText("J/K move");
  await expect(footer).not.toContainText("resolve");
  await expect(footer).not.toContainText("reply");
  await expect(manager.getByRole("button", { name: "Quick replies" })).toHaveCount(0);
  await manager.keyboard.press("?");
  const help = manager.getByTestId("shortcuts-help");
  await expect(help).toContainText("Next conversation");
  await expect(help).not.toContainText("Resolve");
  await expect(help).not.toContainText("quick reply");
  await manager.keyboard.press("Escape");

  await manager.goto("/team");
  await expect(manager.getByRole("heading", { name: /role does not give access/ })).toBeVisible();
  await expect(
    manager.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Campaigns" }),
  ).toBeVisible();
  await manager.context().close();
});

test("conversation list: letter initials, national-format search, failure rows not clipped, the search placeholder fits", async ({
  page,
  request,
}) => {
  const phone = newPhone();
  await injectInbound(request, { from: phone, text: "no name on this one" });
  await page.goto("/inbox");
  const search = page.getByLabel("Search conversations");
  // The placeholder is not covered by the Ctrl K badge.
  const fits = await search.evaluate((input: HTMLInputElement) => {
    const style = getComputedStyle(input);
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.font = `${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return ctx.measureText(input.placeholder).width <= room;
  });
  expect(fits).toBe(true);

  // "07700 900101"-style: the national number of the +44 contact.
  await search.fill(`0${phone.slice(3, 7)} ${phone.slice(7)}`);
  const row = page.getByTestId("conversation-row").filter({ hasText: phone });
  await expect(row).toHaveCount(1);
  await expect(row.locator("span[aria-hidden]").first()).toHaveText("#");

  // A reply that fails: the red mark shows whole inside its row.
  await row.click();
  const failing = newPhone("91");
  await injectInbound(request, { from: failing, name: "Failing Fiona", text: "hi" });
  await search.fill("Failing Fiona");
  const fiona = page.getByTestId("conversation-row").filter({ hasText: "Failing Fiona" });
  await fiona.click();
  await expect(fiona.locator("span[aria-hidden]").first()).toHaveText("FF");
  await page.getByLabel("Reply", { exact: true }).fill("this will fail");
  await page.keyboard.press("Enter");
  const mark = fiona.getByTestId("preview-ticks");
  await expect(mark).toHaveAttribute("data-status", "FAILED", { timeout: 10_000 });
  const [markBox, metaBox, rowBox] = [
    await mark.boundingBox(),
    await fiona.getByTestId("row-meta").boundingBox(),
    await fiona.boundingBox(),
  ];
  expect(markBox!.height).toBeGreaterThanOrEqual(13);
  expect(markBox!.y).toBeGreaterThanOrEqual(rowBox!.y);
  // The line under the preview (assignee, "template only") stays inside the row instead of under the next one.
  expect(metaBox!.y + metaBox!.height).toBeLessThanOrEqual(rowBox!.y + rowBox!.height);
});

test("carousel send form: the preview follows the card being edited, and the link prefix is shown whole", async ({
  page,
  request,
}) => {
  const phone = newPhone();
  await injectInbound(request, { from: phone, name: "Carousel Cara", text: "deals?" });
  await page.goto("/templates");
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("template-row").filter({ hasText: "summer_sale_carousel" })).toBeVisible();
  // The library's search covers the text, like the picker.
  await page.getByPlaceholder("Search by name or text").fill("summer sale is on");
  await expect(page.getByTestId("template-row")).toHaveCount(1);
  await page.getByPlaceholder("Search by name or text").fill("");

  await page.getByRole("button", { name: "Send template", exact: true }).click();
  await page.getByLabel("Customer's WhatsApp number").fill(phone);
  await page.getByRole("button", { name: "Continue" }).click();
  const dialog = page.getByTestId("template-send-dialog");
  await dialog.getByPlaceholder("Search by name or text").fill("summer");
  await dialog.getByRole("button", { name: "Use summer_sale_carousel (en_US)" }).click();
  const carousel = dialog.getByTestId("template-preview-carousel");
  await expect(carousel).toBeVisible();
  expect(await carousel.evaluate((el) => el.scrollLeft)).toBe(0);
  await dialog.getByRole("tab", { name: "Card 3" }).click();
  await expect.poll(() => carousel.evaluate((el) => el.scrollLeft)).toBeGreaterThan(50);
  const card3 = carousel.locator('[data-card="3"]');
  await expect(card3).toBeInViewport({ ratio: 0.9 });

  const prefix = dialog.getByTestId("url-prefix");
  await expect(prefix).toHaveText("https://shop.example/p/");
  expect(await prefix.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
});

test("a template rejected after creation says why on the create page", async ({ page }) => {
  const name = `e2e_reject_${Date.now().toString(36)}`;
  await page.goto("/templates/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Category").selectOption("UTILITY");
  await page.getByLabel("Body text").fill("Your order has shipped.");
  await page.getByRole("button", { name: "Submit for review" }).click();
  const created = page.getByTestId("template-created");
  await expect(created).toBeVisible();
  await expect(async () => {
    await created
      .getByRole("button", { name: "Check now" })
      .click({ timeout: 1000 })
      .catch(() => undefined);
    await expect(created.getByTestId("rejection-reason")).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await expect(created.getByTestId("rejection-reason")).toContainText("Why:");
});

test("team page: each role select is named by its member alone; the app has a favicon", async ({
  page,
  request,
}) => {
  await page.goto("/team");
  await expect(page.getByRole("combobox", { name: "Role of Admin", exact: true })).toHaveValue("ADMIN");
  const icon = page.locator('head link[rel="icon"]');
  await expect(icon.first()).toHaveAttribute("href", /icon|favicon/);
  const href = await icon.first().getAttribute("href");
  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon|png|svg)/);
});
