import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "../../lib/auth/session";
import { settleAutomations } from "../../lib/automation/send-automated-message";
import { DEFAULT_AUTOMATION_SETTINGS, type AutomationSettings } from "../../lib/automation/schemas";
import { runAutomationRound } from "../../lib/automation/scheduler";
import type { RunningSimulator } from "../../lib/connectly/simulator/server";
import { db } from "../../lib/db";
import { startHarness, truncateAll, uniquePhone, type Harness } from "./helpers";

// Welcome, away, CSAT and auto-resolve end to end: the customer writes through the simulator, its signed webhook
// comes back into the real route, the automation sends through the real send services to the simulator (which
// refuses a session message outside the window, as Connectly does), at both window states.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("../../lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  getCurrentUser: () => Promise.resolve(session.user),
  getRequestUser: () => Promise.resolve(session.user),
  requirePageUser: () => Promise.resolve(session.user),
}));

const automationRoute = await import("../../app/api/settings/automation/route");
const statusRoute = await import("../../app/api/conversations/[id]/status/route");

const noParams = { params: Promise.resolve({}) } as { params: Promise<Record<string, never>> };
const patch = (body: unknown) =>
  new Request("http://localhost/api/settings/automation", {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

let harness: Harness;
let simulator: RunningSimulator;
let admin: CurrentUser;

const TEMPLATE = { name: "feedback_request", language: "en_US" };
type Week = AutomationSettings["businessHours"]["weekly"];
const week = (days: Partial<Week>): Week => ({
  sun: [],
  mon: [],
  tue: [],
  wed: [],
  thu: [],
  fri: [],
  sat: [],
  ...days,
});
const allDay = [{ start: "00:00", end: "24:00" }];
const ALWAYS_CLOSED: AutomationSettings["businessHours"] = {
  timeZone: "Europe/London",
  weekly: week({}),
  holidays: [],
};
const ALWAYS_OPEN: AutomationSettings["businessHours"] = {
  timeZone: "UTC",
  weekly: week({ sun: allDay, mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay }),
  holidays: [],
};

beforeAll(async () => {
  harness = await startHarness();
  simulator = harness.simulator;
});
afterAll(() => harness.close());

beforeEach(async () => {
  await settleAutomations();
  await truncateAll();
  await db.automationSettings.deleteMany();
  await fetch(`${simulator.url}/sim/reset`, { method: "POST" });
  admin = await db.user.create({
    data: {
      email: `admin-${randomUUID().slice(0, 6)}@example.com`,
      name: "Ada Admin",
      role: "ADMIN",
      passwordHash: "x",
    },
    select: { id: true, email: true, name: true, role: true },
  });
  session.user = admin;
});

async function configure(settings: Partial<AutomationSettings>) {
  const res = await automationRoute.PATCH(patch(settings), noParams);
  expect(res.status).toBe(200);
}

/** A customer writes through the simulator; `hoursAgo` back-dates the message (its window closes after 24 h). */
async function customerWrites(from: string, body: Record<string, unknown> = { text: "hello" }, hoursAgo = 0) {
  const timestamp = hoursAgo ? Math.floor((Date.now() - hoursAgo * 3_600_000) / 1000) : undefined;
  const res = await fetch(`${simulator.url}/sim/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from, name: "Test Customer", ...body, ...(timestamp ? { timestamp } : {}) }),
  });
  expect(res.ok).toBe(true);
  await settleAutomations();
  const contact = await db.contact.findFirstOrThrow({
    where: { phone: from },
    include: { conversation: true },
  });
  return contact.conversation!;
}

const automated = (conversationId: string, purpose: string) =>
  db.message.findMany({
    where: {
      conversationId,
      direction: "OUTBOUND",
      idempotencyKey: { startsWith: `automation:${purpose}:` },
    },
    orderBy: { createdAt: "asc" },
  });

async function upstreamSends() {
  const res = await fetch(`${simulator.url}/sim/sent`);
  return ((await res.json()) as { requests: { endpoint: string; body: Record<string, unknown> }[] }).requests;
}

async function resolve(conversationId: string) {
  const res = await statusRoute.POST(
    new Request(`http://localhost/api/conversations/${conversationId}/status`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "RESOLVED" }),
    }),
    { params: Promise.resolve({ id: conversationId }) },
  );
  expect(res.status).toBe(200);
  await settleAutomations();
}

describe("Settings → Automation", () => {
  it("saves sections, audits the change, and refuses bad input with 422 naming the field", async () => {
    await configure({
      businessHours: { ...DEFAULT_AUTOMATION_SETTINGS.businessHours, timeZone: "America/New_York" },
    });
    const get = await automationRoute.GET(new Request("http://localhost/api/settings/automation"), noParams);
    const body = (await get.json()) as { automation: AutomationSettings };
    expect(body.automation.businessHours.timeZone).toBe("America/New_York");
    expect(body.automation.welcome).toEqual(DEFAULT_AUTOMATION_SETTINGS.welcome);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "settings.automation_updated" } });
    expect(audit.actorId).toBe(admin.id);
    expect((audit.details as { sections: string[] }).sections).toEqual(["businessHours"]);

    const cases: [unknown, string][] = [
      [
        { businessHours: { ...DEFAULT_AUTOMATION_SETTINGS.businessHours, timeZone: "Mars/Olympus" } },
        "businessHours.timeZone",
      ],
      [
        {
          businessHours: {
            ...DEFAULT_AUTOMATION_SETTINGS.businessHours,
            weekly: { mon: [{ start: "17:00", end: "09:00" }] },
          },
        },
        "businessHours.weekly.mon[0].end",
      ],
      [
        {
          businessHours: { ...DEFAULT_AUTOMATION_SETTINGS.businessHours, holidays: [{ date: "2026-02-30" }] },
        },
        "businessHours.holidays[0].date",
      ],
      [{ away: { enabled: true, text: null, template: null } }, "away.text"],
      [{ autoResolveHours: 0 }, "autoResolveHours"],
      [{}, ""],
    ];
    for (const [input, field] of cases) {
      const res = await automationRoute.PATCH(patch(input), noParams);
      expect(res.status, JSON.stringify(input)).toBe(422);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(field);
    }
  });
});

describe("welcome message", () => {
  it("greets a customer's first message once, as a session message in the window it opened", async () => {
    await configure({ welcome: { enabled: true, text: "Welcome to Acme!", template: TEMPLATE } });
    const phone = uniquePhone();
    const conversation = await customerWrites(phone);
    await customerWrites(phone, { text: "are you there?" });
    const welcomes = await automated(conversation.id, "welcome");
    expect(welcomes).toHaveLength(1);
    expect(welcomes[0]).toMatchObject({ kind: "text", text: "Welcome to Acme!", authorId: null });
    expect(welcomes[0]!.upstreamId).not.toBeNull();
    const sends = await upstreamSends();
    expect(sends.filter((s) => s.endpoint.includes("whatsapp_templated_messages"))).toHaveLength(0);
  });

  it("sends the template when the first message's window is already closed, and nothing without one", async () => {
    await configure({ welcome: { enabled: true, text: "Welcome!", template: TEMPLATE } });
    const late = await customerWrites(uniquePhone(), { text: "old message" }, 30);
    const [welcome] = await automated(late.id, "welcome");
    expect(welcome).toMatchObject({ kind: "template", templateName: "feedback_request" });
    expect(welcome!.upstreamId).not.toBeNull();

    await configure({ welcome: { enabled: true, text: "Welcome!", template: null } });
    const skipped = await customerWrites(uniquePhone(), { text: "old message" }, 30);
    expect(await automated(skipped.id, "welcome")).toHaveLength(0);
    // Nothing refused upstream: no session send was ever attempted outside the window.
    expect(await db.message.count({ where: { status: "FAILED" } })).toBe(0);
  });

  it("sends nothing when off", async () => {
    const conversation = await customerWrites(uniquePhone());
    expect(
      await db.message.count({ where: { conversationId: conversation.id, direction: "OUTBOUND" } }),
    ).toBe(0);
  });
});

describe("away message", () => {
  it("answers outside business hours once per closed period, with the opening time filled in", async () => {
    await configure({
      businessHours: {
        timeZone: "UTC",
        weekly: week({ mon: [{ start: "09:00", end: "17:00" }] }),
        holidays: [],
      },
      away: { enabled: true, text: "We are closed; back {{next_opening}}.", template: null },
    });
    // Closed unless it is Monday 09–17 UTC right now; the test needs a closed moment.
    const now = new Date();
    if (now.getUTCDay() === 1 && now.getUTCHours() >= 9 && now.getUTCHours() < 17)
      await configure({ businessHours: ALWAYS_CLOSED });
    const phone = uniquePhone();
    const conversation = await customerWrites(phone);
    await customerWrites(phone, { text: "hello again" });
    await customerWrites(phone, { text: "and again" });
    const aways = await automated(conversation.id, "away");
    expect(aways).toHaveLength(1);
    expect(aways[0]!.text).toMatch(/^We are closed; back (Mon 09:00|soon)\.$/);
    expect(aways[0]!.kind).toBe("text");
  });

  it("stays quiet during business hours", async () => {
    await configure({
      businessHours: ALWAYS_OPEN,
      away: { enabled: true, text: "Closed", template: TEMPLATE },
    });
    const conversation = await customerWrites(uniquePhone());
    expect(await automated(conversation.id, "away")).toHaveLength(0);
  });

  it("uses the template for a message whose window has closed, and skips without one", async () => {
    await configure({
      businessHours: ALWAYS_CLOSED,
      away: { enabled: true, text: "Closed", template: TEMPLATE },
    });
    const late = await customerWrites(uniquePhone(), { text: "hi" }, 25);
    expect(await automated(late.id, "away")).toMatchObject([
      { kind: "template", templateName: "feedback_request" },
    ]);

    await configure({ away: { enabled: true, text: "Closed", template: null } });
    const skipped = await customerWrites(uniquePhone(), { text: "hi" }, 25);
    expect(await automated(skipped.id, "away")).toHaveLength(0);
    expect(await db.message.count({ where: { status: "FAILED" } })).toBe(0);
  });

  it("sends both the welcome and the away message for a first message outside hours", async () => {
    await configure({
      businessHours: ALWAYS_CLOSED,
      welcome: { enabled: true, text: "Welcome!", template: null },
      away: { enabled: true, text: "Closed now", template: null },
    });
    const conversation = await customerWrites(uniquePhone());
    const texts = (
      await db.message.findMany({
        where: { conversationId: conversation.id, direction: "OUTBOUND" },
        orderBy: { createdAt: "asc" },
      })
    ).map((m) => m.text);
    expect(texts).toEqual(["Welcome!", "Closed now"]);
  });
});

describe("CSAT", () => {
  it("sends a 1–5 list in the open window on resolve, stores the answer without reopening, and a later message reopens", async () => {
    await configure({ csat: { enabled: true, text: "How did we do?", template: TEMPLATE } });
    const phone = uniquePhone();
    const conversation = await customerWrites(phone);
    await resolve(conversation.id);
    const [survey] = await automated(conversation.id, "csat");
    expect(survey).toMatchObject({ kind: "list", text: "How did we do?" });
    const row = await db.csatSurvey.findFirstOrThrow({ where: { conversationId: conversation.id } });
    expect(row.via).toBe("session");
    const listed = (survey!.content as { listMessage: { sections: { rows: { id: string }[] }[] } })
      .listMessage.sections[0]!.rows;
    expect(listed.map((r) => r.id)).toEqual([1, 2, 3, 4, 5].map((n) => `csat:${row.id}:${n}`));

    await customerWrites(phone, { listReply: { id: `csat:${row.id}:4`, title: "4 – Good" } });
    expect(await db.csatSurvey.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ score: 4 });
    expect((await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).status).toBe(
      "RESOLVED",
    );
    const note = await db.conversationNote.findFirst({
      where: { conversationId: conversation.id, body: { contains: "4/5" } },
    });
    expect(note?.kind).toBe("ACTIVITY");

    await customerWrites(phone, { text: "one more question" });
    expect((await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).status).toBe("OPEN");
  });

  it("sends the template when the window is closed, reads a bare 1–5 button as the answer, and skips without a template", async () => {
    await configure({ csat: { enabled: true, text: "How did we do?", template: TEMPLATE } });
    const phone = uniquePhone();
    const late = await customerWrites(phone, { text: "old" }, 26);
    await resolve(late.id);
    expect(await automated(late.id, "csat")).toMatchObject([
      { kind: "template", templateName: "feedback_request" },
    ]);
    expect((await db.csatSurvey.findFirstOrThrow({ where: { conversationId: late.id } })).via).toBe(
      "template",
    );
    await customerWrites(phone, { buttonResponse: { text: "5", payload: "5" } });
    expect((await db.csatSurvey.findFirstOrThrow({ where: { conversationId: late.id } })).score).toBe(5);

    await configure({ csat: { enabled: true, text: "How did we do?", template: null } });
    const skipped = await customerWrites(uniquePhone(), { text: "old" }, 26);
    await resolve(skipped.id);
    expect(await automated(skipped.id, "csat")).toHaveLength(0);
    expect(await db.csatSurvey.count({ where: { conversationId: skipped.id } })).toBe(0);
    expect(await db.message.count({ where: { status: "FAILED" } })).toBe(0);
  });
});

describe("auto-assignment on a customer's message", () => {
  it("gives a new conversation to an available agent, and leaves it alone when off", async () => {
    const agent = await db.user.create({
      data: {
        email: `ann-${randomUUID().slice(0, 6)}@example.com`,
        name: "Ann Agent",
        role: "AGENT",
        passwordHash: "x",
        available: true,
      },
    });
    const unassigned = await customerWrites(uniquePhone());
    expect((await db.conversation.findUniqueOrThrow({ where: { id: unassigned.id } })).assigneeId).toBeNull();
    await configure({ assignment: { mode: "round_robin", defaultCapacity: 5, releaseOnAway: true } });
    const assigned = await customerWrites(uniquePhone());
    expect((await db.conversation.findUniqueOrThrow({ where: { id: assigned.id } })).assigneeId).toBe(
      agent.id,
    );
    expect(
      await db.conversationNote.count({
        where: { conversationId: assigned.id, body: "Assigned automatically to Ann Agent" },
      }),
    ).toBe(1);
  });
});

describe("auto-resolve", () => {
  it("resolves conversations idle for N hours at the injected clock, notes why, and a reply reopens", async () => {
    await configure({ autoResolveHours: 4 });
    const quiet = await customerWrites(uniquePhone(), { text: "thanks" }, 5);
    const busyPhone = uniquePhone();
    const busy = await customerWrites(busyPhone, { text: "still here" }, 1);
    const pending = await customerWrites(uniquePhone(), { text: "pending one" }, 4.5);
    await db.conversation.update({ where: { id: pending.id }, data: { status: "PENDING" } });

    const result = await runAutomationRound(new Date());
    expect(result).toEqual({ resolved: 2, hours: 4, assigned: 0 });
    const statuses = Object.fromEntries(
      (await db.conversation.findMany({ select: { id: true, status: true } })).map((c) => [c.id, c.status]),
    );
    expect(statuses).toEqual({ [quiet.id]: "RESOLVED", [busy.id]: "OPEN", [pending.id]: "RESOLVED" });
    expect(
      await db.conversationNote.count({
        where: { conversationId: quiet.id, body: { contains: "after 4 hours" } },
      }),
    ).toBe(1);

    // Four hours later by the injected clock, the busy one is idle too.
    expect(await runAutomationRound(new Date(Date.now() + 4 * 3_600_000))).toEqual({
      resolved: 1,
      hours: 4,
      assigned: 0,
    });
    const quietContact = await db.contact.findUniqueOrThrow({ where: { id: quiet.contactId } });
    await customerWrites(quietContact.phone!, { text: "actually, one more thing" });
    expect((await db.conversation.findUniqueOrThrow({ where: { id: quiet.id } })).status).toBe("OPEN");
  });

  it("does nothing when off", async () => {
    await customerWrites(uniquePhone(), { text: "thanks" }, 50);
    expect(await runAutomationRound(new Date())).toEqual({ resolved: 0, hours: null, assigned: 0 });
  });
});
