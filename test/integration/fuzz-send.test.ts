import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as sessionRoute from "../../app/api/messages/session/route";
import * as templateRoute from "../../app/api/messages/template/route";
import { db } from "../../lib/db";
import { truncateAll, uniquePhone } from "./helpers";
import { createUser, ctx, request, sessionCookie } from "./security-helpers";

// Generated bad input to the two send routes, as a signed-in agent: always a 4xx with the one error body, never a
// 5xx or a crash, and nothing written (no message, contact or conversation) for any of it. Every input is bad by
// construction (garbage, or a valid body with one thing broken, or aimed at a conversation it cannot be sent to),
// so no case may reach upstream.

let cookie: string;
let closedConversationId: string;

async function counts() {
  const [row] = await db.$queryRaw<{ c: bigint; v: bigint; m: bigint }[]>`
    SELECT (SELECT count(*) FROM "Contact") AS c, (SELECT count(*) FROM "Conversation") AS v, (SELECT count(*) FROM "Message") AS m`;
  return `${row!.c}/${row!.v}/${row!.m}`;
}

beforeAll(async () => {
  await truncateAll();
  cookie = await sessionCookie(await createUser("AGENT"));
  // A customer whose 24-hour window closed two days ago: session sends to it must be refused before any write.
  const contact = await db.contact.create({ data: { phone: uniquePhone() } });
  closedConversationId = (
    await db.conversation.create({
      data: { contactId: contact.id, lastInboundAt: new Date(Date.now() - 48 * 3600_000) },
    })
  ).id;
});

type Body = { raw: string; contentType: string };

const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\ud800",
    "javascript:alert(1)",
    "x".repeat(5000),
    "+14155550100",
    "../../etc/passwd",
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

/** One thing broken in an otherwise valid body: a key set to something odd, removed, or an unknown key added. */
function corrupt(base: Record<string, unknown>) {
  const keys = Object.keys(base);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), weird).map(([key, value]) => ({ ...base, [key]: value })),
    fc
      .constantFrom(...keys)
      .map((key) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key))),
    fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !keys.includes(k)),
        weird,
      )
      .map(([key, value]) => ({ ...base, [key]: value })),
  );
}

function bodies(bases: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Body> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: bases
        .chain(corrupt)
        .map((b) => ({ raw: JSON.stringify(b) ?? "", contentType: "application/json" })),
    },
    { weight: 2, arbitrary: bases.map((b) => ({ raw: JSON.stringify(b), contentType: "application/json" })) },
    {
      weight: 2,
      arbitrary: fc.jsonValue().map((v) => ({ raw: JSON.stringify(v), contentType: "application/json" })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ unit: "binary", maxLength: 500 })
        .map((raw) => ({ raw, contentType: "application/json" })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(bases, fc.constantFrom("text/plain", "application/x-www-form-urlencoded", ""))
        .map(([b, contentType]) => ({ raw: JSON.stringify(b), contentType })),
    },
  );
}

const message = fc.oneof(
  fc.record({ text: weird }),
  fc.record({ text: fc.string({ minLength: 1, maxLength: 50 }) }),
  fc.record({
    attachments: fc.array(
      fc.record(
        {
          type: fc.oneof(fc.constantFrom("image", "document", "sticker"), weird),
          url: fc.oneof(fc.webUrl(), weird),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
  }),
  fc.record({
    location: fc.record({ latitude: fc.oneof(fc.double(), weird), longitude: fc.oneof(fc.double(), weird) }),
  }),
  fc.dictionary(
    fc.constantFrom("text", "attachments", "location", "listMessage", "replyButtonMessage", "footer"),
    weird,
  ),
);

// Valid in shape, but aimed at a closed window (422) or at no conversation (404): refused before any write.
const sessionBases = fc.record({
  conversationId: fc.oneof(
    fc.constant("closed"),
    fc.constant("no-such-conversation"),
    fc.string({ minLength: 1, maxLength: 40 }),
  ),
  message,
  idempotencyKey: fc.uuid(),
});

const templateBases = fc.record({
  conversationId: fc.oneof(fc.constant("no-such-conversation"), fc.string({ minLength: 1, maxLength: 40 })),
  templateName: fc.oneof(fc.constantFrom("order_shipped", "feedback_request"), fc.string({ maxLength: 30 })),
  language: fc.oneof(fc.constantFrom("en_US", "pt_BR", "en"), fc.string({ maxLength: 8 })),
  parameters: fc.array(
    fc.record({
      name: fc.oneof(
        fc.constantFrom("body_1", "header_image", "button_1_url", "card_11_body_1"),
        fc.string(),
      ),
      value: weird,
    }),
    { maxLength: 4 },
  ),
});

async function send(route: typeof sessionRoute | typeof templateRoute, path: string, body: Body) {
  const raw = body.raw.replaceAll('"closed"', JSON.stringify(closedConversationId));
  const res = await route.POST(
    request(path, { cookie, body: raw, headers: { "content-type": body.contentType } }),
    ctx(),
  );
  const json = (await res.json()) as { error?: { code: string; message: string } };
  return { status: res.status, json };
}

describe("send routes fuzz", () => {
  it.each([
    ["/api/messages/session", sessionRoute, sessionBases],
    ["/api/messages/template", templateRoute, templateBases],
  ] as const)(
    "%s: every bad input is a 4xx with a message, and writes nothing",
    async (path, route, bases) => {
      const before = await counts();
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(bodies(bases as fc.Arbitrary<Record<string, unknown>>), async (body) => {
          const { status, json } = await send(route, path, body);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          expect(status, body.raw.slice(0, 300)).toBeGreaterThanOrEqual(400);
          expect(status, body.raw.slice(0, 300)).toBeLessThan(500);
          expect(json.error?.message, body.raw.slice(0, 300)).toBeTruthy();
        }),
        { numRuns: 700 },
      );
      expect(await counts()).toBe(before);
      // The generators reach past validation too (window and existence checks), not only the JSON parser.
      expect([...statuses.keys()]).toEqual(expect.arrayContaining([404, 415, 422]));
    },
  );
});
