import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "../../app/api/webhooks/connectly/route";
import { AppError } from "../../lib/app-error";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { startCampaignWorker, type CampaignWorker } from "../../lib/campaigns/engine/campaign-worker";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { listRecipients } from "../../lib/campaigns/read-models";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import { getFailureBreakdown } from "../../lib/analytics/read-models";
import { updateContact } from "../../lib/contacts/update-contact";
import { db } from "../../lib/db";
import { getMessageDto } from "../../lib/messaging/read-models";
import { sendTemplateMessageSchema } from "../../lib/messaging/schemas";
import { sendTemplateMessage } from "../../lib/messaging/send-template-message";
import {
  csvStream,
  REMINDER_MAPPING,
  reminderCsv,
  resetCampaignTables,
  testPhone,
  waitFor,
  webhooksIdle,
} from "./campaign-helpers";
import { createUser } from "./security-helpers";
import { startHarness, truncateAll, uniquePhone, unixSeconds, webhookRequest, type Harness } from "./helpers";

// Issue 19 item 4: an opt-out (or an invalid number) may come back synchronously, as a 4xx with the error object,
// or later as a delivery_failed webhook. Inbox messages, campaign recipients and the failure analytics must show
// both the same way, and an opt-out either way marks the contact opted out (audited, reversible by an agent).

const OPTED_OUT = "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT";
let harness: Harness;
const workers: CampaignWorker[] = [];

beforeAll(async () => {
  harness = await startHarness({ statusDelayMs: 10 });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await harness.close();
});

beforeEach(async () => {
  await truncateAll();
  await resetCampaignTables();
  await db.$executeRawUnsafe('TRUNCATE "AuditLog"');
  await fetch(`${harness.simulator.url}/sim/reset`, { method: "POST" });
});

/** Every later send to `to` is refused at once with this error (4xx + error object). */
async function refuseSendsTo(to: string, code: string, type = "ERROR_TYPE_FAILED_PRECONDITION") {
  const res = await fetch(`${harness.simulator.url}/sim/send-errors`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      to,
      code,
      type,
      status: 400,
      message: "customer opted out of marketing messages",
    }),
  });
  expect(res.status).toBe(200);
}

function otpSend(to: string) {
  return sendTemplateMessage(
    sendTemplateMessageSchema.parse({
      to,
      templateName: "otp_login",
      language: "en_US",
      parameters: [{ name: "body_1", value: "482913" }],
    }),
    null,
  );
}

async function waitForFailed(to: string) {
  return waitFor(
    `the message to ${to} to fail`,
    async () => {
      const m = await db.message.findFirst({
        where: { conversation: { contact: { phone: to } } },
        select: { id: true, status: true },
      });
      return m?.status === "FAILED" ? m : null;
    },
    10_000,
    25,
  );
}

async function optOutAudits() {
  return db.auditLog.findMany({
    where: { action: "contact.opted_out_by_connectly" },
    orderBy: { at: "asc" },
  });
}

describe("inbox: a failure at send time and one by webhook look the same", () => {
  it("marks the contact opted out either way, with one audit entry each", async () => {
    const syncPhone = uniquePhone();
    await refuseSendsTo(syncPhone, OPTED_OUT);
    const refused = await otpSend(syncPhone).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("UPSTREAM_REJECTED");

    // …92: accepted, then delivery_failed with the same code by webhook.
    const asyncPhone = uniquePhone().replace(/\d\d$/, "92");
    const accepted = await otpSend(asyncPhone);
    expect(["QUEUED", "SENT"]).toContain(accepted.status); // its "sent" webhook may already have landed

    const syncMessage = await getMessageDto((await waitForFailed(syncPhone)).id);
    const asyncMessage = await getMessageDto((await waitForFailed(asyncPhone)).id);
    for (const m of [syncMessage, asyncMessage]) {
      expect(m.status).toBe("FAILED");
      expect(m.error).toMatchObject({ code: OPTED_OUT, title: "Customer opted out", retryable: false });
    }
    expect(syncMessage.error?.action).toBe(asyncMessage.error?.action);

    // The webhook path marks the contact right after it applies the status (before it answers Connectly): wait for it.
    const optedOut = () =>
      db.contact.count({ where: { phone: { in: [syncPhone, asyncPhone] }, optedOut: true } });
    await waitFor("both contacts opted out", async () => (await optedOut()) === 2, 10_000, 25);
    expect(await optedOut()).toBe(2);
    const audits = await optOutAudits();
    expect(audits.map((a) => [a.targetLabel, (a.details as { via: string }).via]).sort()).toEqual(
      [
        [asyncPhone, "webhook"],
        [syncPhone, "send"],
      ].sort(),
    );
    expect(audits.every((a) => a.actorId === null && a.actorLabel === "Connectly")).toBe(true);
  });

  it("takes the delivery_failure spelling and an unknown ERROR_TYPE, and an agent's opt-in survives a redelivery", async () => {
    const phone = uniquePhone();
    const message = await otpSend(phone);
    const stored = await waitFor(
      "the upstream id",
      async () => (await db.message.findUnique({ where: { id: message.id } }))?.upstreamId,
      5000,
      25,
    );
    await waitFor("webhooks to drain", () => webhooksIdle(harness.simulator), 10_000);
    // Read already (the simulator's happy path); a late failure does not move it back, but the opt-out still counts.
    const body = {
      topic: "delivery_status",
      timestamp: unixSeconds(),
      sender: { id: "+14155550100", channelType: "whatsapp" },
      recipient: { id: phone, channelType: "whatsapp" },
      statusUpdate: {
        id: stored,
        status: "delivery_failure",
        error: {
          code: OPTED_OUT,
          type: "ERROR_TYPE_FAILED_PRECONDITION",
          message: "opted out",
          cntTraceId: "123",
        },
      },
    };
    const res = await POST(webhookRequest(body));
    expect(res.status).toBe(200);
    const event = await db.webhookEvent.findFirst({
      where: { upstreamId: stored, eventKey: { endsWith: ":delivery_failed" } },
    });
    expect(event).not.toBeNull();
    expect(event?.state).not.toBe("INVALID");
    const contact = await db.contact.findUniqueOrThrow({ where: { phone }, include: { conversation: true } });
    expect(contact.optedOut).toBe(true);

    // The agent switches it back (audited); Connectly redelivering the same event must not undo that.
    const agent = await createUser("AGENT");
    await updateContact(
      contact.conversation!.id,
      { optedOut: false, reason: "Customer asked again by phone" },
      agent,
    );
    expect((await POST(webhookRequest(body))).status).toBe(200);
    expect((await db.contact.findUniqueOrThrow({ where: { phone } })).optedOut).toBe(false);
    const changed = await db.auditLog.findFirst({
      where: { action: "contact.resubscribed", targetId: contact.id },
    });
    expect(changed?.details).toMatchObject({ reason: "Customer asked again by phone" });
  });

  it("a failure of an unknown type for a message still in flight fails it with the type in the cause", async () => {
    const phone = uniquePhone().replace(/\d\d$/, "96"); // stops at "sent"
    const message = await otpSend(phone);
    const upstreamId = await waitFor(
      "the upstream id",
      async () => (await db.message.findUnique({ where: { id: message.id } }))?.upstreamId,
      5000,
      25,
    );
    await waitFor(
      "the sent status",
      async () => (await db.message.findUnique({ where: { id: message.id } }))?.status === "SENT",
      5000,
      25,
    );
    const res = await POST(
      webhookRequest({
        topic: "delivery_status",
        timestamp: unixSeconds(),
        recipient: { id: phone, channelType: "whatsapp" },
        statusUpdate: {
          id: upstreamId,
          status: "DELIVERY_STATUS_DELIVERY_FAILED",
          error: { type: "ERROR_TYPE_SOMETHING_NEW", message: "new failure kind" },
        },
      }),
    );
    expect(res.status).toBe(200);
    const failed = await waitForFailed(phone);
    const dto = await getMessageDto(failed.id);
    expect(dto.error?.cause).toContain("ERROR_TYPE_SOMETHING_NEW");
  });
});

describe("campaigns: both timings in the recipient table and the failure analytics", () => {
  it("records sync and async opt-outs under the same code, and marks both contacts opted out", async () => {
    const syncPhone = testPhone(1, 10);
    const asyncPhone = testPhone(2, 92);
    const okPhone = testPhone(3, 20);
    await refuseSendsTo(syncPhone, OPTED_OUT);

    const draft = await createCampaign({ name: "Failures either way" }, null);
    await updateCampaign(draft.id, {
      templateName: "appointment_reminder",
      language: "en_US",
      ratePerSecond: 50,
    });
    await importCsvAudience(
      draft.id,
      { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING },
      csvStream(reminderCsv([syncPhone, asyncPhone, okPhone])),
    );
    await launchCampaign(draft.id, {});
    workers.push(await startCampaignWorker({ id: "failures-either-way", staleMs: 5000 }));
    await waitFor(
      "the campaign to complete",
      async () => (await db.campaign.findUnique({ where: { id: draft.id } }))?.status === "COMPLETED",
      20_000,
    );
    await waitFor("webhooks to drain", () => webhooksIdle(harness.simulator), 20_000);
    await waitFor(
      "both failures",
      async () =>
        (await db.campaignRecipient.count({ where: { campaignId: draft.id, state: "FAILED" } })) === 2,
      10_000,
    );

    const { recipients } = await listRecipients(draft.id, { state: "FAILED", limit: 50 });
    expect(recipients.map((r) => r.address).sort()).toEqual([syncPhone, asyncPhone].sort());
    for (const r of recipients)
      expect(r.error).toMatchObject({ code: OPTED_OUT, title: "Customer opted out", retryable: false });

    const breakdown = await waitFor(
      "the failure analytics",
      async () => {
        const b = await getFailureBreakdown(draft.id);
        return b.total === 2 ? b : null;
      },
      10_000,
    );
    expect(breakdown.byError).toHaveLength(1);
    expect(breakdown.byError[0]).toMatchObject({ count: 2 });

    await waitFor(
      "both contacts opted out",
      async () =>
        (await db.contact.count({ where: { phone: { in: [syncPhone, asyncPhone] }, optedOut: true } })) === 2,
      10_000,
    );
    expect(await db.contact.count({ where: { phone: okPhone, optedOut: true } })).toBe(0);
    const audits = await optOutAudits();
    const vias = audits.map((a) => (a.details as { via: string; campaignId: string }).via).sort();
    expect(vias).toEqual(["send", "webhook"]);
  });
});

describe("a send refused because the customer is known only by a BSUID (strict profile, [GB])", () => {
  it("explains it as 'customer without a phone number', not as an unrecognised error, and does not offer a retry", async () => {
    const bsuid = `US.${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const refused = await sendTemplateMessage(
      sendTemplateMessageSchema.parse({
        to: bsuid,
        templateName: "otp_login",
        language: "en_US",
        parameters: [{ name: "body_1", value: "482913" }],
      }),
      null,
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toMatch(
      /^Customer without a phone number\. Ask your Connectly account manager/,
    );

    const message = await db.message.findFirstOrThrow({
      where: { conversation: { contact: { bsuid } } },
      select: { id: true },
    });
    const dto = await getMessageDto(message.id);
    expect(dto.status).toBe("FAILED");
    expect(dto.error).toMatchObject({ code: "BSUID_SENDS_NOT_ENABLED", retryable: false, kind: "account" });
  });

  it("a phone customer refused with the same generic 400 keeps the generic explanation", async () => {
    const phone = uniquePhone();
    await refuseSendsTo(phone, "ERROR_CODE_UNSPECIFIED", "ERROR_TYPE_INVALID_REQUEST");
    await expect(otpSend(phone)).rejects.toBeInstanceOf(AppError);
    const failed = await waitForFailed(phone);
    const code = (await getMessageDto(failed.id)).error?.code;
    expect(code).toMatch(/^ERROR_(CODE_UNSPECIFIED|TYPE_INVALID_REQUEST)$/);
  });
});
