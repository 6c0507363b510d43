import { beforeAll, describe, expect, it } from "vitest";
import { POST as bulkPOST } from "../../app/api/contacts/bulk/route";
import { POST as labelsPOST } from "../../app/api/contacts/[id]/labels/route";
import { GET as profileGET } from "../../app/api/contacts/[id]/route";
import { GET as listGET } from "../../app/api/contacts/route";
import type { ContactProfileDto } from "../../lib/contacts/get-contact-profile";
import type { ContactPageDto } from "../../lib/contacts/list-contacts";
import { db } from "../../lib/db";
import { truncateAll, uniquePhone } from "./helpers";
import { createUser, ctx, json, request, sessionCookie } from "./security-helpers";

// Issue 14 (rest): the contacts page's label chips (list and profile carry the labels) and bulk actions on selected
// contacts: labels and opt-out with a reason, one audit entry, each contact's opt-out history.

let cookie = "";
let agent: { id: string; name: string };
let contacts: { id: string }[] = [];
let vip = "";
let churn = "";

beforeAll(async () => {
  await truncateAll();
  await db.$executeRawUnsafe('TRUNCATE "Label" CASCADE');
  const user = await createUser("AGENT", { name: "Ana Agent" });
  agent = user;
  cookie = await sessionCookie(user);
  vip = (await db.label.create({ data: { name: "VIP", nameKey: "vip", color: "amber" } })).id;
  churn = (await db.label.create({ data: { name: "Churn risk", nameKey: "churn risk", color: "red" } })).id;
  contacts = [];
  for (let i = 0; i < 6; i++)
    contacts.push(
      await db.contact.create({
        data: { name: `Customer ${i}`, phone: uniquePhone() },
        select: { id: true },
      }),
    );
  await db.conversation.create({ data: { contactId: contacts[0]!.id, status: "OPEN" } });
});

const list = async () =>
  (await json<ContactPageDto>(await listGET(request("/api/contacts?limit=50", { cookie }), ctx()))).body
    .contacts;

describe("contacts bulk actions and label chips", () => {
  it("adds a label to the selected contacts: the list rows and the profile carry it; one audit entry names the ones changed", async () => {
    await db.contactLabel.create({ data: { contactId: contacts[1]!.id, labelId: vip } });
    const ids = contacts.slice(0, 4).map((c) => c.id);
    const res = await json(
      await bulkPOST(
        request("/api/contacts/bulk", {
          method: "POST",
          cookie,
          body: { contactIds: ids, action: { type: "addLabel", labelId: vip } },
        }),
        ctx(),
      ),
    );
    expect(res).toEqual({ status: 200, body: { requested: 4, changed: 3 } });
    const audit = await db.auditLog.findFirst({
      where: { action: "contacts.bulk_updated" },
      orderBy: { at: "desc" },
    });
    expect(audit?.details).toMatchObject({ type: "addLabel", label: "VIP" });
    expect(((audit?.details as { contactIds: string[] }).contactIds ?? []).sort()).toEqual(
      [ids[0], ids[2], ids[3]].sort(),
    );

    // One contact gets a second label through its own route (audited too).
    expect(
      (
        await labelsPOST(
          request(`/api/contacts/${ids[0]}/labels`, { method: "POST", cookie, body: { add: [churn] } }),
          ctx({ id: ids[0]! }),
        )
      ).status,
    ).toBe(200);
    expect(await db.auditLog.count({ where: { action: "contact.labels_changed", targetId: ids[0] } })).toBe(
      1,
    );

    const rows = new Map((await list()).map((c) => [c.id, c.labels.map((l) => l.name)]));
    expect(rows.get(ids[0]!)).toEqual(["Churn risk", "VIP"]);
    expect(rows.get(ids[3]!)).toEqual(["VIP"]);
    expect(rows.get(contacts[5]!.id)).toEqual([]);
    const profile = await json<ContactProfileDto>(
      await profileGET(request(`/api/contacts/${ids[0]}`, { cookie }), ctx({ id: ids[0]! })),
    );
    expect(profile.body.contact.labels.map((l) => l.name)).toEqual(["Churn risk", "VIP"]);

    const removed = await json(
      await bulkPOST(
        request("/api/contacts/bulk", {
          method: "POST",
          cookie,
          body: { contactIds: ids, action: { type: "removeLabel", labelId: vip } },
        }),
        ctx(),
      ),
    );
    expect(removed.body).toEqual({ requested: 4, changed: 4 });
    expect((await list()).filter((c) => c.labels.some((l) => l.id === vip))).toEqual([]);
  });

  it("opts the selected contacts out with a reason: each gets a history line, the audit entry and the thread say why", async () => {
    await db.contact.update({ where: { id: contacts[2]!.id }, data: { optedOut: true } });
    const ids = [contacts[0]!.id, contacts[2]!.id, contacts[4]!.id];
    const reason = "Asked by phone not to get offers";
    const res = await json(
      await bulkPOST(
        request("/api/contacts/bulk", {
          method: "POST",
          cookie,
          body: { contactIds: ids, action: { type: "optOut", reason } },
        }),
        ctx(),
      ),
    );
    expect(res.body).toEqual({ requested: 3, changed: 2 });
    const events = await db.contactOptOutEvent.findMany({
      where: { contactId: { in: ids } },
      orderBy: { contactId: "asc" },
    });
    expect(
      events.map((e) => ({
        contactId: e.contactId,
        optedOut: e.optedOut,
        source: e.source,
        actorId: e.actorId,
        reason: e.reason,
      })),
    ).toEqual(
      [contacts[0]!.id, contacts[4]!.id]
        .sort()
        .map((contactId) => ({ contactId, optedOut: true, source: "agent", actorId: agent.id, reason })),
    );
    const audit = await db.auditLog.findFirst({
      where: { action: "contacts.bulk_updated" },
      orderBy: { at: "desc" },
    });
    expect(audit?.details).toMatchObject({ type: "optOut", reason });
    const note = await db.conversationNote.findFirst({
      where: { conversation: { contactId: contacts[0]!.id } },
      orderBy: { createdAt: "desc" },
    });
    expect(note?.body).toBe(`Ana Agent opted this customer out of campaigns (${reason})`);
    const profile = await json<ContactProfileDto>(
      await profileGET(request(`/api/contacts/${contacts[4]!.id}`, { cookie }), ctx({ id: contacts[4]!.id })),
    );
    expect(profile.body.optOutHistory[0]).toMatchObject({ optedOut: true, reason, actor: "Ana Agent" });

    const tooLong = await json(
      await bulkPOST(
        request("/api/contacts/bulk", {
          method: "POST",
          cookie,
          body: { contactIds: ids, action: { type: "optOut", reason: "x".repeat(501) } },
        }),
        ctx(),
      ),
    );
    expect(tooLong.status).toBe(422);
    expect(JSON.stringify(tooLong.body)).toContain("at most 500 characters");
  });
});
