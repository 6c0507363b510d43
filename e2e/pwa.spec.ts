import { expect } from "@playwright/test";
import { test } from "./fixtures";

// Installable app: a valid manifest with the icons it names, and a service worker (production build) that caches
// the static app shell only: never API responses, never pages (they carry user data).

const SHELL = /^\/(_next\/static\/|icons\/|favicon\.ico$)/;

function pngSize(body: Buffer): { width: number; height: number } {
  expect(body.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: body.readUInt32BE(16), height: body.readUInt32BE(20) };
}

test("the web manifest is served, valid, and its icons exist at their stated sizes", async ({
  page,
  request,
}) => {
  await page.goto("/inbox");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBe("/manifest.webmanifest");

  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = (await res.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({
    name: "Connectly Dashboard",
    short_name: "Connectly",
    start_url: "/inbox",
    display: "standalone",
  });
  expect(manifest.icons.map((i) => `${i.sizes}:${i.purpose ?? "any"}`).sort()).toEqual([
    "192x192:any",
    "512x512:any",
    "512x512:maskable",
  ]);
  for (const icon of manifest.icons) {
    const file = await request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()["content-type"]).toBe("image/png");
    const [w, h] = icon.sizes.split("x").map(Number);
    expect(pngSize(await file.body())).toEqual({ width: w, height: h });
  }
  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect((await favicon.body()).readUInt16LE(2)).toBe(1); // an .ico
});

test("the service worker registers under the CSP and caches the static shell, never /api or pages", async ({
  page,
}) => {
  const cspErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.goto("/inbox");
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(new URL(scope).pathname).toBe("/");

  // Controlled now (clients.claim): load pages and API data through it.
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await page.goto("/campaigns");
  await expect(page.getByRole("heading", { name: "Campaigns" })).toBeVisible();
  const apiStatus = await page.evaluate(async () => (await fetch("/api/conversations/counts")).status);
  expect(apiStatus).toBe(200);

  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  expect(cached.some((p) => p.startsWith("/_next/static/"))).toBe(true);
  expect(cached.filter((p) => !SHELL.test(p))).toEqual([]);
  expect(cspErrors).toEqual([]);
});
