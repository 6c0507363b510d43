import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startSimulator, type RunningSimulator } from "../../lib/connectly/simulator/server";
import { db } from "../../lib/db";
import { truncateAll, uniquePhone } from "./helpers";

// Templates against the simulator over real HTTP: sync (insert, update, idempotent, vanished, one run at a
// time), create -> pending -> sync -> approved/rejected, and the send check against the synced template.
// Route handlers are called for real; only the session lookup is replaced by the signed-in test user.

const session = vi.hoisted(() => ({
  user: null as null | {
    id: string;
    email: string;
    name: string;
    role: "ADMIN" | "CAMPAIGN_MANAGER" | "AGENT";
  },
}));
vi.mock("../../lib/auth/session", () => ({
  getCurrentUser: () => Promise.resolve(session.user),
  getRequestUser: () => Promise.resolve(session.user),
  requirePageUser: () => Promise.resolve(session.user),
}));

const { GET: listGET, POST: createPOST } = await import("../../app/api/templates/route");
const { GET: syncGET, POST: syncPOST } = await import("../../app/api/templates/sync/route");
const { POST: sendPOST } = await import("../../app/api/messages/template/route");
const { syncTemplates } = await import("../../lib/templates/sync-templates");

let simulator: RunningSimulator;
const REVIEW_MS = 150;
const SEED_TRANSLATIONS = 15; // including spring_promo_native and store_visit_native (native shape only)
const noParams = { params: Promise.resolve({}) };

beforeAll(async () => {
  simulator = await startSimulator({
    port: Number(process.env.TEST_SIMULATOR_PORT),
    templateReviewMs: REVIEW_MS,
    rateLimitPerSecond: 0,
    statusDelayMs: 20,
  });
});

afterAll(async () => {
  await simulator.close();
  // Later files send templates: leave no synced library behind to change what they see.
  await db.$executeRawUnsafe('TRUNCATE "Template", "TemplateSyncRun"');
});

beforeEach(async () => {
  await truncateAll();
  await db.$executeRawUnsafe('TRUNCATE "Template", "TemplateSyncRun"');
  await fetch(`${simulator.url}/sim/reset`, { method: "POST" });
  const user = await db.user.create({
    data: { email: `admin-${Date.now()}@example.com`, name: "Admin", passwordHash: "x", role: "ADMIN" },
  });
  session.user = { id: user.id, email: user.email, name: user.name, role: "ADMIN" };
});

function json(url: string, body: unknown, method = "POST") {
  return new Request(`http://localhost${url}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function setUpstreamStatus(name: string, language: string, status: string, rejectionReason?: string) {
  const res = await fetch(`${simulator.url}/sim/templates/${name}/${language}/status`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status, ...(rejectionReason ? { rejectionReason } : {}) }),
  });
  expect(res.ok).toBe(true);
}

async function upstreamSends() {
  const res = await fetch(`${simulator.url}/sim/sent`);
  return (await res.json()) as {
    total: number;
    requests: { endpoint: string; body: Record<string, unknown> }[];
  };
}

describe("sync", () => {
  it("inserts every translation with normalised category and status, and records the run", async () => {
    const res = await syncPOST(
      new Request("http://localhost/api/templates/sync", { method: "POST" }),
      noParams,
    );
    expect(res.status).toBe(200);
    const { result } = (await res.json()) as {
      result: { outcome: string; run: { outcome: string; created: number } };
    };
    expect(result).toMatchObject({
      outcome: "succeeded",
      run: { outcome: "SUCCEEDED", created: SEED_TRANSLATIONS },
    });

    const rows = await db.template.findMany({ orderBy: [{ name: "asc" }, { language: "asc" }] });
    expect(rows).toHaveLength(SEED_TRANSLATIONS);
    expect(rows.filter((r) => r.name === "order_shipped").map((r) => r.language)).toEqual([
      "en_US",
      "es",
      "pt_BR",
    ]);
    const byName = (name: string) => rows.find((r) => r.name === name)!;
    expect(byName("otp_login")).toMatchObject({
      category: "AUTHENTICATION",
      status: "APPROVED",
      statusRaw: "MESSAGE_TEMPLATE_STATUS_APPROVED",
    });
    expect(byName("loyalty_points_update")).toMatchObject({
      status: "PENDING",
      category: "MARKETING",
      rejectionReason: null,
    });
    expect(byName("flash_sale_blast")).toMatchObject({
      status: "REJECTED",
      rejectionReason: "INVALID_FORMAT",
    });
    expect(byName("summer_sale_carousel").upstreamId).toMatch(/^\d+$/);
    expect(byName("summer_sale_carousel").components).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ carousel: expect.objectContaining({ cards: expect.any(Array) }) }),
      ]),
    );
  });

  it("is idempotent: a second run changes nothing", async () => {
    await syncTemplates("manual");
    const before = await db.template.findMany({
      select: { id: true, updatedAt: true },
      orderBy: { id: "asc" },
    });
    const second = await syncTemplates("manual");
    expect(second).toMatchObject({
      outcome: "succeeded",
      run: { created: 0, updated: 0, unchanged: SEED_TRANSLATIONS, removed: 0 },
    });
    const after = await db.template.findMany({
      select: { id: true, updatedAt: true },
      orderBy: { id: "asc" },
    });
    expect(after).toEqual(before);
    expect(await db.templateSyncRun.count({ where: { outcome: "SUCCEEDED" } })).toBe(2);
  });

  it("updates a status that changed upstream, with the rejection reason", async () => {
    await syncTemplates("schedule");
    try {
      await setUpstreamStatus("appointment_reminder", "es", "REJECTED", "PROMOTIONAL");
      const run = await syncTemplates("schedule");
      expect(run).toMatchObject({ run: { updated: 1, unchanged: SEED_TRANSLATIONS - 1 } });
      const row = await db.template.findUniqueOrThrow({
        where: { name_language: { name: "appointment_reminder", language: "es" } },
      });
      expect(row).toMatchObject({ status: "REJECTED", rejectionReason: "PROMOTIONAL" });
    } finally {
      // The simulator keeps templates across /sim/reset: put the seed back for the other tests.
      await setUpstreamStatus("appointment_reminder", "es", "APPROVED");
    }
    await syncTemplates("schedule");
    expect(
      await db.template.findUniqueOrThrow({
        where: { name_language: { name: "appointment_reminder", language: "es" } },
      }),
    ).toMatchObject({
      status: "APPROVED",
      rejectionReason: null,
    });
  });

  it("marks a template that vanished upstream as removed instead of deleting it", async () => {
    await syncTemplates("schedule");
    await db.template.create({
      data: {
        name: "retired_promo",
        language: "en_US",
        category: "MARKETING",
        categoryRaw: "MARKETING",
        status: "APPROVED",
        statusRaw: "MESSAGE_TEMPLATE_STATUS_APPROVED",
        components: [],
        syncedAt: new Date(),
      },
    });
    const run = await syncTemplates("schedule");
    expect(run).toMatchObject({ run: { removed: 1 } });
    const ghost = await db.template.findUniqueOrThrow({
      where: { name_language: { name: "retired_promo", language: "en_US" } },
    });
    expect(ghost.removedAt).toBeInstanceOf(Date);

    const visible = (await (
      await listGET(new Request("http://localhost/api/templates"), noParams)
    ).json()) as { templates: { name: string }[] };
    expect(visible.templates.map((t) => t.name)).not.toContain("retired_promo");
    const all = (await (
      await listGET(new Request("http://localhost/api/templates?includeRemoved=true"), noParams)
    ).json()) as { templates: { name: string; removedAt: string | null }[] };
    expect(all.templates.find((t) => t.name === "retired_promo")?.removedAt).toBeTruthy();
  });

  it("skips while another instance holds the lock, and reports it as running", async () => {
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock($1::bigint)", [0x54504c53]);
      expect(await syncTemplates("schedule")).toEqual({ outcome: "skipped", reason: "already_running" });
      const status = (await (
        await syncGET(new Request("http://localhost/api/templates/sync"), noParams)
      ).json()) as { sync: { running: boolean } };
      expect(status.sync.running).toBe(true);
      expect(await db.template.count()).toBe(0);
    } finally {
      await other.end();
    }
    expect(await syncTemplates("schedule")).toMatchObject({ outcome: "succeeded" });
    const status = (await (
      await syncGET(new Request("http://localhost/api/templates/sync"), noParams)
    ).json()) as { sync: { running: boolean; lastSucceededAt: string | null } };
    expect(status.sync).toMatchObject({ running: false, lastSucceededAt: expect.any(String) });
  });

  it("a scheduled round skips when any instance synced within its window (N instances sync once per interval)", async () => {
    expect(await syncTemplates("schedule")).toMatchObject({ outcome: "succeeded" });
    const runs = await db.templateSyncRun.count();
    expect(await syncTemplates("schedule", { skipIfSucceededWithinMs: 60_000 })).toEqual({
      outcome: "skipped",
      reason: "recently_synced",
    });
    expect(await db.templateSyncRun.count()).toBe(runs);
    await new Promise((r) => setTimeout(r, 20));
    expect(await syncTemplates("schedule", { skipIfSucceededWithinMs: 10 })).toMatchObject({
      outcome: "succeeded",
    });
    expect(await db.templateSyncRun.count()).toBe(runs + 1);
  });

  it("lists with filters; agents can read but not sync", async () => {
    await syncTemplates("manual");
    const res = await listGET(new Request("http://localhost/api/templates?status=REJECTED"), noParams);
    const body = (await res.json()) as {
      templates: { name: string; variables: string[] }[];
      languages: string[];
    };
    expect(body.templates.map((t) => t.name)).toEqual(["flash_sale_blast"]);
    expect(body.languages).toEqual(["en_US", "es", "pt_BR"]);
    const es = (await (
      await listGET(new Request("http://localhost/api/templates?language=es&q=order"), noParams)
    ).json()) as { templates: { name: string; variables: string[] }[] };
    expect(es.templates).toEqual([
      expect.objectContaining({
        name: "order_shipped",
        variables: ["header_image", "body_1", "body_2", "button_1_url"],
      }),
    ]);

    session.user = { ...session.user!, role: "AGENT" };
    expect((await listGET(new Request("http://localhost/api/templates"), noParams)).status).toBe(200);
    expect(
      (await syncPOST(new Request("http://localhost/api/templates/sync", { method: "POST" }), noParams))
        .status,
    ).toBe(403);
  });
});

describe("create", () => {
  const body = (name: string) => ({
    name,
    category: "UTILITY",
    language: "en_US",
    header: { type: "text", text: "Refund {{1}}", example: "R-1" },
    body: { text: "Hi {{1}}, your refund of {{2}} has been processed.", examples: ["Sam", "$25.00"] },
    footer: "Acme Store",
    buttons: [{ type: "url", text: "Details", url: "https://shop.example/refunds/{{1}}", example: "R-1" }],
  });

  it("submits upstream in the §7.1 shape, stores PENDING, and a later sync sees the approval", async () => {
    const res = await createPOST(json("/api/templates", body("refund_processed")), noParams);
    expect(res.status).toBe(201);
    const { template } = (await res.json()) as { template: { status: string; variables: string[] } };
    expect(template).toMatchObject({
      status: "PENDING",
      variables: ["header_text", "body_1", "body_2", "button_1_url"],
    });

    // create/template is not in /sim/sent; what the simulator stored is what it accepted from our body.
    const upstream = simulator.state.templates.find("refund_processed", "en_US");
    expect(simulator.state.templates.group("refund_processed")?.category).toBe("UTILITY");
    expect(upstream?.templateComponents).toEqual([
      { header: { text: { text: "Refund {{1}}", example: ["R-1"] } } },
      {
        body: {
          text: { text: "Hi {{1}}, your refund of {{2}} has been processed.", example: ["Sam", "$25.00"] },
        },
      },
      { footer: { text: { text: "Acme Store" } } },
      {
        buttons: {
          buttons: [
            { url: { text: "Details", url: "https://shop.example/refunds/{{1}}", example: ["R-1"] } },
          ],
        },
      },
    ]);
    expect(upstream?.status).toBe("MESSAGE_TEMPLATE_STATUS_PENDING");

    await new Promise((r) => setTimeout(r, REVIEW_MS + 200));
    expect(
      (
        await db.template.findUniqueOrThrow({
          where: { name_language: { name: "refund_processed", language: "en_US" } },
        })
      ).status,
    ).toBe("PENDING");
    await syncTemplates("schedule");
    expect(
      (
        await db.template.findUniqueOrThrow({
          where: { name_language: { name: "refund_processed", language: "en_US" } },
        })
      ).status,
    ).toBe("APPROVED");
  });

  it("a name with 'reject' comes back rejected with the reason", async () => {
    expect((await createPOST(json("/api/templates", body("please_reject_me")), noParams)).status).toBe(201);
    await new Promise((r) => setTimeout(r, REVIEW_MS + 200));
    await syncTemplates("schedule");
    expect(
      await db.template.findUniqueOrThrow({
        where: { name_language: { name: "please_reject_me", language: "en_US" } },
      }),
    ).toMatchObject({
      status: "REJECTED",
      rejectionReason: "INVALID_FORMAT",
    });
  });

  it.each([
    ["a bad name", { name: "Refund Processed" }, "name"],
    [
      "a gap in the variables",
      { body: { text: "Hi {{1}} and {{3}}", examples: ["a", "b", "c"] } },
      "body.text",
    ],
    ["a missing sample", { body: { text: "Hi {{1}}, {{2}}", examples: ["Sam"] } }, "body.examples[1]"],
    ["a variable in the footer", { footer: "Bye {{1}}" }, "footer"],
    [
      "a suffix not at the end of the link",
      { buttons: [{ type: "url", text: "Go", url: "https://x.example/{{1}}/details", example: "a" }] },
      "buttons[0].url",
    ],
  ])("refuses %s with 422 naming the field, before calling upstream", async (_, patch, path) => {
    const res = await createPOST(json("/api/templates", { ...body("bad_one"), ...patch }), noParams);
    expect(res.status).toBe(422);
    const error = ((await res.json()) as { error: { details: { issues: { path: string }[] } } }).error;
    expect(error.details.issues.map((i) => i.path)).toContain(path);
    expect(simulator.state.templates.group("bad_one")).toBeUndefined();
  });

  it("refuses a second template with the same name and language (409)", async () => {
    await syncTemplates("manual");
    const res = await createPOST(
      json("/api/templates", { ...body("order_shipped"), category: "UTILITY", language: "es" }),
      noParams,
    );
    expect(res.status).toBe(409);
  });
});

describe("send against the synced template", () => {
  async function conversation() {
    const phone = uniquePhone();
    const contact = await db.contact.create({
      data: { phone, conversation: { create: { lastInboundAt: new Date() } } },
      include: { conversation: true },
    });
    return contact.conversation!.id;
  }

  it("refuses a missing variable with 422 naming it, before any upstream call", async () => {
    await syncTemplates("manual");
    const conversationId = await conversation();
    const res = await sendPOST(
      json("/api/messages/template", {
        conversationId,
        templateName: "order_shipped",
        language: "en_US",
        parameters: [
          { name: "header_image", value: "https://cdn.example/a.jpg" },
          { name: "body_1", value: "Ana" },
          { name: "button_1_url", value: "A-1" },
        ],
      }),
      noParams,
    );
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as {
      error: { code: string; message: string; details: { missing: string[] } };
    };
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toContain("body_2");
    expect(error.details.missing).toEqual(["body_2"]);
    expect((await upstreamSends()).total).toBe(0);
    expect(await db.message.count()).toBe(0);
  });

  it.each([
    ["a rejected template", "flash_sale_blast", [{ name: "body_1", value: "90%" }], /rejected/],
    [
      "a template still in review",
      "loyalty_points_update",
      [
        { name: "body_1", value: "Sam" },
        { name: "body_2", value: "10" },
      ],
      /review/,
    ],
    [
      "the wrong header media kind",
      "welcome_video",
      [
        { name: "header_image", value: "https://cdn.example/a.jpg" },
        { name: "body_1", value: "Sam" },
      ],
      /video header: send header_video/,
    ],
    [
      "an extra parameter",
      "feedback_request",
      [{ name: "body_1", value: "x" }],
      /Unexpected parameter body_1/,
    ],
  ])("refuses %s", async (_, templateName, parameters, message) => {
    await syncTemplates("manual");
    const res = await sendPOST(
      json("/api/messages/template", {
        conversationId: await conversation(),
        templateName,
        language: "en_US",
        parameters,
      }),
      noParams,
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    expect((await upstreamSends()).total).toBe(0);
  });

  it("sends a complete carousel and stores the components snapshot for the inbox", async () => {
    await syncTemplates("manual");
    const parameters = [
      { name: "body_1", value: "Sam" },
      ...[1, 2, 3].flatMap((n) => [
        { name: `card_${n}_header_image`, value: `https://cdn.example/${n}.jpg` },
        { name: `card_${n}_body_1`, value: `$${n}9` },
        { name: `card_${n}_button_1_url`, value: `item-${n}` },
      ]),
    ];
    const res = await sendPOST(
      json("/api/messages/template", {
        conversationId: await conversation(),
        templateName: "summer_sale_carousel",
        language: "en_US",
        parameters,
        idempotencyKey: "tpl-carousel-0001",
      }),
      noParams,
    );
    expect(res.status).toBe(201);
    const sent = (await upstreamSends()).requests.filter((r) => r.endpoint === "template");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.parameters).toEqual(parameters);
    const message = await db.message.findFirstOrThrow({ where: { kind: "template" } });
    const content = message.content as { components?: unknown[]; parameters?: unknown[] };
    expect(content.parameters).toEqual(parameters);
    expect(content.components).toEqual(
      expect.arrayContaining([expect.objectContaining({ carousel: expect.anything() })]),
    );
  });

  it("leaves a template it has never synced to Connectly to judge", async () => {
    const res = await sendPOST(
      json("/api/messages/template", {
        conversationId: await conversation(),
        templateName: "feedback_request",
        language: "en_US",
        parameters: [],
      }),
      noParams,
    );
    expect(res.status).toBe(201);
    const message = await db.message.findFirstOrThrow({ where: { kind: "template" } });
    expect((message.content as { components?: unknown }).components).toBeUndefined();
  });
});
