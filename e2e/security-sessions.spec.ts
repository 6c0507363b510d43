import { expect as baseExpect, type Browser, type Page } from "@playwright/test";
import { test } from "./fixtures";
import { totpCode } from "../lib/auth/totp";

// #12: two-factor sign-in in the browser, sign-out that ends the session on the server, and the admin's unlock
// of a slowed-down account. A fresh agent per test (invited by the seeded admin), in a browser of its own.

// Many steps and page loads per test: room for a busy machine.
test.describe.configure({ timeout: 240_000 });
const expect = baseExpect.configure({ timeout: 30_000 });
const slow = { timeout: 45_000 };

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const PASSWORD = "a long enough password";

async function newAgent(page: Page, browser: Browser) {
  const email = `agent-${unique()}@example.com`;
  await page.goto("/team");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: "Agent" });
  await page.getByRole("button", { name: "Create invite link" }).click();
  const url = await page.getByTestId("invite-link").getByLabel("Invite link").inputValue();
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    viewport: { width: 1360, height: 860 },
  });
  const agent = await context.newPage();
  await agent.goto(url);
  await agent.getByLabel("Your name").fill("Tess Totp");
  await agent.getByLabel("Choose a password").fill(PASSWORD);
  await agent.getByLabel("Repeat the password").fill(PASSWORD);
  await agent.getByRole("button", { name: "Create account" }).click();
  // Creating the account signs the agent in; these tests start from a signed-out browser.
  await expect(agent).toHaveURL(/\/inbox/, slow);
  // A fresh, signed-out tab (the inbox's live stream would otherwise redirect mid-navigation once the cookie goes).
  await agent.close();
  await context.clearCookies();
  return { email, context, agent: await context.newPage() };
}

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an agent turns on two-factor sign-in, then signs in with a code and with a recovery code", async ({
  page,
  browser,
}) => {
  const { email, context, agent } = await newAgent(page, browser);
  await signIn(agent, email);
  await expect(agent).toHaveURL(/\/inbox/, slow);

  await agent.getByRole("link", { name: "Two-factor sign-in" }).click();
  await expect(agent.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
  const secret = (await agent.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
  await agent.screenshot({ path: "test-results/two-factor-enrol-desktop.png" });
  await agent.getByLabel("Enter the 6-digit code").fill(totpCode(secret, Date.now()));
  await agent.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  const codes = agent.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recovery = await codes.first().innerText();
  await agent.getByRole("button", { name: "I have saved them" }).click();
  await expect(agent.getByTestId("two-factor-enabled")).toContainText("10 recovery codes left");

  // Sign out, then in again: password, then the code step.
  await agent.getByRole("button", { name: "Sign out" }).click();
  await expect(agent).toHaveURL(/\/login/, slow);
  await signIn(agent, email);
  await expect(agent.getByLabel("Two-factor code")).toBeVisible();
  await agent.screenshot({ path: "test-results/two-factor-login-desktop.png" });
  await agent.getByLabel("Two-factor code").fill("000000");
  await agent.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(agent.locator("form [role=alert]")).toContainText("not valid");
  await agent.getByLabel("Two-factor code").fill(totpCode(secret, Date.now() + 30_000));
  await agent.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(agent).toHaveURL(/\/inbox/, slow);

  await agent.getByRole("button", { name: "Sign out" }).click();
  await expect(agent).toHaveURL(/\/login/, slow); // else the next goto races the sign-out's own navigation
  await signIn(agent, email);
  await agent.getByLabel("Two-factor code").fill(recovery);
  await agent.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(agent).toHaveURL(/\/inbox/, slow);
  await context.close();
});

test("a session cookie copied before sign-out is refused after it", async ({ page, browser }) => {
  const { email, context, agent } = await newAgent(page, browser);
  await signIn(agent, email);
  await expect(agent).toHaveURL(/\/inbox/, slow);
  const copied = await context.cookies();
  await agent.getByRole("button", { name: "Sign out" }).click();
  await expect(agent).toHaveURL(/\/login/, slow);

  const thief = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await thief.addCookies(copied);
  expect((await thief.request.get("/api/conversations")).status()).toBe(401);
  const page2 = await thief.newPage();
  await page2.goto("/inbox");
  await expect(page2).toHaveURL(/\/login/, slow);
  await thief.close();
  await context.close();
});

test("an admin sees a slowed-down account on the Team page and unlocks it", async ({ page, browser }) => {
  const { email, context, agent } = await newAgent(page, browser);
  await agent.goto("/login");
  await agent.getByLabel("Email").fill(email);
  for (let n = 1; n <= 4; n++) {
    await agent.getByLabel("Password").fill(`wrong-${n}`);
    await agent.getByRole("button", { name: "Sign in" }).click();
    await expect(agent.locator("form [role=alert]")).toBeVisible();
  }
  await expect(agent.locator("form [role=alert]")).toContainText("Too many attempts");

  await page.goto("/team");
  const row = page.getByTestId("member-row").filter({ hasText: email });
  await expect(row).toContainText("Sign-in slowed after failed attempts");
  await page.setViewportSize({ width: 1360, height: 860 });
  await page.screenshot({ path: "test-results/team-unlock-desktop.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/team-unlock-phone.png", fullPage: true });
  await page.setViewportSize({ width: 1360, height: 860 });
  await row.getByRole("button", { name: "Unlock sign-in" }).click();
  await expect(row).not.toContainText("Sign-in slowed");

  await agent.getByLabel("Password").fill(PASSWORD);
  await agent.getByRole("button", { name: "Sign in" }).click();
  await expect(agent).toHaveURL(/\/inbox/, slow);
  await context.close();

  await page.goto("/settings");
  await expect(page.getByTestId("security-settings")).toBeVisible();
  await page.getByTestId("security-settings").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/settings-security-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/settings-security-phone.png", fullPage: true });
});
