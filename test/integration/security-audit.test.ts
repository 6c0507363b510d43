import { PrismaPg } from "@prisma/adapter-pg";
import { beforeAll, describe, expect, it } from "vitest";
import * as auditRoute from "../../app/api/audit/route";
import type { AuditPage } from "../../lib/audit/list-audit-events";
import { recordAuditEvent } from "../../lib/audit/record-audit-event";
import { runWithAuditContext } from "../../lib/audit/request-context";
import { db } from "../../lib/db";
import { PrismaClient } from "../../lib/generated/prisma/client";
import { truncateAll } from "./helpers";
import { createUser, ctx, json, request, sessionCookie } from "./security-helpers";

// The audit log page's API: filters, date range and cursor pagination; and the hook other domains call.

let cookie: string;
let alice: { id: string };
let bob: { id: string };
const day = (d: string, time = "12:00:00") => new Date(`${d}T${time}.000Z`);

beforeAll(async () => {
  await truncateAll();
  const admin = await createUser("ADMIN");
  cookie = await sessionCookie(admin);
  alice = await createUser("CAMPAIGN_MANAGER", { name: "Alice" });
  bob = await createUser("AGENT", { name: "Bob" });
  const tie = day("2026-03-02", "09:30:00"); // several entries in the same millisecond: the cursor must not skip any
  await db.auditLog.createMany({
    data: [
      {
        at: day("2026-03-01", "00:00:00"),
        actorId: alice.id,
        action: "campaign.started",
        targetLabel: "Spring sale",
      },
      { at: day("2026-03-01", "23:59:59"), actorId: bob.id, action: "auth.sign_in" },
      ...Array.from({ length: 7 }, (_, i) => ({
        at: tie,
        actorId: i % 2 ? alice.id : bob.id,
        action: "template.created",
        targetLabel: `t${i}`,
      })),
      {
        at: day("2026-03-03"),
        actorId: null,
        actorLabel: "mallory@example.com",
        action: "auth.sign_in_failed",
        ip: "203.0.113.66",
      },
      { at: day("2026-03-05"), actorId: alice.id, action: "campaign.paused" },
    ],
  });
});

async function list(query: string) {
  return json<AuditPage & { error?: { message: string } }>(
    await auditRoute.GET(request(`/api/audit?${query}`, { cookie }), ctx()),
  );
}

async function all(query: string, limit = 3) {
  const seen: AuditPage["events"] = [];
  let cursor: string | null = null;
  do {
    const page: { body: AuditPage } = await list(
      `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
    );
    seen.push(...page.body.events);
    cursor = page.body.nextCursor;
  } while (cursor);
  return seen;
}

describe("GET /api/audit", () => {
  it("pages newest first through every entry exactly once, even with equal timestamps", async () => {
    const events = (await all("", 3)).filter((e) => e.at.startsWith("2026-03"));
    expect(events).toHaveLength(11);
    expect(new Set(events.map((e) => e.id)).size).toBe(11);
    const times = events.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(events[0]).toMatchObject({
      action: "campaign.paused",
      actionLabel: "Campaign paused",
      actor: { name: "Alice" },
    });
  });

  it.each([
    ["action=template.created", 7],
    ["action=auth.sign_in_failed", 1],
    ["from=2026-03-01&to=2026-03-01", 2], // whole UTC days, both ends included
    ["from=2026-03-02&to=2026-03-03", 8],
    ["from=2026-03-04", 1],
    ["to=2026-03-01", 2],
  ])("filters %s", async (query, count) => {
    expect((await all(query, 2)).filter((e) => e.at.startsWith("2026-03"))).toHaveLength(count);
  });

  it("filters by actor, and shows a failed sign-in's typed email and address", async () => {
    const mine = await all(`actorId=${alice.id}`);
    expect(mine.every((e) => e.actor?.id === alice.id)).toBe(true);
    expect(mine).toHaveLength(5);
    const [failed] = (await list("action=auth.sign_in_failed")).body.events;
    expect(failed).toMatchObject({
      actor: null,
      actorLabel: "mallory@example.com",
      ip: "203.0.113.66",
      actionLabel: "Sign-in failed",
    });
  });

  it.each([
    ["action=campaign.exploded", "action"],
    ["from=2026-03-05&to=2026-03-01", "to"],
    ["from=yesterday", "from"],
    ["cursor=bm90LWEtY3Vyc29y", "cursor"],
    ["limit=1000", "limit"],
  ])("refuses %s with 422 naming the field", async (query, field) => {
    const res = await list(query);
    expect(res.status).toBe(422);
    expect(res.body.error?.message).toContain(field);
  });
});

describe("recordAuditEvent (the hook for other domains)", () => {
  it("takes the actor's address from the request context set by withSession", async () => {
    // As a service in another domain calls it: no actor given, so the request's signed-in user is the actor.
    await runWithAuditContext(
      { ip: "192.0.2.10", userAgent: "browser", actorId: alice.id, actorLabel: "alice@example.com" },
      () =>
        recordAuditEvent({
          action: "campaign.cancelled",
          targetType: "campaign",
          targetId: "c1",
          details: { recipients: 3 },
        }),
    );
    const row = await db.auditLog.findFirstOrThrow({ where: { action: "campaign.cancelled" } });
    expect(row).toMatchObject({
      actorId: alice.id,
      ip: "192.0.2.10",
      userAgent: "browser",
      actorLabel: "alice@example.com",
      targetId: "c1",
      details: { recipients: 3 },
    });
  });

  it("outside a request (the campaign worker) records the system as the actor", async () => {
    await recordAuditEvent({ action: "campaign.started", targetType: "campaign", targetId: "scheduled-1" });
    expect(await db.auditLog.findFirstOrThrow({ where: { targetId: "scheduled-1" } })).toMatchObject({
      actorId: null,
      ip: null,
    });
  });

  it("outside a transaction, never turns a finished action into an error when the log cannot be written", async () => {
    const holder = globalThis as unknown as { prisma?: PrismaClient };
    const saved = holder.prisma;
    holder.prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: "postgresql://postgres@127.0.0.1:1/none" }),
    });
    try {
      await expect(recordAuditEvent({ actorId: null, action: "campaign.started" })).resolves.toBeUndefined();
    } finally {
      holder.prisma = saved;
    }
  });
});
