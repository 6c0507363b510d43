import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { test, injectInbound, newPhone, sentRequests, SIMULATOR } from "./fixtures";

// An agent drags an image onto the conversation: the composer checks and uploads it, the app registers it with
// Connectly (the simulator's POST assets fetches it from the app's signed link), and the send carries the CDN URI,
// which serves the very same bytes. The bubble shows the image from the app, never from the CDN.

const IMAGE = readFileSync(path.resolve(__dirname, "../public/readme/inbox.png"));
const SHOTS = "/work/wt/_notes/shots";

/** Drags a file from outside the browser onto `selector` (dragenter/dragover/drop with a DataTransfer holding it). */
async function dropFile(page: Page, selector: string, file: { name: string; type: string; bytes: Buffer }) {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, name, type }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type }));
      return transfer;
    },
    { b64: file.bytes.toString("base64"), name: file.name, type: file.type },
  );
  for (const type of ["dragenter", "dragover"]) await page.dispatchEvent(selector, type, { dataTransfer });
  await expect(page.getByTestId("drop-overlay")).toBeVisible();
  await page.dispatchEvent(selector, "drop", { dataTransfer });
}

test("an agent drags an image into the composer; the send carries a CDN URI serving the same bytes", async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const phone = newPhone();
  const name = `Media ${phone.slice(-4)}`;
  await injectInbound(request, { from: phone, name, text: "Can you send me a screenshot?" });
  await page.goto("/inbox");
  await page.getByPlaceholder("Name, phone or text").fill(name);
  await page.getByTestId("conversation-row").filter({ hasText: name }).click();
  await expect(page.getByTestId("thread-title")).toHaveText(name);

  // A file that claims to be a PNG but is not: refused in the browser with the reason, nothing uploaded.
  await dropFile(page, '[data-testid="thread"]', {
    name: "fake.png",
    type: "image/png",
    bytes: Buffer.from("this is not an image"),
  });
  await expect(page.getByTestId("attachment-error")).toContainText(
    "This file is a type WhatsApp does not take",
  );
  await expect(page.getByRole("button", { name: "Send", exact: true })).toBeDisabled();
  await page.getByRole("button", { name: "Remove fake.png" }).click();
  await expect(page.getByTestId("attachment-chip")).toHaveCount(0);

  await dropFile(page, '[data-testid="thread"]', {
    name: "order-screenshot.png",
    type: "image/png",
    bytes: IMAGE,
  });
  const chip = page.getByTestId("attachment-chip");
  await expect(chip).toContainText("order-screenshot.png");
  await expect(chip).toContainText(`${Math.round(IMAGE.length / 1024)} KB`);
  await expect(chip).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("drop-overlay")).toHaveCount(0);
  const caption = `Here it is, ${name}`;
  await page.getByLabel("Caption").fill(caption);

  await page.getByTestId("composer").screenshot({ path: `${SHOTS}/media-composer-desktop.png` });
  await page.screenshot({ path: `${SHOTS}/media-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(chip).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/media-phone.png` });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByLabel("Caption").press("Enter");
  const bubble = page.getByTestId("message").filter({ hasText: caption });
  await expect(bubble).toBeVisible();
  await expect(chip).toHaveCount(0);

  // The bubble shows as soon as the app has the message; the upstream request follows a moment later.
  const sentWithCaption = async () =>
    (await sentRequests(request)).filter(
      (r) => r.endpoint === "session" && JSON.stringify(r.body).includes(caption),
    );
  await expect.poll(async () => (await sentWithCaption()).length, { timeout: 15_000 }).toBe(1);
  const sent = await sentWithCaption();
  const attachment = (
    sent[0]!.body.message as { attachments: { type: string; url: string; caption: string }[] }
  ).attachments[0]!;
  expect(attachment).toMatchObject({ type: "image", caption });
  expect(attachment.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sim\/cdn\/[\w-]+$/);
  const cdn = await request.get(attachment.url);
  expect(cdn.status()).toBe(200);
  expect(Buffer.from(await cdn.body()).equals(IMAGE)).toBe(true);

  // The bubble's image comes from the app (the page's CSP would refuse the CDN's host) and really loads.
  const image = bubble.getByTestId("attachment-image");
  await expect(image).toHaveAttribute("src", /^\/api\/messages\/[^/]+\/media$/);
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
  await expect(bubble.locator("[data-status]")).toHaveAttribute("data-status", "READ", { timeout: 15_000 });
});

test("a customer's image is shown through the app, and the page's CSP allows media from the app only", async ({
  page,
  request,
}) => {
  const hosted = (await (
    await request.post(`${SIMULATOR}/sim/cdn`, {
      headers: { "content-type": "image/png" },
      data: IMAGE,
    })
  ).json()) as { uri: string };
  const phone = newPhone();
  const name = `Photo ${phone.slice(-4)}`;
  await injectInbound(request, {
    from: phone,
    name,
    attachment: { type: "image", url: hosted.uri, caption: "the broken part" },
  });
  const response = await page.goto("/inbox");
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("img-src 'self' data: blob:;");
  expect(csp).toContain("media-src 'self' blob:;");
  await page.getByPlaceholder("Name, phone or text").fill(name);
  await page.getByTestId("conversation-row").filter({ hasText: name }).click();
  const image = page
    .getByTestId("message")
    .filter({ hasText: "the broken part" })
    .getByTestId("attachment-image");
  await expect(image).toHaveAttribute("src", /^\/api\/messages\/[^/]+\/media$/);
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
});

test("a template's header image is uploaded instead of typed, and previewed from the app's copy", async ({
  page,
  request,
}) => {
  await page.goto("/templates/new");
  await page.getByLabel("Body text").fill("Your order has shipped."); // the preview shows once there is a body
  await page.getByLabel("Header type").selectOption("image");
  const picker = page.getByLabel("Upload a sample image");

  // A PDF where an image header goes: refused in the browser, the URL field untouched.
  await picker.setInputFiles({
    name: "terms.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n%%EOF\n"),
  });
  await expect(page.getByTestId("header-upload-error")).toContainText(
    "This is a document; only images can be used here.",
  );
  await expect(page.getByLabel("Sample image URL")).toHaveValue("");

  await picker.setInputFiles({ name: "header.png", mimeType: "image/png", buffer: IMAGE });
  const url = page.getByLabel("Sample image URL");
  await expect(url).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/sim\/cdn\/[\w-]+$/);
  await expect(page.getByTestId("header-upload")).toContainText("Uploaded header.png");
  const cdn = await request.get(await url.inputValue());
  expect(Buffer.from(await cdn.body()).equals(IMAGE)).toBe(true);
  const preview = page.getByTestId("template-preview-image");
  await expect(preview).toHaveAttribute("src", /^\/api\/media\/by-url\?url=/);
  await expect
    .poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
});
