import { expect } from "@playwright/test";
import { test, injectInbound, newPhone, SIMULATOR, sentRequests } from "./fixtures";

// Issue 19: what a real Connectly account may send that the first simulator did not: templates only in Meta's
// native component shape, list replies, reactions, stickers and shared contacts.

test("a template delivered only in Meta's native shape shows in the library, previews and sends", async ({
  page,
  request,
}) => {
  await page.goto("/templates");
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("library-notice")).toContainText(/Synced|already running/);

  const row = page.getByTestId("template-row").filter({ hasText: "spring_promo_native" });
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: "spring_promo_native", exact: true }).click();
  await expect(page.getByTestId("template-variables")).toContainText(
    "header_text, body_1, body_2, button_2_url",
  );
  const preview = page.getByTestId("template-preview").last();
  await expect(preview).toContainText("Our Spring Sale is on!");
  await expect(preview).toContainText("Shop now through the end of April and use code 25OFF");
  await expect(preview).toContainText("Unsubscribe from Promos");
  await page.screenshot({ path: "test-results/native-template-library.png" });

  // A native template with a kind the app does not model: shown, and sent with parameters typed by hand.
  const storeVisit = page.getByTestId("template-row").filter({ hasText: "store_visit_native" });
  await storeVisit.getByRole("button", { name: "store_visit_native", exact: true }).click();
  await expect(page.getByTestId("template-preview-unknown").first()).toContainText(
    "Unsupported component: header location",
  );
  await expect(page.getByTestId("template-variables")).toContainText("entered by hand");

  const phone = newPhone();
  await injectInbound(request, { from: phone, name: `Native ${phone.slice(-4)}`, text: "hi" });
  await page.getByRole("button", { name: "Send template", exact: true }).click();
  await page.getByLabel("Customer's WhatsApp number").fill(phone);
  await page.getByRole("button", { name: "Continue" }).click();
  const dialog = page.getByTestId("template-send-dialog");
  await dialog.getByPlaceholder("Search by name or text").fill("store_visit");
  await dialog.getByRole("button", { name: "Use store_visit_native (en_US)" }).click();
  const manual = dialog.getByTestId("manual-parameters");
  await expect(manual).toBeVisible();
  await expect(manual.getByLabel("Parameter 1 name")).toHaveValue("body_1");
  await manual.getByLabel("Parameter 1 value").fill("Sam");
  await dialog.getByRole("button", { name: "Send template" }).click();
  await expect(page.getByTestId("library-notice")).toContainText("Template sent");
  const sent = (await sentRequests(request)).filter(
    (r) => r.endpoint === "template" && r.body.number === phone,
  );
  expect(sent.at(-1)?.body).toMatchObject({
    templateName: "store_visit_native",
    parameters: [{ name: "body_1", value: "Sam" }],
  });
});

test("list replies, reactions, stickers and contact cards in the inbox", async ({ page, request }) => {
  const phone = newPhone();
  const name = `Kinds ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "I need help" });
  await page.goto("/inbox");
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live");
  await page.getByTestId("conversation-row").filter({ hasText: name }).click();

  const reply = `Hello ${name}, how can we help?`;
  await page.getByLabel("Reply").fill(reply);
  await page.getByLabel("Reply").press("Enter");
  const ours = page.getByTestId("message").filter({ hasText: reply });
  await expect(ours.locator("[data-status]")).toHaveAttribute("data-status", /SENT|DELIVERED|READ/, {
    timeout: 15_000,
  });
  // The simulator's log holds the id it answered with (the id its webhooks and reactions refer to).
  const res = await request.get(`${SIMULATOR}/sim/sent`);
  const { requests } = (await res.json()) as {
    requests: { id: string; endpoint: string; body: Record<string, unknown> }[];
  };
  const sentReply = requests.filter(
    (r) => r.endpoint === "session" && JSON.stringify(r.body).includes(reply),
  );
  expect(sentReply).toHaveLength(1);
  const messageId = sentReply[0]?.id;

  // Reaction: shown on our message, replaced, then removed.
  await injectInbound(request, { from: phone, reaction: { messageId, emoji: "👍" } });
  await expect(ours.getByTestId("message-reaction")).toHaveText("👍");
  await injectInbound(request, { from: phone, reaction: { messageId, emoji: "❤️" } });
  await expect(ours.getByTestId("message-reaction")).toHaveText("❤️");
  await injectInbound(request, { from: phone, reaction: { messageId, emoji: "" } });
  await expect(ours.getByTestId("message-reaction")).toHaveCount(0);

  // List reply, sticker, contact card, and a kind the inbox does not know.
  await injectInbound(request, {
    from: phone,
    listReply: { id: "track", title: "Track an order", description: "Where is my parcel?" },
  });
  await expect(page.getByTestId("list-reply")).toContainText("Track an order");
  await expect(page.getByTestId("list-reply")).toContainText("Where is my parcel?");
  await injectInbound(request, {
    from: phone,
    sticker: { url: "https://cdn.connectly.ai/assets/sim-image.jpg" },
  });
  await expect(page.getByTestId("sticker")).toBeVisible();
  await injectInbound(request, {
    from: phone,
    contacts: [{ name: { formatted_name: "Ana Lopez" }, phones: [{ phone: "+14155550101", type: "CELL" }] }],
  });
  await expect(page.getByTestId("shared-contacts")).toContainText("Ana Lopez");
  await expect(page.getByTestId("shared-contacts")).toContainText("+14155550101");
  await injectInbound(request, { from: phone, messageExtra: { poll: { question: "Which day suits you?" } } });
  const unsupported = page.getByTestId("unsupported-message");
  await expect(unsupported).toContainText("unsupported");
  await unsupported.locator("summary").click();
  await expect(unsupported).toContainText("Which day suits you?");

  await page.screenshot({ path: "test-results/inbound-kinds-desktop.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/inbound-kinds-phone.png" });
});
