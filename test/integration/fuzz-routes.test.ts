import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import { db } from "../../lib/db";
import { inboxListener } from "../../lib/realtime/listener";
import { REMINDER_MAPPING, resetCampaignTables, startHarness, type Harness } from "./campaign-helpers";
import { truncateAll } from "./helpers";
import { createUser, request, sessionCookie } from "./security-helpers";

// Every API route on disk (found by walking app/api, as the route walk does), every method, signed in as an admin
// (so every request gets past authorisation to the parsing), with generated query strings, path segments and
// bodies. Each input carries at least one thing no route may accept: NUL or a lone surrogate in a query parameter,
// a path segment or a JSON body, JSON nested far too deep, or (the CSV routes) a very wide or very long CSV record
// or a NUL cell. Every answer must be a 4xx with the error body (routes outside withSession, which read no query
// or body: anything below 500, or /api/ready's deliberate 503), nothing may be written (row counts of every
// table), and the heap must stay bounded. The webhook (signed, stored INVALID by design) has its own fuzz file;
// next-auth's catch-all is the library's.

const API_DIR = path.resolve(__dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const SKIPPED = new Set(["/api/webhooks/connectly", "/api/auth/[...nextauth]"]);
const RUNS_PER_CASE = 90; // 58 route methods on this branch: 5,220 inputs
const MIN_TOTAL_INPUTS = 5000;

type Handler = (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>;
type Handler_ = Handler & { permission?: unknown };
/** `open`: not wrapped in withSession (the public probes /api/health, /api/ready, /api/metrics, and the SSE stream). */
type Case = {
  path: string;
  method: string;
  params: string[];
  catchAll: string[];
  jsonBody: boolean;
  csvBody: boolean;
  open: boolean;
  handler: Handler;
};

function findRoutes(dir: string): { path: string; file: string; params: string[]; catchAll: string[] }[] {
  const routes: { path: string; file: string; params: string[]; catchAll: string[] }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) routes.push(...findRoutes(full));
    else if (entry.name === "route.ts") {
      const segments = path.relative(API_DIR, dir).split(path.sep).filter(Boolean);
      const params: string[] = [];
      const catchAll: string[] = [];
      for (const s of segments) {
        const all = /^\[\.\.\.(.+)\]$/.exec(s);
        const one = /^\[(.+)\]$/.exec(s);
        if (all?.[1]) catchAll.push(all[1]);
        else if (one?.[1]) params.push(one[1]);
      }
      routes.push({ path: `/api/${segments.join("/")}`, file: full, params, catchAll });
    }
  }
  return routes;
}

/** The text of one exported method of a route file (up to the next export), to see whether it reads a JSON body. */
function methodSource(source: string, method: string): string {
  const start = source.search(new RegExp(`export (const|async function) ${method}\\b`));
  if (start === -1) return "";
  const next = source.indexOf("\nexport ", start + 1);
  return source.slice(start, next === -1 ? undefined : next);
}

// One import at a time (see routes-access.test.ts).
const cases: Case[] = [];
for (const route of findRoutes(API_DIR)) {
  if (SKIPPED.has(route.path)) continue;
  const source = readFileSync(route.file, "utf8");
  const mod = (await import(route.file)) as Record<string, unknown>;
  for (const method of METHODS) {
    if (typeof mod[method] !== "function") continue;
    cases.push({
      ...route,
      method,
      jsonBody: methodSource(source, method).includes("parseJsonBody("),
      csvBody: route.path.includes("csv"),
      open: !("permission" in (mod[method] as Handler_)),
      handler: mod[method] as Handler,
    });
  }
}

let cookie = "";
let draftId = "";
let harness: Harness;
let inputs = 0;
let heapBefore = 0;
let rowsBefore = "";
const statuses = new Map<number, number>();

async function rowCounts(): Promise<string> {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
      AND table_name <> '_prisma_migrations' ORDER BY table_name`;
  const counts = await Promise.all(
    tables.map(async ({ name }) => {
      const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`,
      );
      return `${name}=${row!.n}`;
    }),
  );
  return counts.join(" ");
}

beforeAll(async () => {
  await truncateAll();
  await resetCampaignTables();
  harness = await startHarness();
  cookie = await sessionCookie(await createUser("ADMIN"));
  // A draft with a template, so CSV uploads get past the campaign checks into the parser.
  draftId = (await createCampaign({ name: "Fuzz draft" }, null)).id;
  await updateCampaign(draftId, { templateName: "appointment_reminder", language: "en_US" });
  rowsBefore = await rowCounts();
  heapBefore = process.memoryUsage().heapUsed;
});

afterAll(async () => {
  await harness.close();
});

// ---- generators -------------------------------------------------------------------------------------------

/** Text the database cannot store. */
const poison = fc.constantFrom(
  "\u0000",
  "a\u0000b",
  "\u0000".repeat(3),
  "x\ud800",
  "\udfffy",
  "\ud800\u0000",
  "ok\u0000 %00",
);
/** Ordinary odd text (may happen to be valid; it never carries the input's bad part on its own). */
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    "",
    " ",
    "route-walk-id",
    "../..",
    "%",
    "%2F",
    "null",
    "[]",
    "{}",
    "x".repeat(2000),
    "é😀",
    "1e400",
  ),
);
const withPoison = fc.tuple(text, poison, text).map(([a, p, b]) => `${a}${p}${b}`);
// A lone surrogate cannot travel in a URL's query (it arrives as U+FFFD): query poisons carry a NUL.
const withNul = fc
  .tuple(text, poison, text)
  .map(([a, p, b]) => `${a}${p.includes("\u0000") ? p : `${p}\u0000`}${b}`);

const deepJson = fc
  .tuple(fc.integer({ min: 65, max: 60_000 }), fc.constantFrom("[", '{"a":'), fc.boolean())
  .map(([depth, open, wrapped]) => {
    const close = open === "[" ? "]" : "}";
    const core = `${open.repeat(depth)}1${close.repeat(depth)}`;
    return wrapped ? `{"name":"x","text":${core}}` : core;
  });
/** JSON text with a poisoned string somewhere in it: a raw character, or a \\u escape of it. */
const poisonedJson = fc
  .tuple(fc.jsonValue({ maxDepth: 3 }), poison, fc.boolean(), fc.boolean())
  .map(([value, bad, asKey, escaped]) => {
    // JSON.stringify writes NUL and lone surrogates as \u escapes; the raw form keeps a NUL raw (invalid JSON) but
    // still escapes surrogates, which would otherwise arrive as U+FFFD and leave nothing bad in the body.
    const surrogates = (t: string) =>
      t.replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
    const badText = escaped ? JSON.stringify(bad) : `"${surrogates(bad)}"`;
    const host = JSON.stringify({ title: "t", body: "b", name: "n", value }) ?? "{}";
    return asKey ? `{${badText}:1,${host.slice(1)}` : `${host.slice(0, -1)},"text":${badText}}`;
  });
const badJsonBody = fc.oneof(deepJson, poisonedJson);

const wideCsv = fc
  .tuple(fc.integer({ min: 1001, max: 100_000 }), fc.integer({ min: 0, max: 30 }))
  .map(([columns, rows]) =>
    [
      `phone,name,date${",x".repeat(columns - 3)}`,
      ...Array.from({ length: rows }, () => "+14152000010,Ana,June 1,z"),
    ].join("\n"),
  );
const longCsv = fc
  .integer({ min: 65 * 1024, max: 300 * 1024 })
  .map((n) => `phone,name,date\n+14152000010,${"n".repeat(n)},June 1\n`);
const nulCsv = fc.tuple(text, text).map(([a, b]) => `phone,name,date\n+14152000010,${a}\u0000${b},June 1\n`);
const badCsv = fc.oneof(wideCsv, longCsv, nulCsv);

type Input = {
  query: [string, string][];
  params: Record<string, string | string[]>;
  body: string | null;
  contentType: string;
};

function inputs_(c: Case): fc.Arbitrary<Input> {
  const names = [...c.params, ...c.catchAll];
  const cleanParams = fc.tuple(...names.map(() => text)).map((values) => paramsOf(c, values));
  const cleanQuery = fc.array(fc.tuple(text, text), { maxLength: 4 });
  const anyBody = fc.option(fc.oneof(fc.json(), text, badJsonBody), { nil: null });
  const where: fc.Arbitrary<Input>[] = [
    // NUL / a lone surrogate in a query parameter's name or value, among ordinary ones.
    fc
      .tuple(cleanQuery, fc.boolean(), withNul, text, cleanParams, anyBody)
      .map(([query, inKey, bad, other, params, body]) => ({
        query: [...query, inKey ? [bad, other] : [other, bad]] as [string, string][],
        params,
        body,
        contentType: "application/json",
      })),
  ];
  if (names.length > 0) {
    // …in a path segment.
    where.push(
      fc
        .tuple(
          fc.tuple(...names.map(() => fc.oneof(text, withPoison))),
          fc.nat(names.length - 1),
          withPoison,
          cleanQuery,
          anyBody,
        )
        .map(([values, at, bad, query, body]) => {
          values[at] = bad;
          return { query, params: paramsOf(c, values), body, contentType: "application/json" };
        }),
    );
  }
  if (c.jsonBody) {
    // …in the JSON body, or the body nested too deep (clean query and path: only the body is bad).
    where.push(
      fc
        .tuple(cleanQuery, cleanParams, badJsonBody)
        .map(([query, params, body]) => ({ query, params, body, contentType: "application/json" })),
    );
  }
  if (c.csvBody) {
    // A very wide, very long or NUL-bearing CSV, with valid settings, into a real draft.
    const settings = JSON.stringify({
      delimiter: ",",
      addressColumn: "phone",
      defaultCountry: null,
      variables: REMINDER_MAPPING,
    });
    where.push(
      badCsv.map((body): Input => ({
        query: c.path.includes("[id]") ? [["settings", settings]] : [],
        params: c.params.includes("id") ? { id: draftId } : {},
        body,
        contentType: "text/csv",
      })),
    );
  }
  return fc.oneof(...where);
}

function paramsOf(c: Case, values: string[]): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  c.params.forEach((name, i) => (params[name] = values[i] ?? ""));
  c.catchAll.forEach((name, i) => (params[name] = [values[c.params.length + i] ?? ""]));
  return params;
}

function url(c: Case, input: Input): string {
  let p = c.path;
  for (const [name, value] of Object.entries(input.params)) {
    const encoded = (Array.isArray(value) ? value : [value])
      .map((v) => encodeURIComponent(v.toWellFormed()))
      .join("/");
    p = p.replace(`[...${name}]`, encoded).replace(`[${name}]`, encoded);
  }
  // URLSearchParams writes NUL as %00; a lone surrogate cannot travel in a URL (it arrives as U+FFFD).
  const query = new URLSearchParams(input.query).toString();
  return query ? `${p}?${query}` : p;
}

describe("route fuzz: NUL, lone surrogates, deep nesting and wide CSVs everywhere", () => {
  it("walks the routes on disk", () => {
    expect(cases.length).toBeGreaterThan(40);
    expect(cases.filter((c) => c.jsonBody).length).toBeGreaterThan(15);
    expect(cases.filter((c) => c.csvBody).map((c) => c.path)).toEqual(
      expect.arrayContaining(["/api/campaigns/[id]/audience/csv", "/api/campaigns/csv-inspect"]),
    );
  });

  it.each(cases.map((c) => [`${c.method} ${c.path}`, c] as const))(
    "%s: every input is a 4xx with a message",
    async (_name, c) => {
      await fc.assert(
        fc.asyncProperty(inputs_(c), async (input) => {
          inputs++;
          const method = c.method;
          const hasBody = input.body !== null && method !== "GET";
          const req = request(url(c, input), {
            method,
            cookie,
            ...(hasBody ? { body: input.body!, headers: { "content-type": input.contentType } } : {}),
          });
          const res = await c.handler(req, { params: Promise.resolve(input.params) });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const what = `${method} ${url(c, input).slice(0, 200)} body=${(input.body ?? "").slice(0, 120)}`;
          if (res.headers.get("content-type")?.startsWith("text/event-stream")) {
            // GET /api/events (open: it reads no query or body) answers a signed-in admin with a Server-Sent Events
            // stream that never ends: the status and headers are the answer. Cancelling the body runs the stream's
            // cancel(), which clears its timers and listeners, so no stream is left open (its listener count says so).
            await res.body?.getReader().cancel();
            expect(inboxListener().emitter.listenerCount("event"), what).toBe(0);
            expect(c.open, what).toBe(true);
            expect(res.status, what).toBeLessThan(500);
            return;
          }
          const raw = await res.text();
          if (c.open) {
            expect(res.status < 500 || res.status === 503, what).toBe(true);
            return;
          }
          expect(res.status, what).toBeGreaterThanOrEqual(400);
          expect(res.status, what).toBeLessThan(500);
          expect((JSON.parse(raw) as { error?: { message?: string } }).error?.message, what).toBeTruthy();
        }),
        { numRuns: RUNS_PER_CASE },
      );
    },
  );

  it(`made at least ${MIN_TOTAL_INPUTS} requests, wrote nothing, and kept memory bounded`, async () => {
    expect(inputs).toBeGreaterThanOrEqual(MIN_TOTAL_INPUTS);
    expect(await rowCounts()).toBe(rowsBefore);
    // Mostly the central 422; 200 and 503 only from the public probes and the SSE stream (opened, then cancelled).
    expect([...statuses.keys()].every((s) => s < 500 || s === 503)).toBe(true);
    (globalThis as { gc?: () => void }).gc?.();
    const growth = process.memoryUsage().heapUsed - heapBefore;
    console.log(
      `[fuzz-routes] ${inputs} inputs over ${cases.length} route methods; statuses ${JSON.stringify(Object.fromEntries(statuses))}; heap growth ${(growth / 1024 / 1024).toFixed(0)} MB`,
    );
    expect(growth).toBeLessThan(256 * 1024 * 1024);
  });
});
