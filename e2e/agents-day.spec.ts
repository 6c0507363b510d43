import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { expect, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import { E2E_PORT, E2E_SIMULATOR_PORT } from "../playwright.config";
import { test, injectInbound, newPhone, sentRequests } from "./fixtures";

// Issue #15, items 2-4: desktop notifications, presence across two app instances, drafts that survive.

const DATABASE_URL = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_e2e";
const SECOND_PORT = Number(process.env.E2E_SECOND_PORT ?? E2E_PORT + 1);
const unixSecondsAgo = (seconds: number) => Math.floor(Date.now() / 1000) - seconds;
const badgeCount = async (page: Page) => {
  const badge = page.getByTestId("inbox-unread-badge");
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
};

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function createAgent(name: string) {
  const email = `agent-${randomUUID().slice(0, 8)}@example.com`;
  const password = "agent-e2e-password";
  const [row] = await query<{ id: string }>(
    `INSERT INTO "User" (id, email, name, "passwordHash", role, active, "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, 'AGENT', true, now(), now()) RETURNING id`,
    [`e2e-${randomUUID()}`, email, name, await hashPassword(password)],
  );
  return { id: row!.id, email, password, name };
}

async function signIn(browser: Browser, baseURL: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
    viewport: { width: 1360, height: 860 },
  });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox/);
  return page;
}

/** Records every Notification the page creates (the real one is still shown). */
const recordNotifications = () => {
  const calls: { title: string; body: string }[] = [];
  (window as unknown as { __notifications: typeof calls }).__notifications = calls;
  const Original = window.Notification;
  class Recorded extends Original {
    constructor(title: string, options?: NotificationOptions) {
      calls.push({ title, body: options?.body ?? "" });
      super(title, options);
    }
  }
  Object.defineProperty(Recorded, "permission", { get: () => Original.permission });
  Object.defineProperty(Recorded, "requestPermission", { value: Original.requestPermission.bind(Original) });
  window.Notification = Recorded;
};
const notifications = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { __notifications: { title: string; body: string }[] }).__notifications,
  );

/** A second app server on the same database: presence must cross instances through LISTEN/NOTIFY. */
async function startSecondInstance(): Promise<ChildProcess> {
  const key = existsSync(".data/settings-encryption-key")
    ? readFileSync(".data/settings-encryption-key", "utf8").trim()
    : undefined;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], {
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL,
      PORT: String(SECOND_PORT),
      NEXTAUTH_URL: `http://localhost:${SECOND_PORT}`,
      // The public address is the first instance's (as behind a load balancer): it is what each instance registers
      // with the simulator at start-up, so the webhooks keep reaching the suite's app after this one is gone.
      APP_URL: `http://localhost:${E2E_PORT}`,
      NEXTAUTH_SECRET: "e2e-nextauth-secret-not-for-production",
      CONNECTLY_WEBHOOK_SECRET: "e2e_webhook_secret",
      SIMULATOR_PORT: String(E2E_SIMULATOR_PORT),
      TEMPLATE_SYNC_INTERVAL_MS: "0",
      WEBHOOK_RETENTION_INTERVAL_MS: "0",
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next",
      ...(key ? { SETTINGS_ENCRYPTION_KEY: key } : {}),
    },
  });
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`http://127.0.0.1:${SECOND_PORT}/login`, { redirect: "manual" })).status;
        } catch {
          return 0;
        }
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe(200);
  return child;
}

test.describe("notifications", () => {
  test("asked from the banner, shown for a new conversation, a mention and new messages, never for the focused open one", async ({
    page,
    context,
    browser,
    request,
  }) => {
    test.setTimeout(150_000); // two signed-in browsers and several live round trips, on a shared machine
    await context.addInitScript(recordNotifications);
    await page.goto("/inbox");
    await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live");
    // Permission is asked from a click on the banner, not on load.
    const banner = page.getByTestId("notification-banner");
    await expect(banner).toBeVisible();
    await context.grantPermissions(["notifications"]);
    await banner.getByRole("button", { name: "Turn on notifications" }).click();
    await expect(banner).toBeHidden();

    // A customer writes for the first time.
    const phone = newPhone();
    const name = `Notify ${phone.slice(-6)}`;
    await injectInbound(request, { from: phone, name, text: "Hello, first time here" });
    await expect
      .poll(() => notifications(page))
      .toContainEqual({ title: `New conversation · ${name}`, body: "Hello, first time here" });

    // The admin takes it and opens it: in this focused tab, its messages do not notify...
    await page.getByTestId("conversation-row").filter({ hasText: name }).click();
    await page.getByTestId("assignee-select").selectOption({ label: "Me (Admin)" });
    await page.bringToFront();
    await injectInbound(request, { from: phone, name, text: "Are you there?" });
    await expect(page.getByTestId("message").filter({ hasText: "Are you there?" })).toBeVisible();

    // ...but elsewhere they do, and the Inbox badge counts the conversation from any page.
    await page.getByRole("link", { name: "Templates" }).click();
    await expect(page).toHaveURL(/\/templates/);
    await expect(page.getByRole("heading", { name: "Templates" })).toBeVisible();
    const before = await badgeCount(page);
    await injectInbound(request, { from: phone, name, text: "Hello again?" });
    await expect
      .poll(() => notifications(page))
      .toContainEqual({ title: `New message · ${name}`, body: "Hello again?" });
    expect((await notifications(page)).some((n) => n.body === "Are you there?")).toBe(false);
    await expect.poll(() => badgeCount(page)).toBe(before + 1);

    // A teammate mentions the admin in a note, through the composer's @ autocomplete.
    const agent = await createAgent(`Noor ${randomUUID().slice(0, 4)}`);
    const pageB = await signIn(browser, `http://localhost:${E2E_PORT}`, agent.email, agent.password);
    await pageB.getByTestId("conversation-row").filter({ hasText: name }).click();
    await pageB.getByRole("tab", { name: "Private note" }).click();
    const note = pageB.getByLabel("Internal note");
    await note.fill("@Adm");
    await expect(
      pageB.getByTestId("mention-suggestions").getByRole("option", { name: "@Admin" }),
    ).toBeVisible();
    await note.press("Enter");
    await expect(note).toHaveValue("@Admin ");
    await note.fill("@Admin please call this customer back");
    await note.press("Enter");
    await expect(
      pageB.getByTestId("note").filter({ hasText: "please call this customer back" }),
    ).toBeVisible();
    await expect
      .poll(() => notifications(page))
      .toContainEqual({
        title: "You were mentioned",
        body: `${agent.name} mentioned you: @Admin please call this customer back`,
      });
    await pageB.context().close();

    // The Account page keeps the mention and the preferences.
    await page.getByRole("link", { name: "Notifications" }).click();
    await expect(page.getByTestId("notification-list")).toContainText(`${agent.name} mentioned you`);
    await expect(page.getByTestId("desktop-permission")).toContainText("This browser shows notifications.");
  });

  test("preferences are saved on the Account page and turn a kind off", async ({
    page,
    context,
    request,
  }) => {
    await context.grantPermissions(["notifications"]);
    await context.addInitScript(recordNotifications);
    await page.goto("/account");
    const form = page.getByTestId("notification-preferences");
    await form.getByLabel("New conversations").uncheck();
    await form.getByRole("button", { name: "Save preferences" }).click();
    await expect(page.getByRole("status")).toHaveText("Saved.");
    await page.reload();
    await expect(
      page.getByTestId("notification-preferences").getByLabel("New conversations"),
    ).not.toBeChecked();
    try {
      await page.goto("/inbox");
      await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live");
      const phone = newPhone();
      const name = `Quiet ${phone.slice(-6)}`;
      await injectInbound(request, { from: phone, name, text: "no bell for me" });
      await expect(page.getByTestId("conversation-row").filter({ hasText: name })).toBeVisible();
      // The row is there (the event arrived); no notification was made for it.
      expect((await notifications(page)).filter((n) => n.body === "no bell for me")).toEqual([]);
    } finally {
      await page.goto("/account");
      await page.getByTestId("notification-preferences").getByLabel("New conversations").check();
      await page
        .getByTestId("notification-preferences")
        .getByRole("button", { name: "Save preferences" })
        .click();
      await expect(page.getByRole("status")).toHaveText("Saved.");
    }
  });
});

test("presence across two app instances: viewing, typing, online in the picker, and the reply-race warning", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  const second = await startSecondInstance();
  try {
    const agent = await createAgent(`Ines ${randomUUID().slice(0, 4)}`);
    const phone = newPhone();
    const name = `Presence ${phone.slice(-6)}`;
    await injectInbound(request, { from: phone, name, text: "Who is looking at this?" });

    await page.goto("/inbox");
    await page.getByTestId("conversation-row").filter({ hasText: name }).click();
    await expect(page).toHaveURL(/c=/);
    const conversationId = new URL(page.url()).searchParams.get("c");

    // The agent is on the OTHER instance.
    const pageB = await signIn(browser, `http://localhost:${SECOND_PORT}`, agent.email, agent.password);
    await pageB.goto(`/inbox?c=${conversationId}`);
    await expect(pageB.getByTestId("thread-title")).toHaveText(name);

    await expect(page.getByTestId("presence")).toHaveText(`${agent.name} is viewing`);
    await expect(pageB.getByTestId("presence")).toHaveText("Admin is viewing");
    await expect(page.getByTestId("assignee-select").locator("option", { hasText: agent.name })).toHaveText(
      `${agent.name} · online`,
    );

    // Typing shows on the other instance (throttled reports, no write per keystroke).
    await pageB.getByLabel("Reply").pressSequentially("Let me check", { delay: 20 });
    await expect(page.getByTestId("presence")).toHaveText(`${agent.name} is typing…`);

    // The admin starts a reply; the agent sends theirs first: the admin is asked before sending on top of it.
    await page.getByLabel("Reply").fill("I can take this one");
    await pageB.getByLabel("Reply").press("Enter");
    await expect(page.getByTestId("message").filter({ hasText: "Let me check" })).toBeVisible();
    await page.getByLabel("Reply").press("Enter");
    const warning = page.getByTestId("reply-race-warning");
    await expect(warning).toContainText(
      `${agent.name} replied in this conversation after you started typing`,
    );
    await warning.getByRole("button", { name: "Review" }).click();
    await expect(warning).toBeHidden();
    await expect(page.getByLabel("Reply")).toHaveValue("I can take this one");
    await page.getByLabel("Reply").press("Enter");
    await expect(page.getByTestId("message").filter({ hasText: "I can take this one" })).toBeVisible();

    // The agent closes the tab: their presence goes with the stream.
    await pageB.context().close();
    await expect(page.getByTestId("presence")).toHaveText("");
    await expect(page.getByTestId("assignee-select").locator("option", { hasText: agent.name })).toHaveText(
      agent.name,
    );
  } finally {
    if (second.pid) process.kill(-second.pid, "SIGTERM");
  }
});

test.describe("drafts", () => {
  test("a draft survives switching conversations and a reload; an unmatched /shortcut is never sent", async ({
    page,
    request,
  }) => {
    const phones = [newPhone(), newPhone()];
    const names = phones.map((p) => `Draft ${p.slice(-6)}`);
    for (const [i, phone] of phones.entries())
      await injectInbound(request, { from: phone, name: names[i], text: "hi" });
    await page.goto("/inbox");
    const reply = page.getByLabel("Reply");
    await page.getByTestId("conversation-row").filter({ hasText: names[0] }).click();
    await reply.fill("Half-written answer for the first one");
    await page.getByTestId("conversation-row").filter({ hasText: names[1] }).click();
    await expect(reply).toHaveValue("");
    await page.getByTestId("conversation-row").filter({ hasText: names[0] }).click();
    await expect(reply).toHaveValue("Half-written answer for the first one");
    await page.reload();
    await expect(page.getByLabel("Reply")).toHaveValue("Half-written answer for the first one");

    // "/nosuchreply" + Enter: a message saying so, nothing sent, the text kept.
    const before = (await sentRequests(request)).length;
    await page.getByLabel("Reply").fill("/nosuchreply");
    await page.getByLabel("Reply").press("Enter");
    await expect(page.getByTestId("composer-error")).toContainText("No quick reply named “/nosuchreply”");
    await expect(page.getByLabel("Reply")).toHaveValue("/nosuchreply");
    const after = await sentRequests(request);
    expect(after.slice(before).some((r) => JSON.stringify(r.body).includes("nosuchreply"))).toBe(false);
  });

  test("when the 24-hour window has closed, the kept draft is shown in the template dialog", async ({
    page,
    request,
  }) => {
    const phone = newPhone();
    const name = `Closed ${phone.slice(-6)}`;
    await injectInbound(request, {
      from: phone,
      name,
      text: "old message",
      timestamp: unixSecondsAgo(25 * 3600),
    });
    await page.goto("/inbox");
    await page.getByTestId("conversation-row").filter({ hasText: name }).click();
    await expect(page.getByTestId("template-only")).toBeVisible();
    const conversationId = new URL(page.url()).searchParams.get("c");
    const [admin] = await query<{ id: string }>(`SELECT id FROM "User" WHERE email = 'admin@example.com'`);
    // What the composer had stored when the window closed under it.
    await page.evaluate(
      ([key, value]) => localStorage.setItem(key!, value!),
      [
        `inbox-draft:${admin!.id}:${conversationId}`,
        JSON.stringify({ reply: "Sorry for the wait, your parcel ships today", note: "", replyBase: null }),
      ],
    );
    await page.reload();
    await expect(page.getByTestId("closed-window-draft")).toContainText(
      "Sorry for the wait, your parcel ships today",
    );
    await page.getByRole("button", { name: "Send a template" }).click();
    await expect(page.getByTestId("template-draft-context")).toContainText(
      "Sorry for the wait, your parcel ships today",
    );
  });
});
