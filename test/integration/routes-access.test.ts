import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, PERMISSIONS, type Permission } from "../../lib/auth/roles";
import { createUser, request, sessionCookie, TEST_ROLES, type TestRole } from "./security-helpers";
import { truncateAll } from "./helpers";

// Every API route on disk, every exported method: anonymous → 401, a role its permission does not include → 403,
// and a role it includes gets past the check. Routes are found by walking app/api, so a route added later is
// covered without touching this file; one that is not wrapped in withSession fails here unless it is public
// (the list below) or checks the session itself.

const API_DIR = path.resolve(__dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const PUBLIC = new Set(["/api/webhooks/connectly", "/api/auth/[...nextauth]"]);
// Signed-in users of any role; the handler checks the session itself (an SSE stream that re-checks it).
const SELF_CHECKED = new Set(["/api/events"]);
// Admin-only surfaces: a permission here that a non-admin role holds is a bug, whatever the route says.
const ADMIN_ONLY_PREFIXES = [
  "/api/team",
  "/api/invites",
  "/api/settings",
  "/api/audit",
  "/api/webhook-events",
];

type RouteHandler = ((req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>) & {
  permission?: Permission | null;
};
type Route = { path: string; file: string; params: Record<string, string | string[]> };

function findRoutes(dir: string): Route[] {
  const routes: Route[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) routes.push(...findRoutes(full));
    else if (entry.name === "route.ts") {
      const segments = path.relative(API_DIR, dir).split(path.sep).filter(Boolean);
      const params: Route["params"] = {};
      for (const s of segments) {
        const catchAll = /^\[\.\.\.(.+)\]$/.exec(s);
        const single = /^\[(.+)\]$/.exec(s);
        if (catchAll?.[1]) params[catchAll[1]] = ["x"];
        else if (single?.[1]) params[single[1]] = "route-walk-id";
      }
      routes.push({ path: `/api/${segments.join("/")}`.replace(/\/$/, ""), file: full, params });
    }
  }
  return routes;
}

const routes = findRoutes(API_DIR);
const cookies = new Map<TestRole, string>();

beforeAll(async () => {
  await truncateAll();
  for (const role of TEST_ROLES) cookies.set(role, await sessionCookie(await createUser(role)));
});
afterAll(truncateAll);

// Materialised at collection, so each method of each route is its own test case with a readable name. One import
// at a time: concurrent first imports of modules that import each other can deadlock the test runner's loader.
const cases: (Route & { method: (typeof METHODS)[number]; handler: RouteHandler })[] = [];
for (const route of routes) {
  const mod = (await import(route.file)) as Record<string, unknown>;
  for (const method of METHODS)
    if (typeof mod[method] === "function")
      cases.push({ ...route, method, handler: mod[method] as RouteHandler });
}

function call(c: (typeof cases)[number], cookie?: string) {
  const concrete = c.path.replace(/\[\.\.\.[^\]]+\]/g, "x").replace(/\[[^\]]+\]/g, "route-walk-id");
  return c.handler(request(concrete, { method: c.method, cookie }), { params: Promise.resolve(c.params) });
}

describe("the route walk", () => {
  it("finds the routes on disk (and this team's)", () => {
    const paths = routes.map((r) => r.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/api/team",
        "/api/invites",
        "/api/settings",
        "/api/audit",
        "/api/conversations",
        "/api/messages/session",
      ]),
    );
    expect(cases.length).toBeGreaterThanOrEqual(routes.length);
  });

  it("every non-public route is wrapped in withSession (or checks the session itself)", () => {
    const unwrapped = cases.filter(
      (c) => !PUBLIC.has(c.path) && !SELF_CHECKED.has(c.path) && !("permission" in c.handler),
    );
    expect(
      unwrapped.map((c) => `${c.method} ${c.path}`),
      "wrap these handlers in withSession(handler, { permission })",
    ).toEqual([]);
  });

  it("admin surfaces declare admin-only permissions", () => {
    const offenders = cases
      .filter((c) => ADMIN_ONLY_PREFIXES.some((p) => c.path === p || c.path.startsWith(`${p}/`)))
      .filter((c) => !c.handler.permission || PERMISSIONS[c.handler.permission].some((r) => r !== "ADMIN"))
      .map((c) => `${c.method} ${c.path} (${c.handler.permission ?? "no permission"})`);
    expect(offenders).toEqual([]);
  });
});

describe.each(cases.filter((c) => !PUBLIC.has(c.path)).map((c) => [`${c.method} ${c.path}`, c] as const))(
  "%s",
  (_name, c) => {
    it("refuses anonymous requests with 401", async () => {
      const res = await call(c);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    });

    it.each(TEST_ROLES)("as %s: 403 exactly when the permission excludes the role", async (role) => {
      const permission = c.handler.permission;
      const forbidden = Boolean(permission && !can(role, permission));
      if (!forbidden && (c.method !== "GET" || SELF_CHECKED.has(c.path))) return; // allowed mutations would do real work
      const res = await call(c, cookies.get(role));
      if (forbidden) {
        expect(res.status).toBe(403);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe("FORBIDDEN");
        expect(body.error.message).toMatch(/does not allow this/);
      } else {
        await res.body?.cancel();
        expect([401, 403]).not.toContain(res.status);
      }
    });
  },
);

describe("a deactivated or signed-out user", () => {
  it("is refused everywhere, even with a cookie that was valid", async () => {
    const { db } = await import("../../lib/db");
    const user = await createUser("ADMIN");
    const cookie = await sessionCookie(user);
    const team = cases.find((c) => c.path === "/api/team" && c.method === "GET")!;
    expect((await call(team, cookie)).status).toBe(200);
    await db.user.update({ where: { id: user.id }, data: { active: false } });
    expect((await call(team, cookie)).status).toBe(401);
  });

  it("a forged or foreign cookie counts as no session", async () => {
    const team = cases.find((c) => c.path === "/api/team" && c.method === "GET")!;
    expect((await call(team, "next-auth.session-token=not-a-jwt")).status).toBe(401);
  });
});
