import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { startCampaignWorker } from "../../lib/campaigns/engine/campaign-worker";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { getCampaignDetail } from "../../lib/campaigns/read-models";
import { retryFailedRecipients } from "../../lib/campaigns/retry-failed-recipients";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import {
  busiestSecond,
  csvStream,
  expectedState,
  recipientIdOf,
  REMINDER_MAPPING,
  reminderCsv,
  campaignSuite,
  simSent,
  testPhone,
  waitFor,
  webhooksIdle,
} from "./campaign-helpers";

// A 2,000-recipient campaign end to end over real HTTP: two workers in this process share it, the simulator
// answers and posts signed webhooks back through the real route. Every recipient must end in the state the
// simulator's rules dictate, and no recipient may appear twice upstream.

const { harness, workers } = campaignSuite({ statusDelayMs: 20 });

const ENDINGS = [10, 20, 91, 92, 93, 94, 95, 96, 30, 40];

describe("a 2,000-recipient campaign", () => {
  let campaignId: string;
  let phones: string[];

  it("sends every recipient exactly once, paced, and settles each in its final state", async () => {
    phones = Array.from({ length: 2000 }, (_, i) => testPhone(i, ENDINGS[i % ENDINGS.length]));
    const draft = await createCampaign({ name: "Engine 2k" }, null);
    campaignId = draft.id;
    await updateCampaign(campaignId, {
      templateName: "appointment_reminder",
      language: "en_US",
      ratePerSecond: 1000,
    });
    const imported = await importCsvAudience(
      campaignId,
      { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING },
      csvStream(reminderCsv(phones)),
    );
    expect(imported).toMatchObject({ totalRows: 2000, acceptedRows: 2000, rejectedRows: 0 });

    await launchCampaign(campaignId, {});
    workers.push(
      await startCampaignWorker({ id: "engine-a", staleMs: 5000 }),
      await startCampaignWorker({ id: "engine-b", staleMs: 5000 }),
    );

    // Generous limits: on a loaded machine the ~4,000 webhooks take a while; normally this is ~10 s in all.
    await waitFor(
      "the campaign to complete",
      async () => (await db.campaign.findUnique({ where: { id: campaignId } }))?.status === "COMPLETED",
      40_000,
    );
    await waitFor("webhooks to drain", () => webhooksIdle(harness.simulator), 40_000);

    const sent = await simSent(harness.simulator, campaignId);
    const ids = sent.map(recipientIdOf);
    expect(new Set(ids).size).toBe(ids.length); // no duplicate send
    expect(ids.length).toBe(2000); // and nobody missing

    // Both workers took part, and together they kept to the configured rate.
    const byWorker = await db.campaignRecipient.groupBy({
      by: ["workerId"],
      where: { campaignId },
      _count: { _all: true },
    });
    expect(byWorker.map((g) => g.workerId).sort()).toEqual(["engine-a", "engine-b"]);
    const times = sent.map((r) => Date.parse(r.receivedAt)).sort((a, b) => a - b);
    const seconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    // Two workers share one pacing clock: 2,000 at 1,000/s takes 2 s, less at most one catch-up burst (80 ms).
    expect(seconds).toBeGreaterThan(2 - 0.35);
    // And at no point faster: no one-second window (as Connectly received them) holds more than the rate + 10 %.
    const busiest = busiestSecond(times);
    console.log(`pacing: busiest one-second window ${busiest} sends at a configured 1,000/s`);
    expect(busiest, "sends in the busiest one-second window, configured 1,000/s").toBeLessThanOrEqual(1100);

    const body = sent[0]?.body ?? {};
    expect(body).toMatchObject({
      templateName: "appointment_reminder",
      language: "en_US",
      campaignName: "Engine 2k",
    });
    expect(Buffer.byteLength(JSON.stringify(body.callbackData))).toBeLessThanOrEqual(1024);

    const recipients = await db.campaignRecipient.findMany({ where: { campaignId } });
    const mismatches = recipients.filter((r) => {
      const expected = expectedState(r.phone ?? "");
      return r.state !== expected.state || (expected.code !== undefined && r.errorCode !== expected.code);
    });
    expect(mismatches.map((r) => `${r.phone} ${r.state} ${r.errorCode}`)).toEqual([]);
    // Stage timestamps and the message id are kept for analytics.
    const read = recipients.find((r) => r.state === "READ");
    expect(read?.upstreamId).toMatch(/^[0-9A-Z]{26}$/);
    expect(read?.sentAt && read.deliveredAt && read.readAt && read.acceptedAt && read.sendingAt).toBeTruthy();
    expect(read?.country).toBe("US");

    // WhatsApp said …92 opted out: those contacts are now suppressed for the next campaign.
    const optedOut = await db.contact.count({ where: { optedOut: true } });
    expect(optedOut).toBe(phones.filter((p) => p.endsWith("92")).length);

    // Counters: the detail's live count and the list's snapshot agree with the rows.
    await waitFor(
      "the stats snapshot",
      async () => {
        const row = await db.campaign.findUnique({
          where: { id: campaignId },
          select: { stats: true, statsDirty: true },
        });
        return (
          !row?.statsDirty && (row?.stats as { byState?: { READ?: number } } | null)?.byState?.READ === 800
        );
      },
      40_000,
    ); // the worker recounts asynchronously; a loaded 2-core machine needs the headroom
    const detail = await getCampaignDetail(campaignId);
    expect(detail.counts.byState).toMatchObject({
      READ: 800,
      DELIVERED: 200,
      SENT: 200,
      FAILED: 800,
      PENDING: 0,
      SENDING: 0,
      UNKNOWN: 0,
    });
    expect(detail.retryable).toBe(200); // only …94 (transient) of the 800 failures
    expect(detail.failures.find((f) => f.code === "ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT")).toMatchObject({
      count: 200,
      retryable: false,
    });
  }, 90_000);

  it("retries only the retryable failures, as one linked run", async () => {
    const retry = await retryFailedRecipients(campaignId, {}, null);
    expect(retry.parentId).toBe(campaignId);
    expect(retry.counts.total).toBe(200);
    await expect(retryFailedRecipients(campaignId, {}, null)).rejects.toMatchObject({ code: "CONFLICT" });

    await waitFor(
      "the retry run to complete",
      async () => (await db.campaign.findUnique({ where: { id: retry.id } }))?.status === "COMPLETED",
      10_000,
    );
    const resent = await simSent(harness.simulator, retry.id);
    expect(resent.length).toBe(200);
    expect(resent.every((r) => String(r.body.number).endsWith("94"))).toBe(true);
    expect(new Set(resent.map(recipientIdOf)).size).toBe(200);
  }, 20_000);
});
