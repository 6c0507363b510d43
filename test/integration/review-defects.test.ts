import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as SessionModule from "../../lib/auth/session";
import type { CurrentUser } from "../../lib/auth/session";
import { db } from "../../lib/db";
import { listAuditEvents } from "../../lib/audit/list-audit-events";
import {
  REMINDER_MAPPING,
  resetCampaignTables,
  simSent,
  startHarness,
  type Harness,
} from "./campaign-helpers";
import { uniquePhone, unixSeconds, webhookRequest } from "./helpers";
import { noParams, withId, json } from "./route-requests";

// Defects found in review (issue #15, item 5) whose proof is on the server: the campaign test send, the audit
// entries a manager would ask about (with names), and the template library's text search.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("../../lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof SessionModule>()),
  getCurrentUser: () => Promise.resolve(session.user),
  getRequestUser: () => Promise.resolve(session.user),
  requirePageUser: () => Promise.resolve(session.user),
}));

const listRoute = await import("../../app/api/campaigns/route");
const itemRoute = await import("../../app/api/campaigns/[id]/route");
const csvRoute = await import("../../app/api/campaigns/[id]/audience/csv/route");
const testRoute = await import("../../app/api/campaigns/[id]/test/route");
const retryRoute = await import("../../app/api/campaigns/[id]/retry/route");
const templatesRoute = await import("../../app/api/templates/route");
const syncRoute = await import("../../app/api/templates/sync/route");
const webhookRoute = await import("../../app/api/webhooks/connectly/route");

let harness: Harness;
let manager: CurrentUser;

beforeAll(async () => {
  await resetCampaignTables();
  await db.auditLog.deleteMany({});
  harness = await startHarness();
  manager = await db.user.create({
    data: {
      email: `manager-${randomUUID().slice(0, 6)}@example.com`,
      name: "Mia Manager",
      role: "CAMPAIGN_MANAGER",
      passwordHash: "x",
    },
    select: { id: true, email: true, name: true, role: true },
  });
  session.user = manager;
});
afterAll(async () => {
  await harness.close();
});

async function draftWithAudience(name: string, phones: string[]) {
  const created = await listRoute.POST(json("/api/campaigns", { name }), noParams);
  expect(created.status).toBe(201);
  const { campaign } = (await created.json()) as { campaign: { id: string } };
  const patched = await itemRoute.PATCH(
    json(
      `/api/campaigns/${campaign.id}`,
      { templateName: "appointment_reminder", language: "en_US" },
      "PATCH",
    ),
    withId(campaign.id),
  );
  expect(patched.status).toBe(200);
  const csv = ["phone,name,date", ...phones.map((p, i) => `${p},Ana ${i},June ${i + 1}`)].join("\n");
  const settings = {
    delimiter: ",",
    addressColumn: "phone",
    defaultCountry: null,
    variables: REMINDER_MAPPING,
    fileName: "list.csv",
  };
  const imported = await csvRoute.POST(
    new Request(
      `http://localhost/api/campaigns/${campaign.id}/audience/csv?settings=${encodeURIComponent(JSON.stringify(settings))}`,
      { method: "POST", body: csv },
    ),
    withId(campaign.id),
  );
  expect(imported.status).toBe(201);
  return campaign.id;
}

const auditOf = (action: string) => db.auditLog.findMany({ where: { action }, orderBy: { at: "asc" } });

describe("campaign test send", () => {
  it("sends the first recipient's message to the manager's number through the template send path, remembers the number, audits it", async () => {
    const id = await draftWithAudience("June reminders", ["+14152000010", "+14152000110"]);
    expect(
      (await testRoute.POST(json(`/api/campaigns/${id}/test`, { phone: "07700 900123" }), withId(id))).status,
    ).toBe(422);
    const me = "+447700900123";
    const res = await testRoute.POST(json(`/api/campaigns/${id}/test`, { phone: me }), withId(id));
    expect(res.status).toBe(201);

    const sent = (await simSent(harness.simulator)).filter((r) => r.body.number === me);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ templateName: "appointment_reminder", language: "en_US" });
    expect(sent[0]!.body.parameters).toEqual(
      expect.arrayContaining([
        { name: "body_1", value: "Ana 0" },
        { name: "body_2", value: "June 1" },
      ]),
    );
    // Not a campaign send: no recipient added, no campaign tag; the message is in the manager's own thread.
    expect(await db.campaignRecipient.count({ where: { campaignId: id } })).toBe(2);
    expect(sent[0]!.body.campaignName).toBeUndefined();
    expect(
      await db.message.count({
        where: { conversation: { contact: { phone: me } }, templateName: "appointment_reminder" },
      }),
    ).toBe(1);

    expect((await db.user.findUniqueOrThrow({ where: { id: manager.id } })).testPhone).toBe(me);
    expect(
      await (
        await testRoute.GET(new Request(`http://localhost/api/campaigns/${id}/test`), withId(id))
      ).json(),
    ).toEqual({ phone: me });
    expect(await auditOf("campaign.test_sent")).toMatchObject([
      { actorId: manager.id, targetLabel: "June reminders", details: expect.objectContaining({ to: me }) },
    ]);
  });

  it("needs an audience first", async () => {
    const created = await listRoute.POST(json("/api/campaigns", { name: "Empty" }), noParams);
    const { campaign } = (await created.json()) as { campaign: { id: string } };
    await itemRoute.PATCH(
      json(
        `/api/campaigns/${campaign.id}`,
        { templateName: "appointment_reminder", language: "en_US" },
        "PATCH",
      ),
      withId(campaign.id),
    );
    const res = await testRoute.POST(
      json(`/api/campaigns/${campaign.id}/test`, { phone: "+447700900124" }),
      withId(campaign.id),
    );
    expect(res.status).toBe(409);
  });
});

describe("audit log", () => {
  it("records campaign creation, draft deletion and retry runs, each with the campaign's name", async () => {
    const id = await draftWithAudience("Autumn promo", ["+14152000210"]);
    expect(await auditOf("campaign.created")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ targetId: id, targetLabel: "Autumn promo", actorId: manager.id }),
      ]),
    );
    expect(
      (
        await itemRoute.DELETE(
          new Request(`http://localhost/api/campaigns/${id}`, { method: "DELETE" }),
          withId(id),
        )
      ).status,
    ).toBeLessThan(300);
    expect(await auditOf("campaign.deleted")).toMatchObject([
      { targetId: id, targetLabel: "Autumn promo", details: { recipients: 1 } },
    ]);

    // A finished campaign with a retryable failure gets a retry run.
    const parent = await db.campaign.create({
      data: {
        name: "Winter sale",
        upstreamName: "Winter sale",
        status: "COMPLETED",
        templateName: "appointment_reminder",
        templateLanguage: "en_US",
        completedAt: new Date(),
      },
    });
    await db.campaignRecipient.create({
      data: {
        campaignId: parent.id,
        address: "+14152000394",
        phone: "+14152000394",
        variables: {},
        state: "FAILED",
        stateRank: 3,
        errorCode: "ERROR_CODE_UNSPECIFIED",
      },
    });
    const retried = await retryRoute.POST(json(`/api/campaigns/${parent.id}/retry`, {}), withId(parent.id));
    expect(retried.status).toBe(201);
    const run = ((await retried.json()) as { campaign: { id: string } }).campaign;
    expect(await auditOf("campaign.retry_started")).toMatchObject([
      {
        targetId: run.id,
        targetLabel: "Winter sale (retry)",
        details: expect.objectContaining({ parentId: parent.id, recipients: 1 }),
      },
    ]);
  });

  it("records a customer's STOP and START as consent changes on the contact, by name", async () => {
    const phone = uniquePhone();
    const inbound = (text: string) =>
      webhookRoute.POST(
        webhookRequest({
          timestamp: unixSeconds(),
          sender: { id: phone, channelType: "whatsapp", name: "Stella Stop" },
          recipient: { id: "+14155550100" },
          message: { text },
        }),
      );
    expect((await inbound("STOP")).status).toBe(200);
    expect((await inbound("stop")).status).toBe(200); // already opted out: nothing changes, nothing logged
    expect((await inbound("START")).status).toBe(200);
    const contact = await db.contact.findUniqueOrThrow({ where: { phone } });
    const entries = await db.auditLog.findMany({ where: { targetId: contact.id }, orderBy: { at: "asc" } });
    expect(entries.map((e) => [e.action, e.actorLabel, e.targetLabel])).toEqual([
      ["contact.opted_out_by_keyword", "Customer", contact.name ?? phone],
      ["contact.opted_in_by_keyword", "Customer", contact.name ?? phone],
    ]);
  });

  it("shows a name, never a bare id, for entries recorded with only an id", async () => {
    const campaign = await db.campaign.create({ data: { name: "Named later", upstreamName: "x" } });
    await db.auditLog.create({
      data: { action: "campaign.paused", targetType: "campaign", targetId: campaign.id },
    });
    await db.auditLog.create({
      data: { action: "auth.sign_out", actorId: manager.id, targetType: "user", targetId: manager.id },
    });
    const page = await listAuditEvents({ limit: 10 } as Parameters<typeof listAuditEvents>[0]);
    const label = (action: string) => page.events.find((e) => e.action === action)?.targetLabel;
    expect(label("campaign.paused")).toBe("Named later");
    expect(label("auth.sign_out")).toBe(manager.email);
  });
});

describe("template library search", () => {
  it("finds templates by their text, as the send dialog's picker does", async () => {
    session.user = { ...manager, role: "ADMIN" };
    expect((await syncRoute.POST(json("/api/templates/sync", {}), noParams)).status).toBeLessThan(300);
    const search = async (q: string) => {
      const res = await templatesRoute.GET(
        new Request(`http://localhost/api/templates?q=${encodeURIComponent(q)}`),
        noParams,
      );
      return ((await res.json()) as { templates: { name: string }[] }).templates.map((t) => t.name);
    };
    // Words of appointment_reminder's body that are not in its name; the name search alone found nothing here.
    expect(await search("reminder of your appointment")).toEqual(["appointment_reminder"]);
    const byText = await search("summer sale is on");
    expect(byText).toContain("summer_sale_carousel");
    expect(byText.every((n) => !n.includes("summer sale is on"))).toBe(true);
    session.user = manager;
  });
});
