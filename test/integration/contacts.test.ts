import { beforeAll, describe, expect, it } from "vitest";
import { GET as listGET } from "../../app/api/contacts/route";
import { GET as exportGET } from "../../app/api/contacts/export/route";
import { POST as importPOST } from "../../app/api/contacts/import/route";
import { POST as attributePOST } from "../../app/api/contacts/attributes/route";
import { GET as profileGET, PATCH as profilePATCH } from "../../app/api/contacts/[id]/route";
import { PATCH as attributesPATCH } from "../../app/api/contacts/[id]/attributes/route";
import { GET as mergeGET, POST as mergePOST } from "../../app/api/contacts/[id]/merge/route";
import { applyInboundCampaignSignals } from "../../lib/campaigns/apply-inbound-signals";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { markContactOptedOut } from "../../lib/contacts/mark-contact-opted-out";
import type { ContactProfileDto } from "../../lib/contacts/get-contact-profile";
import type { ContactImportSummary } from "../../lib/contacts/import-contacts";
import type { ContactPageDto } from "../../lib/contacts/list-contacts";
import type { MergePreviewDto } from "../../lib/contacts/merge-contacts";
import { db } from "../../lib/db";
import { resetCampaignTables } from "./campaign-helpers";
import { truncateAll } from "./helpers";
import { createUser, ctx, json, request, sessionCookie } from "./security-helpers";

// The contacts page's API against a real PostgreSQL: search in every phone format, keyset pages, typed custom
// fields (422 for a bad number or date), opt-out history, CSV import (a re-import creates nobody), the streamed
// export (formula-safe) and merge (every message kept, in one conversation).

let cookie: string;
let admin: { id: string; name: string };

beforeAll(async () => {
  await truncateAll();
  await resetCampaignTables();
  await db.contactAttribute.deleteMany();
  const user = await createUser("ADMIN", { name: "Ada Admin" });
  admin = user;
  cookie = await sessionCookie(user);
});

async function list(params: Record<string, string>) {
  const res = await listGET(request(`/api/contacts?${new URLSearchParams(params)}`, { cookie }), ctx());
  return json<ContactPageDto>(res);
}

describe("list and search", () => {
  let ana: string;
  beforeAll(async () => {
    ana = (
      await db.contact.create({
        data: { phone: "+447700900101", name: "Ana Lima", attributes: { plan: "gold" } },
      })
    ).id;
    await db.contact.create({ data: { bsuid: "GB.searchbsuid42", name: "Bo Bsuid" } });
    await db.contact.create({ data: { phone: "+16045852331", name: "Carla Canada" } });
    await db.contact.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        phone: `+3361234${String(i).padStart(4, "0")}`,
        name: `Filler ${i}`,
      })),
    });
  });

  it.each([
    ["07700 900101", "national format with the trunk 0"],
    ["+44 7700 900101", "international with spaces"],
    ["447700900101", "digits only"],
    ["+447700900101", "E.164"],
    ["0044 7700 900101", "00 international prefix"],
    ["900101", "the last digits"],
    ["ana li", "part of the name, any case"],
    ["gold", "an attribute value"],
  ])("finds the E.164 contact by %s (%s)", async (q) => {
    const { status, body } = await list({ q });
    expect(status).toBe(200);
    expect(body.contacts.map((c) => c.id)).toContain(ana);
    const found = body.contacts.find((c) => c.id === ana)!;
    expect(found.phone).toBe("+447700900101");
    expect(found.phoneNational).toBe("07700 900101");
  });

  it("matches attribute values, not attribute names", async () => {
    const { body } = await list({ q: "plan" });
    expect(body.contacts.map((c) => c.id)).not.toContain(ana);
  });

  it("finds a contact by BSUID and a US number by its national format", async () => {
    expect((await list({ q: "searchbsuid" })).body.contacts.map((c) => c.name)).toEqual(["Bo Bsuid"]);
    expect((await list({ q: "(604) 585-2331" })).body.contacts.map((c) => c.name)).toEqual(["Carla Canada"]);
  });

  it("pages through every contact with the cursor, each once", async () => {
    const total = await db.contact.count();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body }: { status: number; body: ContactPageDto } = await list({
        limit: "50",
        ...(cursor ? { cursor } : {}),
      });
      expect(status).toBe(200);
      seen.push(...body.contacts.map((c) => c.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 50));
  });

  it("refuses a cursor it did not make and an over-long search with 422", async () => {
    expect((await list({ cursor: "nonsense" })).status).toBe(422);
    expect((await list({ q: "x".repeat(121) })).status).toBe(422);
  });
});

describe("custom fields", () => {
  let contactId: string;
  beforeAll(async () => {
    contactId = (await db.contact.create({ data: { phone: "+447700900202", name: "Field Person" } })).id;
    for (const [label, type] of [
      ["Score", "NUMBER"],
      ["Renewal date", "DATE"],
      ["VIP", "BOOLEAN"],
      ["City", "TEXT"],
    ] as const) {
      const res = await attributePOST(
        request("/api/contacts/attributes", { cookie, body: { label, type } }),
        ctx(),
      );
      expect(res.status).toBe(201);
    }
  });

  const patch = (attributes: Record<string, unknown>) =>
    attributesPATCH(
      request(`/api/contacts/${contactId}/attributes`, { method: "PATCH", cookie, body: { attributes } }),
      ctx({ id: contactId }),
    );

  it.each([
    [{ score: "twelve" }, "attributes.score"],
    [{ renewal_date: "2026-02-30" }, "attributes.renewal_date"],
    [{ renewal_date: "03/04/2026" }, "attributes.renewal_date"],
    [{ vip: "maybe" }, "attributes.vip"],
    [{ unknown_field: "x" }, "attributes.unknown_field"],
  ])("refuses %j with a 422 naming %s", async (attributes, path) => {
    const { status, body } = await json<{
      error: { message: string; details: { issues: { path: string }[] } };
    }>(await patch(attributes));
    expect(status).toBe(422);
    expect(body.error.details.issues.map((i) => i.path)).toContain(path);
    expect(body.error.message).toContain(path);
  });

  it("stores typed values, and null clears one", async () => {
    expect((await patch({ score: 12.5, renewal_date: "2027-01-31", vip: true, city: "Porto" })).status).toBe(
      200,
    );
    expect((await patch({ city: null })).status).toBe(200);
    const row = await db.contact.findUniqueOrThrow({
      where: { id: contactId },
      select: { attributes: true },
    });
    expect(row.attributes).toEqual({ score: 12.5, renewal_date: "2027-01-31", vip: true });
    const duplicate = await attributePOST(
      request("/api/contacts/attributes", { cookie, body: { label: "score", type: "TEXT" } }),
      ctx(),
    );
    expect(duplicate.status).toBe(409);
  });

  it("keeps the opt-out history with who, when and why", async () => {
    const url = `/api/contacts/${contactId}`;
    expect(
      (
        await profilePATCH(
          request(url, { method: "PATCH", cookie, body: { optedOut: true } }),
          ctx({ id: contactId }),
        )
      ).status,
    ).toBe(200);
    const noReason = await profilePATCH(
      request(url, { method: "PATCH", cookie, body: { optedOut: false } }),
      ctx({ id: contactId }),
    );
    expect(noReason.status).toBe(422);
    const back = await profilePATCH(
      request(url, { method: "PATCH", cookie, body: { optedOut: false, reason: "asked by phone" } }),
      ctx({ id: contactId }),
    );
    expect(back.status).toBe(200);
    const { body } = await json<ContactProfileDto>(
      await profileGET(request(url, { cookie }), ctx({ id: contactId })),
    );
    expect(body.contact.optedOut).toBe(false);
    expect(body.optOutHistory.map((h) => [h.optedOut, h.source, h.actor, h.reason])).toEqual([
      [false, "agent", "Ada Admin", "asked by phone"],
      [true, "agent", "Ada Admin", null],
    ]);
    expect(body.contact.attributes).toMatchObject({ score: 12.5, vip: true });
    expect(body.attributeDefinitions.map((d) => d.key).sort()).toEqual([
      "city",
      "renewal_date",
      "score",
      "vip",
    ]);
  });
});

describe("opt-out history from every source", () => {
  it("records the customer's STOP and START keywords and Connectly's report, once each", async () => {
    const contact = await db.contact.create({ data: { phone: "+447700900808" } });
    const signal = (text: string) =>
      db.$transaction((tx) =>
        applyInboundCampaignSignals(tx, { contactId: contact.id, text, callbackData: null, at: new Date() }),
      );
    await signal("STOP");
    await signal("stop"); // already opted out: no second line
    await signal("START");
    expect(
      await markContactOptedOut(
        { contactId: contact.id },
        { via: "webhook", code: "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT" },
      ),
    ).toBe(true);
    const history = await db.contactOptOutEvent.findMany({
      where: { contactId: contact.id },
      orderBy: { at: "asc" },
      select: { optedOut: true, source: true, reason: true },
    });
    expect(history).toEqual([
      { optedOut: true, source: "keyword", reason: 'wrote "STOP"' },
      { optedOut: false, source: "keyword", reason: 'wrote "START"' },
      { optedOut: true, source: "connectly", reason: "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT" },
    ]);
  });
});

describe("CSV import", () => {
  const csv = [
    "Full name,Mobile,Tier,Points,Joined",
    "Imported One,07911 123401,gold,10,2025-01-02",
    "Imported Two,+44 7911 123402,silver,20,2025-02-03",
    "Known Ana,07700900101,platinum,30,",
    "Bad Number,12,gold,1,",
    "Bad Points,07911 123403,gold,lots,",
    "Repeat,07911 123401,gold,1,",
    "Unassigned,07700 900399,gold,1,",
    "Bea BSUID,GB.importbsuid1,bronze,5,",
  ].join("\n");

  const settings = {
    fileName: "people.csv",
    delimiter: ",",
    defaultCountry: "GB",
    nameColumn: "Full name",
    phoneColumn: "Mobile",
    attributes: [
      { column: "Tier", key: "tier", type: "TEXT" },
      { column: "Points", key: "points", type: "NUMBER" },
      { column: "Joined", key: "joined", type: "DATE" },
    ],
  };
  const upload = async () => {
    const res = await importPOST(
      request(`/api/contacts/import?${new URLSearchParams({ settings: JSON.stringify(settings) })}`, {
        cookie,
        body: csv,
        headers: { "content-type": "text/csv" },
      }),
      ctx(),
    );
    return json<{ import: ContactImportSummary }>(res);
  };

  it("upserts with the webhook path's identity rules, reports bad rows, and a re-import creates nobody", async () => {
    const before = await db.contact.count();
    const first = await upload();
    expect(first.status).toBe(200);
    expect(first.body.import).toMatchObject({ totalRows: 8, created: 3, updated: 1, rejected: 4 });
    expect(first.body.import.attributesCreated.sort()).toEqual(["joined", "points", "tier"]);
    expect(first.body.import.errors.map((e) => e.row)).toEqual([5, 6, 7, 8]);
    expect(first.body.import.errors[1]!.message).toContain("Points");
    expect(first.body.import.errors[2]!.message).toContain("row 2");
    expect(await db.contact.count()).toBe(before + 3);

    const ana = await db.contact.findUniqueOrThrow({
      where: { phone: "+447700900101" },
      select: { name: true, attributes: true },
    });
    expect(ana.name).toBe("Known Ana");
    expect(ana.attributes).toEqual({ plan: "gold", tier: "platinum", points: 30 });
    const one = await db.contact.findUniqueOrThrow({
      where: { phone: "+447911123401" },
      select: { attributes: true },
    });
    expect(one.attributes).toEqual({ tier: "gold", points: 10, joined: "2025-01-02" });
    expect(await db.contact.count({ where: { bsuid: "GB.importbsuid1" } })).toBe(1);

    const again = await upload();
    expect(again.body.import).toMatchObject({ created: 0, updated: 4, rejected: 4 });
    expect(await db.contact.count()).toBe(before + 3);
  });

  it("names a missing column in a 422", async () => {
    const res = await importPOST(
      request(
        `/api/contacts/import?${new URLSearchParams({ settings: JSON.stringify({ ...settings, phoneColumn: "Phone" }) })}`,
        {
          cookie,
          body: csv,
          headers: { "content-type": "text/csv" },
        },
      ),
      ctx(),
    );
    const { status, body } = await json<{ error: { message: string } }>(res);
    expect(status).toBe(422);
    expect(body.error.message).toContain('"Phone"');
  });
});

describe("CSV export", () => {
  it("streams the filtered contacts with one column per field, formula cells neutralised", async () => {
    await db.contact.create({
      data: {
        phone: "+447700900909",
        name: '=HYPERLINK("http://evil.example","x")',
        attributes: { tier: "@SUM(A1)" },
      },
    });
    const res = await exportGET(
      request(`/api/contacts/export?q=${encodeURIComponent("07700 900909")}`, { cookie }),
      ctx(),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const text = await res.text();
    const lines = text
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "name,phone,phone_national,bsuid,opted_out,created_at,city,joined,points,renewal_date,score,tier,vip",
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(lines[1]).toContain("+447700900909,07700 900909");
    expect(lines[1]).toContain("'@SUM(A1)");

    const all = await exportGET(request("/api/contacts/export", { cookie }), ctx());
    const rows = (await all.text()).trim().split("\r\n").length - 1;
    expect(rows).toBe(await db.contact.count());
  });
});

describe("merge", () => {
  it("keeps every message, in one conversation, with the campaign sends, history and the survivor's values", async () => {
    const phoneContact = await db.contact.create({
      data: { phone: "+447700900505", name: "Phone Pat", attributes: { tier: "gold", city: "Leeds" } },
    });
    const bsuidContact = await db.contact.create({
      data: {
        bsuid: "GB.mergebsuid1",
        name: "Pat WhatsApp",
        optedOut: true,
        attributes: { tier: "silver", points: 7 },
      },
    });
    const t0 = Date.now() - 60_000;
    const messageIds: string[] = [];
    for (const [contact, count, offset] of [
      [phoneContact, 3, 0],
      [bsuidContact, 4, 1],
    ] as const) {
      const conversation = await db.conversation.create({
        data: { contactId: contact.id, lastMessageAt: new Date(t0 + offset * 1000), unreadCount: count },
      });
      for (let i = 0; i < count; i++) {
        const m = await db.message.create({
          data: {
            conversationId: conversation.id,
            direction: "INBOUND",
            kind: "text",
            text: `${contact.name} ${i}`,
            content: {},
            createdAt: new Date(t0 + i * 2000 + offset * 1000),
          },
        });
        messageIds.push(m.id);
      }
      await db.conversationNote.create({
        data: { conversationId: conversation.id, body: `note for ${contact.name}` },
      });
    }
    await db.contactOptOutEvent.create({
      data: { contactId: bsuidContact.id, optedOut: true, source: "keyword", actorLabel: "Customer" },
    });
    // Labels on the contact and on its conversation go with it (a label both have stays once).
    const vipName = `VIP ${Date.now()}`;
    const vip = await db.label.create({
      data: { name: vipName, nameKey: vipName.toLowerCase(), color: "amber" },
    });
    const bsuidConversation = await db.conversation.findUniqueOrThrow({
      where: { contactId: bsuidContact.id },
    });
    await db.contactLabel.create({ data: { contactId: bsuidContact.id, labelId: vip.id } });
    await db.contactLabel.create({ data: { contactId: phoneContact.id, labelId: vip.id } });
    await db.conversationLabel.create({ data: { conversationId: bsuidConversation.id, labelId: vip.id } });
    // Both conversations have an open support cycle (the message trigger opened them).
    expect(
      await db.supportCycle.count({
        where: { resolvedAt: null, conversation: { contactId: { in: [phoneContact.id, bsuidContact.id] } } },
      }),
    ).toBe(2);
    const campaign = await createCampaign({ name: "Merge campaign" }, null);
    await db.campaignRecipient.create({
      data: {
        campaignId: campaign.id,
        address: "bsuid:GB.mergebsuid1",
        bsuid: "GB.mergebsuid1",
        contactId: bsuidContact.id,
        variables: {},
      },
    });

    const preview = await json<MergePreviewDto>(
      await mergeGET(
        request(`/api/contacts/${phoneContact.id}/merge?with=${bsuidContact.id}`, { cookie }),
        ctx({ id: phoneContact.id }),
      ),
    );
    expect(preview.status).toBe(200);
    expect(preview.body.blocked).toBeNull();
    expect(preview.body.result).toMatchObject({
      name: "Phone Pat",
      phone: "+447700900505",
      bsuid: "GB.mergebsuid1",
      optedOut: true,
    });
    expect(preview.body.conflicts).toEqual([
      'name: keeps "Phone Pat", drops "Pat WhatsApp"',
      'tier: keeps "gold", drops "silver"',
    ]);
    expect(preview.body.other.messages).toBe(4);

    const merged = await mergePOST(
      request(`/api/contacts/${phoneContact.id}/merge`, { cookie, body: { otherId: bsuidContact.id } }),
      ctx({ id: phoneContact.id }),
    );
    expect(merged.status).toBe(200);

    expect(await db.contact.findUnique({ where: { id: bsuidContact.id } })).toBeNull();
    const survivor = await db.contact.findUniqueOrThrow({
      where: { id: phoneContact.id },
      select: {
        phone: true,
        bsuid: true,
        optedOut: true,
        attributes: true,
        conversation: { select: { id: true, unreadCount: true } },
      },
    });
    expect(survivor).toMatchObject({
      phone: "+447700900505",
      bsuid: "GB.mergebsuid1",
      optedOut: true,
      attributes: { tier: "gold", city: "Leeds", points: 7 },
    });
    const conversations = await db.conversation.findMany({ where: { contactId: phoneContact.id } });
    expect(conversations).toHaveLength(1);
    const kept = await db.message.findMany({
      where: { conversationId: survivor.conversation!.id },
      select: { id: true },
    });
    expect(kept.map((m) => m.id).sort()).toEqual([...messageIds].sort());
    expect(survivor.conversation!.unreadCount).toBe(7);
    expect(await db.contactLabel.count({ where: { contactId: phoneContact.id, labelId: vip.id } })).toBe(1);
    expect(
      await db.conversationLabel.count({
        where: { conversationId: survivor.conversation!.id, labelId: vip.id },
      }),
    ).toBe(1);
    // One open cycle, since the customer first wrote, counting all seven messages.
    expect(
      await db.supportCycle.findMany({
        where: { conversationId: survivor.conversation!.id },
        select: { openedAt: true, inboundCount: true, resolvedAt: true },
      }),
    ).toEqual([{ openedAt: new Date(t0), inboundCount: 7, resolvedAt: null }]);
    expect(
      await db.conversationNote.count({ where: { conversationId: survivor.conversation!.id, kind: "NOTE" } }),
    ).toBe(2);
    expect(await db.campaignRecipient.count({ where: { contactId: phoneContact.id } })).toBe(1);
    const history = await db.contactOptOutEvent.findMany({
      where: { contactId: phoneContact.id },
      orderBy: { at: "asc" },
      select: { source: true },
    });
    expect(history.map((h) => h.source)).toEqual(["keyword", "merge"]);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: "contact.merged", targetId: phoneContact.id },
    });
    expect(audit.actorId).toBe(admin.id);
    expect(audit.details).toMatchObject({
      mergedContactId: bsuidContact.id,
      messagesMoved: 4,
      campaignSendsMoved: 1,
    });
    // A webhook from the BSUID now lands on the survivor.
    expect((await db.contact.findUniqueOrThrow({ where: { bsuid: "GB.mergebsuid1" } })).id).toBe(
      phoneContact.id,
    );
  });

  it("refuses two different phone numbers (409) and changes nothing", async () => {
    const a = await db.contact.create({ data: { phone: "+447700900606" } });
    const b = await db.contact.create({ data: { phone: "+447700900607" } });
    const preview = await json<MergePreviewDto>(
      await mergeGET(request(`/api/contacts/${a.id}/merge?with=${b.id}`, { cookie }), ctx({ id: a.id })),
    );
    expect(preview.body.blocked).toContain("different phone numbers");
    const res = await mergePOST(
      request(`/api/contacts/${a.id}/merge`, { cookie, body: { otherId: b.id } }),
      ctx({ id: a.id }),
    );
    expect(res.status).toBe(409);
    expect(await db.contact.count({ where: { id: { in: [a.id, b.id] } } })).toBe(2);
  });
});
