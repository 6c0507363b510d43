import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { acceptUnverifiedNumbers } from "../../lib/campaigns/accept-unverified-numbers";
import { campaignCallbackData } from "../../lib/campaigns/callback-data";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { startCampaignWorker, type CampaignWorker } from "../../lib/campaigns/engine/campaign-worker";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { getCampaignDetail } from "../../lib/campaigns/read-models";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import {
  getContactPanel,
  listConversations,
  listMessages,
  type MessageDto,
} from "../../lib/messaging/read-models";
import {
  csvStream,
  REMINDER_MAPPING,
  reminderCsv,
  resetCampaignTables,
  startHarness,
  testPhone,
  waitFor,
  webhooksIdle,
  type Harness,
} from "./campaign-helpers";

// One customer, one timeline: campaign recipients are contacts (created in bulk by the import, reused when
// they exist), a campaign send shows in the customer's thread once they answer (and creates no conversation
// before that), and their reply quotes it. Through the real worker, the simulator and the webhook route.

let harness: Harness;
let worker: CampaignWorker | null = null;

beforeAll(async () => {
  await resetCampaignTables();
  harness = await startHarness({ statusDelayMs: 20 });
});

afterAll(async () => {
  await worker?.stop();
  await harness.close();
});

async function draft(name: string) {
  const campaign = await createCampaign({ name }, null);
  await updateCampaign(campaign.id, {
    templateName: "appointment_reminder",
    language: "en_US",
    ratePerSecond: 200,
  });
  return campaign.id;
}

function importCsv(campaignId: string, csv: string) {
  return importCsvAudience(
    campaignId,
    { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING },
    csvStream(csv),
  );
}

async function inbound(body: Record<string, unknown>) {
  const res = await fetch(`${harness.simulator.url}/sim/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
}

describe("campaign recipients are contacts", () => {
  it("creates the missing contacts in bulk, reuses existing ones, and a rerun creates none", async () => {
    // A customer who already wrote to us (the webhook path created the contact) and a phone-less BSUID customer.
    const known = testPhone(0);
    await inbound({ from: known, name: "Known Customer", text: "hello" });
    const knownContact = await db.contact.findUniqueOrThrow({ where: { phone: known } });
    const bsuidContact = await db.contact.create({ data: { bsuid: "US.bsuidtimeline1" } });

    const phones = [known, ...Array.from({ length: 2_499 }, (_, i) => testPhone(i + 1))];
    const csv = `${reminderCsv(phones)}\nbsuid:US.bsuidtimeline1,Bea,June 3\nUS.bsuidtimeline2,Bo,June 4`;
    const before = await db.contact.count();
    const first = await draft("Contacts import 1");
    expect(await importCsv(first, csv)).toMatchObject({ acceptedRows: 2_502, rejectedRows: 0 });

    // 2,499 new phones + 1 new BSUID; the known phone and the known BSUID are reused.
    expect(await db.contact.count()).toBe(before + 2_500);
    const recipients = await db.campaignRecipient.findMany({
      where: { campaignId: first },
      select: { address: true, contactId: true },
    });
    expect(recipients.filter((r) => r.contactId === null)).toEqual([]);
    const byAddress = new Map(recipients.map((r) => [r.address, r.contactId]));
    expect(byAddress.get(known)).toBe(knownContact.id);
    expect(byAddress.get("bsuid:US.bsuidtimeline1")).toBe(bsuidContact.id);
    const newBsuid = await db.contact.findUniqueOrThrow({ where: { bsuid: "US.bsuidtimeline2" } });
    expect(newBsuid.phone).toBeNull();
    expect(byAddress.get("bsuid:US.bsuidtimeline2")).toBe(newBsuid.id);
    // Contacts are linked one to one: no two recipients share a contact.
    expect(new Set(recipients.map((r) => r.contactId)).size).toBe(recipients.length);

    // The same CSV again, into another campaign: every contact exists, none is created, each is reused.
    const contactsAfterFirst = await db.contact.count();
    const second = await draft("Contacts import 2");
    expect(await importCsv(second, csv)).toMatchObject({ acceptedRows: 2_502 });
    expect(await db.contact.count()).toBe(contactsAfterFirst);
    const again = await db.campaignRecipient.findMany({
      where: { campaignId: second },
      select: { address: true, contactId: true },
    });
    expect(again.filter((r) => r.contactId !== byAddress.get(r.address))).toEqual([]);

    // Contacts of an import are not conversations: agents' lists hold only the customer who wrote.
    expect(await db.conversation.count()).toBe(1);
  }, 60_000);
});

describe("numbers the phone library refuses", () => {
  it("never rejects a number that wrote to us, and lets the user include possible-but-unassigned numbers", async () => {
    // Ofcom's drama range: the right length, never assigned. This one has written to us all the same.
    const wrote = "+447700900123";
    await inbound({ from: wrote, text: "hi" });
    const contact = await db.contact.findUniqueOrThrow({ where: { phone: wrote } });

    const id = await draft("Refused numbers");
    const csv = [
      "phone,name,date",
      "+44 7700 900123,Ana,June 1",
      "+44 7700 900456,Bia,June 2",
      "+44 7700 900789,,June 3",
      "12345,Cy,June 4",
      `${testPhone(7)},Di,June 5`,
    ].join("\n");
    const summary = await importCsv(id, csv);
    expect(summary).toMatchObject({ totalRows: 5, acceptedRows: 2, rejectedRows: 3 });
    expect(summary.rejectedByReason).toMatchObject({ UNVERIFIED_NUMBER: 2, BAD_NUMBER: 1 });
    const known = await db.campaignRecipient.findUniqueOrThrow({
      where: { campaignId_address: { campaignId: id, address: wrote } },
    });
    expect(known.contactId).toBe(contact.id);

    // The review step says why, on screen: a few rows per reason.
    const detail = await getCampaignDetail(id);
    expect(detail.rejected.byReason).toMatchObject({ UNVERIFIED_NUMBER: 2, BAD_NUMBER: 1 });
    expect(detail.rejected.examples).toEqual([
      {
        reason: "UNVERIFIED_NUMBER",
        rowNumber: 3,
        value: "+44 7700 900456",
        detail: expect.stringMatching(/not in a range known to be assigned/),
      },
      { reason: "UNVERIFIED_NUMBER", rowNumber: 4, value: "+44 7700 900789", detail: expect.any(String) },
      {
        reason: "BAD_NUMBER",
        rowNumber: 5,
        value: "12345",
        detail: expect.stringMatching(/not a phone number in international format/),
      },
    ]);

    // The user includes them: the one with every variable joins (a contact too); the other is now left out for
    // its real problem, the empty name.
    const accepted = await acceptUnverifiedNumbers(id);
    expect(accepted.accepted).toBe(1);
    expect(accepted.rejected.byReason).toMatchObject({
      UNVERIFIED_NUMBER: 0,
      MISSING_VARIABLE: 1,
      BAD_NUMBER: 1,
    });
    const added = await db.campaignRecipient.findUniqueOrThrow({
      where: { campaignId_address: { campaignId: id, address: "+447700900456" } },
    });
    expect(added).toMatchObject({ country: "GB", variables: expect.objectContaining({ body_1: "Bia" }) });
    expect(added.contactId).toBeTruthy();
    const source = await db.campaignAudienceSource.findFirstOrThrow({ where: { campaignId: id } });
    expect(source).toMatchObject({ totalRows: 5, acceptedRows: 3, rejectedRows: 2 });
    // Twice is harmless.
    expect((await acceptUnverifiedNumbers(id)).accepted).toBe(0);
    expect(await db.campaignRecipient.count({ where: { campaignId: id } })).toBe(3);
  });
});

describe("campaign sends in the customer's thread", () => {
  it("shows the send (ticks, failure reason) once the customer answers, and the reply quotes it", async () => {
    await resetCampaignTables();
    // …10 is read, …91 fails (the simulator's rules); a customer with an older conversation is …20.
    const [reader, failing, earlier] = [testPhone(1, 10), testPhone(2, 91), testPhone(3, 20)];
    await inbound({ from: earlier, text: "question from last week" });
    const earlierConversation = await db.conversation.findFirstOrThrow({
      select: { id: true, lastMessageAt: true, status: true },
    });
    await db.conversation.update({ where: { id: earlierConversation.id }, data: { status: "RESOLVED" } });

    const campaignId = await draft("Spring reminder");
    await importCsv(campaignId, reminderCsv([reader, failing, earlier]));
    await launchCampaign(campaignId, {});
    worker = await startCampaignWorker({ id: "timeline", staleMs: 5000 });
    await waitFor(
      "the campaign to complete",
      async () => (await db.campaign.findUnique({ where: { id: campaignId } }))?.status === "COMPLETED",
      30_000,
    );
    await waitFor("webhooks to drain", () => webhooksIdle(harness.simulator), 30_000);
    await waitFor("the read and failed states", async () => {
      const states = await db.campaignRecipient.findMany({ where: { campaignId }, select: { state: true } });
      return states.filter((s) => s.state === "READ" || s.state === "FAILED").length === 3;
    });

    // Sending created no conversation, and did not move the resolved one back into the lists.
    expect(await db.conversation.count()).toBe(1);
    const untouched = await db.conversation.findUniqueOrThrow({ where: { id: earlierConversation.id } });
    expect(untouched).toMatchObject({ status: "RESOLVED", lastMessageAt: earlierConversation.lastMessageAt });
    const open = await listConversations({ status: "OPEN", limit: 50 });
    expect(open.conversations).toEqual([]);

    // The earlier customer's thread already shows the send after their old message.
    const earlierThread = await listMessages(earlierConversation.id, { limit: 50 });
    expect(earlierThread.messages.map((m) => [m.direction, m.kind])).toEqual([
      ["INBOUND", "text"],
      ["OUTBOUND", "template"],
    ]);

    // The reader answers by quoting the campaign message: the conversation appears, with the send and the reply.
    const sent = await db.campaignRecipient.findFirstOrThrow({ where: { campaignId, phone: reader } });
    expect(sent.upstreamId).toBeTruthy();
    // Webhook timestamps are whole seconds: a reply in the same second as the send could sort before it. A customer
    // answers later than that in practice; wait for the next second so the order under test is the real one.
    await new Promise((r) => setTimeout(r, 1100));
    await inbound({ from: reader, text: "Yes, I'll be there", replyToId: sent.upstreamId });
    const conversation = await db.conversation.findFirstOrThrow({
      where: { contact: { phone: reader } },
      select: { id: true, status: true },
    });
    expect(conversation.status).toBe("OPEN");
    const thread = await listMessages(conversation.id, { limit: 50 });
    expect(thread.messages).toHaveLength(2);
    const [send, reply] = thread.messages as [MessageDto, MessageDto];
    expect(send).toMatchObject({
      direction: "OUTBOUND",
      kind: "template",
      status: "READ",
      campaignName: "Spring reminder",
      campaignId,
      templateName: "appointment_reminder",
      error: null,
    });
    expect(send.readAt && send.deliveredAt && send.sentAt).toBeTruthy();
    const content = send.content as {
      components: unknown[];
      parameters: { name: string; value: string }[];
      language: string;
    };
    expect(content.language).toBe("en_US");
    expect(content.components.length).toBeGreaterThan(0); // rendered like any template bubble, from the snapshot
    expect(content.parameters).toEqual(
      expect.arrayContaining([
        { name: "body_1", value: "Customer 0" },
        { name: "header_text", value: "Dr. Rivera" },
      ]),
    );
    expect(reply).toMatchObject({ direction: "INBOUND", text: "Yes, I'll be there" });
    expect(reply.replyTo).toMatchObject({
      id: send.id,
      direction: "OUTBOUND",
      kind: "template",
      text: "Hi Customer 0, this is a reminder of your appointment on June 1 at 10:30.",
    });
    expect(Date.parse(send.createdAt)).toBeLessThan(Date.parse(reply.createdAt));

    // The failed send shows its failure reason in the thread; a reply carrying only the echoed callbackData
    // (a button reply without context) still quotes it.
    const failed = await db.campaignRecipient.findFirstOrThrow({ where: { campaignId, phone: failing } });
    await inbound({
      from: failing,
      buttonResponse: { text: "Confirm" },
      callbackData: campaignCallbackData({ campaignId, recipientId: failed.id }),
    });
    const failedConversation = await db.conversation.findFirstOrThrow({
      where: { contact: { phone: failing } },
      select: { id: true },
    });
    const failedThread = await listMessages(failedConversation.id, { limit: 50 });
    const [failedSend, buttonReply] = failedThread.messages as [MessageDto, MessageDto];
    expect(failedSend).toMatchObject({
      status: "FAILED",
      error: expect.objectContaining({ code: "ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID" }),
    });
    expect(failedSend.error?.title).toBeTruthy();
    expect(buttonReply.replyTo).toMatchObject({ id: failedSend.id });

    // The contact panel lists the campaign with its outcome (and that the customer replied).
    const panel = await getContactPanel(conversation.id);
    expect(panel.recentCampaigns).toEqual([
      expect.objectContaining({
        campaignId,
        campaignName: "Spring reminder",
        state: "READ",
        status: "READ",
        repliedAt: expect.any(String),
      }),
    ]);
    const failedPanel = await getContactPanel(failedConversation.id);
    expect(failedPanel.recentCampaigns).toEqual([
      expect.objectContaining({ campaignId, state: "FAILED", errorTitle: expect.any(String) }),
    ]);
  }, 90_000);
});
