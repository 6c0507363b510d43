import { expect } from "@playwright/test";
import { test } from "./fixtures";

// Dark mode: follows the system setting until the user picks light or dark; the choice is remembered by the
// browser and applied before the first paint (the inline script in app/layout.tsx, allowed by the CSP nonce).

const isDark = () => document.documentElement.classList.contains("dark");

test("the theme follows prefers-color-scheme until a choice is made, and the choice survives a reload", async ({
  page,
}) => {
  const cspErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });

  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/campaigns");
  await expect(page.getByRole("heading", { name: "Campaigns" })).toBeVisible();
  expect(await page.evaluate(isDark)).toBe(true);
  // The remapped palette: the page background is dark (the `bg-slate-50` body).
  expect(await page.evaluate(bodyLuminance)).toBeLessThan(0.1);
  await page.emulateMedia({ colorScheme: "light" });
  await expect.poll(() => page.evaluate(isDark)).toBe(false); // live, without a reload

  const theme = page.getByRole("group", { name: "Theme" });
  await expect(theme.getByRole("button", { name: "System" })).toHaveAttribute("aria-pressed", "true");
  await theme.getByRole("button", { name: "Dark" }).click();
  expect(await page.evaluate(isDark)).toBe(true);
  await expect(theme.getByRole("button", { name: "Dark" })).toHaveAttribute("aria-pressed", "true");

  // Remembered: dark on reload although the system says light, already when <body> starts (before any of the
  // page's scripts could run: the inline script in <head> did it).
  await page.addInitScript(() => {
    const seen = new MutationObserver(() => {
      if (!document.body) return;
      (window as unknown as { darkAtBody: boolean }).darkAtBody =
        document.documentElement.classList.contains("dark");
      seen.disconnect();
    });
    seen.observe(document, { childList: true, subtree: true });
  });
  const response = await page.reload();
  await expect(page.getByRole("heading", { name: "Campaigns" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { darkAtBody: boolean }).darkAtBody)).toBe(true);
  expect(await page.evaluate(isDark)).toBe(true);
  // The inline script carries this response's CSP nonce.
  const nonce = /'nonce-([^']+)'/.exec(response?.headers()["content-security-policy"] ?? "")?.[1];
  expect(nonce).toBeTruthy();
  expect(await response?.text()).toContain(`<script nonce="${nonce}">`);

  await theme.getByRole("button", { name: "Light" }).click();
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expect(page.getByRole("heading", { name: "Campaigns" })).toBeVisible();
  expect(await page.evaluate(isDark)).toBe(false); // light chosen: the system's dark is ignored

  await theme.getByRole("button", { name: "System" }).click();
  expect(await page.evaluate(isDark)).toBe(true);
  expect(cspErrors).toEqual([]);
});

/** Relative luminance (0 black … 1 white) of the body's background, read back through a canvas pixel. */
function bodyLuminance(): number {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
  ctx.fillRect(0, 0, 1, 1);
  const [r = 0, g = 0, b = 0] = Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
