import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { test, injectInbound, newPhone } from "./fixtures";

// Issue #12 hardening in the real browser: one malformed record never breaks a conversation (defect 2), the
// sign-in callback stays on this site (3), re-subscribing needs a reason shown in the thread (8), and the
// defence-in-depth headers (10).

const DATABASE_URL = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_e2e";

async function conversationIdOf(request: APIRequestContext, name: string): Promise<string> {
  const res = await request.get(`/api/conversations?q=${encodeURIComponent(name)}`);
  expect(res.ok()).toBe(true);
  const { conversations } = (await res.json()) as { conversations: { id: string }[] };
  expect(conversations).toHaveLength(1);
  return conversations[0]!.id;
}

test("a conversation with an object referral headline, a malformed document URL and a broken stored row still opens", async ({
  page,
  request,
}) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const phone = newPhone();
  const name = `Broken ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "first message" });
  // Signed and valid except for its types: the headline is an object (React error #31 when rendered as-is).
  await injectInbound(request, {
    from: phone,
    name,
    text: "I saw your ad",
    referral: {
      headline: { text: "Summer sale", nested: { a: 1 } },
      body: ["Up to 50%"],
      sourceType: "ad",
      sourceUrl: "https://fb.me/ad1",
    },
  });
  const conversationId = await conversationIdOf(request, name);

  // A template whose document URL has a malformed percent-escape (decodeURIComponent threw in the preview).
  const sent = await request.post("/api/messages/template", {
    data: {
      conversationId,
      templateName: "invoice_ready",
      language: "en_US",
      idempotencyKey: randomUUID(),
      parameters: [
        { name: "header_document", value: "https://files.example/invoices/100%.pdf" },
        { name: "body_1", value: "Sam" },
        { name: "body_2", value: "INV-1" },
        { name: "body_3", value: "$1" },
      ],
    },
  });
  expect(sent.status(), await sent.text()).toBeLessThan(300);

  // A row stored before the normaliser checked types (or any shape nobody foresaw): sections is not a list.
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "Message" (id, "conversationId", direction, kind, text, content, "createdAt")
       VALUES ($1, $2, 'INBOUND', 'list', 'legacy list', $3, now())`,
      [
        `e2e-${randomUUID()}`,
        conversationId,
        JSON.stringify({ listMessage: { sections: 5, header: { text: { not: "text" } } } }),
      ],
    );
  } finally {
    await client.end();
  }
  await injectInbound(request, { from: phone, name, text: "last message" });

  await page.goto("/inbox");
  await page.getByTestId("conversation-row").filter({ hasText: name }).click();
  await expect(page.getByTestId("thread-title")).toHaveText(name);
  const messages = page.getByTestId("message");
  await expect(messages.filter({ hasText: "first message" })).toBeVisible();
  await expect(messages.filter({ hasText: "last message" })).toBeVisible();
  const ad = messages.filter({ hasText: "I saw your ad" });
  await expect(ad.getByTestId("referral")).toContainText("From an ad: Click-to-WhatsApp");
  await expect(ad.getByTestId("referral")).not.toContainText("[object Object]");
  await expect(page.getByTestId("template-message")).toContainText("100%.pdf");
  const broken = messages.filter({ hasText: "Cannot display this message" });
  await expect(broken).toHaveCount(1);
  await expect(broken).toHaveAttribute("data-kind", "undisplayable");
  // The composer and the rest of the page still work.
  await expect(page.getByLabel("Reply")).toBeEditable();
  await page.screenshot({ path: "test-results/render-broken-thread-desktop.png" });
  // The inbox has no phone layout yet (the thread is off-screen at 390 px): a picture for the record, no assertion.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/render-broken-thread-phone.png" });
  expect(errors).toEqual([]);
});

test("the sign-in callback never leaves the site", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  // A repeated parameter (an array) used to be a 500.
  const repeated = await page.goto("/login?callbackUrl=/inbox&callbackUrl=//evil.example");
  expect(repeated?.status()).toBe(200);

  await page.goto("/login?callbackUrl=/.//evil.example");
  await page.getByLabel("Email").fill("admin@example.com");
  await page.getByLabel("Password").fill("e2e-admin-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  // Password hashing plus the first render of the inbox: slow on a loaded machine, so a longer wait.
  await expect(page).toHaveURL(/\/inbox/, { timeout: 30_000 });
  expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);

  // Signed in, the login page redirects at once: same rule.
  for (const hostile of ["/.//evil.example", "//evil.example", "/%5Cevil.example", "https://evil.example/"]) {
    const res = await context.request.get(`/login?callbackUrl=${encodeURIComponent(hostile)}`, {
      maxRedirects: 0,
    });
    expect(res.status(), hostile).toBeGreaterThanOrEqual(300);
    expect(res.status(), hostile).toBeLessThan(400);
    const location = res.headers()["location"] ?? "";
    expect(location.startsWith("//"), `${hostile} -> ${location}`).toBe(false);
    expect(new URL(location, "http://app.local").host, `${hostile} -> ${location}`).toBe("app.local");
  }
  await context.close();
});

test("re-subscribing an opted-out customer asks for a reason and shows it in the thread", async ({
  page,
  request,
}) => {
  const phone = newPhone();
  const name = `Consent ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "STOP sending offers" });
  await page.goto("/inbox");
  await page.getByTestId("conversation-row").filter({ hasText: name }).click();
  await expect(page.getByTestId("thread-title")).toHaveText(name);
  const panel = page.getByTestId("contact-panel");
  const showContact = page.getByRole("button", { name: "Show contact details" });
  if (await showContact.isVisible()) await showContact.click();
  const toggle = panel.getByRole("switch", { name: "Opted out of campaigns" });
  if ((await toggle.getAttribute("aria-checked")) !== "true") {
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", "true");
  }
  await expect(
    page.getByTestId("activity").filter({ hasText: "opted this customer out of campaigns" }),
  ).toBeVisible();

  await toggle.click();
  const form = panel.getByTestId("resubscribe-form");
  await expect(form).toBeVisible();
  await form.getByRole("button", { name: "Re-subscribe" }).click();
  await expect(form.getByRole("alert")).toContainText(/say why this customer may receive campaigns again/i);
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await page.screenshot({ path: "test-results/render-resubscribe-desktop.png" });

  await form
    .getByLabel("Why may this customer receive campaigns again?")
    .fill("Asked in chat to get offers again");
  await form.getByRole("button", { name: "Re-subscribe" }).click();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await expect(
    page.getByTestId("activity").filter({
      hasText: "re-subscribed this customer to campaigns. Reason: Asked in chat to get offers again",
    }),
  ).toBeVisible();
});

test("CSP on prefetches, no forwarded host from a direct client, names-only assignee list", async ({
  request,
}) => {
  const prefetches: Record<string, string>[] = [
    { "next-router-prefetch": "1", rsc: "1" },
    { purpose: "prefetch" },
    { "sec-purpose": "prefetch" },
  ];
  for (const headers of prefetches) {
    const res = await request.get("/inbox", { headers, maxRedirects: 0 });
    expect(res.headers()["content-security-policy"], JSON.stringify(headers)).toMatch(
      /script-src 'self' 'nonce-[^']+'/,
    );
  }

  // A client that names the attacker's site as the forwarded host must not pass the CSRF origin check.
  const forged = await request.post("/api/invites", {
    headers: { origin: "https://evil.example", "x-forwarded-host": "evil.example" },
    data: {},
  });
  expect(forged.status()).toBe(403);

  const assignees = await request.get("/api/conversations/assignees");
  const body = (await assignees.json()) as { assignees: Record<string, unknown>[] };
  expect(body.assignees.length).toBeGreaterThan(0);
  for (const a of body.assignees) expect(Object.keys(a).sort()).toEqual(["id", "name"]);
});
