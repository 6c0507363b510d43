import { beforeEach, describe, expect, it } from "vitest";
import { POST as webhookPOST } from "../../app/api/webhooks/connectly/route";
import { db } from "../../lib/db";
import { campaignCallbackData } from "../../lib/campaigns/callback-data";
import { controlCampaign } from "../../lib/campaigns/control-campaign";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { getCampaignDetail } from "../../lib/campaigns/read-models";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import { unixSeconds, webhookRequest } from "./helpers";
import {
  csvStream,
  REMINDER_MAPPING,
  reminderCsv,
  campaignSuite,
  simSent,
  testPhone,
  waitFor,
} from "./campaign-helpers";

// Pause, resume and cancel against a running worker; opt-outs at send time; and the webhook hook's ordering
// and duplicate rules for campaign recipients.

const { harness } = campaignSuite({ statusDelayMs: 20 }, { id: "control-worker", staleMs: 5000 });

beforeEach(async () => {
  await fetch(`${harness.simulator.url}/sim/reset`, { method: "POST" });
});

let offset = 0;
async function draftWith(count: number, rate: number, name: string) {
  const phones = Array.from({ length: count }, (_, i) => testPhone(offset + i, 10));
  offset += count;
  const { id } = await createCampaign({ name }, null);
  await updateCampaign(id, { templateName: "appointment_reminder", language: "en_US", ratePerSecond: rate });
  await importCsvAudience(
    id,
    { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING },
    csvStream(reminderCsv(phones)),
  );
  return { id, phones };
}

const sentCount = async (campaignId: string) => (await simSent(harness.simulator, campaignId)).length;
const status = async (campaignId: string) =>
  (await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status;

describe("pause, resume, cancel", () => {
  it("pause stops sending within a second, resume picks up where it left, cancel skips the rest", async () => {
    const { id } = await draftWith(400, 100, "Controls");
    await launchCampaign(id, {});
    await waitFor("sending to start", async () => (await sentCount(id)) >= 50, 10_000, 50);

    const pausedAt = Date.now();
    await controlCampaign(id, { action: "pause" });
    // In flight may still land; after a second nothing more goes out.
    await new Promise((r) => setTimeout(r, 1000));
    const afterPause = await sentCount(id);
    await new Promise((r) => setTimeout(r, 700));
    expect(await sentCount(id)).toBe(afterPause);
    expect(afterPause).toBeLessThan(400);
    const lastSend = Math.max(...(await simSent(harness.simulator, id)).map((r) => Date.parse(r.receivedAt)));
    expect(lastSend - pausedAt).toBeLessThan(1000);
    // Claimed-but-unsent recipients went back to the queue.
    const detail = await getCampaignDetail(id);
    expect(detail.counts.byState.SENDING).toBe(0);
    expect(detail.counts.byState.PENDING).toBe(400 - afterPause);

    await controlCampaign(id, { action: "resume" });
    await waitFor("sending to resume", async () => (await sentCount(id)) >= afterPause + 50, 10_000, 50);
    await controlCampaign(id, { action: "cancel" });
    await new Promise((r) => setTimeout(r, 1000));
    const afterCancel = await sentCount(id);
    await new Promise((r) => setTimeout(r, 500));
    expect(await sentCount(id)).toBe(afterCancel);
    expect(await status(id)).toBe("CANCELLED");

    const recipients = await db.campaignRecipient.groupBy({
      by: ["state", "skipReason"],
      where: { campaignId: id },
      _count: { _all: true },
    });
    const skipped = recipients.find((g) => g.state === "SKIPPED")?._count._all ?? 0;
    expect(recipients.find((g) => g.state === "SKIPPED")?.skipReason).toBe("CANCELLED");
    expect(recipients.some((g) => g.state === "PENDING" || g.state === "SENDING")).toBe(false);
    expect(skipped + afterCancel).toBe(400); // every recipient either sent once or skipped
    await expect(controlCampaign(id, { action: "resume" })).rejects.toMatchObject({ code: "CONFLICT" });
  }, 20_000);
});

describe("opt-outs", () => {
  it("skips a contact who opted out after the import, and a STOP reply opts a customer out", async () => {
    const { id, phones } = await draftWith(20, 200, "Opt-outs");
    const [stopper, writer] = [phones[3]!, phones[7]!];
    // One customer replies STOP (through the simulator, as a real inbound webhook) after the import.
    const res = await fetch(`${harness.simulator.url}/sim/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: stopper, text: " Stop! " }),
    });
    expect(res.ok).toBe(true);
    await fetch(`${harness.simulator.url}/sim/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: writer, text: "stop sending me the wrong size" }),
    });
    expect((await db.contact.findUniqueOrThrow({ where: { phone: stopper } })).optedOut).toBe(true);
    expect((await db.contact.findUniqueOrThrow({ where: { phone: writer } })).optedOut).toBe(false);

    await launchCampaign(id, {});
    await waitFor("completion", async () => (await status(id)) === "COMPLETED", 10_000);
    const skipped = await db.campaignRecipient.findMany({ where: { campaignId: id, state: "SKIPPED" } });
    expect(skipped.map((r) => [r.phone, r.skipReason])).toEqual([[stopper, "OPTED_OUT"]]);
    const sent = await simSent(harness.simulator, id);
    expect(sent.length).toBe(19);
    expect(sent.some((r) => r.body.number === stopper)).toBe(false);
  }, 15_000);
});

describe("delivery webhooks for campaign recipients", () => {
  it("apply out of order and duplicated without moving backwards or double counting", async () => {
    const { id } = await draftWith(1, 10, "Webhook ordering");
    const recipient = await db.campaignRecipient.findFirstOrThrow({ where: { campaignId: id } });
    // Launched but never picked up: the webhooks alone drive it (as after a worker crash).
    await db.campaign.update({ where: { id }, data: { status: "PAUSED" } });
    const upstreamId = "01JCAMPAIGNHOOKTEST0000001";
    const event = (status: string, at: number, error?: object) => ({
      topic: "delivery_status",
      timestamp: unixSeconds(new Date(at)),
      sender: { id: "+14155550100", channelType: "whatsapp" },
      recipient: { id: recipient.phone, channelType: "whatsapp" },
      statusUpdate: {
        id: upstreamId,
        status,
        error: error ?? null,
        metadata: { campaignName: "Webhook ordering" },
      },
      callbackData: campaignCallbackData({ campaignId: id, recipientId: recipient.id }),
    });
    const post = async (body: object) => (await webhookPOST(webhookRequest(body))).status;
    const t = Date.now() - 60_000;

    expect(await post(event("read", t + 3000))).toBe(200);
    expect(await post(event("delivered", t + 2000))).toBe(200);
    expect(await post(event("read", t + 3000))).toBe(200); // duplicate
    expect(
      await post(event("delivery_failed", t + 2500, { code: "ERROR_CODE_UNSPECIFIED", message: "late" })),
    ).toBe(200);
    expect(await post(event("sent", t + 1000))).toBe(200);

    const row = await db.campaignRecipient.findUniqueOrThrow({ where: { id: recipient.id } });
    expect(row).toMatchObject({ state: "READ", upstreamId, errorCode: null });
    expect(row.sentAt?.getTime()).toBe(Math.floor((t + 1000) / 1000) * 1000);
    expect(row.deliveredAt?.getTime()).toBe(Math.floor((t + 2000) / 1000) * 1000);
    expect(row.readAt?.getTime()).toBe(Math.floor((t + 3000) / 1000) * 1000);
    const detail = await getCampaignDetail(id);
    expect(detail.counts.total).toBe(1);
    expect(detail.counts.byState.READ).toBe(1);
    // Stored raw and deduplicated like every webhook; the inbox got no message for it.
    expect(await db.webhookEvent.count({ where: { upstreamId } })).toBe(4);
    expect(await db.message.count({ where: { upstreamId } })).toBe(0);
    // The list's snapshot catches up (the worker recounts campaigns a webhook touched).
    await waitFor(
      "the snapshot",
      async () => {
        const c = await db.campaign.findUniqueOrThrow({ where: { id }, select: { stats: true } });
        return (c.stats as { byState?: { READ?: number } } | null)?.byState?.READ === 1;
      },
      5000,
    );

    // A quoted reply echoes the callbackData: the recipient counts as replied.
    await fetch(`${harness.simulator.url}/sim/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        from: recipient.phone,
        text: "Yes, see you then",
        callbackData: campaignCallbackData({ campaignId: id, recipientId: recipient.id }),
      }),
    });
    expect(
      (await db.campaignRecipient.findUniqueOrThrow({ where: { id: recipient.id } })).repliedAt,
    ).not.toBeNull();
    expect((await getCampaignDetail(id)).counts.replied).toBe(1);
  });
});
