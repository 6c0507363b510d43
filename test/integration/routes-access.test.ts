import { readdirSync } from "node:fs";
import path from "node:path";
import type * as NextHeaders from "next/headers";
import type * as NextServer from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser, request, sessionCookie, TEST_ROLES, type TestRole } from "./security-helpers";
import { truncateAll } from "./helpers";

// Who may call what, as a fixed table written here, independent of the permissions the code declares: a route or
// page whose permission changes without this table changing fails the suite. Every route.ts (each exported
// method) and every page.tsx on disk must have a row; a new one without a row fails with the row to add.
//
// Each row: [anonymous, ADMIN, CAMPAIGN_MANAGER, AGENT] ->
//   401      refused: no session (pages: redirect to /login)
//   403      refused: the role may not (pages: redirect to /forbidden)
//   OK       allowed: anything but 401/403 (and never a 500); an allowed mutation is called without a body or
//            with an id that does not exist, so it answers 404/415/422 and changes nothing
// PUBLIC: no session check by design (signature-checked webhook, next-auth's own endpoints, sign-in pages).

const OK = "allowed" as const;
const PUBLIC = "public" as const;
type Cell = 401 | 403 | typeof OK;
type Row = readonly [anonymous: Cell, admin: Cell, campaignManager: Cell, agent: Cell] | typeof PUBLIC;

// Shorthands for the common shapes (still data: the columns are fixed here, not read from lib/auth/roles.ts).
const EVERY_ROLE: Row = [401, OK, OK, OK];
const ADMIN_ONLY: Row = [401, OK, 403, 403];
const ADMIN_AND_MANAGER: Row = [401, OK, OK, 403];
const ADMIN_AND_AGENT: Row = [401, OK, 403, OK];

const API_ACCESS: Record<string, Row> = {
  "GET /api/account/two-factor": EVERY_ROLE,
  "POST /api/account/two-factor": EVERY_ROLE,
  "DELETE /api/account/two-factor": EVERY_ROLE,
  "POST /api/account/two-factor/recovery-codes": EVERY_ROLE,
  "GET /api/account/notifications": EVERY_ROLE,
  "PUT /api/account/notifications": EVERY_ROLE,
  "GET /api/analytics/campaigns/[id]": ADMIN_AND_MANAGER,
  "GET /api/analytics/campaigns/[id]/failures": ADMIN_AND_MANAGER,
  "POST /api/analytics/campaigns/[id]/follow-up": ADMIN_AND_MANAGER,
  "GET /api/analytics/campaigns/[id]/recipients": ADMIN_AND_MANAGER,
  "GET /api/analytics/campaigns/[id]/recipients/export": ADMIN_AND_MANAGER,
  "GET /api/analytics/campaigns/[id]/series": ADMIN_AND_MANAGER,
  "GET /api/analytics/compare": ADMIN_AND_MANAGER,
  "GET /api/analytics/overview": ADMIN_AND_MANAGER,
  "GET /api/reports/support": ADMIN_ONLY,
  "GET /api/reports/support/export": ADMIN_ONLY,
  "GET /api/reports/sla": ADMIN_ONLY,
  "PUT /api/reports/sla": ADMIN_ONLY,
  "GET /api/audit": ADMIN_ONLY,
  "GET /api/auth/[...nextauth]": PUBLIC,
  "POST /api/auth/[...nextauth]": PUBLIC,
  "GET /api/campaigns": ADMIN_AND_MANAGER,
  "POST /api/campaigns": ADMIN_AND_MANAGER,
  "POST /api/campaigns/csv-inspect": ADMIN_AND_MANAGER,
  "GET /api/campaigns/[id]": ADMIN_AND_MANAGER,
  "PATCH /api/campaigns/[id]": ADMIN_AND_MANAGER,
  "DELETE /api/campaigns/[id]": ADMIN_AND_MANAGER,
  "DELETE /api/campaigns/[id]/audience": ADMIN_AND_MANAGER,
  "POST /api/campaigns/[id]/audience/contacts": ADMIN_AND_MANAGER,
  "POST /api/campaigns/[id]/audience/csv": ADMIN_AND_MANAGER,
  "POST /api/campaigns/[id]/audience/unverified": ADMIN_AND_MANAGER,
  "GET /api/campaigns/[id]/audience/segment": ADMIN_AND_MANAGER,
  "POST /api/campaigns/[id]/audience/segment": ADMIN_AND_MANAGER,
  "POST /api/campaigns/[id]/control": ADMIN_AND_MANAGER,
  "POST /api/campaigns/[id]/launch": ADMIN_AND_MANAGER,
  "GET /api/campaigns/[id]/recipients": ADMIN_AND_MANAGER,
  "GET /api/campaigns/[id]/rejected-rows": ADMIN_AND_MANAGER,
  "POST /api/campaigns/[id]/retry": ADMIN_AND_MANAGER,
  "GET /api/campaigns/[id]/test": ADMIN_AND_MANAGER,
  "POST /api/campaigns/[id]/test": ADMIN_AND_MANAGER,
  "GET /api/canned-responses": EVERY_ROLE,
  "POST /api/canned-responses": ADMIN_AND_AGENT,
  "PUT /api/canned-responses/[id]": ADMIN_AND_AGENT,
  "DELETE /api/canned-responses/[id]": ADMIN_AND_AGENT,
  "GET /api/contacts": EVERY_ROLE,
  "GET /api/contacts/attributes": EVERY_ROLE,
  "POST /api/contacts/attributes": EVERY_ROLE,
  "GET /api/contacts/export": ADMIN_AND_MANAGER,
  "POST /api/contacts/import": ADMIN_AND_MANAGER,
  "GET /api/contacts/[id]": EVERY_ROLE,
  "PATCH /api/contacts/[id]": EVERY_ROLE,
  "PATCH /api/contacts/[id]/attributes": EVERY_ROLE,
  "GET /api/contacts/[id]/merge": ADMIN_AND_MANAGER,
  "POST /api/contacts/[id]/merge": ADMIN_AND_MANAGER,
  "POST /api/contacts/bulk": ADMIN_AND_AGENT,
  "POST /api/contacts/[id]/labels": ADMIN_AND_AGENT,
  "GET /api/conversations": EVERY_ROLE,
  "POST /api/conversations/bulk": ADMIN_AND_AGENT,
  "POST /api/conversations/[id]/labels": ADMIN_AND_AGENT,
  "GET /api/conversations/assignees": EVERY_ROLE,
  "GET /api/conversations/counts": EVERY_ROLE,
  "GET /api/conversations/[id]": EVERY_ROLE,
  "POST /api/conversations/[id]/assign": ADMIN_AND_AGENT,
  "GET /api/conversations/[id]/contact": EVERY_ROLE,
  "PATCH /api/conversations/[id]/contact": ADMIN_AND_AGENT,
  "GET /api/conversations/[id]/messages": EVERY_ROLE,
  "POST /api/conversations/[id]/notes": ADMIN_AND_AGENT,
  "POST /api/conversations/[id]/read": EVERY_ROLE,
  "POST /api/conversations/[id]/status": ADMIN_AND_AGENT,
  "GET /api/events": EVERY_ROLE,
  "GET /api/notifications": EVERY_ROLE,
  "POST /api/notifications/read": EVERY_ROLE,
  "GET /api/presence": EVERY_ROLE,
  "POST /api/presence": EVERY_ROLE,
  "GET /api/health": PUBLIC,
  "GET /api/metrics": PUBLIC, // its own bearer token (METRICS_TOKEN), not a session
  "GET /api/ready": PUBLIC,
  "POST /api/invites": ADMIN_ONLY,
  "DELETE /api/invites/[id]": ADMIN_ONLY,
  "GET /api/labels": EVERY_ROLE,
  "POST /api/labels": ADMIN_ONLY,
  "PATCH /api/labels/[id]": ADMIN_ONLY,
  "DELETE /api/labels/[id]": ADMIN_ONLY,
  "POST /api/media/messages": ADMIN_AND_AGENT,
  "POST /api/media/template-headers": ADMIN_AND_MANAGER,
  "GET /api/media/[id]": EVERY_ROLE,
  "GET /api/media/by-url": EVERY_ROLE,
  "GET /api/media/public/[id]": PUBLIC, // a signed, expiring link for Connectly's POST assets (lib/media/signed-media-url.ts)
  "GET /api/messages/[id]/media": EVERY_ROLE,
  "POST /api/messages/session": ADMIN_AND_AGENT,
  "POST /api/messages/template": ADMIN_AND_AGENT,
  "GET /api/senders/quality": ADMIN_AND_MANAGER,
  "GET /api/segments": ADMIN_AND_MANAGER,
  "POST /api/segments": ADMIN_AND_MANAGER,
  "POST /api/segments/count": ADMIN_AND_MANAGER,
  "GET /api/segments/[id]": ADMIN_AND_MANAGER,
  "PATCH /api/segments/[id]": ADMIN_AND_MANAGER,
  "DELETE /api/segments/[id]": ADMIN_AND_MANAGER,
  "GET /api/settings": ADMIN_ONLY,
  "PATCH /api/settings": ADMIN_ONLY,
  "POST /api/settings/test": ADMIN_ONLY,
  "GET /api/settings/retention": ADMIN_ONLY,
  "PATCH /api/settings/retention": ADMIN_ONLY,
  "GET /api/settings/security": ADMIN_ONLY,
  "PATCH /api/settings/security": ADMIN_ONLY,
  "GET /api/settings/webhooks": ADMIN_ONLY,
  "POST /api/settings/webhooks": ADMIN_ONLY,
  "POST /api/settings/webhooks/check": ADMIN_ONLY,
  "PATCH /api/settings/webhooks/[topic]": ADMIN_ONLY,
  "DELETE /api/settings/webhooks/[topic]": ADMIN_ONLY,
  "GET /api/account/availability": ADMIN_AND_AGENT,
  "PATCH /api/account/availability": ADMIN_AND_AGENT,
  "GET /api/settings/automation": ADMIN_ONLY,
  "PATCH /api/settings/automation": ADMIN_ONLY,
  "GET /api/settings/automation/rules": ADMIN_ONLY,
  "POST /api/settings/automation/rules": ADMIN_ONLY,
  "PATCH /api/settings/automation/rules/[id]": ADMIN_ONLY,
  "DELETE /api/settings/automation/rules/[id]": ADMIN_ONLY,
  "PUT /api/settings/automation/rules/order": ADMIN_ONLY,
  "POST /api/settings/automation/rules/preview": ADMIN_ONLY,
  "GET /api/team": ADMIN_ONLY,
  "PATCH /api/team/members/[id]": ADMIN_ONLY,
  "POST /api/team/members/[id]/unlock": ADMIN_ONLY,
  "GET /api/templates": EVERY_ROLE,
  "POST /api/templates": ADMIN_AND_MANAGER,
  "GET /api/templates/sync": EVERY_ROLE,
  "POST /api/templates/sync": ADMIN_AND_MANAGER,
  "GET /api/webhook-events": ADMIN_ONLY,
  "POST /api/webhooks/connectly": PUBLIC,
};

// Pages by URL (route groups dropped), plus the dashboard layout every dashboard page renders inside.
const PAGE_ACCESS: Record<string, Row> = {
  "/": PUBLIC, // redirects to /inbox, which checks
  "/login": PUBLIC,
  "/accept-invite/[token]": PUBLIC,
  "/forbidden": EVERY_ROLE,
  "(dashboard) layout": EVERY_ROLE,
  "/account/two-factor": EVERY_ROLE,
  "/account": EVERY_ROLE,
  "/inbox": EVERY_ROLE,
  "/contacts": EVERY_ROLE,
  "/contacts/[id]": EVERY_ROLE,
  "/templates": EVERY_ROLE,
  "/templates/new": ADMIN_AND_MANAGER,
  "/campaigns": ADMIN_AND_MANAGER,
  "/campaigns/new": ADMIN_AND_MANAGER,
  "/campaigns/[id]": ADMIN_AND_MANAGER,
  "/segments": ADMIN_AND_MANAGER,
  "/analytics": ADMIN_AND_MANAGER,
  "/analytics/campaigns/[id]": ADMIN_AND_MANAGER,
  "/reports": ADMIN_ONLY,
  "/team": ADMIN_ONLY,
  "/settings": ADMIN_ONLY,
  "/audit": ADMIN_ONLY,
  "/webhook-events": ADMIN_ONLY,
};

const THIS_FILE = "test/integration/routes-access.test.ts";
const COLUMNS = ["anonymous", ...TEST_ROLES] as const;

// Pages read the session cookie through `headers()` from next/headers, which needs Next's request scope. Outside
// Next it answers with the real session cookie of the user the test is acting as; the rest (the JWT, the
// server-side session row, the user lookup, requirePageUser's role check, redirect) is the production code.
const acting = vi.hoisted(() => ({ user: null as { id: string; cookie: string } | null }));
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof NextHeaders>()),
  headers: async () => new Headers(acting.user ? { cookie: acting.user.cookie } : {}),
}));
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof NextServer>()),
  connection: async () => {},
}));

const APP_DIR = path.resolve(__dirname, "../../app");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type Handler = (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>;
type ApiCase = {
  key: string;
  path: string;
  method: string;
  handler: Handler;
  params: Record<string, string | string[]>;
};
type PageCase = {
  key: string;
  render: (params: Record<string, string | string[]>) => Promise<unknown>;
  params: Record<string, string | string[]>;
};

function files(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name), name) : e.name === name ? [path.join(dir, e.name)] : [],
  );
}

function routeOf(file: string): { path: string; params: Record<string, string | string[]> } {
  const segments = path.relative(APP_DIR, path.dirname(file)).split(path.sep).filter(Boolean);
  const params: Record<string, string | string[]> = {};
  for (const s of segments) {
    const catchAll = /^\[\.\.\.(.+)\]$/.exec(s);
    const single = /^\[(.+)\]$/.exec(s);
    if (catchAll?.[1]) params[catchAll[1]] = ["x"];
    else if (single?.[1]) params[single[1]] = "route-walk-id";
  }
  const url = segments.filter((s) => !/^\(.*\)$/.test(s)).join("/");
  return { path: `/${url}`, params };
}

// Collected before the tests are defined, one import at a time: concurrent first imports of modules that import
// each other can deadlock the test runner's loader.
const apiCases: ApiCase[] = [];
for (const file of files(path.join(APP_DIR, "api"), "route.ts").sort()) {
  const mod = (await import(file)) as Record<string, unknown>;
  const { path: p, params } = routeOf(file);
  for (const method of METHODS)
    if (typeof mod[method] === "function")
      apiCases.push({ key: `${method} ${p}`, path: p, method, handler: mod[method] as Handler, params });
}
const pageCases: PageCase[] = [];
for (const file of files(APP_DIR, "page.tsx").sort()) {
  const mod = (await import(file)) as { default: (props: unknown) => unknown };
  const { path: p, params } = routeOf(file);
  pageCases.push({
    key: p,
    params,
    render: async (prm) => mod.default({ params: Promise.resolve(prm), searchParams: Promise.resolve({}) }),
  });
}
{
  const layout = (await import(path.join(APP_DIR, "(dashboard)/layout.tsx"))) as {
    default: (props: unknown) => unknown;
  };
  pageCases.push({
    key: "(dashboard) layout",
    params: {},
    render: async () => layout.default({ children: null }),
  });
}

function missingRows(onDisk: string[], table: Record<string, Row>, tableName: string): string {
  const missing = onDisk.filter((k) => !(k in table));
  const stale = Object.keys(table).filter((k) => !onDisk.includes(k));
  return [
    ...missing.map(
      (k) =>
        `no row for "${k}": add  "${k}": [401, OK, 403, 403],  (or PUBLIC) to ${tableName} in ${THIS_FILE}`,
    ),
    ...stale.map((k) => `row "${k}" in ${tableName} matches nothing on disk: remove it from ${THIS_FILE}`),
  ].join("\n");
}

describe("the access tables cover everything on disk", () => {
  it("every route.ts method has a row in API_ACCESS, and every row a route", () => {
    expect(apiCases.length).toBeGreaterThan(40);
    expect(
      missingRows(
        apiCases.map((c) => c.key),
        API_ACCESS,
        "API_ACCESS",
      ),
    ).toBe("");
  });

  it("every page.tsx has a row in PAGE_ACCESS, and every row a page", () => {
    expect(pageCases.length).toBeGreaterThan(10);
    expect(
      missingRows(
        pageCases.map((c) => c.key),
        PAGE_ACCESS,
        "PAGE_ACCESS",
      ),
    ).toBe("");
  });
});

const users = new Map<TestRole, { id: string; cookie: string }>();
beforeAll(async () => {
  await truncateAll();
  for (const role of TEST_ROLES) {
    const user = await createUser(role);
    users.set(role, { id: user.id, cookie: await sessionCookie(user) });
  }
});
afterAll(async () => {
  acting.user = null;
  await truncateAll();
});

function actAs(who: (typeof COLUMNS)[number]) {
  const user = who === "anonymous" ? undefined : users.get(who);
  acting.user = user ? { id: user.id, cookie: user.cookie } : null;
  return user?.cookie;
}

function callApi(c: ApiCase, who: (typeof COLUMNS)[number]) {
  const cookie = actAs(who);
  const concrete = c.path.replace(/\[\.\.\.[^\]]+\]/g, "x").replace(/\[[^\]]+\]/g, "route-walk-id");
  return c.handler(request(concrete, { method: c.method, cookie }), { params: Promise.resolve(c.params) });
}

/** What a page did: redirected to the sign-in page (401), to the "not allowed" page (403), or rendered (OK). */
async function pageOutcome(
  c: PageCase,
  who: (typeof COLUMNS)[number],
): Promise<{ cell: Cell; detail: string }> {
  actAs(who);
  try {
    await c.render(c.params);
    return { cell: OK, detail: "rendered" };
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT;")) {
      const to = digest.split(";")[2] ?? "";
      if (to === "/login") return { cell: 401, detail: `redirect ${to}` };
      if (to === "/forbidden") return { cell: 403, detail: `redirect ${to}` };
      return { cell: OK, detail: `redirect ${to}` };
    }
    if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;404")) return { cell: OK, detail: "not found" };
    throw error; // a crash is neither a refusal nor a page
  }
}

const apiRows = apiCases.flatMap((c) => {
  const row = API_ACCESS[c.key];
  if (!row || row === PUBLIC) return [];
  return COLUMNS.map((who, i) => [`${c.key} as ${who} -> ${row[i]}`, c, who, row[i]!] as const);
});

describe("API routes answer as the table says", () => {
  it.each(apiRows)("%s", async (_name, c, who, expected) => {
    const res = await callApi(c, who);
    if (expected === OK) {
      await res.body?.cancel();
      expect([401, 403], `${c.key} as ${who}: the table says allowed`).not.toContain(res.status);
      expect(res.status, `${c.key} as ${who}: allowed, but the handler failed`).not.toBe(500);
    } else {
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(res.status, `${c.key} as ${who}`).toBe(expected);
      expect(body.error.code).toBe(expected === 401 ? "UNAUTHENTICATED" : "FORBIDDEN");
      if (expected === 403) expect(body.error.message).toMatch(/does not allow this/);
    }
  });
});

const pageRows = pageCases.flatMap((c) => {
  const row = PAGE_ACCESS[c.key];
  if (!row || row === PUBLIC) return [];
  return COLUMNS.map((who, i) => [`${c.key} as ${who} -> ${row[i]}`, c, who, row[i]!] as const);
});

describe("pages answer as the table says", () => {
  it.each(pageRows)("%s", async (_name, c, who, expected) => {
    const { cell, detail } = await pageOutcome(c, who);
    expect(cell, `${c.key} as ${who}: ${detail}`).toBe(expected);
  });
});

describe("a deactivated or signed-out user", () => {
  const team = () => apiCases.find((c) => c.key === "GET /api/team")!;

  it("is refused everywhere, even with a cookie that was valid", async () => {
    const { db } = await import("../../lib/db");
    const user = await createUser("ADMIN");
    const cookie = await sessionCookie(user);
    const get = () => team().handler(request("/api/team", { cookie }), { params: Promise.resolve({}) });
    expect((await get()).status).toBe(200);
    await db.user.update({ where: { id: user.id }, data: { active: false } });
    expect((await get()).status).toBe(401);
  });

  it("a forged or foreign cookie counts as no session", async () => {
    const res = await team().handler(request("/api/team", { cookie: "next-auth.session-token=not-a-jwt" }), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(401);
  });
});
