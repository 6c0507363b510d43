import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "../../lib/auth/session";
import { startSimulator, type RunningSimulator } from "../../lib/connectly/simulator/server";
import { db } from "../../lib/db";
import { INBOX_CHANNEL, type InboxEvent } from "../../lib/realtime/events";
import { truncateAll, uniquePhone, unixSeconds, webhookRequest } from "./helpers";
import { noParams, withId, get, json } from "./route-requests";
import { createUser } from "./security-helpers";

// The inbox routes called as Next calls them, against the real database. The session is the only seam: tests say
// who is signed in; everything behind withSession (validation, permissions, services, SQL) is real.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("../../lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  getCurrentUser: () => Promise.resolve(session.user),
  getRequestUser: () => Promise.resolve(session.user),
  requirePageUser: () => Promise.resolve(session.user),
}));

const listRoute = await import("../../app/api/conversations/route");
const countsRoute = await import("../../app/api/conversations/counts/route");
const assigneesRoute = await import("../../app/api/conversations/assignees/route");
const assignRoute = await import("../../app/api/conversations/[id]/assign/route");
const statusRoute = await import("../../app/api/conversations/[id]/status/route");
const notesRoute = await import("../../app/api/conversations/[id]/notes/route");
const contactRoute = await import("../../app/api/conversations/[id]/contact/route");
const messagesRoute = await import("../../app/api/conversations/[id]/messages/route");
const readRoute = await import("../../app/api/conversations/[id]/read/route");
const cannedRoute = await import("../../app/api/canned-responses/route");
const cannedItemRoute = await import("../../app/api/canned-responses/[id]/route");
const sessionSendRoute = await import("../../app/api/messages/session/route");
const webhookRoute = await import("../../app/api/webhooks/connectly/route");

/** A conversation written straight to the tables, with its last activity `minutesAgo` minutes ago. */
async function makeConversation(
  opts: {
    name?: string;
    phone?: string;
    bsuid?: string;
    minutesAgo?: number;
    status?: "OPEN" | "PENDING" | "RESOLVED";
    assigneeId?: string;
    texts?: string[];
  } = {},
) {
  const at = new Date(Date.now() - (opts.minutesAgo ?? 0) * 60_000);
  const contact = await db.contact.create({
    data: { name: opts.name ?? null, phone: opts.phone ?? uniquePhone(), bsuid: opts.bsuid ?? null },
  });
  const conversation = await db.conversation.create({
    data: {
      contactId: contact.id,
      status: opts.status ?? "OPEN",
      assigneeId: opts.assigneeId ?? null,
      lastInboundAt: at,
      lastMessageAt: at,
      lastMessageText: opts.texts?.at(-1) ?? null,
    },
  });
  for (const [i, text] of (opts.texts ?? []).entries()) {
    await db.message.create({
      data: {
        conversationId: conversation.id,
        direction: "INBOUND",
        kind: "text",
        text,
        content: { text },
        createdAt: new Date(at.getTime() - 1000 + i),
      },
    });
  }
  return { conversation, contact };
}

async function listIds(query: string): Promise<{ ids: string[]; nextCursor: string | null }> {
  const res = await listRoute.GET(get(`/api/conversations?${query}`), noParams);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { conversations: { id: string }[]; nextCursor: string | null };
  return { ids: body.conversations.map((c) => c.id), nextCursor: body.nextCursor };
}

/** Collects the live events the database publishes (what every open inbox would receive). */
async function listen() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const events: InboxEvent[] = [];
  client.on("notification", (m) => m.payload && events.push(JSON.parse(m.payload) as InboxEvent));
  await client.query(`LISTEN ${INBOX_CHANNEL}`);
  return {
    events,
    async waitFor(pred: (e: InboxEvent) => boolean) {
      for (let i = 0; i < 100 && !events.some(pred); i++) await new Promise((r) => setTimeout(r, 10));
      return events.find(pred);
    },
    close: () => client.end(),
  };
}

let admin: CurrentUser;
let agent: CurrentUser;
let manager: CurrentUser;
let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startSimulator({
    port: Number(process.env.TEST_SIMULATOR_PORT),
    statusDelayMs: 10_000,
    rateLimitPerSecond: 0,
  });
});
afterAll(async () => {
  await simulator.close();
});

beforeEach(async () => {
  await truncateAll();
  await db.cannedResponse.deleteMany();
  await fetch(`${simulator.url}/sim/reset`, { method: "POST" });
  admin = await createUser("ADMIN", { name: "Ada Admin" });
  agent = await createUser("AGENT", { name: "Bob Agent" });
  manager = await createUser("CAMPAIGN_MANAGER", { name: "Cam Manager" });
  session.user = admin;
});

describe("conversation list", () => {
  it("pages through every conversation newest-first with an opaque cursor, without duplicates", async () => {
    const made = [];
    for (let i = 0; i < 7; i++) made.push((await makeConversation({ minutesAgo: i * 5 })).conversation.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { ids: string[]; nextCursor: string | null } = await listIds(
        `limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...page.ids);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(made); // made newest first (0, 5, 10 … minutes ago)
  });

  it("keeps paging stable when a listed conversation gets a new message meanwhile", async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await makeConversation({ minutesAgo: 10 + i })).conversation.id);
    const first = await listIds("limit=2");
    // The first row jumps to the top; the next page must still continue after the second row.
    await db.conversation.update({ where: { id: ids[0]! }, data: { lastMessageAt: new Date() } });
    const second = await listIds(`limit=2&cursor=${first.nextCursor}`);
    expect(second.ids).toEqual([ids[2], ids[3]]);
  });

  it("rejects a forged cursor with 422 naming the field", async () => {
    const res = await listRoute.GET(get("/api/conversations?cursor=bm9wZQ"), noParams);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("cursor");
  });

  it("filters by status and by assignee (mine, unassigned)", async () => {
    const mine = (await makeConversation({ assigneeId: admin.id })).conversation.id;
    const bobs = (await makeConversation({ assigneeId: agent.id })).conversation.id;
    const nobody = (await makeConversation()).conversation.id;
    const pending = (await makeConversation({ status: "PENDING" })).conversation.id;

    expect((await listIds("assignee=me")).ids).toEqual([mine]);
    expect(new Set((await listIds("assignee=unassigned&status=OPEN")).ids)).toEqual(new Set([nobody]));
    expect((await listIds("status=PENDING")).ids).toEqual([pending]);
    expect(new Set((await listIds("status=OPEN")).ids)).toEqual(new Set([mine, bobs, nobody]));

    const counts = (await (await countsRoute.GET(get("/api/conversations/counts"), noParams)).json()) as {
      byStatus: Record<string, { all: number; mine: number; unassigned: number }>;
    };
    expect(counts.byStatus.OPEN).toEqual({ all: 3, mine: 1, unassigned: 1 });
    expect(counts.byStatus.PENDING).toEqual({ all: 1, mine: 0, unassigned: 1 });
  });

  it("searches name, phone (typed with spaces), BSUID and message text; LIKE wildcards are literal", async () => {
    const sam = (await makeConversation({ name: "Samantha Lee", phone: "+447700900555" })).conversation.id;
    const bsuid = (await makeConversation({ phone: "+14155550999", bsuid: "US.99887766" })).conversation.id;
    const text = (
      await makeConversation({ name: "Other", texts: ["hello", "My parcel TRK-4412 never arrived"] })
    ).conversation.id;
    await makeConversation({ name: "Unrelated", texts: ["100% happy"] });

    expect((await listIds("q=samANTHA")).ids).toEqual([sam]);
    expect((await listIds(`q=${encodeURIComponent("7700 900 555")}`)).ids).toEqual([sam]);
    expect((await listIds("q=US.9988")).ids).toEqual([bsuid]);
    expect((await listIds("q=trk-4412")).ids).toEqual([text]);
    expect((await listIds(`q=${encodeURIComponent("_")}`)).ids).toEqual([]);
    // Two characters: names and numbers only, never a scan of every message.
    expect((await listIds("q=ne")).ids).toEqual([]);
  });

  it("finds an E.164 contact by its national format (07700 900101) or with the 00 prefix", async () => {
    const uk = (await makeConversation({ name: "National Format", phone: "+447700900101" })).conversation.id;
    expect((await listIds(`q=${encodeURIComponent("07700 900101")}`)).ids).toEqual([uk]);
    expect((await listIds(`q=${encodeURIComponent("0044 7700 900101")}`)).ids).toEqual([uk]);
    expect((await listIds(`q=${encodeURIComponent("07700900101")}`)).ids).toEqual([uk]);
  });

  it('the contact panel\'s "customer since" is the first message, and its count leaves reactions out', async () => {
    const firstAt = new Date("2025-03-14T09:26:00Z");
    const { conversation } = await makeConversation({ texts: ["hi", "order?"] }); // contact row created now
    await db.message.create({
      data: {
        conversationId: conversation.id,
        direction: "INBOUND",
        kind: "text",
        text: "first",
        content: {},
        createdAt: firstAt,
      },
    });
    await db.message.create({
      data: {
        conversationId: conversation.id,
        direction: "INBOUND",
        kind: "reaction",
        text: null,
        content: { emoji: "👍" },
      },
    });
    const panel = async () =>
      (await (
        await contactRoute.GET(get(`/api/conversations/${conversation.id}/contact`), withId(conversation.id))
      ).json()) as { customerSince: string; messageCount: number };
    expect(await panel()).toMatchObject({ customerSince: firstAt.toISOString(), messageCount: 3 });
    await db.message.create({
      data: {
        conversationId: conversation.id,
        direction: "OUTBOUND",
        kind: "text",
        text: "reply",
        content: {},
      },
    });
    expect((await panel()).messageCount).toBe(4);
  });

  it("shows the newest message's delivery status for the preview ticks", async () => {
    const { conversation } = await makeConversation({ texts: ["hi"] });
    await db.message.create({
      data: {
        conversationId: conversation.id,
        direction: "OUTBOUND",
        kind: "text",
        text: "hello",
        content: {},
        status: "DELIVERED",
        statusRank: 3,
      },
    });
    const body = (await (await listRoute.GET(get("/api/conversations"), noParams)).json()) as {
      conversations: { lastMessage: unknown }[];
    };
    expect(body.conversations[0]?.lastMessage).toEqual({ direction: "OUTBOUND", status: "DELIVERED" });
  });
});

describe("assignment and status", () => {
  it("assigns to an active agent, records who did it, and tells every open inbox", async () => {
    const { conversation } = await makeConversation();
    const live = await listen();
    try {
      const res = await assignRoute.POST(
        json(`/api/conversations/${conversation.id}/assign`, { assigneeId: agent.id }),
        withId(conversation.id),
      );
      expect(res.status).toBe(200);
      expect(
        ((await res.json()) as { conversation: { assignee: { name: string } } }).conversation.assignee.name,
      ).toBe("Bob Agent");
      expect(
        await live.waitFor((e) => e.type === "conversation.updated" && e.conversationId === conversation.id),
      ).toBeTruthy();
    } finally {
      await live.close();
    }
    const activity = await db.conversationNote.findMany({ where: { conversationId: conversation.id } });
    expect(activity.map((a) => [a.kind, a.body])).toEqual([
      ["ACTIVITY", "Ada Admin assigned this conversation to Bob Agent"],
    ]);

    const unassign = await assignRoute.POST(
      json(`/api/conversations/${conversation.id}/assign`, { assigneeId: null }),
      withId(conversation.id),
    );
    expect(unassign.status).toBe(200);
    expect(
      (await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).assigneeId,
    ).toBeNull();
  });

  it.each([
    ["a campaign manager (cannot reply)", async () => manager.id],
    [
      "a deactivated agent",
      async () => (await createUser("AGENT", { name: "Gone Agent", active: false })).id,
    ],
    ["an unknown id", async () => "nobody"],
  ])("refuses to assign to %s with 422 naming assigneeId", async (_label, idOf) => {
    const { conversation } = await makeConversation();
    const res = await assignRoute.POST(
      json(`/api/conversations/${conversation.id}/assign`, { assigneeId: await idOf() }),
      withId(conversation.id),
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("assigneeId");
    expect(
      (await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).assigneeId,
    ).toBeNull();
  });

  it("lets only roles that reply change a conversation; campaign managers get 403", async () => {
    const { conversation } = await makeConversation();
    session.user = manager;
    const res = await statusRoute.POST(
      json(`/api/conversations/${conversation.id}/status`, { status: "RESOLVED" }),
      withId(conversation.id),
    );
    expect(res.status).toBe(403);
    session.user = null;
    expect(
      (
        await statusRoute.POST(
          json(`/api/conversations/${conversation.id}/status`, { status: "RESOLVED" }),
          withId(conversation.id),
        )
      ).status,
    ).toBe(401);
  });

  it("changes status, validates it, and lists only assignable users", async () => {
    const { conversation } = await makeConversation();
    session.user = agent;
    const res = await statusRoute.POST(
      json(`/api/conversations/${conversation.id}/status`, { status: "RESOLVED" }),
      withId(conversation.id),
    );
    expect(res.status).toBe(200);
    expect((await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).status).toBe(
      "RESOLVED",
    );
    const bad = await statusRoute.POST(
      json(`/api/conversations/${conversation.id}/status`, { status: "CLOSED" }),
      withId(conversation.id),
    );
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("status");

    const assignees = (await (
      await assigneesRoute.GET(get("/api/conversations/assignees"), noParams)
    ).json()) as { assignees: { name: string }[] };
    expect(assignees.assignees.map((a) => a.name)).toEqual(["Ada Admin", "Bob Agent"]);
  });
});

describe("unread", () => {
  it("clears the unread count once, tells other inboxes, and counts unread conversations for the badge", async () => {
    const { conversation } = await makeConversation();
    await db.conversation.update({ where: { id: conversation.id }, data: { unreadCount: 3 } });
    const badge = async () =>
      (
        (await (await countsRoute.GET(get("/api/conversations/counts"), noParams)).json()) as {
          unread: number;
        }
      ).unread;
    expect(await badge()).toBe(1);
    const live = await listen();
    try {
      expect(
        (
          await readRoute.POST(
            json(`/api/conversations/${conversation.id}/read`, {}),
            withId(conversation.id),
          )
        ).status,
      ).toBe(200);
      expect(
        await live.waitFor((e) => e.type === "conversation.updated" && e.conversationId === conversation.id),
      ).toBeTruthy();
      const before = live.events.length;
      await readRoute.POST(json(`/api/conversations/${conversation.id}/read`, {}), withId(conversation.id));
      await new Promise((r) => setTimeout(r, 100));
      expect(live.events.length).toBe(before); // nothing left to clear: no event
    } finally {
      await live.close();
    }
    expect(await badge()).toBe(0);
  });
});

describe("internal notes", () => {
  it("stores a note in the thread and never calls upstream", async () => {
    const { conversation } = await makeConversation({ texts: ["where is my order?"] });
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    let res: Response;
    try {
      res = await notesRoute.POST(
        json(`/api/conversations/${conversation.id}/notes`, { body: "  VIP customer, refund approved  " }),
        withId(conversation.id),
      );
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
    expect(res.status).toBe(201);
    const sent = (await (await fetch(`${simulator.url}/sim/sent`)).json()) as { total: number };
    expect(sent.total).toBe(0);
    expect(
      await db.message.count({ where: { conversationId: conversation.id, direction: "OUTBOUND" } }),
    ).toBe(0);

    const thread = (await (
      await messagesRoute.GET(get(`/api/conversations/${conversation.id}/messages`), withId(conversation.id))
    ).json()) as {
      messages: unknown[];
      notes: { kind: string; body: string; author: { name: string } }[];
    };
    expect(thread.messages).toHaveLength(1);
    expect(thread.notes).toEqual([
      expect.objectContaining({
        kind: "NOTE",
        body: "VIP customer, refund approved",
        author: expect.objectContaining({ name: "Ada Admin" }),
      }),
    ]);
  });

  it("refuses a blank note with 422", async () => {
    const { conversation } = await makeConversation();
    const res = await notesRoute.POST(
      json(`/api/conversations/${conversation.id}/notes`, { body: "   " }),
      withId(conversation.id),
    );
    expect(res.status).toBe(422);
    expect(await db.conversationNote.count()).toBe(0);
  });
});

describe("thread", () => {
  it("resolves a quoted reply to the original message's snippet", async () => {
    const { conversation } = await makeConversation();
    await db.message.create({
      data: {
        conversationId: conversation.id,
        direction: "OUTBOUND",
        kind: "text",
        text: "Which size?",
        content: {},
        upstreamId: "UP-1",
        createdAt: new Date(Date.now() - 5000),
      },
    });
    await db.message.create({
      data: {
        conversationId: conversation.id,
        direction: "INBOUND",
        kind: "text",
        text: "Large",
        content: {},
        replyToUpstreamId: "UP-1",
      },
    });
    await db.message.create({
      data: {
        conversationId: conversation.id,
        direction: "INBOUND",
        kind: "text",
        text: "and this?",
        content: {},
        replyToUpstreamId: "NEVER-SEEN",
      },
    });
    const thread = (await (
      await messagesRoute.GET(get(`/api/conversations/${conversation.id}/messages`), withId(conversation.id))
    ).json()) as {
      messages: { text: string; replyTo: unknown }[];
    };
    expect(thread.messages.map((m) => [m.text, m.replyTo])).toEqual([
      ["Which size?", null],
      ["Large", expect.objectContaining({ direction: "OUTBOUND", text: "Which size?" })],
      ["and this?", "missing"],
    ]);
  });
});

describe("retrying a failed message", () => {
  it("resends with a new key, links the retry, and allows it only once", async () => {
    const phone = uniquePhone();
    await fetch(`${simulator.url}/sim/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: phone, text: "hi" }),
    });
    const { conversation } = await makeConversation({ phone });
    const failed = await db.message.create({
      data: {
        conversationId: conversation.id,
        direction: "OUTBOUND",
        kind: "text",
        text: "Are you there?",
        content: { text: "Are you there?" },
        status: "FAILED",
        statusRank: 2,
        errorCode: "ERROR_CODE_UNSPECIFIED",
      },
    });
    const body = (key: string) => ({
      conversationId: conversation.id,
      idempotencyKey: key,
      message: { text: "Are you there?" },
      retryOfId: failed.id,
    });

    const first = await sessionSendRoute.POST(json("/api/messages/session", body(randomUUID())), noParams);
    expect(first.status).toBe(201);
    const sent = ((await first.json()) as { message: { id: string; retryOfId: string } }).message;
    expect(sent.retryOfId).toBe(failed.id);

    const again = await sessionSendRoute.POST(json("/api/messages/session", body(randomUUID())), noParams);
    expect(again.status).toBe(409);
    const upstream = (await (await fetch(`${simulator.url}/sim/sent`)).json()) as { total: number };
    expect(upstream.total).toBe(1);

    const thread = (await (
      await messagesRoute.GET(get(`/api/conversations/${conversation.id}/messages`), withId(conversation.id))
    ).json()) as {
      messages: { id: string; retriedById: string | null }[];
    };
    expect(thread.messages.find((m) => m.id === failed.id)?.retriedById).toBe(sent.id);
  });

  it("refuses to retry a failure that sending again cannot fix", async () => {
    const { conversation } = await makeConversation();
    const optedOut = await db.message.create({
      data: {
        conversationId: conversation.id,
        direction: "OUTBOUND",
        kind: "text",
        text: "x",
        content: { text: "x" },
        status: "FAILED",
        statusRank: 2,
        errorCode: "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT",
      },
    });
    const res = await sessionSendRoute.POST(
      json("/api/messages/session", {
        conversationId: conversation.id,
        idempotencyKey: randomUUID(),
        message: { text: "x" },
        retryOfId: optedOut.id,
      }),
      noParams,
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("retryOfId");
  });
});

describe("contact panel", () => {
  it("keeps an agent's name over the WhatsApp profile name, toggles opt-out, and lists recent campaign messages", async () => {
    const phone = uniquePhone();
    const { conversation } = await makeConversation({ name: "sam_wa", phone });
    await db.message.create({
      data: {
        conversationId: conversation.id,
        direction: "OUTBOUND",
        kind: "template",
        text: "[template] order_shipped",
        content: {},
        templateName: "order_shipped",
        campaignName: "spring_sale",
        status: "READ",
        statusRank: 4,
      },
    });

    const patch = await contactRoute.PATCH(
      json(`/api/conversations/${conversation.id}/contact`, { name: "Sam Lee", optedOut: true }, "PATCH"),
      withId(conversation.id),
    );
    expect(patch.status).toBe(200);

    const inbound = webhookRequest({
      timestamp: unixSeconds(),
      sender: { id: phone, name: "sam_wa_new" },
      recipient: { id: "+14155550100" },
      message: { id: `m-${randomUUID()}`, text: "thanks" },
    });
    expect((await webhookRoute.POST(inbound)).status).toBe(200);

    const panel = (await (
      await contactRoute.GET(get(`/api/conversations/${conversation.id}/contact`), withId(conversation.id))
    ).json()) as {
      contact: { name: string; optedOut: boolean };
      recentCampaigns: { campaignName: string; templateName: string; status: string }[];
    };
    expect(panel.contact).toMatchObject({ name: "Sam Lee", optedOut: true });
    expect(panel.recentCampaigns).toEqual([
      expect.objectContaining({ campaignName: "spring_sale", templateName: "order_shipped", status: "READ" }),
    ]);

    const empty = await contactRoute.PATCH(
      json(`/api/conversations/${conversation.id}/contact`, {}, "PATCH"),
      withId(conversation.id),
    );
    expect(empty.status).toBe(422);
  });
});

describe("canned responses", () => {
  it("creates, lists, updates and deletes; shortcuts are unique and validated", async () => {
    session.user = agent;
    const created = await cannedRoute.POST(
      json("/api/canned-responses", {
        shortcut: "/Refund",
        title: "Refund policy",
        body: "Hi {{name}}, refunds take 5 days.",
      }),
      noParams,
    );
    expect(created.status).toBe(201);
    const { cannedResponse } = (await created.json()) as { cannedResponse: { id: string; shortcut: string } };
    expect(cannedResponse.shortcut).toBe("refund");

    const duplicate = await cannedRoute.POST(
      json("/api/canned-responses", { shortcut: "refund", title: "Again", body: "x" }),
      noParams,
    );
    expect(duplicate.status).toBe(409);
    const invalid = await cannedRoute.POST(
      json("/api/canned-responses", { shortcut: "two words", title: "T", body: "x" }),
      noParams,
    );
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toContain("shortcut");

    const updated = await cannedItemRoute.PUT(
      json(
        `/api/canned-responses/${cannedResponse.id}`,
        { shortcut: "refunds", title: "Refunds", body: "Five days." },
        "PUT",
      ),
      withId(cannedResponse.id),
    );
    expect(updated.status).toBe(200);
    const list = (await (await cannedRoute.GET(get("/api/canned-responses"), noParams)).json()) as {
      cannedResponses: { shortcut: string; body: string }[];
    };
    expect(list.cannedResponses).toEqual([
      expect.objectContaining({ shortcut: "refunds", body: "Five days." }),
    ]);

    expect(
      (
        await cannedItemRoute.DELETE(
          get(`/api/canned-responses/${cannedResponse.id}`),
          withId(cannedResponse.id),
        )
      ).status,
    ).toBe(204);
    expect(
      (
        await cannedItemRoute.DELETE(
          get(`/api/canned-responses/${cannedResponse.id}`),
          withId(cannedResponse.id),
        )
      ).status,
    ).toBe(404);

    session.user = manager;
    expect((await cannedRoute.GET(get("/api/canned-responses"), noParams)).status).toBe(200);
    expect(
      (
        await cannedRoute.POST(
          json("/api/canned-responses", { shortcut: "x", title: "x", body: "x" }),
          noParams,
        )
      ).status,
    ).toBe(403);
  });
});
