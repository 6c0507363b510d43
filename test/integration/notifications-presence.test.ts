import { randomUUID } from "node:crypto";
import pg from "pg";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "../../lib/auth/session";
import { db } from "../../lib/db";
import { listPresence } from "../../lib/presence/list-presence";
import { trackPresenceStream } from "../../lib/presence/track-presence-stream";
import {
  INBOX_CHANNEL,
  PRESENCE_CHANNEL,
  type InboxEvent,
  type PresenceEvent,
} from "../../lib/realtime/events";
import { truncateAll, uniquePhone, unixSeconds, webhookRequest } from "./helpers";
import { noParams, withId, get, json } from "./route-requests";
import { createUser } from "./security-helpers";

// Mentions, assignment notifications, notification preferences and presence, through the real route handlers
// and the real database (LISTEN on both live channels). Only the session is a seam.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("../../lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  getCurrentUser: () => Promise.resolve(session.user),
  getRequestUser: () => Promise.resolve(session.user),
  requirePageUser: () => Promise.resolve(session.user),
}));

const notesRoute = await import("../../app/api/conversations/[id]/notes/route");
const assignRoute = await import("../../app/api/conversations/[id]/assign/route");
const countsRoute = await import("../../app/api/conversations/counts/route");
const prefsRoute = await import("../../app/api/account/notifications/route");
const listRoute = await import("../../app/api/notifications/route");
const readRoute = await import("../../app/api/notifications/read/route");
const presenceRoute = await import("../../app/api/presence/route");
const webhookRoute = await import("../../app/api/webhooks/connectly/route");

async function makeConversation(
  opts: { assigneeId?: string; unread?: number; status?: "OPEN" | "RESOLVED" } = {},
) {
  const contact = await db.contact.create({ data: { phone: uniquePhone(), name: "Sam" } });
  return db.conversation.create({
    data: {
      contactId: contact.id,
      assigneeId: opts.assigneeId ?? null,
      unreadCount: opts.unread ?? 0,
      status: opts.status ?? "OPEN",
      lastInboundAt: new Date(),
    },
  });
}

/** What every app instance's LISTEN connection hears, on the inbox and presence channels. */
async function listen() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const inbox: InboxEvent[] = [];
  const presence: PresenceEvent[] = [];
  client.on("notification", (m) => {
    if (!m.payload) return;
    if (m.channel === INBOX_CHANNEL) inbox.push(JSON.parse(m.payload) as InboxEvent);
    if (m.channel === PRESENCE_CHANNEL) presence.push(JSON.parse(m.payload) as PresenceEvent);
  });
  await client.query(`LISTEN ${INBOX_CHANNEL}`);
  await client.query(`LISTEN ${PRESENCE_CHANNEL}`);
  const waitFor = async <T>(list: T[], pred: (e: T) => boolean) => {
    for (let i = 0; i < 200 && !list.some(pred); i++) await new Promise((r) => setTimeout(r, 10));
    return list.find(pred);
  };
  return { inbox, presence, waitFor, close: () => client.end() };
}

let admin: CurrentUser;
let agent: CurrentUser;
let agent2: CurrentUser;
let manager: CurrentUser;

beforeEach(async () => {
  await truncateAll();
  admin = await createUser("ADMIN", { name: "Ada Admin" });
  agent = await createUser("AGENT", { name: "Bob Agent" });
  agent2 = await createUser("AGENT", { name: "Bob" });
  manager = await createUser("CAMPAIGN_MANAGER", { name: "Cam Manager" });
  session.user = admin;
});

describe("mentions in internal notes", () => {
  it("notifies each mentioned teammate once (stored + a live event for them only), never the author or non-agents", async () => {
    const c = await makeConversation();
    const live = await listen();
    try {
      const res = await notesRoute.POST(
        json(`/api/conversations/${c.id}/notes`, {
          body: "@Bob Agent can you check? cc @bob agent, @Ada Admin and @Cam Manager",
        }),
        withId(c.id),
      );
      expect(res.status).toBe(201);
      const rows = await db.notification.findMany({
        select: { userId: true, kind: true, body: true, conversationId: true, actorName: true },
      });
      // "@Bob Agent" is Bob Agent, not also "Bob"; the author and a campaign manager (cannot work the inbox) are not notified.
      expect(rows).toEqual([
        {
          userId: agent.id,
          kind: "MENTION",
          conversationId: c.id,
          actorName: "Ada Admin",
          body: expect.stringMatching(/^Ada Admin mentioned you: @Bob Agent can you check/) as unknown,
        },
      ]);
      expect(rows.some((r) => r.userId === manager.id || r.userId === admin.id)).toBe(false);
      const event = await live.waitFor(live.inbox, (e) => e.type === "notification.created");
      expect(event).toMatchObject({
        type: "notification.created",
        recipientId: agent.id,
        kind: "MENTION",
        conversationId: c.id,
      });
      expect(live.inbox.filter((e) => e.type === "notification.created")).toHaveLength(1);
    } finally {
      await live.close();
    }
  });

  it("a note without a mention stores no notification", async () => {
    const c = await makeConversation();
    const res = await notesRoute.POST(
      json(`/api/conversations/${c.id}/notes`, { body: "email bob@example.com later" }),
      withId(c.id),
    );
    expect(res.status).toBe(201);
    expect(await db.notification.count()).toBe(0);
  });

  it("the mentioned agent sees it in their list and marks it read; another user's ids change nothing", async () => {
    const c = await makeConversation();
    await notesRoute.POST(json(`/api/conversations/${c.id}/notes`, { body: "@Bob please" }), withId(c.id));
    session.user = agent2;
    const list = (await (await listRoute.GET(get("/api/notifications"), noParams)).json()) as {
      notifications: { id: string; kind: string }[];
      unread: number;
    };
    expect(list.unread).toBe(1);
    expect(list.notifications.map((n) => n.kind)).toEqual(["MENTION"]);
    const id = list.notifications[0]?.id ?? "";

    session.user = agent;
    const foreign = await readRoute.POST(json("/api/notifications/read", { ids: [id] }), noParams);
    expect(await foreign.json()).toEqual({ updated: 0 });

    session.user = agent2;
    expect(
      await (await readRoute.POST(json("/api/notifications/read", { all: true }), noParams)).json(),
    ).toEqual({ updated: 1 });
    const after = (await (await listRoute.GET(get("/api/notifications"), noParams)).json()) as {
      unread: number;
    };
    expect(after.unread).toBe(0);
    expect((await readRoute.POST(json("/api/notifications/read", { ids: [] }), noParams)).status).toBe(422);
  });
});

describe("assignment notifications", () => {
  it("notifies the assignee, but not someone who takes a conversation themselves", async () => {
    const c = await makeConversation();
    expect(
      (
        await assignRoute.POST(
          json(`/api/conversations/${c.id}/assign`, { assigneeId: admin.id }),
          withId(c.id),
        )
      ).status,
    ).toBe(200);
    expect(await db.notification.count()).toBe(0);
    expect(
      (
        await assignRoute.POST(
          json(`/api/conversations/${c.id}/assign`, { assigneeId: agent.id }),
          withId(c.id),
        )
      ).status,
    ).toBe(200);
    expect(await db.notification.findMany({ select: { userId: true, kind: true, body: true } })).toEqual([
      { userId: agent.id, kind: "ASSIGNED", body: "Ada Admin assigned you a conversation" },
    ]);
  });
});

describe("notification preferences", () => {
  it("defaults to everything on, saves per user, and answers 422 naming the field", async () => {
    session.user = agent;
    const defaults = await prefsRoute.GET(get("/api/account/notifications"), noParams);
    expect(await defaults.json()).toEqual({
      preferences: { newConversation: true, newMessage: true, assigned: true, mention: true },
    });

    const saved = await prefsRoute.PUT(
      json(
        "/api/account/notifications",
        { newConversation: false, newMessage: true, assigned: false, mention: true },
        "PUT",
      ),
      noParams,
    );
    expect(saved.status).toBe(200);
    expect(await (await prefsRoute.GET(get("/api/account/notifications"), noParams)).json()).toEqual({
      preferences: { newConversation: false, newMessage: true, assigned: false, mention: true },
    });
    // Someone else's are untouched.
    session.user = admin;
    expect(
      (
        (await (await prefsRoute.GET(get("/api/account/notifications"), noParams)).json()) as {
          preferences: { newConversation: boolean };
        }
      ).preferences.newConversation,
    ).toBe(true);

    for (const [body, field] of [
      [{ newConversation: true, newMessage: true, assigned: true }, "mention"],
      [{ newConversation: "yes", newMessage: true, assigned: true, mention: true }, "newConversation"],
      [{ newConversation: true, newMessage: true, assigned: true, mention: true, sms: true }, "sms"],
    ] as const) {
      const res = await prefsRoute.PUT(json("/api/account/notifications", body, "PUT"), noParams);
      expect(res.status).toBe(422);
      expect(JSON.stringify(await res.json())).toContain(field);
    }
  });
});

describe("the Inbox badge", () => {
  it("counts unresolved conversations with unread messages assigned to me or to nobody", async () => {
    await makeConversation({ unread: 2 }); // unassigned: counts
    await makeConversation({ unread: 1, assigneeId: agent.id }); // mine: counts
    await makeConversation({ unread: 3, assigneeId: admin.id }); // someone else's: not for me
    await makeConversation({ unread: 1, status: "RESOLVED" }); // resolved: never
    await makeConversation({ unread: 0, assigneeId: agent.id }); // read
    session.user = agent;
    const counts = (await (await countsRoute.GET(get("/api/conversations/counts"), noParams)).json()) as {
      unread: number;
      unreadForMe: number;
    };
    expect(counts).toMatchObject({ unread: 3, unreadForMe: 2 });
  });
});

describe("inbound message events", () => {
  it("say whether the message started the conversation and who owns it (the browsers' notification choice)", async () => {
    const live = await listen();
    try {
      const phone = uniquePhone();
      const send = async (text: string) => {
        const req = webhookRequest({
          timestamp: unixSeconds(),
          sender: { id: phone, name: "Sam" },
          recipient: { id: "+14155550100" },
          message: { id: `m-${randomUUID()}`, text },
        });
        expect((await webhookRoute.POST(req)).status).toBe(200);
      };
      await send("first");
      const first = await live.waitFor(live.inbox, (e) => e.type === "message.created");
      expect(first).toMatchObject({ direction: "INBOUND", newConversation: true, assigneeId: null });
      await db.conversation.updateMany({ data: { assigneeId: agent.id } });
      await send("second");
      const second = await live.waitFor(live.inbox, (e) => e.type === "message.created" && e !== first);
      expect(second).toMatchObject({ direction: "INBOUND", newConversation: false, assigneeId: agent.id });
    } finally {
      await live.close();
    }
  });
});

describe("presence", () => {
  it("a stream row appears on open, follows the tab's reports, and typing writes nothing", async () => {
    const live = await listen();
    try {
      const stream = trackPresenceStream(agent);
      await stream.open();
      expect(await listPresence()).toEqual([
        {
          streamId: stream.streamId,
          userId: agent.id,
          name: "Bob Agent",
          conversationId: null,
          active: true,
        },
      ]);
      expect(await live.waitFor(live.presence, (e) => e.streamId === stream.streamId)).toMatchObject({
        userId: agent.id,
        active: true,
      });

      session.user = agent;
      const c = await makeConversation();
      const viewing = await presenceRoute.POST(
        json("/api/presence", { streamId: stream.streamId, conversationId: c.id, active: false }),
        noParams,
      );
      expect(viewing.status).toBe(204);
      expect((await listPresence())[0]).toMatchObject({ conversationId: c.id, active: false });

      const before = await db.agentPresence.findUniqueOrThrow({ where: { streamId: stream.streamId } });
      const typing = await presenceRoute.POST(
        json("/api/presence", {
          streamId: stream.streamId,
          conversationId: c.id,
          active: true,
          typing: true,
        }),
        noParams,
      );
      expect(typing.status).toBe(204);
      expect(await live.waitFor(live.presence, (e) => e.typing === true)).toMatchObject({
        userId: agent.id,
        name: "Bob Agent",
        conversationId: c.id,
      });
      // No write per keystroke: the row is exactly as it was.
      expect(await db.agentPresence.findUniqueOrThrow({ where: { streamId: stream.streamId } })).toEqual(
        before,
      );

      // Someone else's stream id is not yours to report on.
      session.user = admin;
      const foreign = await presenceRoute.POST(
        json("/api/presence", { streamId: stream.streamId, conversationId: null, active: true }),
        noParams,
      );
      expect(foreign.status).toBe(404);
      expect(
        (
          await presenceRoute.POST(
            json("/api/presence", { streamId: stream.streamId, active: true }),
            noParams,
          )
        ).status,
      ).toBe(422);

      await stream.beat();
      await stream.close();
      expect(await listPresence()).toEqual([]);
      expect(await live.waitFor(live.presence, (e) => e.gone === true)).toMatchObject({
        streamId: stream.streamId,
      });
    } finally {
      await live.close();
    }
  });

  it("the snapshot leaves out streams whose heartbeats stopped", async () => {
    const stream = trackPresenceStream(agent);
    await stream.open();
    await db.$executeRaw`UPDATE "AgentPresence" SET "seenAt" = now() - interval '2 minutes'`;
    expect(await listPresence()).toEqual([]);
    await stream.beat(); // a beat brings it back
    expect(await listPresence()).toHaveLength(1);
    const res = await presenceRoute.GET(get("/api/presence"), noParams);
    expect(((await res.json()) as { presence: unknown[] }).presence).toHaveLength(1);
  });
});
