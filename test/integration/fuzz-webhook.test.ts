import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "../../app/api/webhooks/connectly/route";
import { db } from "../../lib/db";
import { invalidateConnectlySettings } from "../../lib/settings/get-connectly-settings";
import { truncateAll, webhookRequest } from "./helpers";

// Generated bad and odd webhook deliveries: never a 5xx, never a crash, and each outcome writes exactly what it says
// (a refused body nothing at all, an INVALID one only its raw event row, a processed one a whole message).

type Counts = { contacts: number; conversations: number; messages: number; events: number };

async function counts(): Promise<Counts> {
  const [row] = await db.$queryRaw<
    { contacts: bigint; conversations: bigint; messages: bigint; events: bigint }[]
  >`
    SELECT (SELECT count(*) FROM "Contact") AS contacts, (SELECT count(*) FROM "Conversation") AS conversations,
           (SELECT count(*) FROM "Message") AS messages, (SELECT count(*) FROM "WebhookEvent") AS events`;
  return {
    contacts: Number(row!.contacts),
    conversations: Number(row!.conversations),
    messages: Number(row!.messages),
    events: Number(row!.events),
  };
}

function delta(before: Counts, after: Counts) {
  return {
    contacts: after.contacts - before.contacts,
    conversations: after.conversations - before.conversations,
    messages: after.messages - before.messages,
    events: after.events - before.events,
  };
}

// Rows seen so far: a delivery's own rows are the ones created since just before it that are not in here.
const seenEvents = new Set<string>();
const seenMessages = new Set<string>();

async function newRows(since: Date, messagesChanged: boolean) {
  // An inbound message's createdAt is the event's own timestamp (any date), so messages are diffed by id.
  const [events, messages] = await Promise.all([
    db.webhookEvent.findMany({
      where: { receivedAt: { gte: since } },
      select: { id: true, state: true, topic: true },
    }),
    messagesChanged ? db.message.findMany({ select: { id: true, direction: true } }) : [],
  ]);
  const fresh = {
    events: events.filter((e) => !seenEvents.has(e.id)),
    messages: messages.filter((m) => !seenMessages.has(m.id)),
  };
  for (const e of events) seenEvents.add(e.id);
  for (const m of messages) seenMessages.add(m.id);
  return fresh;
}

async function deliver(raw: string, options: Parameters<typeof webhookRequest>[1] = {}) {
  const before = await counts();
  const [{ at }] = (await db.$queryRaw<
    { at: Date }[]
  >`SELECT clock_timestamp() - interval '1 second' AS at`) as [{ at: Date }];
  const res = await POST(webhookRequest(raw, options));
  const body = (await res.json()) as { state?: string };
  const change = delta(before, await counts());
  // The event row this delivery wrote (its topic is what the app made of the body), and the message it added.
  const fresh = await newRows(at, change.messages !== 0);
  return {
    status: res.status,
    state: body.state,
    change,
    event: fresh.events[0],
    message: fresh.messages[0],
    fresh,
  };
}

const NONE = { contacts: 0, conversations: 0, messages: 0, events: 0 };

/** Each outcome writes exactly what it says, checked row by row. */
function expectWholeOutcome(result: Awaited<ReturnType<typeof deliver>>, raw: string) {
  const c = result.change;
  switch (result.state) {
    case "INVALID":
    case "PENDING":
    case "IGNORED":
      // Only the raw event row, in that state.
      expect(c, raw).toEqual({ ...NONE, events: 1 });
      expect(result.event?.state, raw).toBe(result.state);
      break;
    case "DUPLICATE":
      expect(c, raw).toEqual(NONE);
      break;
    case "PROCESSED":
      expect(c.events, raw).toBe(1);
      expect(result.fresh.events, raw).toHaveLength(1);
      expect(result.event?.state, raw).toBe("PROCESSED");
      if (result.event?.topic === "messages") {
        // An inbound message arrives whole: exactly one inbound message, with its contact and conversation
        // when they are new.
        expect(c.messages, raw).toBe(1);
        expect(result.fresh.messages, raw).toHaveLength(1);
        expect(result.message?.direction, raw).toBe("INBOUND");
        expect([0, 1]).toContain(c.contacts);
        expect(c.conversations, raw).toBe(c.contacts);
      } else {
        // A delivery status applied to a message we know, or a report run (imported in the background, into tables
        // of its own): no new rows besides the event.
        expect(["delivery_status", "report"], raw).toContain(result.event?.topic);
        expect(c, raw).toEqual({ ...NONE, events: 1 });
      }
      break;
    default:
      expect.fail(`unexpected state ${String(result.state)} for ${raw}`);
  }
}

// JSON values in the shape of Connectly's envelope, every field possibly wrong.
const weird = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.json().map((j) => JSON.parse(j) as unknown),
);
const maybe = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: weird });
const phone = fc.integer({ min: 10_000_000, max: 99_999_999 }).map((n) => `+447${n}0`);
const timestamp = fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }).map(String);
const inbound = fc.record(
  {
    topic: maybe(fc.constantFrom("messages", "delivery_status", "report", "")),
    timestamp: maybe(timestamp),
    sender: maybe(
      fc.record(
        { id: maybe(phone), channelType: maybe(fc.constant("whatsapp")), name: maybe(fc.string()) },
        { requiredKeys: [] },
      ),
    ),
    recipient: maybe(fc.record({ id: maybe(fc.constant("+14155550100")) })),
    message: maybe(
      fc.record(
        {
          id: maybe(fc.string({ minLength: 1, maxLength: 30 })),
          text: maybe(fc.string({ maxLength: 500 })),
          attachments: maybe(
            fc.array(
              fc.record({
                type: maybe(fc.constantFrom("image", "video", "audio", "document", "sticker")),
                url: maybe(fc.webUrl()),
              }),
              { maxLength: 3 },
            ),
          ),
          location: maybe(fc.record({ latitude: maybe(fc.double()), longitude: maybe(fc.double()) })),
        },
        { requiredKeys: [] },
      ),
    ),
    statusUpdate: maybe(
      fc.record(
        {
          id: maybe(fc.string({ maxLength: 30 })),
          status: maybe(fc.constantFrom("sent", "delivered", "read", "delivery_failed", "teleported")),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

beforeAll(async () => {
  await truncateAll();
  invalidateConnectlySettings();
});

describe("webhook fuzz", () => {
  it("unsigned or wrongly signed bodies: 401, nothing written", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          inbound.map((v) => JSON.stringify(v)),
        ),
        fc.option(fc.base64String({ minLength: 1, maxLength: 60 })),
        async (raw, signature) => {
          const result = await deliver(raw, { signature: signature ?? "" });
          expect(result.status).toBe(401);
          expect(result.change).toEqual(NONE);
        },
      ),
      { numRuns: 400 },
    );
  }, 120_000);

  it("signed garbage (any bytes, any JSON): 200 and stored INVALID, or refused; never 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 2000 }),
          fc.json(),
          fc.string({ unit: "binary", maxLength: 500 }),
          fc.constantFrom("", "null", "[]", "{}", '{"topic":', "\u0000"),
        ),
        async (raw) => {
          const result = await deliver(raw);
          expect(result.status, raw).toBe(200);
          expectWholeOutcome(result, raw);
        },
      ),
      { numRuns: 500 },
    );
  }, 120_000); // two more queries per delivery (its own rows); a loaded 2-core machine needs the headroom

  it("signed near-valid envelopes with any field wrong: every outcome is whole", async () => {
    await fc.assert(
      fc.asyncProperty(inbound, async (envelope) => {
        const raw = JSON.stringify(envelope);
        const result = await deliver(raw);
        expect(result.status, raw).toBe(200);
        expectWholeOutcome(result, raw);
      }),
      { numRuns: 500 },
    );
  }, 120_000); // two more queries per delivery (its own rows); a loaded 2-core machine needs the headroom

  it("signed deep nesting, NUL and lone surrogates anywhere: 200, stored (INVALID with the reason when too deep)", async () => {
    const deep = fc
      .tuple(fc.integer({ min: 65, max: 40_000 }), fc.constantFrom("[", '{"a":'), fc.boolean()) // within the 256 KiB limit
      .map(([depth, open, inEnvelope]) => {
        const core = `${open.repeat(depth)}1${(open === "[" ? "]" : "}").repeat(depth)}`;
        return { raw: inEnvelope ? `{"topic":"messages","message":${core}}` : core, deep: true };
      });
    const poisoned = fc
      .tuple(inbound, fc.constantFrom("\u0000", "\ud800", "\udfff", "a\u0000b"), fc.boolean())
      .map(([envelope, bad, escaped]) => {
        const text = escaped
          ? JSON.stringify(bad)
          : `"${bad.replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}"`;
        return {
          raw: `${JSON.stringify(envelope).slice(0, -1)}${Object.keys(envelope).length ? "," : ""}"extra":${text}}`,
          deep: false,
        };
      });
    await fc.assert(
      fc.asyncProperty(fc.oneof(deep, poisoned), async ({ raw, deep: tooDeep }) => {
        const result = await deliver(raw);
        expect(result.status, raw.slice(0, 200)).toBe(200);
        if (tooDeep) {
          expect(result.state).toBe("INVALID");
          expect(result.change).toEqual({ ...NONE, events: 1 });
        } else {
          expect(["INVALID", "PROCESSED", "PENDING", "DUPLICATE", "IGNORED"]).toContain(result.state);
        }
      }),
      { numRuns: 300 },
    );
    expect(
      await db.webhookEvent.count({ where: { reason: { contains: "nested deeper than 64" } } }),
    ).toBeGreaterThan(0);
  });

  it("oversized bodies: 413, nothing written", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 256 * 1024 + 1, max: 600 * 1024 }), async (size) => {
        const result = await deliver("x".repeat(size));
        expect(result.status).toBe(413);
        expect(result.change).toEqual(NONE);
      }),
      { numRuns: 10 },
    );
  });
});
