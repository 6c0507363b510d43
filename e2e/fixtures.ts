import {
  test as base,
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";

/**
 * Every spec's `test` (ESLint refuses `test` from @playwright/test in e2e/): after each goto and reload, a page
 * waits until React has hydrated it (app/providers.tsx sets <html data-hydrated>). A page rendered on the server
 * shows its form before its scripts run; a field filled then is reset to its default by the form library on
 * hydration, so a test typing at once passed on a quiet machine and failed in CI. Pages of contexts a test opens
 * itself (browser.newContext) wait too.
 */
export const test = base.extend<object, { hydrationWait: void }>({
  hydrationWait: [
    async ({ browser }, provide) => {
      patchBrowser(browser);
      await provide();
    },
    { scope: "worker", auto: true },
  ],
  context: async ({ context }, provide) => {
    patchContext(context);
    await provide(context);
  },
});

const patched = new WeakSet<object>();

function patchBrowser(browser: Browser) {
  if (patched.has(browser)) return;
  patched.add(browser);
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => patchContext(await newContext(...args));
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args) => {
    const page = await newPage(...args);
    return patchPage(page);
  };
}

function patchContext(context: BrowserContext): BrowserContext {
  if (patched.has(context)) return context;
  patched.add(context);
  for (const page of context.pages()) patchPage(page);
  context.on("page", patchPage);
  return context;
}

function patchPage(page: Page): Page {
  if (patched.has(page)) return page;
  patched.add(page);
  const goto = page.goto.bind(page);
  page.goto = async (...args) => {
    const response = await goto(...args);
    await untilHydrated(page);
    return response;
  };
  const reload = page.reload.bind(page);
  page.reload = async (...args) => {
    const response = await reload(...args);
    await untilHydrated(page);
    return response;
  };
  return page;
}

/** Resolves once the app's page has hydrated; at once for what is not an HTML page of the app (a CSV, JSON). */
async function untilHydrated(page: Page) {
  await page.waitForFunction(
    () => document.contentType !== "text/html" || document.documentElement.dataset.hydrated === "true",
  );
}

export const SIMULATOR = `http://127.0.0.1:${process.env.E2E_SIMULATOR_PORT ?? 4110}`;
let counter = 0;

/** A fresh customer number per test; the last two digits pick the simulator's behaviour (…91–…96 fail). */
export function newPhone(ending = "10") {
  counter++;
  const middle = String(Date.now() % 10_000).padStart(4, "0") + String(counter).padStart(2, "0");
  return `+4477${middle}${ending}`;
}

export async function injectInbound(request: APIRequestContext, body: Record<string, unknown>) {
  const res = await request.post(`${SIMULATOR}/sim/inbound`, { data: body });
  expect(res.ok(), await res.text()).toBe(true);
  const json = (await res.json()) as { delivery?: { status?: number | null } };
  expect(json.delivery?.status, "the app accepted the signed webhook").toBe(200);
  return json;
}

export async function sentRequests(request: APIRequestContext) {
  const res = await request.get(`${SIMULATOR}/sim/sent`);
  return ((await res.json()) as { requests: { endpoint: string; body: Record<string, unknown> }[] }).requests;
}
