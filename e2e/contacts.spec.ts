import { expect, type Page } from "@playwright/test";
import { test, injectInbound, newPhone } from "./fixtures";

// The contacts page: a customer who wrote in is found by their number as people type it in their own country,
// opens on a profile with the conversation, and gets a custom field (typed: a bad number is refused in place).

async function shoot(page: Page, name: string) {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  await page.screenshot({ path: `${dir}/${name}-desktop.png`, fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${dir}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1360, height: 860 });
}

test("search by national format, open the profile, set a custom field", async ({ page, request }) => {
  const phone = newPhone(); // +4477NNNNNN10
  const name = `Contact Dana ${phone.slice(-6)}`;
  await injectInbound(request, { from: phone, name, text: "Do you deliver on Sundays?" });

  await page.goto("/contacts");
  await expect(page.getByRole("heading", { name: "Contacts" })).toBeVisible();
  // Written the way a UK colleague reads it off a form: 07… with a space.
  const national = `0${phone.slice(3, 7)} ${phone.slice(7)}`;
  await page.getByRole("searchbox", { name: "Search contacts" }).fill(national);
  const row = page.getByTestId("contact-row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(page.getByTestId("contact-row")).toHaveCount(1);
  await shoot(page, "contacts-list");
  await row.click();

  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText(phone, { exact: true })).toBeVisible();
  const conversation = page.getByTestId("contact-conversation");
  await expect(conversation).toContainText("Do you deliver on Sundays?");
  await expect(conversation.getByRole("link", { name: /Open in the inbox/ })).toHaveAttribute(
    "href",
    /\/inbox\?c=/,
  );

  // A new field of the workspace, then a value for this customer.
  const suffix = phone.slice(-6);
  const fields = page.getByTestId("contact-fields");
  await fields.getByRole("button", { name: "+ New field" }).click();
  await fields.getByLabel("Field name").fill(`Orders ${suffix}`);
  await fields.getByLabel("Type").selectOption("NUMBER");
  await fields.getByRole("button", { name: "Add field" }).click();
  const input = fields.getByLabel(new RegExp(`^Orders ${suffix}`));
  await expect(input).toBeVisible();

  await input.fill("a dozen");
  await fields.getByRole("button", { name: "Save fields" }).click();
  await expect(fields.getByText(/must be a number/)).toBeVisible();

  await input.fill("12");
  await fields.getByRole("button", { name: "Save fields" }).click();
  await expect(fields.getByRole("status")).toHaveText("Saved");
  await shoot(page, "contact-profile");

  await page.reload();
  await expect(page.getByTestId("contact-fields").getByLabel(new RegExp(`^Orders ${suffix}`))).toHaveValue(
    "12",
  );

  // And the field value finds the customer from the list.
  await page.getByRole("link", { name: "← Contacts" }).click();
  await page.getByRole("searchbox", { name: "Search contacts" }).fill(name);
  await expect(page.getByTestId("contact-row").filter({ hasText: name })).toBeVisible();
});

test("import a CSV of contacts, then merge the BSUID contact into the phone contact", async ({ page }) => {
  const tag = String(Date.now() % 1_000_000).padStart(6, "0");
  const phone = `+4479111${tag.slice(0, 5)}`; // a valid UK mobile range
  const bsuid = `GB.e2emerge${tag}`;
  const csv = [
    "Name,Mobile,Plan",
    `Pia ${tag},0${phone.slice(3)},gold`,
    `Pia WhatsApp ${tag},${bsuid},silver`,
    `Nobody ${tag},12,none`,
  ].join("\n");

  await page.goto("/contacts");
  await page.getByRole("button", { name: "Import CSV" }).click();
  const dialog = page.getByRole("dialog", { name: "Import contacts" });
  await dialog
    .getByLabel("CSV file")
    .setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(dialog.getByLabel("What the column Mobile becomes")).toHaveValue("phone");
  await expect(dialog.getByLabel("What the column Name becomes")).toHaveValue("name");
  await dialog.getByLabel("What the column Plan becomes").selectOption("new:TEXT");
  await dialog.getByLabel("Country of numbers without +").selectOption("GB");
  await shoot(page, "contacts-import");
  await dialog.getByRole("button", { name: "Import" }).click();
  const summary = dialog.getByTestId("import-summary");
  await expect(summary).toContainText("3 rows: 2 new, 0 updated, 1 not imported.");
  await expect(summary).toContainText("Row 4:");
  await dialog.getByRole("button", { name: "Done" }).click();

  await page.getByRole("searchbox", { name: "Search contacts" }).fill(`Pia ${tag}`);
  await expect(page).toHaveURL(/q=Pia/);
  await page
    .getByTestId("contact-row")
    .filter({ hasText: `Pia ${tag}` })
    .click();
  await expect(page.getByRole("heading", { name: `Pia ${tag}` })).toBeVisible();

  await page.getByRole("button", { name: "Merge with another contact…" }).click();
  const merge = page.getByRole("dialog", { name: "Merge contacts" });
  await merge.getByLabel("Find the other contact").fill(bsuid);
  await merge.getByRole("button", { name: new RegExp(`Pia WhatsApp ${tag}`) }).click();
  const preview = merge.getByTestId("merge-preview");
  await expect(preview).toContainText(`name: keeps "Pia ${tag}", drops "Pia WhatsApp ${tag}"`);
  await expect(preview).toContainText('plan: keeps "gold", drops "silver"');
  await shoot(page, "contacts-merge");
  await merge.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(merge).toBeHidden();
  await expect(page.getByText(bsuid)).toBeVisible();

  await page.getByRole("link", { name: "← Contacts" }).click();
  // One contact left, with both identities.
  await page.getByRole("searchbox", { name: "Search contacts" }).fill(`pia ${tag}`);
  await expect(page.getByTestId("contact-row")).toHaveCount(1);
  await expect(page.getByTestId("contact-row")).toContainText(bsuid);
});
