import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "../../lib/auth/session";
import { db } from "../../lib/db";
import { truncateAll, uniquePhone } from "./helpers";
import { noParams, withId, get, json } from "./route-requests";
import { createUser } from "./security-helpers";

// Labels (Settings → Labels, the thread, the contact panel), the inbox list filtered by label, bulk actions on
// conversations and contacts (each audited), and a segment as a campaign audience (picked at launch, opt-outs
// left out). Real route handlers on the real database; the session is the only seam.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("../../lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  getCurrentUser: () => Promise.resolve(session.user),
  getRequestUser: () => Promise.resolve(session.user),
  requirePageUser: () => Promise.resolve(session.user),
}));

const labelsRoute = await import("../../app/api/labels/route");
const labelRoute = await import("../../app/api/labels/[id]/route");
const conversationLabelsRoute = await import("../../app/api/conversations/[id]/labels/route");
const contactLabelsRoute = await import("../../app/api/contacts/[id]/labels/route");
const listRoute = await import("../../app/api/conversations/route");
const bulkConversationsRoute = await import("../../app/api/conversations/bulk/route");
const bulkContactsRoute = await import("../../app/api/contacts/bulk/route");
const segmentsRoute = await import("../../app/api/segments/route");
const segmentAudienceRoute = await import("../../app/api/campaigns/[id]/audience/segment/route");
const launchRoute = await import("../../app/api/campaigns/[id]/launch/route");
const followUpRoute = await import("../../app/api/analytics/campaigns/[id]/follow-up/route");

async function makeConversation(name: string, minutesAgo = 0) {
  const at = new Date(Date.now() - minutesAgo * 60_000);
  const contact = await db.contact.create({ data: { name, phone: uniquePhone() } });
  const conversation = await db.conversation.create({
    data: { contactId: contact.id, lastInboundAt: at, lastMessageAt: at },
  });
  return { contact, conversation };
}

async function listIds(query: string): Promise<string[]> {
  const res = await listRoute.GET(get(`/api/conversations?${query}`), noParams);
  expect(res.status).toBe(200);
  return ((await res.json()) as { conversations: { id: string }[] }).conversations.map((c) => c.id);
}

let admin: CurrentUser;
let agent: CurrentUser;
let manager: CurrentUser;

beforeAll(async () => {
  await truncateAll();
  await db.$executeRawUnsafe(
    'TRUNCATE "Campaign", "CampaignRecipient", "CampaignAudienceSource", "Label", "Segment", "AuditLog" CASCADE',
  );
  admin = await createUser("ADMIN", { name: "Ada Admin" });
  agent = await createUser("AGENT", { name: "Alex Agent" });
  manager = await createUser("CAMPAIGN_MANAGER", { name: "Maya Manager" });
});

afterAll(() => {
  session.user = null;
});

async function createLabel(name: string, color = "sky") {
  session.user = admin;
  const res = await labelsRoute.POST(json("/api/labels", { name, color }), noParams);
  expect(res.status).toBe(201);
  return ((await res.json()) as { label: { id: string; name: string; color: string } }).label;
}

describe("labels", () => {
  it("admins create, rename, recolour and delete labels, each audited; names are unique regardless of case", async () => {
    const vip = await createLabel("VIP", "amber");
    expect(
      (await labelsRoute.POST(json("/api/labels", { name: "vip", color: "red" }), noParams)).status,
    ).toBe(409);
    const bad = await labelsRoute.POST(json("/api/labels", { name: "x", color: "#ff0000" }), noParams);
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toMatch(/color must be one of/);
    const renamed = await labelRoute.PATCH(
      json(`/api/labels/${vip.id}`, { name: "Very important", color: "violet" }, "PATCH"),
      withId(vip.id),
    );
    expect(((await renamed.json()) as { label: { name: string; color: string } }).label).toMatchObject({
      name: "Very important",
      color: "violet",
    });
    const doomed = await createLabel("Temporary");
    expect(
      (await labelRoute.DELETE(new Request("http://localhost/x", { method: "DELETE" }), withId(doomed.id)))
        .status,
    ).toBe(204);
    const actions = (
      await db.auditLog.findMany({
        where: { actorId: admin.id },
        select: { action: true, details: true },
        orderBy: { at: "asc" },
      })
    ).map((a) => a.action);
    expect(actions).toEqual(["label.created", "label.updated", "label.created", "label.deleted"]);
    // Agents apply labels but do not manage them.
    session.user = agent;
    expect(
      (await labelsRoute.POST(json("/api/labels", { name: "Nope", color: "gray" }), noParams)).status,
    ).toBe(403);
  });

  it("labels go on conversations and contacts; the inbox list shows them and filters by them (with the other filters)", async () => {
    const billing = await createLabel("Billing", "red");
    const vip = await createLabel("Gold", "amber");
    const a = await makeConversation("Ana", 1);
    const b = await makeConversation("Ben", 2);
    const c = await makeConversation("Cy", 3);
    await db.conversation.update({ where: { id: c.conversation.id }, data: { status: "RESOLVED" } });
    session.user = agent;
    const put = await conversationLabelsRoute.POST(
      json("/x", { add: [billing.id] }),
      withId(a.conversation.id),
    );
    expect(put.status).toBe(200);
    expect(((await put.json()) as { labels: { name: string }[] }).labels.map((l) => l.name)).toEqual([
      "Billing",
    ]);
    // On the contact: the conversation carries it through its customer.
    expect(
      (await contactLabelsRoute.POST(json("/x", { add: [billing.id, vip.id] }), withId(b.contact.id))).status,
    ).toBe(200);
    expect(
      (await contactLabelsRoute.POST(json("/x", { add: [billing.id] }), withId(c.contact.id))).status,
    ).toBe(200);
    const unknown = await conversationLabelsRoute.POST(
      json("/x", { add: ["no-such-label"] }),
      withId(a.conversation.id),
    );
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(await unknown.json())).toMatch(/add: no label has the id/);

    expect(await listIds(`status=OPEN&label=${billing.id}`)).toEqual([a.conversation.id, b.conversation.id]);
    expect(await listIds(`status=RESOLVED&label=${billing.id}`)).toEqual([c.conversation.id]);
    expect(await listIds(`status=OPEN&label=${vip.id}`)).toEqual([b.conversation.id]);
    expect(await listIds(`status=OPEN&label=${vip.id}&q=Ana`)).toEqual([]);
    const res = await listRoute.GET(get(`/api/conversations?status=OPEN&label=${billing.id}`), noParams);
    const rows = (
      (await res.json()) as {
        conversations: { id: string; labels: { name: string }[]; contact: { labels: { name: string }[] } }[];
      }
    ).conversations;
    expect(rows[0]?.labels.map((l) => l.name)).toEqual(["Billing"]);
    expect(rows[1]?.contact.labels.map((l) => l.name)).toEqual(["Billing", "Gold"]);

    // Removing it takes the conversation out of the filter; the change is audited.
    await conversationLabelsRoute.POST(json("/x", { remove: [billing.id] }), withId(a.conversation.id));
    expect(await listIds(`status=OPEN&label=${billing.id}`)).toEqual([b.conversation.id]);
    const audit = await db.auditLog.findMany({
      where: { action: "conversation.labels_changed", targetId: a.conversation.id },
      orderBy: { at: "asc" },
    });
    expect(audit.map((e) => e.details)).toEqual([
      { added: ["Billing"], removed: [] },
      { added: [], removed: ["Billing"] },
    ]);
  });
});

describe("bulk actions", () => {
  it("assign, change status and label many conversations in one request; each action audited with what it changed", async () => {
    const label = await createLabel("Follow up", "emerald");
    const rows = await Promise.all(["D1", "D2", "D3"].map((n, i) => makeConversation(n, 10 + i)));
    const ids = rows.map((r) => r.conversation.id);
    session.user = agent;
    const bulk = (action: unknown, conversationIds = ids) =>
      bulkConversationsRoute.POST(json("/api/conversations/bulk", { conversationIds, action }), noParams);

    const assigned = await bulk({ type: "assign", assigneeId: agent.id });
    expect(await assigned.json()).toEqual({ requested: 3, changed: 3 });
    expect(await db.conversation.count({ where: { id: { in: ids }, assigneeId: agent.id } })).toBe(3);
    // Again: nothing changes, nothing is audited.
    expect(await (await bulk({ type: "assign", assigneeId: agent.id })).json()).toEqual({
      requested: 3,
      changed: 0,
    });

    expect(await (await bulk({ type: "status", status: "PENDING" }, ids.slice(0, 2))).json()).toEqual({
      requested: 2,
      changed: 2,
    });
    expect(await (await bulk({ type: "addLabel", labelId: label.id })).json()).toEqual({
      requested: 3,
      changed: 3,
    });
    expect(await (await bulk({ type: "removeLabel", labelId: label.id }, [ids[0] ?? ""])).json()).toEqual({
      requested: 1,
      changed: 1,
    });
    expect(await listIds(`status=OPEN&label=${label.id}`)).toEqual([ids[2]]);

    const audit = await db.auditLog.findMany({
      where: { action: "conversations.bulk_updated" },
      orderBy: { at: "asc" },
      select: { actorId: true, details: true },
    });
    expect(audit.map((a) => a.details)).toEqual([
      {
        type: "assign",
        assigneeId: agent.id,
        assignee: agent.name,
        conversationIds: expect.arrayContaining(ids) as unknown,
      },
      {
        type: "status",
        status: "PENDING",
        conversationIds: expect.arrayContaining(ids.slice(0, 2)) as unknown,
      },
      { type: "addLabel", label: "Follow up", conversationIds: expect.arrayContaining(ids) as unknown },
      { type: "removeLabel", label: "Follow up", conversationIds: [ids[0]] },
    ]);
    expect(audit.every((a) => a.actorId === agent.id)).toBe(true);
    // The thread tells who did it, as for one conversation.
    expect(
      await db.conversationNote.count({
        where: {
          conversationId: ids[0],
          kind: "ACTIVITY",
          body: "Alex Agent marked this conversation pending",
        },
      }),
    ).toBe(1);

    // Refusals: a manager may not (read-only inbox), an unknown assignee is a 422, an empty selection too.
    expect((await bulk({ type: "assign", assigneeId: "nobody" })).status).toBe(422);
    expect((await bulk({ type: "status", status: "OPEN" }, [])).status).toBe(422);
    expect((await bulk({ type: "explode" })).status).toBe(422);
    session.user = manager;
    expect((await bulk({ type: "status", status: "OPEN" })).status).toBe(403);
  });

  it("labels and opts out many contacts in one request, audited", async () => {
    const label = await createLabel("Newsletter", "pink");
    const rows = await Promise.all(["E1", "E2"].map((n) => makeConversation(n)));
    const contactIds = rows.map((r) => r.contact.id);
    session.user = agent;
    const bulk = (action: unknown) =>
      bulkContactsRoute.POST(
        json("/api/contacts/bulk", { contactIds: [...contactIds, "missing-id"], action }),
        noParams,
      );
    expect(await (await bulk({ type: "addLabel", labelId: label.id })).json()).toEqual({
      requested: 3,
      changed: 2,
    });
    expect(await (await bulk({ type: "optOut" })).json()).toEqual({ requested: 3, changed: 2 });
    expect(await db.contact.count({ where: { id: { in: contactIds }, optedOut: true } })).toBe(2);
    const audit = await db.auditLog.findMany({
      where: { action: "contacts.bulk_updated" },
      orderBy: { at: "asc" },
      select: { details: true },
    });
    expect(audit.map((a) => (a.details as { type: string }).type)).toEqual(["addLabel", "optOut"]);
    expect(
      await db.conversationNote.count({
        where: {
          conversationId: rows[0]?.conversation.id,
          body: "Alex Agent opted this customer out of campaigns",
        },
      }),
    ).toBe(1);
    // Re-subscribing is not a bulk action (it needs a reason, one contact at a time).
    expect((await bulk({ type: "optIn" })).status).toBe(422);
  });
});

describe("a segment as a campaign audience", () => {
  it("is counted live while planned, becomes recipients at launch without the opted-out, and follow-ups target engagement", async () => {
    const label = await createLabel("Spring promo", "emerald");
    const people = await Promise.all(["F1", "F2", "F3", "F4"].map((n) => makeConversation(n)));
    await db.contactLabel.createMany({
      data: people.map((p) => ({ contactId: p.contact.id, labelId: label.id })),
    });
    await db.contact.update({ where: { id: people[3]?.contact.id }, data: { optedOut: true } });
    session.user = manager;
    const created = await segmentsRoute.POST(
      json("/api/segments", {
        name: "Spring promo",
        filter: { kind: "group", op: "and", items: [{ kind: "label", labelId: label.id }] },
      }),
      noParams,
    );
    const { segment } = (await created.json()) as { segment: { id: string } };
    const campaign = await db.campaign.create({
      data: {
        name: "Spring",
        upstreamName: "spring",
        templateName: "hello",
        templateLanguage: "en",
        templateComponents: [],
      },
    });
    const plan = await segmentAudienceRoute.POST(
      json("/x", { segmentId: segment.id, variables: {} }),
      withId(campaign.id),
    );
    expect(plan.status).toBe(201);
    expect(
      ((await plan.json()) as { plan: { count: { matching: number; optedOut: number } } }).plan.count,
    ).toMatchObject({ matching: 4, optedOut: 1 });
    expect(await db.campaignRecipient.count({ where: { campaignId: campaign.id } })).toBe(0);

    // Planned, not imported: a contact labelled before launch is in; the count is live.
    const late = await makeConversation("F5");
    await db.contactLabel.create({ data: { contactId: late.contact.id, labelId: label.id } });
    const counts = await segmentAudienceRoute.GET(get("/x"), withId(campaign.id));
    const live = Object.values(
      ((await counts.json()) as { counts: Record<string, { matching: number }> }).counts,
    );
    expect(live.map((c) => c.matching)).toEqual([5]);

    const launched = await launchRoute.POST(json("/x", {}), withId(campaign.id));
    expect(launched.status).toBe(200);
    const recipients = await db.campaignRecipient.findMany({
      where: { campaignId: campaign.id },
      select: { contactId: true },
    });
    expect(recipients.map((r) => r.contactId).sort()).toEqual(
      [...people.slice(0, 3).map((p) => p.contact.id), late.contact.id].sort(),
    );
    expect(
      await db.campaignRejectedRow.count({ where: { campaignId: campaign.id, reason: "OPTED_OUT" } }),
    ).toBe(1);
    const source = await db.campaignAudienceSource.findFirstOrThrow({ where: { campaignId: campaign.id } });
    expect(source).toMatchObject({ kind: "SEGMENT", status: "READY", acceptedRows: 4, rejectedRows: 1 });
    // A second launch click changes nothing.
    expect((await launchRoute.POST(json("/x", {}), withId(campaign.id))).status).toBe(409);
    expect(await db.campaignRecipient.count({ where: { campaignId: campaign.id } })).toBe(4);

    // Engagement: two delivered (one of them read), one read and replied; the follow-ups pick the right ones.
    const [r1, r2, r3] = await db.campaignRecipient.findMany({
      where: { campaignId: campaign.id },
      orderBy: { seq: "asc" },
    });
    const t = new Date(Date.now() - 3_600_000);
    await db.campaignRecipient.update({
      where: { id: r1?.id },
      data: { state: "DELIVERED", stateRank: 4, sentAt: t, deliveredAt: t },
    });
    await db.campaignRecipient.update({
      where: { id: r2?.id },
      data: { state: "READ", stateRank: 5, sentAt: t, deliveredAt: t, readAt: t },
    });
    await db.campaignRecipient.update({
      where: { id: r3?.id },
      data: { state: "READ", stateRank: 5, sentAt: t, deliveredAt: t, readAt: t, repliedAt: new Date() },
    });
    const notRead = await followUpRoute.POST(json("/x", { kind: "not_read" }), withId(campaign.id));
    expect(notRead.status).toBe(201);
    const notReadSegment = ((await notRead.json()) as { segment: { id: string; name: string } }).segment;
    expect(notReadSegment.name).toBe("Spring · Did not read");
    const again = await followUpRoute.POST(json("/x", { kind: "not_read" }), withId(campaign.id));
    expect(((await again.json()) as { segment: { id: string } }).segment.id).toBe(notReadSegment.id);
    const { countSegment } = await import("../../lib/segments/count-segment");
    const { getSegment } = await import("../../lib/segments/read-models");
    expect(
      (await countSegment((await getSegment(notReadSegment.id)).filter)).sample.map((s) => s.id),
    ).toEqual([r1?.contactId]);
    const readNoReply = await followUpRoute.POST(
      json("/x", { kind: "read_not_replied" }),
      withId(campaign.id),
    );
    const readNoReplySegment = ((await readNoReply.json()) as { segment: { id: string } }).segment;
    expect(
      (await countSegment((await getSegment(readNoReplySegment.id)).filter)).sample.map((s) => s.id),
    ).toEqual([r2?.contactId]);
  });
});
