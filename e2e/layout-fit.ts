import { expect, type Locator, type Page } from "@playwright/test";

/**
 * What "fits the screen" means on a phone: the document does not scroll sideways, and neither does any
 * screen-wide box (the page's own scroll container, a header, a card row). Wide content (a table) may scroll
 * sideways only inside a box narrower than the screen, or one that is the table's direct parent or carries
 * `data-scroll-x`. Returns the offenders, so a failure names them.
 */
async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const offenders: string[] = [];
    if (root.scrollWidth > width) offenders.push(`document: scrollWidth ${root.scrollWidth} > ${width}`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("body *"))) {
      if (el.offsetWidth < width - 1 || el.scrollWidth <= el.clientWidth + 1) continue;
      const style = getComputedStyle(el);
      if (style.overflowX === "visible" || style.display === "contents") continue; // overflow shows in an ancestor
      if (el.hasAttribute("data-scroll-x") || el.querySelector(":scope > table")) continue;
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}[${String(el.className).slice(0, 60)}]`;
      offenders.push(`${name}: scrollWidth ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return offenders;
  });
}

export async function expectFitsScreen(page: Page, what: string) {
  expect(
    await horizontalOverflow(page),
    `${what} scrolls sideways at ${page.viewportSize()?.width} px`,
  ).toEqual([]);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, what).toBeLessThanOrEqual(clientWidth);
}

/**
 * The elements sit side by side on one line: their boxes overlap vertically, so none has wrapped under another
 * (a header's controls, a row of tabs).
 */
export async function expectOneLine(what: string, elements: Locator[]) {
  const boxes = await Promise.all(elements.map((e) => e.boundingBox()));
  const shown = boxes.flatMap((b) => (b ? [b] : []));
  expect(shown.length, `${what}: every element is on screen`).toBe(elements.length);
  const top = Math.max(...shown.map((b) => b.y));
  const bottom = Math.min(...shown.map((b) => b.y + b.height));
  expect(
    bottom - top,
    `${what} on one line (tops ${shown.map((b) => Math.round(b.y)).join(", ")} px)`,
  ).toBeGreaterThan(0);
}
