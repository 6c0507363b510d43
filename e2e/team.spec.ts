import path from "node:path";
import { expect, type Browser, type Page } from "@playwright/test";
import { test } from "./fixtures";
import { findSecrets, knownSecrets } from "../test/integration/security-bundle-scan";

// Team, roles, settings, audit log and the security hardening, driven in the browser as the seeded admin
// (storage state from auth.setup.ts); invitees get fresh browser contexts of their own.

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const PASSWORD = "a long enough password";

async function inviteViaUi(page: Page, email: string, role: "Agent" | "Campaign manager") {
  await page.goto("/team");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = page.getByTestId("invite-link");
  await expect(link).toContainText(email);
  return link.getByLabel("Invite link").inputValue();
}

/** The invitee opens the link in their own browser, chooses a password and signs in. */
async function acceptAndSignIn(browser: Browser, url: string, name: string) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Join the team" })).toBeVisible();
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Choose a password").fill("short");
  await page.getByLabel("Repeat the password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("The password must be at least 12 characters.")).toBeVisible();
  await expect(page.getByLabel("Your name")).toHaveValue(name);
  // A mismatch keeps every field as typed, so only the repeat needs fixing.
  await page.getByLabel("Choose a password").fill(PASSWORD);
  await page.getByLabel("Repeat the password").fill(`${PASSWORD} typo`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Repeat the password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Choose a password")).toHaveValue(PASSWORD);
  await expect(page.getByLabel("Repeat the password")).toHaveValue(`${PASSWORD} typo`);
  await expect(page.getByLabel("Your name")).toHaveValue(name);
  await page.getByLabel("Repeat the password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  // Creating the account signs the new member in: straight into the app, no second password prompt.
  await expect(page).toHaveURL(/\/inbox/);
  return { context, page };
}

test("an admin invites an agent, who joins with the link and sees only what an agent may", async ({
  page,
  browser,
}) => {
  const email = `agent-${unique()}@example.com`;
  const url = await inviteViaUi(page, email, "Agent");
  expect(url).toMatch(/\/accept-invite\/[\w-]{43}$/);
  await expect(page.getByTestId("invite-row").filter({ hasText: email })).toBeVisible();

  const agent = await acceptAndSignIn(browser, url, "Ana Agent");
  const nav = agent.page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Inbox" })).toBeVisible();
  for (const item of ["Team", "Settings", "Audit log", "Webhook events"])
    await expect(nav.getByRole("link", { name: item })).toHaveCount(0);
  await agent.page.goto("/team");
  await expect(agent.page.getByRole("heading", { name: /role does not give access/ })).toBeVisible();
  const api = await agent.page.request.get("/api/team");
  expect(api.status()).toBe(403);
  expect(((await api.json()) as { error: { message: string } }).error.message).toMatch(
    /Agent.*does not allow/,
  );

  // The link worked once.
  await agent.page.goto(url);
  await expect(agent.page.getByTestId("invite-state")).toHaveAttribute("data-state", "used");
  await agent.context.close();

  await page.goto("/audit?action=invite.accepted");
  await expect(page.getByTestId("audit-row").filter({ hasText: email }).first()).toBeVisible();
});

test("a role change applies at once and deactivation signs the member out", async ({ page, browser }) => {
  const email = `cm-${unique()}@example.com`;
  const url = await inviteViaUi(page, email, "Agent");
  const member = await acceptAndSignIn(browser, url, "Casey Member");

  await page.goto("/team");
  const row = page.getByTestId("member-row").filter({ hasText: email });
  await row.getByLabel(/Role of/).selectOption({ label: "Campaign manager" });
  await expect(row.getByLabel(/Role of/)).toHaveValue("CAMPAIGN_MANAGER");
  const send = await member.page.request.post("/api/messages/session", {
    data: { conversationId: "x", message: { text: "hi" } },
  });
  expect(send.status()).toBe(403); // campaign managers read the inbox but do not reply

  await row.getByRole("button", { name: "Deactivate…" }).click();
  await row.getByRole("button", { name: "Deactivate", exact: true }).click();
  await expect(row).toHaveAttribute("data-active", "false");
  await member.page.goto("/inbox");
  await expect(member.page).toHaveURL(/\/login/);
  await member.context.close();

  // The only active admin cannot remove their own access.
  const me = page.getByTestId("member-row").filter({ hasText: "admin@example.com" });
  await me.getByRole("button", { name: "Deactivate…" }).click();
  await me.getByRole("button", { name: "Deactivate", exact: true }).click();
  await expect(me.getByRole("alert")).toContainText("only active admin");
});

test("settings: the API key is stored, shown only by its last characters, and tested in plain words", async ({
  page,
}) => {
  const wrongKey = `cnt_live_wrong_${unique()}_9876`;
  await page.goto("/settings");
  await expect(page.getByTestId("apiKey-status")).toContainText("Set, ending in");
  await page.getByLabel("API key").fill(wrongKey);
  await page.getByRole("button", { name: "Test connection" }).click();
  const result = page.getByTestId("connection-result");
  await expect(result).toHaveAttribute("data-ok", "false");
  await expect(result).toContainText("Connectly rejected the API key");
  // Spoken to the admin who typed the key, not "ask an administrator".
  await expect(result).toContainText("the API key you just typed");
  await expect(result).not.toContainText("administrator");

  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.", { exact: true })).toBeVisible();
  await expect(page.getByTestId("apiKey-status")).toHaveText("Set, ending in …9876");
  await expect(page.getByLabel("API key")).toHaveValue("");
  const api = await page.request.get("/api/settings");
  expect(await api.text()).not.toContain(wrongKey);
  await page.reload();
  expect(await page.content()).not.toContain(wrongKey);

  // The simulator's key, typed but not saved, works; then back to the environment's key for the other specs.
  await page.getByLabel("API key").fill("sim_test_key");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(result).toHaveAttribute("data-ok", "true");
  await expect(result).toContainText("Connected to Connectly");
  await page.getByLabel("API key").fill("");
  await page.getByTestId("field-apiKey").getByRole("button", { name: "Use environment value" }).click();
  await expect(page.getByTestId("apiKey-status")).toHaveText("Set, ending in …_key");

  await page.goto("/audit?action=settings.updated");
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toContainText("Back to the environment's API key");
  await expect(rows.nth(1)).toContainText("Saved API key");
});

test("sign-in slows down after repeated failures from one address, with the time to wait", async ({
  browser,
}) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  const email = `nobody-${unique()}@example.com`;
  await page.getByLabel("Email").fill(email);
  const message = page.locator("form [role=alert]");
  for (let n = 1; n <= 3; n++) {
    await page.getByLabel("Password").fill(`guess-${n}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(message).toHaveText("That email and password do not match an active account.");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await page.getByLabel("Password").fill("guess-4");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(message).toHaveText("Too many attempts. Try again in 15 seconds.");
  await page.getByLabel("Password").fill("guess-5");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(message).toHaveText(/^Too many attempts\. Try again in 1[0-5] seconds\.$/);
  await context.close();
});

test("security headers, nonce-only scripts, CSRF refusal and no secret in the client bundle", async ({
  browser,
  request,
}) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const response = await page.goto("/login");
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers).toMatchObject({
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
  });
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["strict-transport-security"]).toBeUndefined(); // plain http here
  const scripts = await page
    .locator("script")
    .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((n) => n === nonce)).toBe(true);
  await page.getByLabel("Email").fill("x@example.com");
  await page.getByRole("button", { name: "Sign in" }).click(); // answered by client code: it ran under the policy
  await expect(page.locator("form [role=alert]")).toBeVisible();
  await context.close();

  const forged = await request.post("/api/invites", {
    headers: { origin: "https://evil.example" },
    data: { email: "x@example.com", role: "ADMIN" },
  });
  expect(forged.status()).toBe(403);

  const dist = path.resolve(process.env.NEXT_DIST_DIR ?? ".next", "static");
  expect(findSecrets(dist, knownSecrets(path.resolve(".")))).toEqual([]);
});
