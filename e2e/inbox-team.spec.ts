import { randomUUID } from "node:crypto";
import { expect, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import { test, injectInbound, newPhone, sentRequests, SIMULATOR } from "./fixtures";

// Two agents in two browser contexts against the same live inbox. The second agent is written straight into the
// e2e database (there is no invite flow to go through here), then signs in through the real login page.

const DATABASE_URL = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_e2e";

async function createAgent(name: string) {
  const email = `agent-${randomUUID().slice(0, 8)}@example.com`;
  const password = "agent-e2e-password";
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, active, "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, 'AGENT', true, now(), now()) RETURNING id`,
      [`e2e-${randomUUID()}`, email, name, await hashPassword(password)],
    );
    return { id: rows[0]!.id, email, password, name };
  } finally {
    await client.end();
  }
}

async function signedInPage(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({
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

test("two agents: inbound arrives live for both, a reply and an assignment show up for the other", async ({
  page,
  browser,
  request,
}) => {
  const agent = await createAgent(`Bea ${randomUUID().slice(0, 4)}`);
  const pageB = await signedInPage(browser, agent.email, agent.password);
  await page.goto("/inbox");
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live");
  await expect(pageB.getByTestId("live-state")).toHaveAttribute("data-state", "live");

  const phone = newPhone();
  const name = `Team ${phone.slice(-6)}`;
  await injectInbound(request, { from: phone, name, text: "Can someone help me?" });

  const rowA = page.getByTestId("conversation-row").filter({ hasText: name });
  const rowB = pageB.getByTestId("conversation-row").filter({ hasText: name });
  await expect(rowA).toContainText("Can someone help me?");
  await expect(rowB).toContainText("Can someone help me?");

  await rowA.click();
  await rowB.click();
  const reply = `On it, ${name}!`;
  await page.getByLabel("Reply").fill(reply);
  await page.getByLabel("Reply").press("Enter");
  await expect(pageB.getByTestId("message").filter({ hasText: reply })).toBeVisible();

  // A hands the conversation to B: B's header, activity line and "Mine" tab follow without a reload.
  // The picker shows who is online: B has the inbox open.
  await page.getByTestId("assignee-select").selectOption({ label: `${agent.name} · online` });
  await expect(pageB.getByTestId("assignee-select")).toHaveValue(agent.id);
  await expect(
    pageB.getByTestId("activity").filter({ hasText: `assigned this conversation to ${agent.name}` }),
  ).toBeVisible();
  await pageB.getByRole("tab", { name: "Mine" }).click();
  await expect(pageB.getByTestId("conversation-row").filter({ hasText: name })).toBeVisible();

  // An internal note from B shows for A, styled apart, and is never sent upstream.
  await pageB.getByRole("tab", { name: "Private note" }).click();
  await pageB.getByLabel("Internal note").fill("Customer is a VIP");
  await pageB.getByLabel("Internal note").press("Enter");
  await expect(page.getByTestId("note").filter({ hasText: "Customer is a VIP" })).toBeVisible();
  const upstream = await sentRequests(request);
  expect(upstream.some((r) => JSON.stringify(r.body).includes("Customer is a VIP"))).toBe(false);
  await pageB.context().close();
});

test("quick replies: create one, insert it with /shortcut, and the keyboard drives the list", async ({
  page,
  request,
}) => {
  const phone = newPhone();
  const name = `Keys ${phone.slice(-6)}`;
  await injectInbound(request, { from: phone, name: `${name} Smith`, text: "What are your hours?" });
  await page.goto("/inbox");
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live");

  const shortcut = `hours${phone.slice(-4)}`;
  await page.getByRole("button", { name: "Quick replies" }).last().click();
  await page.getByRole("button", { name: "New quick reply" }).click();
  await page.getByLabel("Shortcut").fill("bad shortcut");
  await page.getByLabel("Title").fill("Opening hours");
  await page.getByLabel("Text").fill("Hi {{name}}, we are open 9-17.");
  await page.getByRole("button", { name: "Create quick reply" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "shortcut may only contain" })).toBeVisible();
  await page.getByLabel("Shortcut").fill(shortcut);
  await page.getByRole("button", { name: "Create quick reply" }).click();
  await expect(page.getByTestId("canned-list")).toContainText(`/${shortcut}`);
  await page.keyboard.press("Escape");

  // J opens the newest conversation (ours), "/" focuses the reply box.
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("j");
  await expect(page.getByTestId("thread-title")).toContainText(name);
  await page.keyboard.press("/");
  await expect(page.getByLabel("Reply")).toBeFocused();
  await page.keyboard.type(`/${shortcut}`);
  await expect(page.getByTestId("canned-suggestions")).toContainText("Opening hours");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Reply")).toHaveValue(`Hi ${name.split(" ")[0]}, we are open 9-17.`);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: "we are open 9-17." })).toBeVisible();

  // E resolves (focus out of the reply box first), "?" opens the cheat sheet.
  await page.getByTestId("thread").click();
  await page.keyboard.press("e");
  await expect(page.getByTestId("status-select")).toHaveValue("RESOLVED");
  await page.keyboard.press("?");
  await expect(page.getByTestId("shortcuts-help")).toBeVisible();
});

test("a reply-button message is built with inline errors and the customer's choice shows quoted", async ({
  page,
  request,
}) => {
  const phone = newPhone();
  const name = `Buttons ${phone.slice(-6)}`;
  await injectInbound(request, { from: phone, name, text: "Is my issue solved?" });
  await page.goto("/inbox");
  await page.getByTestId("conversation-row").filter({ hasText: name }).click();

  await page.getByRole("button", { name: "Buttons message" }).click();
  await page.getByLabel("Button 1").fill("Yes, all good thank you"); // 23 characters: over the limit of 20
  await page.getByLabel("Button 2").fill("No");
  await page.getByRole("button", { name: "Send buttons" }).click();
  await expect(page.getByRole("dialog").getByRole("alert").first()).toBeVisible();
  await expect(page.getByRole("dialog")).toContainText("at most 20 characters");
  await page.getByLabel("Message", { exact: true }).fill("Was your issue resolved?");
  await page.getByLabel("Button 1").fill("Yes");
  await page.getByRole("button", { name: "Send buttons" }).click();

  const sent = page.getByTestId("message").filter({ hasText: "Was your issue resolved?" });
  await expect(sent).toBeVisible();
  await expect(sent.locator("[data-status]")).toHaveAttribute("data-status", /SENT|DELIVERED|READ/, {
    timeout: 10_000,
  });
  const upstream = (await sentRequests(request)).find((r) =>
    JSON.stringify(r.body).includes("Was your issue resolved?"),
  );
  expect(upstream?.body).toMatchObject({
    message: { replyButtonMessage: { buttons: [{ text: "Yes" }, { text: "No" }] } },
  });

  // The customer taps "Yes", quoting the message by the upstream id the simulator gave it.
  const all = (await (await request.get(`${SIMULATOR}/sim/sent`)).json()) as {
    requests: { id: string; body: unknown }[];
  };
  const upstreamId = all.requests.find((r) =>
    JSON.stringify(r.body).includes("Was your issue resolved?"),
  )?.id;
  expect(upstreamId).toBeTruthy();
  await injectInbound(request, {
    from: phone,
    buttonResponse: { text: "Yes", id: "button_1" },
    replyToId: upstreamId,
  });
  const choice = page.getByTestId("message").filter({ hasText: "Chose" });
  await expect(choice).toContainText("Yes");
  await expect(choice.getByTestId("quoted-message")).toContainText("Was your issue resolved?");
});

test("a retryable delivery failure offers Retry, which resends once as a new linked message", async ({
  page,
  request,
}) => {
  const phone = newPhone("94"); // simulator rule: …94 = unspecified transient failure (retryable)
  const name = `Retry ${phone.slice(-6)}`;
  await injectInbound(request, { from: phone, name, text: "hello?" });
  await page.goto("/inbox");
  await page.getByTestId("conversation-row").filter({ hasText: name }).click();
  await page.getByLabel("Reply").fill("Are you still there?");
  await page.getByLabel("Reply").press("Enter");

  const original = page.getByTestId("message").filter({ hasText: "Are you still there?" }).first();
  await expect(original.getByTestId("failure-reason")).toBeVisible({ timeout: 10_000 });
  await original.getByRole("button", { name: "Retry" }).click();
  await expect(original.getByTestId("failure-reason")).toContainText("Resent");
  await expect(original.getByRole("button", { name: "Retry" })).toHaveCount(0);
  await expect(page.getByTestId("message").filter({ hasText: "Resent after a failure" })).toContainText(
    "Are you still there?",
  );
  const sends = (await sentRequests(request)).filter((r) =>
    JSON.stringify(r.body).includes("Are you still there?"),
  );
  expect(sends).toHaveLength(2);
});
