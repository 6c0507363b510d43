import { expect, type Page } from "@playwright/test";
import { test } from "./fixtures";

// The template create form (react-hook-form over lib/templates/template-draft.ts): the route's schema checks it
// in the browser with issues on their fields, the editors (variables, buttons, cards) change the draft, the
// preview follows, and the body sent is the route's.

const uniqueName = (prefix: string) => `${prefix}_${Date.now().toString(36)}`;

async function createBody(page: Page, submit: () => Promise<void>) {
  const request = page.waitForRequest((r) => r.url().endsWith("/api/templates") && r.method() === "POST");
  await submit();
  return (await request).postDataJSON() as Record<string, unknown>;
}

test("a standard template: issues on their fields, variables, buttons added, moved and limited by kind", async ({
  page,
}) => {
  await page.goto("/templates/new");
  const form = page.getByRole("form", { name: "New template" });
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(form.getByText("Name is required")).toBeVisible();
  await expect(form.getByText("Pick a category")).toBeVisible();
  await expect(form.getByText("Body text is required")).toBeVisible();
  await expect(form.getByText("Fix the 3 problems marked above before submitting.")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toBeFocused();

  // After a submit, every change re-checks the draft.
  const name = uniqueName("e2e_form");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await expect(form.getByText("Name is required")).toHaveCount(0);
  await page.getByLabel("Category").selectOption("UTILITY");

  const body = page.getByLabel("Body text");
  await body.fill("Hi ");
  await page.getByRole("button", { name: "Add variable {{1}}" }).click();
  await expect(body).toHaveValue("Hi {{1}}");
  await expect(form.getByText("Give a sample value for {{1}}")).toBeVisible();
  await page.getByLabel("Sample for {{1}}").fill("Sam");
  await expect(page.getByTestId("template-preview")).toContainText("Hi Sam");

  await page.getByLabel("Header type").selectOption("text");
  await page.getByLabel("Header text").fill("Your order");

  const kind = page.getByLabel("Kind of button to add", { exact: true });
  const add = page.getByRole("button", { name: "Add button" });
  await kind.selectOption("url");
  await add.click();
  await kind.selectOption("url");
  await add.click();
  await expect(kind.locator("option", { hasText: "Link" })).toHaveCount(0); // two links is the most
  await kind.selectOption("quick_reply");
  await add.click();
  await kind.selectOption("phone_number");
  await add.click();

  const texts = page.getByLabel("Button text");
  const links = page.getByLabel("Link", { exact: true });
  await texts.nth(0).fill("Track");
  await links.nth(0).fill("https://shop.example/t/{{1}}");
  await page.getByLabel("Sample ending for {{1}}").fill("A-1");
  await texts.nth(1).fill("Help");
  await links.nth(1).fill("https://shop.example/help");
  await texts.nth(2).fill("Stop");
  await texts.nth(3).fill("Call us");
  await page.getByLabel("Phone number").fill("+1 (415) 555-0100");
  await page.getByRole("button", { name: "Move button 3 up" }).click();
  await page.getByRole("button", { name: "Remove button 1" }).click();
  await expect(form.getByText("Fix the")).toHaveCount(0);

  const sent = await createBody(page, () => page.getByRole("button", { name: "Submit for review" }).click());
  expect(sent).toMatchObject({
    name,
    category: "UTILITY",
    language: "en_US",
    header: { type: "text", text: "Your order" },
    body: { text: "Hi {{1}}", examples: ["Sam"] },
    buttons: [
      { type: "quick_reply", text: "Stop" },
      { type: "url", text: "Help", url: "https://shop.example/help" },
      { type: "phone_number", text: "Call us", phoneNumber: "+14155550100" },
    ],
  });
  expect(sent).not.toHaveProperty("carousel");
  await expect(page.getByTestId("template-created")).toContainText("Submitted for review");
});

test("a carousel: cards share media and buttons, each card's issues on its fields", async ({ page }) => {
  await page.goto("/templates/new");
  const form = page.getByRole("form", { name: "New template" });
  const name = uniqueName("e2e_cards");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Category").selectOption("MARKETING");
  await page.getByRole("radio", { name: "Carousel (2–10 cards)" }).click();
  await expect(page.getByLabel("Header type")).toHaveCount(0);
  await page.getByLabel("Body text").fill("This week's deals");

  await page.getByLabel("Kind of button to add to every card").selectOption("url");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByLabel("Kind of button to add to every card")).toHaveCount(0); // two per card at most
  await page.getByRole("button", { name: "Add card" }).click();
  await expect(page.getByRole("heading", { name: /^Card \d$/ })).toHaveCount(3);
  await page.getByRole("button", { name: "Remove card" }).nth(2).click();
  await expect(page.getByRole("heading", { name: /^Card \d$/ })).toHaveCount(2);

  const urls = page.getByLabel("Sample image URL");
  const texts = page.getByLabel("Card text");
  for (const i of [0, 1]) {
    await texts.nth(i).fill(`Item ${i + 1}`);
    await page
      .getByLabel("Button text")
      .nth(i * 2)
      .fill("Like");
    await page
      .getByLabel("Button text")
      .nth(i * 2 + 1)
      .fill("Buy");
    await page
      .getByLabel("Link", { exact: true })
      .nth(i)
      .fill(`https://shop.example/p/${i + 1}`);
  }
  await urls.nth(0).fill("https://cdn.example/1.jpg");
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(form.getByText("Sample media URL is required")).toHaveCount(1);
  await expect(urls.nth(1)).toHaveAttribute("aria-invalid", "true");
  await expect(urls.nth(1)).toBeFocused();
  await urls.nth(1).fill("https://cdn.example/2.jpg");
  await expect(form.getByText("Sample media URL is required")).toHaveCount(0);

  const sent = await createBody(page, () => page.getByRole("button", { name: "Submit for review" }).click());
  expect(sent).toMatchObject({
    name,
    header: { type: "none" },
    body: { text: "This week's deals" },
    buttons: [],
    carousel: {
      cards: [1, 2].map((n) => ({
        header: { type: "image", example: `https://cdn.example/${n}.jpg` },
        body: { text: `Item ${n}` },
        buttons: [
          { type: "quick_reply", text: "Like" },
          { type: "url", text: "Buy", url: `https://shop.example/p/${n}` },
        ],
      })),
    },
  });
  await expect(page.getByTestId("template-created")).toBeVisible();
});

test("a 422 from the server puts its issues on the fields", async ({ page }) => {
  await page.route("**/api/templates", (route) =>
    route.request().method() === "POST"
      ? route.fulfill({
          status: 422,
          json: {
            error: {
              code: "VALIDATION_FAILED",
              message: "Invalid template: body.text: The server disagrees",
              details: { issues: [{ path: "body.text", message: "The server disagrees" }] },
            },
          },
        })
      : route.continue(),
  );
  await page.goto("/templates/new");
  await page.getByLabel("Name", { exact: true }).fill(uniqueName("e2e_422"));
  await page.getByLabel("Category").selectOption("UTILITY");
  await page.getByLabel("Body text").fill("Hello");
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText("The server disagrees")).toBeVisible();
  await expect(page.getByLabel("Body text")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Body text")).toBeFocused();
});
