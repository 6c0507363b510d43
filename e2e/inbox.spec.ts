import { expect } from "@playwright/test";
import { test, injectInbound, newPhone, sentRequests } from "./fixtures";
import { expectOneLine } from "./layout-fit";

test("an inbound message appears live, the agent replies, and ticks go to read", async ({
  page,
  request,
}) => {
  await page.goto("/inbox");
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live");

  const phone = newPhone();
  const name = `Sam ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "Where is my order?" });

  // Arrives without a reload, pushed by the server.
  const row = page.getByTestId("conversation-row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText("Where is my order?");
  await row.click();
  await expect(page.getByTestId("thread-title")).toHaveText(name);
  await expect(page.getByTestId("window-countdown")).toContainText(/2[34]:\d\d left/);

  const reply = `Hi ${name}, it ships today.`;
  await page.getByLabel("Reply").fill(reply);
  await page.getByLabel("Reply").press("Enter");

  const bubble = page.getByTestId("message").filter({ hasText: reply });
  await expect(bubble).toBeVisible();
  await expect(bubble.locator("[data-status]")).toHaveAttribute("data-status", "READ", { timeout: 15_000 });

  const upstream = (await sentRequests(request)).filter((r) => r.endpoint === "session");
  const body = upstream.find((r) => JSON.stringify(r.body).includes(reply))?.body;
  expect(body).toMatchObject({ recipient: { id: phone, channelType: "whatsapp" }, message: { text: reply } });
});

test("a failed delivery shows the plain-language reason", async ({ page, request }) => {
  const phone = newPhone("91"); // simulator rule: …91 = number not on WhatsApp
  const name = `Failing ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "hello?" });
  await page.goto("/inbox");
  await page.getByTestId("conversation-row").filter({ hasText: name }).click();
  await page.getByLabel("Reply").fill("Are you there?");
  await page.getByRole("button", { name: "Send", exact: true }).click();

  const bubble = page.getByTestId("message").filter({ hasText: "Are you there?" });
  await expect(bubble.locator("[data-status]")).toHaveAttribute("data-status", "FAILED", { timeout: 15_000 });
  const reason = bubble.getByTestId("failure-reason");
  await expect(reason).toBeVisible();
  await expect(reason).not.toContainText("ERROR_CODE_");
});

test("the countdown shows the time left and flips the composer to templates when it expires", async ({
  page,
  request,
}) => {
  const start = new Date();
  await page.clock.install({ time: start });
  const phone = newPhone();
  const name = `Window ${phone.slice(-4)}`;
  const wroteAt = Math.floor((start.getTime() - (23 * 60 + 50) * 60_000) / 1000); // 23 h 50 min ago
  await injectInbound(request, { from: phone, name, text: "late message", timestamp: wroteAt });

  await page.goto("/inbox");
  // Written 23 h 50 min ago: far down a busy list (which renders only the rows in view), so found by search.
  await page.getByPlaceholder("Name, phone or text").fill(name);
  await page.getByTestId("conversation-row").filter({ hasText: name }).click();
  const countdown = page.getByTestId("window-countdown");
  await expect(countdown).toContainText(/00:(09|10) left/);
  await expect(countdown).toHaveAttribute("data-urgency", "critical");
  await expect(page.getByLabel("Reply")).toBeVisible();

  await page.clock.fastForward("11:00");
  await expect(countdown).toHaveText(/Window closed/);
  await expect(page.getByTestId("template-only")).toBeVisible();
  await expect(page.getByLabel("Reply")).toHaveCount(0);

  // The customer writes again: the composer comes back by itself, without a reload.
  await injectInbound(request, { from: phone, text: "still there?" });
  await expect(page.getByLabel("Reply")).toBeVisible();
});

test("the thread header keeps assignee, status and Resolve on one line on a narrow desktop with the contact panel open", async ({
  page,
  request,
}) => {
  const phone = newPhone();
  const name = `Narrow desk ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "Do you ship to Lisbon?" });
  for (const width of [1024, 1152, 1280]) {
    await page.setViewportSize({ width, height: 768 });
    await page.goto(`/inbox`);
    await page.getByTestId("conversation-row").filter({ hasText: name }).click();
    await expect(page.getByTestId("thread-title")).toHaveText(name);
    await expect(page.getByTestId("contact-panel")).toBeVisible();
    const status = page.getByTestId("status-select");
    // The header's selects are at caption size, as before the UI kit (text-sm made the header wrap).
    await expect(status).toHaveCSS("font-size", "12px");
    await expectOneLine(`the thread header at ${width} px`, [
      page.getByTestId("assignee-select"),
      status,
      page.getByRole("button", { name: "Resolve", exact: true }),
    ]);
  }
});
