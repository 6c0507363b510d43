import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "../../lib/auth/session";
import {
  assignWaitingConversations,
  autoAssignConversation,
  setAgentAvailability,
} from "../../lib/automation/auto-assign";
import type { AssignmentConfig } from "../../lib/automation/schemas";
import { db } from "../../lib/db";
import { truncateAll, uniquePhone } from "./helpers";

// Auto-assignment against the real database: fairness of the rotation over 1,000 conversations, capacity limits
// (also under concurrent inbound messages), manual assignment winning, and the hand-back when an agent sets Away.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("../../lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  getCurrentUser: () => Promise.resolve(session.user),
  getRequestUser: () => Promise.resolve(session.user),
  requirePageUser: () => Promise.resolve(session.user),
}));
const availabilityRoute = await import("../../app/api/account/availability/route");

const ROUND_ROBIN: AssignmentConfig = { mode: "round_robin", defaultCapacity: 500, releaseOnAway: true };

async function makeAgent(
  name: string,
  opts: {
    available?: boolean;
    role?: "AGENT" | "ADMIN" | "CAMPAIGN_MANAGER";
    capacity?: number;
    active?: boolean;
  } = {},
) {
  return db.user.create({
    data: {
      email: `${name.toLowerCase()}-${randomUUID().slice(0, 6)}@example.com`,
      name,
      role: opts.role ?? "AGENT",
      passwordHash: "x",
      available: opts.available ?? true,
      active: opts.active ?? true,
      maxOpenConversations: opts.capacity ?? null,
    },
    select: { id: true, email: true, name: true, role: true },
  });
}

async function makeConversations(
  n: number,
  opts: { assigneeId?: string; status?: "OPEN" | "PENDING" | "RESOLVED" } = {},
) {
  const ids: string[] = [];
  for (let start = 0; start < n; start += 500) {
    const chunk = Array.from({ length: Math.min(500, n - start) }, () => ({
      id: randomUUID(),
      phone: uniquePhone(),
    }));
    await db.contact.createMany({ data: chunk.map((c) => ({ id: c.id, phone: c.phone })) });
    const rows = chunk.map((c, i) => ({
      id: randomUUID(),
      contactId: c.id,
      status: opts.status ?? "OPEN",
      assigneeId: opts.assigneeId ?? null,
      lastInboundAt: new Date(Date.now() - (n - start - i) * 1000),
    }));
    await db.conversation.createMany({ data: rows });
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

async function loadByAgent() {
  const rows = await db.conversation.groupBy({
    by: ["assigneeId"],
    where: { status: { in: ["OPEN", "PENDING"] } },
    _count: true,
  });
  return Object.fromEntries(rows.map((r) => [r.assigneeId ?? "none", r._count]));
}

beforeEach(async () => {
  await truncateAll();
  await db.automationSettings.deleteMany();
});

describe("round-robin", () => {
  it("spreads 1,000 conversations over three available agents within one of each other, in rotation", async () => {
    const agents = [await makeAgent("Ann"), await makeAgent("Ben"), await makeAgent("Cat")];
    await makeAgent("Away", { available: false });
    await makeAgent("Gone", { active: false });
    await makeAgent("Manager", { role: "CAMPAIGN_MANAGER" });
    const ids = await makeConversations(1000);
    const order: string[] = [];
    for (const id of ids) order.push((await autoAssignConversation(id, ROUND_ROBIN))!.id);
    const load = await loadByAgent();
    const counts = agents.map((a) => load[a.id] ?? 0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(load.none).toBeUndefined();
    // Strict rotation: every window of three consecutive assignments names the three agents once each.
    for (let i = 0; i + 3 <= order.length; i += 3) expect(new Set(order.slice(i, i + 3)).size).toBe(3);
    // One activity line per assignment.
    expect(
      await db.conversationNote.count({ where: { body: { startsWith: "Assigned automatically to" } } }),
    ).toBe(1000);
  }, 300_000);

  it("least-busy fills the emptiest agent first", async () => {
    const busy = await makeAgent("Busy");
    const free = await makeAgent("Free");
    await makeConversations(3, { assigneeId: busy.id });
    const ids = await makeConversations(4);
    for (const id of ids) await autoAssignConversation(id, { ...ROUND_ROBIN, mode: "least_busy" });
    // Free takes three to catch up; at 3–3 the tie goes by the rotation (Busy was never auto-assigned).
    const load = await loadByAgent();
    expect(load[free.id]).toBe(3);
    expect(load[busy.id]).toBe(4);
  });
});

describe("capacity", () => {
  it("never exceeds an agent's capacity, even under concurrent messages; the rest wait in the pool", async () => {
    const small = await makeAgent("Small", { capacity: 2 });
    const big = await makeAgent("Big", { capacity: 3 });
    await makeConversations(1, { assigneeId: big.id, status: "PENDING" }); // Pending counts against capacity
    await makeConversations(1, { assigneeId: small.id, status: "RESOLVED" }); // resolved does not
    const ids = await makeConversations(10);
    const config = { ...ROUND_ROBIN, defaultCapacity: 50 };
    await Promise.all(ids.map((id) => autoAssignConversation(id, config)));
    const load = await loadByAgent();
    expect(load[small.id]).toBe(2);
    expect(load[big.id]).toBe(3);
    expect(load.none).toBe(10 - 4);

    // Room frees up: the pool hands out the oldest waiting ones.
    await db.conversation.updateMany({
      where: { assigneeId: small.id, status: "OPEN" },
      data: { status: "RESOLVED" },
    });
    expect(await assignWaitingConversations(500, config)).toBe(2);
    expect((await loadByAgent())[small.id]).toBe(2);
  });

  it("uses the workspace default when the agent has none", async () => {
    const agent = await makeAgent("Default");
    const ids = await makeConversations(5);
    for (const id of ids) await autoAssignConversation(id, { ...ROUND_ROBIN, defaultCapacity: 3 });
    expect((await loadByAgent())[agent.id]).toBe(3);
  });
});

describe("manual assignment wins", () => {
  it("never moves a conversation that already has someone, and does nothing when off", async () => {
    const manual = await makeAgent("Manual", { available: false });
    await makeAgent("Auto");
    const [id] = await makeConversations(1, { assigneeId: manual.id });
    expect(await autoAssignConversation(id!, ROUND_ROBIN)).toBeNull();
    expect((await db.conversation.findUniqueOrThrow({ where: { id: id! } })).assigneeId).toBe(manual.id);
    const [other] = await makeConversations(1);
    expect(await autoAssignConversation(other!, { ...ROUND_ROBIN, mode: "off" })).toBeNull();
    expect((await db.conversation.findUniqueOrThrow({ where: { id: other! } })).assigneeId).toBeNull();
  });
});

describe("Available / Away", () => {
  it("setting Away hands open conversations back to the pool and on to an available agent; audited", async () => {
    await db.automationSettings.create({ data: { id: "workspace", config: { assignment: ROUND_ROBIN } } });
    const leaving = await makeAgent("Leaving");
    const staying = await makeAgent("Staying");
    await makeConversations(3, { assigneeId: leaving.id });
    await makeConversations(1, { assigneeId: leaving.id, status: "RESOLVED" });
    session.user = leaving;
    const res = await availabilityRoute.PATCH(
      new Request("http://localhost/api/account/availability", {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ available: false }),
      }),
      { params: Promise.resolve({}) },
    );
    const body: unknown = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toEqual({ available: false, released: 3, assigned: 3 });
    const load = await loadByAgent();
    expect(load[staying.id]).toBe(3);
    expect(load[leaving.id]).toBeUndefined();
    expect(await db.conversation.count({ where: { assigneeId: leaving.id, status: "RESOLVED" } })).toBe(1);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "user.availability_changed" } });
    expect(audit).toMatchObject({ actorId: leaving.id, targetId: leaving.id });
    expect(await db.conversationNote.count({ where: { body: "Leaving set Away: back to the pool" } })).toBe(
      3,
    );

    // Becoming Available again takes from the pool (nothing waiting now) and is listed as such.
    const back = await setAgentAvailability(leaving.id, true);
    expect(back).toEqual({ available: true, released: 0, assigned: 0 });
  });

  it("keeps the conversations when hand-back is off", async () => {
    await db.automationSettings.create({
      data: { id: "workspace", config: { assignment: { ...ROUND_ROBIN, releaseOnAway: false } } },
    });
    const agent = await makeAgent("Keeper");
    await makeAgent("Other");
    await makeConversations(2, { assigneeId: agent.id });
    expect(await setAgentAvailability(agent.id, false)).toMatchObject({ released: 0 });
    expect((await loadByAgent())[agent.id]).toBe(2);
  });

  it("refuses a body that is not a boolean with 422", async () => {
    session.user = await makeAgent("Typo");
    const res = await availabilityRoute.PATCH(
      new Request("http://localhost/api/account/availability", {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ available: "yes" }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("available");
  });
});
