import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "../../lib/auth/session";
import { db } from "../../lib/db";
import { truncateAll, uniquePhone, unixSeconds, webhookRequest } from "./helpers";
import { noParams, withId, get, json } from "./route-requests";
import { createUser } from "./security-helpers";

// Issue #12 hardening, through the real route handlers and database: one malformed record never breaks a thread
// (defect 2), opt-out and quick-reply changes are audited (defect 8), the assignee list says names only (defect 10).

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("../../lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  getCurrentUser: () => Promise.resolve(session.user),
  getRequestUser: () => Promise.resolve(session.user),
  requirePageUser: () => Promise.resolve(session.user),
}));

const webhookRoute = await import("../../app/api/webhooks/connectly/route");
const messagesRoute = await import("../../app/api/conversations/[id]/messages/route");
const contactRoute = await import("../../app/api/conversations/[id]/contact/route");
const assigneesRoute = await import("../../app/api/conversations/assignees/route");
const cannedRoute = await import("../../app/api/canned-responses/route");
const cannedItemRoute = await import("../../app/api/canned-responses/[id]/route");

type MessagesBody = {
  messages: { kind: string; text: string | null; content: Record<string, unknown> }[];
  notes: { kind: string; body: string; author: { name: string } | null }[];
};
async function thread(conversationId: string): Promise<MessagesBody> {
  const res = await messagesRoute.GET(
    get(`/api/conversations/${conversationId}/messages`),
    withId(conversationId),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as MessagesBody;
}

/** Every leaf a bubble prints as text must be a string, number or boolean: an object there is React error #31. */
function objectsAt(content: Record<string, unknown>, paths: string[][]): string[] {
  const bad: string[] = [];
  for (const path of paths) {
    let value: unknown = content;
    for (const key of path) value = (value as Record<string, unknown> | null | undefined)?.[key];
    if (value !== undefined && value !== null && typeof value === "object") bad.push(path.join("."));
  }
  return bad;
}

let agent: CurrentUser;

beforeEach(async () => {
  await truncateAll();
  await db.cannedResponse.deleteMany();
  agent = await createUser("AGENT", { name: "Bob Agent" });
  session.user = agent;
});

describe("defect 2: a signed webhook with wrongly typed fields", () => {
  it("stores an object referral headline as nothing renderable, and the thread still returns every message", async () => {
    const phone = uniquePhone();
    const send = async (message: Record<string, unknown>) => {
      const res = await webhookRoute.POST(
        webhookRequest({
          timestamp: unixSeconds(),
          sender: { id: phone, name: "Sam" },
          recipient: { id: "+14155550100" },
          message: { id: `m-${randomUUID()}`, ...message },
        }),
      );
      expect(res.status).toBe(200);
    };
    await send({ text: "before" });
    await send({
      text: "from the ad",
      referral: {
        headline: { text: "Summer sale" },
        body: ["Up to", "50%"],
        sourceType: { ad: true },
        sourceUrl: "https://fb.me/a",
        sourceId: 1200,
      },
    });
    await send({ text: { body: "an object text" } });
    await send({ text: "after" });

    const conversation = await db.conversation.findFirstOrThrow({
      where: { contact: { phone } },
      select: { id: true },
    });
    const { messages } = await thread(conversation.id);
    expect(messages.map((m) => m.text)).toEqual(["before", "from the ad", null, "after"]);
    const ad = messages[1]!;
    expect(ad.content.referral).toEqual({ sourceUrl: "https://fb.me/a", sourceId: "1200" });
    expect(ad.content.ignoredFields).toEqual([
      "message.referral.sourceType",
      "message.referral.headline",
      "message.referral.body",
    ]);
    expect(messages[2]).toMatchObject({ kind: "unsupported", text: null });
    for (const m of messages) {
      expect(
        objectsAt(m.content, [
          ["text"],
          ["referral", "headline"],
          ["referral", "body"],
          ["referral", "sourceType"],
        ]),
      ).toEqual([]);
    }
    // The raw event keeps what Connectly sent, for the webhook log.
    const raw = await db.webhookEvent.findMany({
      where: { rawBody: { contains: "Summer sale" } },
      select: { state: true },
    });
    expect(raw).toEqual([{ state: "PROCESSED" }]);
  });
});

describe("defect 8: consent and quick-reply changes are audited", () => {
  async function conversationWithContact() {
    const contact = await db.contact.create({ data: { phone: uniquePhone(), name: "Sam Lee" } });
    return db.conversation.create({
      data: { contactId: contact.id, lastMessageAt: new Date() },
      select: { id: true, contactId: true },
    });
  }
  const patch = (conversationId: string, body: unknown) =>
    contactRoute.PATCH(
      json(`/api/conversations/${conversationId}/contact`, body, "PATCH"),
      withId(conversationId),
    );

  it("opting out is audited and noted; re-subscribing needs a reason, which the audit log and the thread show", async () => {
    const conversation = await conversationWithContact();
    expect((await patch(conversation.id, { optedOut: true })).status).toBe(200);

    for (const body of [
      { optedOut: false },
      { optedOut: false, reason: "" },
      { optedOut: false, reason: "   " },
    ]) {
      const refused = await patch(conversation.id, body);
      expect(refused.status).toBe(422);
      const error = (
        (await refused.json()) as { error: { message: string; details: { issues: { path: string }[] } } }
      ).error;
      expect(error.details.issues.map((i) => i.path)).toContain("reason");
    }
    expect((await db.contact.findUniqueOrThrow({ where: { id: conversation.contactId } })).optedOut).toBe(
      true,
    );

    const tooLong = await patch(conversation.id, { optedOut: false, reason: "x".repeat(501) });
    expect(tooLong.status).toBe(422);

    const ok = await patch(conversation.id, {
      optedOut: false,
      reason: "  Asked in chat to get offers again  ",
    });
    expect(ok.status).toBe(200);
    expect((await db.contact.findUniqueOrThrow({ where: { id: conversation.contactId } })).optedOut).toBe(
      false,
    );

    const audit = await db.auditLog.findMany({
      where: { targetId: conversation.contactId },
      orderBy: { at: "asc" },
      select: { action: true, actorId: true, targetType: true, targetLabel: true, details: true },
    });
    expect(audit).toEqual([
      {
        action: "contact.opted_out",
        actorId: agent.id,
        targetType: "contact",
        targetLabel: "Sam Lee",
        details: { conversationId: conversation.id },
      },
      {
        action: "contact.resubscribed",
        actorId: agent.id,
        targetType: "contact",
        targetLabel: "Sam Lee",
        details: { conversationId: conversation.id, reason: "Asked in chat to get offers again" },
      },
    ]);

    const { notes } = await thread(conversation.id);
    expect(notes.map((n) => [n.kind, n.body])).toEqual([
      ["ACTIVITY", "Bob Agent opted this customer out of campaigns"],
      [
        "ACTIVITY",
        "Bob Agent re-subscribed this customer to campaigns. Reason: Asked in chat to get offers again",
      ],
    ]);

    // No change, no entry: a name edit or a repeated value writes nothing to the log.
    expect((await patch(conversation.id, { name: "Sam L." })).status).toBe(200);
    expect((await patch(conversation.id, { optedOut: false, reason: "again" })).status).toBe(200);
    expect(await db.auditLog.count({ where: { targetId: conversation.contactId } })).toBe(2);
  });

  it("rewriting or deleting a team quick reply is audited with what it said before", async () => {
    const author = await createUser("ADMIN", { name: "Ada Admin" });
    session.user = author;
    const created = await cannedRoute.POST(
      json("/api/canned-responses", {
        shortcut: "refund",
        title: "Refund policy",
        body: "Refunds take 5 days.",
      }),
      noParams,
    );
    const { cannedResponse } = (await created.json()) as { cannedResponse: { id: string } };

    session.user = agent;
    const put = await cannedItemRoute.PUT(
      json(
        `/api/canned-responses/${cannedResponse.id}`,
        { shortcut: "refund", title: "Refund policy", body: "Send your card number to http://evil.example" },
        "PUT",
      ),
      withId(cannedResponse.id),
    );
    expect(put.status).toBe(200);
    const updated = await db.auditLog.findFirstOrThrow({
      where: { action: "quick_reply.updated" },
      select: { actorId: true, targetId: true, targetLabel: true, details: true },
    });
    expect(updated).toEqual({
      actorId: agent.id,
      targetId: cannedResponse.id,
      targetLabel: "/refund",
      details: {
        changed: ["body"],
        before: { body: "Refunds take 5 days." },
        after: { body: "Send your card number to http://evil.example" },
      },
    });

    expect(
      (
        await cannedItemRoute.DELETE(
          new Request(`http://localhost/api/canned-responses/${cannedResponse.id}`, { method: "DELETE" }),
          withId(cannedResponse.id),
        )
      ).status,
    ).toBe(204);
    const deleted = await db.auditLog.findFirstOrThrow({
      where: { action: "quick_reply.deleted" },
      select: { actorId: true, details: true },
    });
    expect(deleted).toEqual({
      actorId: agent.id,
      details: {
        before: {
          shortcut: "refund",
          title: "Refund policy",
          body: "Send your card number to http://evil.example",
        },
      },
    });

    // Unknown ids are still a clean 404, with nothing audited.
    const missing = await cannedItemRoute.PUT(
      json("/api/canned-responses/nope", { shortcut: "x", title: "x", body: "x" }, "PUT"),
      withId("nope"),
    );
    expect(missing.status).toBe(404);
    expect(await db.auditLog.count({ where: { targetId: "nope" } })).toBe(0);
  });
});

describe("defect 10: the assignee list", () => {
  it("gives every inbox reader teammates' names and ids, never their email or role", async () => {
    await createUser("ADMIN", { name: "Ada Admin" });
    const manager = await createUser("CAMPAIGN_MANAGER", { name: "Cam Manager" });
    session.user = manager;
    const res = await assigneesRoute.GET(get("/api/conversations/assignees"), noParams);
    expect(res.status).toBe(200);
    const { assignees } = (await res.json()) as { assignees: Record<string, unknown>[] };
    expect(assignees.map((a) => a.name)).toEqual(["Ada Admin", "Bob Agent"]);
    for (const a of assignees) expect(Object.keys(a).sort()).toEqual(["id", "name"]);
    expect(JSON.stringify(assignees)).not.toContain("@example.com");
  });
});
