import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "../../lib/auth/session";
import { settleAutomations } from "../../lib/automation/send-automated-message";
import { evaluateRules } from "../../lib/automation/rules/evaluate-rules";
import type { RuleBodyInput, RuleDto } from "../../lib/automation/rules/schemas";
import type { RulePreview } from "../../lib/automation/rules/preview-rule";
import type { RunningSimulator } from "../../lib/connectly/simulator/server";
import { db } from "../../lib/db";
import { startHarness, truncateAll, uniquePhone, type Harness } from "./helpers";

// Automation rules end to end: the customer writes through the simulator, its signed webhook comes back into the
// real route, the rules run after it (runInBackground) through the real services; the reply goes to the simulator.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("../../lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  getCurrentUser: () => Promise.resolve(session.user),
  getRequestUser: () => Promise.resolve(session.user),
  requirePageUser: () => Promise.resolve(session.user),
}));

const rulesRoute = await import("../../app/api/settings/automation/rules/route");
const ruleRoute = await import("../../app/api/settings/automation/rules/[id]/route");
const orderRoute = await import("../../app/api/settings/automation/rules/order/route");
const previewRoute = await import("../../app/api/settings/automation/rules/preview/route");

const noParams = { params: Promise.resolve({}) } as { params: Promise<Record<string, never>> };
const json = (method: string, path: string, body: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

let harness: Harness;
let simulator: RunningSimulator;
let admin: CurrentUser;

beforeAll(async () => {
  harness = await startHarness();
  simulator = harness.simulator;
});
afterAll(() => harness.close());

beforeEach(async () => {
  await settleAutomations();
  await truncateAll();
  await db.automationRule.deleteMany();
  await db.cannedResponse.deleteMany();
  await db.label.deleteMany();
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

async function createRule(body: RuleBodyInput): Promise<RuleDto> {
  const res = await rulesRoute.POST(json("POST", "/api/settings/automation/rules", body), noParams);
  expect(res.status).toBe(201);
  return ((await res.json()) as { rule: RuleDto }).rule;
}

async function customerWrites(from: string, text: string) {
  const res = await fetch(`${simulator.url}/sim/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from, name: "Sam Lee", text }),
  });
  expect(res.ok).toBe(true);
  await settleAutomations();
  const contact = await db.contact.findFirstOrThrow({
    where: { phone: from },
    include: { conversation: true },
  });
  return contact.conversation!;
}

async function upstreamSessionSends(to: string) {
  const res = await fetch(`${simulator.url}/sim/sent`);
  const { requests } = (await res.json()) as {
    requests: { endpoint: string; body: Record<string, unknown> }[];
  };
  return requests.filter((r) => r.endpoint !== "template" && JSON.stringify(r.body).includes(to));
}

const agent = (name: string) =>
  db.user.create({
    data: {
      email: `${name.toLowerCase()}-${randomUUID().slice(0, 6)}@example.com`,
      name,
      role: "AGENT",
      passwordHash: "x",
    },
    select: { id: true },
  });

describe("automation rules", () => {
  it("are created, changed, reordered and deleted through the routes, each change audited; a risky pattern is refused", async () => {
    const label = await db.label.create({ data: { name: "Pricing", nameKey: "pricing", color: "blue" } });
    const rule = await createRule({
      name: "Pricing",
      conditions: [{ type: "regex", pattern: "\\bprice(s)?\\b" }],
      actions: [{ type: "label", labelId: label.id }],
    });
    expect(rule).toMatchObject({
      position: 0,
      enabled: true,
      match: "all",
      cooldownMinutes: 60,
      stopAfter: false,
    });
    const second = await createRule({
      name: "Second",
      conditions: [{ type: "first_message" }],
      actions: [{ type: "notify", userId: null }],
    });
    expect(second.position).toBe(1);

    for (const [pattern, message] of [
      ["(a+)+$", "cannot repeat a group"],
      ["(a|aa)*b", "cannot repeat a group"],
      ["(x)\\1", "backreferences"],
      ["(?=a)a", "lookahead"],
      ["[unclosed", "not a valid regular expression"],
      ["a".repeat(201), "at most 200"],
    ] as const) {
      const res = await rulesRoute.POST(
        json("POST", "/api/settings/automation/rules", {
          name: "Bad",
          conditions: [{ type: "regex", pattern }],
          actions: [{ type: "label", labelId: label.id }],
        }),
        noParams,
      );
      expect(res.status, pattern).toBe(422);
      expect(JSON.stringify(await res.json()), pattern).toContain(message);
    }
    const missing = await rulesRoute.POST(
      json("POST", "/api/settings/automation/rules", {
        name: "Bad",
        conditions: [{ type: "first_message" }],
        actions: [{ type: "label", labelId: "nope" }],
      }),
      noParams,
    );
    expect(missing.status).toBe(422);

    const disabled = await ruleRoute.PATCH(
      json("PATCH", `/api/settings/automation/rules/${rule.id}`, { enabled: false }),
      { params: Promise.resolve({ id: rule.id }) },
    );
    expect(disabled.status).toBe(200);
    expect(((await disabled.json()) as { rule: RuleDto }).rule.enabled).toBe(false);

    const reordered = await orderRoute.PUT(
      json("PUT", "/api/settings/automation/rules/order", { ids: [second.id, rule.id] }),
      noParams,
    );
    expect(reordered.status).toBe(200);
    expect(((await reordered.json()) as { rules: RuleDto[] }).rules.map((r) => r.name)).toEqual([
      "Second",
      "Pricing",
    ]);
    const partial = await orderRoute.PUT(
      json("PUT", "/api/settings/automation/rules/order", { ids: [rule.id] }),
      noParams,
    );
    expect(partial.status).toBe(422);

    const deleted = await ruleRoute.DELETE(new Request("http://localhost/x", { method: "DELETE" }), {
      params: Promise.resolve({ id: second.id }),
    });
    expect(deleted.status).toBe(204);

    const audit = await db.auditLog.findMany({
      where: { action: { startsWith: "automation_rule." } },
      orderBy: [{ at: "asc" }, { id: "asc" }],
    });
    expect(audit.map((a) => a.action)).toEqual([
      "automation_rule.created",
      "automation_rule.created",
      "automation_rule.updated",
      "automation_rule.reordered",
      "automation_rule.deleted",
    ]);
    expect(audit.every((a) => a.actorId === admin.id)).toBe(true);
    expect((audit[2]!.details as { fields: string[] }).fields).toEqual(["enabled"]);
  });

  it("act on a matching customer message (label, quick reply in the window), once: the reply does not trigger rules, the cooldown holds, every run audited", async () => {
    const label = await db.label.create({ data: { name: "Pricing", nameKey: "pricing", color: "blue" } });
    const quick = await db.cannedResponse.create({
      data: {
        shortcut: "price",
        title: "Price list",
        body: "Hi {{name}}, our prices are at example.com/prices",
      },
    });
    // The reply itself contains the keyword: were it fed back to the rules, the rule would fire again.
    await createRule({
      name: "Pricing",
      conditions: [{ type: "keyword", keywords: ["price", "prices"] }],
      actions: [
        { type: "label", labelId: label.id },
        { type: "reply", cannedResponseId: quick.id },
      ],
      cooldownMinutes: 30,
    });
    const phone = uniquePhone();
    const conversation = await customerWrites(phone, "Hi, what is the price of the blue one?");

    const replies = await db.message.findMany({
      where: { conversationId: conversation.id, direction: "OUTBOUND" },
    });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toBe("Hi Sam, our prices are at example.com/prices");
    expect(replies[0]!.idempotencyKey).toMatch(/^automation:rule:/);
    expect(await upstreamSessionSends(phone)).toHaveLength(1);
    expect(
      await db.conversationLabel.count({ where: { conversationId: conversation.id, labelId: label.id } }),
    ).toBe(1);

    // A message that does not match: nothing.
    await customerWrites(phone, "thanks, and the opening hours?");
    // Within the cooldown: the rule matches but does not fire again.
    await customerWrites(phone, "price for two?");
    await new Promise((r) => setTimeout(r, 300));
    await settleAutomations();
    expect(
      await db.message.count({ where: { conversationId: conversation.id, direction: "OUTBOUND" } }),
    ).toBe(1);

    const runs = await db.auditLog.findMany({
      where: { action: "automation_rule.ran", targetId: conversation.id },
      orderBy: [{ at: "asc" }, { id: "asc" }],
    });
    type Details = {
      messageId: string;
      runs: { rule: string; fired: boolean; reason?: string; actions: { type: string; result: string }[] }[];
    };
    expect(
      runs.map((r) => (r.details as Details).runs.map((x) => [x.rule, x.fired, x.reason ?? null])),
    ).toEqual([[["Pricing", true, null]], [["Pricing", false, "cooldown"]]]);
    expect((runs[0]!.details as Details).runs[0]!.actions).toEqual([
      { type: "label", result: "done" },
      { type: "reply", result: "done" },
    ]);

    // After the cooldown (an injected clock) the same message kind fires it again.
    const last = await db.message.findFirstOrThrow({
      where: { conversationId: conversation.id, direction: "INBOUND" },
      orderBy: { createdAt: "desc" },
    });
    const later = new Date(Date.now() + 31 * 60_000);
    const again = await evaluateRules(
      { conversationId: conversation.id, messageId: last.id, firstMessage: false },
      later,
    );
    expect(again.map((r) => r.fired)).toEqual([true]);
  });

  it("run in order; a rule marked stop-after ends the evaluation, and reordering changes who acts", async () => {
    const first = await agent("Ana");
    const second = await agent("Bo");
    const a = await createRule({
      name: "To Ana",
      conditions: [{ type: "keyword", keywords: ["refund"] }],
      actions: [
        { type: "assign", userId: first.id },
        { type: "notify", userId: null },
      ],
      stopAfter: true,
    });
    const b = await createRule({
      name: "To Bo",
      conditions: [{ type: "keyword", keywords: ["refund"] }],
      actions: [{ type: "assign", userId: second.id }],
      stopAfter: true,
    });

    const one = await customerWrites(uniquePhone(), "I want a refund");
    expect((await db.conversation.findUniqueOrThrow({ where: { id: one.id } })).assigneeId).toBe(first.id);
    const note = await db.conversationNote.findFirstOrThrow({
      where: { conversationId: one.id, kind: "ACTIVITY" },
    });
    expect(note.body).toBe("Rule “To Ana” assigned this conversation to Ana");
    // "Notify the assignee" reaches the agent the rule just assigned.
    const notes = await db.notification.findMany({
      where: { userId: first.id, conversationId: one.id },
      orderBy: { createdAt: "asc" },
    });
    expect(notes.map((n) => [n.kind, n.actorName])).toEqual([
      ["ASSIGNED", "Rule “To Ana”"],
      ["RULE", "Rule “To Ana”"],
    ]);

    const res = await orderRoute.PUT(
      json("PUT", "/api/settings/automation/rules/order", { ids: [b.id, a.id] }),
      noParams,
    );
    expect(res.status).toBe(200);
    const two = await customerWrites(uniquePhone(), "refund please");
    expect((await db.conversation.findUniqueOrThrow({ where: { id: two.id } })).assigneeId).toBe(second.id);

    // Without stop-after both run, in order: the later assignment is the one that stays.
    await ruleRoute.PATCH(json("PATCH", "/x", { stopAfter: false }), {
      params: Promise.resolve({ id: b.id }),
    });
    const three = await customerWrites(uniquePhone(), "refund");
    expect((await db.conversation.findUniqueOrThrow({ where: { id: three.id } })).assigneeId).toBe(first.id);
    const ran = await db.auditLog.findFirstOrThrow({
      where: { action: "automation_rule.ran", targetId: three.id },
    });
    expect((ran.details as { runs: { rule: string }[] }).runs.map((r) => r.rule)).toEqual([
      "To Bo",
      "To Ana",
    ]);
  });

  it("preview (dry run) lists the recent messages a drafted rule would match and what it would do, changing nothing", async () => {
    const quick = await db.cannedResponse.create({
      data: { shortcut: "hours", title: "Opening hours", body: "We open at 9." },
    });
    const p1 = uniquePhone();
    await customerWrites(p1, "When do you open?");
    await customerWrites(p1, "hello");
    await customerWrites(uniquePhone(), "are you OPEN on sunday");
    await customerWrites(uniquePhone(), "opening soon?");
    const before = { messages: await db.message.count(), audit: await db.auditLog.count() };

    const res = await previewRoute.POST(
      json("POST", "/api/settings/automation/rules/preview", {
        rule: {
          name: "Hours",
          conditions: [{ type: "regex", pattern: "\\bopen\\b" }],
          actions: [
            { type: "reply", cannedResponseId: quick.id },
            { type: "set_status", status: "PENDING" },
          ],
        },
        limit: 50,
      }),
      noParams,
    );
    expect(res.status).toBe(200);
    const { preview } = (await res.json()) as { preview: RulePreview };
    expect(preview.evaluated).toBe(4);
    expect(preview.matched.map((m) => m.text)).toEqual(["are you OPEN on sunday", "When do you open?"]);
    expect(preview.wouldDo).toEqual([
      "Reply with the quick reply “Opening hours” (in the 24-hour window only)",
      "Set the status to pending",
    ]);

    // first_message: only each customer's first message.
    const firsts = await previewRoute.POST(
      json("POST", "/api/settings/automation/rules/preview", {
        rule: {
          name: "F",
          conditions: [{ type: "first_message" }],
          actions: [{ type: "notify", userId: null }],
        },
        limit: 10,
      }),
      noParams,
    );
    const fp = ((await firsts.json()) as { preview: RulePreview }).preview;
    expect(fp.matched.map((m) => m.text).sort()).toEqual([
      "When do you open?",
      "are you OPEN on sunday",
      "opening soon?",
    ]);

    expect({ messages: await db.message.count(), audit: await db.auditLog.count() }).toEqual(before);
    expect(await db.automationRuleFire.count()).toBe(0);
  });
});
