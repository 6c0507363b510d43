import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

// Renders the app icon (an SVG, below) to the PNGs the web manifest and the browsers ask for, with Chromium:
//   npx tsx scripts/generate-icons.ts
// Writes public/icons/{icon-192,icon-512,icon-maskable-512,apple-touch-icon}.png and public/favicon.ico.
// The images are committed; run this again only when the icon changes.

const OUT = path.join(process.cwd(), "public");
const GREEN = "#059669";

/** The mark: a white speech bubble with a "C" on green. `maskable` shrinks it into the safe zone (the inner 80 %). */
function svg(size: number, { maskable = false, rounded = true } = {}) {
  const scale = maskable ? 0.62 : 0.8;
  const r = rounded && !maskable ? size * 0.22 : 0;
  const inner = size * scale;
  const offset = (size - inner) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <rect width="${size}" height="${size}" rx="${r}" fill="${GREEN}"/>
  <g transform="translate(${offset} ${offset}) scale(${inner / 100})">
    <path d="M50 8C26.8 8 8 25.2 8 46.5c0 10.4 4.5 19.8 11.8 26.7L15 92l20.6-9.6c4.5 1.4 9.3 2.1 14.4 2.1 23.2 0 42-17.2 42-38.5S73.2 8 50 8z" fill="#ffffff"/>
    <path d="M62.5 33.5a17 17 0 1 0 0 26" fill="none" stroke="${GREEN}" stroke-width="9" stroke-linecap="round"/>
  </g>
</svg>`;
}

/** A .ico holding one PNG (allowed since Windows Vista; every current browser reads it). */
function icoFromPng(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(1, 4); // one image
  const entry = Buffer.alloc(16);
  entry.writeUInt8(size >= 256 ? 0 : size, 0);
  entry.writeUInt8(size >= 256 ? 0 : size, 1);
  entry.writeUInt8(0, 2); // no palette
  entry.writeUInt8(0, 3);
  entry.writeUInt16LE(1, 4); // colour planes
  entry.writeUInt16LE(32, 6); // bits per pixel
  entry.writeUInt32LE(png.length, 8);
  entry.writeUInt32LE(6 + 16, 12);
  return Buffer.concat([header, entry, png]);
}

async function main() {
  const systemChromium = "/usr/bin/chromium";
  const browser = await chromium.launch({
    executablePath: existsSync(systemChromium) ? systemChromium : undefined,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    async function render(
      size: number,
      options?: { maskable?: boolean; rounded?: boolean },
    ): Promise<Buffer> {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<html><body style="margin:0;background:transparent">${svg(size, options)}</body></html>`,
      );
      return page.locator("svg").screenshot({ omitBackground: true });
    }
    mkdirSync(path.join(OUT, "icons"), { recursive: true });
    writeFileSync(path.join(OUT, "icons/icon-192.png"), await render(192));
    writeFileSync(path.join(OUT, "icons/icon-512.png"), await render(512));
    writeFileSync(path.join(OUT, "icons/icon-maskable-512.png"), await render(512, { maskable: true }));
    // iOS rounds the corners itself and shows transparency as black.
    writeFileSync(path.join(OUT, "icons/apple-touch-icon.png"), await render(180, { rounded: false }));
    writeFileSync(path.join(OUT, "favicon.ico"), icoFromPng(await render(32), 32));
    console.log("icons written to public/icons and public/favicon.ico");
  } finally {
    await browser.close();
  }
}

void main();
