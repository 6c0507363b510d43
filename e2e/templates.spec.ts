import { expect, type Page } from "@playwright/test";
import { test, injectInbound, newPhone, sentRequests } from "./fixtures";

// Templates through the real UI: the library (synced from the simulator), the "Send template" action with the
// picker, the generated variable form and the live preview, and what reaches Connectly.

async function syncLibrary(page: Page) {
  await page.goto("/templates");
  await page.getByRole("button", { name: "Sync now" }).click();
  // The start-up sync may still hold the lock: either way the library ends up synced.
  await expect(page.getByTestId("library-notice")).toContainText(/Synced|already running/);
  await expect(page.getByTestId("template-row").filter({ hasText: "summer_sale_carousel" })).toBeVisible();
}

async function openSendDialog(page: Page, phone: string) {
  await page.getByRole("button", { name: "Send template", exact: true }).click();
  await page.getByLabel("Customer's WhatsApp number").fill(phone);
  await page.getByRole("button", { name: "Continue" }).click();
  const dialog = page.getByTestId("template-send-dialog");
  await expect(dialog).toBeVisible();
  return dialog;
}

test("pick the carousel template, fill every card with a live preview, and send it with the contract's parameter names", async ({
  page,
  request,
  baseURL,
}) => {
  const phone = newPhone();
  const name = `Carousel ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "Any deals?" });
  await syncLibrary(page);

  const dialog = await openSendDialog(page, phone);
  await expect(dialog).toContainText(`To ${name} · ${phone}`);
  await dialog.getByPlaceholder("Search by name or text").fill("summer");
  await expect(dialog.getByTestId("template-option")).toHaveCount(1);
  await dialog.getByRole("button", { name: "Use summer_sale_carousel (en_US)" }).click();

  const preview = dialog.getByTestId("template-preview");
  // 1 body variable + 3 cards x (image, body, link suffix): all unfilled at first.
  await expect(preview.getByTestId("unfilled-variable")).toHaveCount(4);
  await expect(preview.getByTestId("template-preview-card")).toHaveCount(3);

  // Sending with gaps is stopped inline, before anything leaves the browser.
  const before = (await sentRequests(request)).length;
  await dialog.getByRole("button", { name: "Send template" }).click();
  await expect(dialog.getByTestId("field-error").first()).toBeVisible();
  await expect(dialog.getByLabel("Body {{1}}", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await dialog.getByLabel("Body {{1}}", { exact: true }).fill("Sam");
  await expect(preview.getByTestId("template-preview-body")).toContainText("Hi Sam, our summer sale is on.");

  // Images the app itself serves, so the preview really loads them (no outside network here).
  const cards = [
    { image: `${baseURL}/readme/inbox.png?card=1`, price: "$25", slug: "linen-shirt-blue" },
    { image: `${baseURL}/readme/inbox.png?card=2`, price: "$15", slug: "straw-hat" },
    { image: `${baseURL}/readme/inbox.png?card=3`, price: "$12", slug: "beach-towel-xl" },
  ];
  for (const [i, card] of cards.entries()) {
    const n = i + 1;
    await dialog.getByRole("tab", { name: `Card ${n}` }).click();
    await dialog.getByLabel(`Card ${n} · image URL`).fill(card.image);
    await dialog.getByLabel(`Card ${n} · body {{1}}`).fill(card.price);
    await dialog.getByLabel(`Card ${n} · button 1 "Shop now" link suffix`).fill(card.slug);
    await expect(dialog.getByTestId("resulting-url")).toContainText(`https://shop.example/p/${card.slug}`);
    const previewCard = preview.locator(`[data-card="${n}"]`);
    await expect(previewCard).toContainText(`now only ${card.price}.`);
    await expect(previewCard.getByTestId("template-preview-image")).toHaveAttribute("src", card.image);
  }
  await expect(preview.getByTestId("unfilled-variable")).toHaveCount(0);
  await expect(dialog.getByTestId("field-error")).toHaveCount(0);
  expect((await sentRequests(request)).length).toBe(before);

  await dialog.getByRole("button", { name: "Send template" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("library-notice")).toContainText(`Template sent to ${name}`);

  const upstream = (await sentRequests(request)).filter(
    (r) => r.endpoint === "template" && r.body.number === phone,
  );
  expect(upstream).toHaveLength(1);
  expect(upstream[0]!.body).toMatchObject({ templateName: "summer_sale_carousel", language: "en_US" });
  expect(upstream[0]!.body.parameters).toEqual([
    { name: "body_1", value: "Sam" },
    ...cards.flatMap((card, i) => [
      { name: `card_${i + 1}_header_image`, value: card.image },
      { name: `card_${i + 1}_body_1`, value: card.price },
      { name: `card_${i + 1}_button_1_url`, value: card.slug },
    ]),
  ]);

  // The inbox renders the sent message from its snapshot.
  await page.getByRole("link", { name: "Open the conversation" }).click();
  const bubble = page.getByTestId("template-message");
  await expect(bubble).toContainText("Hi Sam, our summer sale is on.");
  await expect(bubble.getByTestId("template-preview-card")).toHaveCount(3);
});

test("a rejected template is shown with its reason and cannot be picked", async ({ page }) => {
  await syncLibrary(page);
  const row = page.getByTestId("template-row").filter({ hasText: "flash_sale_blast" });
  await expect(row.getByTestId("rejection-reason")).toContainText("formatting problem");
  await expect(row.getByRole("button", { name: "Send flash_sale_blast (en_US)" })).toBeDisabled();

  const dialog = await openSendDialog(page, newPhone());
  await dialog.getByPlaceholder("Search by name or text").fill("flash");
  const option = dialog.getByTestId("template-option").filter({ hasText: "flash_sale_blast" });
  await expect(option.getByTestId("unavailable-reason")).toHaveText("Rejected: Formatting problem");
  await expect(option.getByRole("button", { name: "Use flash_sale_blast (en_US)" })).toBeDisabled();
  // Pending ones are visible but not selectable either.
  await dialog.getByPlaceholder("Search by name or text").fill("loyalty");
  await expect(dialog.getByRole("button", { name: "Use loyalty_points_update (en_US)" })).toBeDisabled();
  await expect(dialog.getByTestId("chosen-template")).toHaveCount(0);
});
