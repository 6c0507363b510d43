import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_AUTOMATION_SETTINGS, type CampaignPolicies } from "../../lib/automation/schemas";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { startCampaignWorker, type CampaignWorker } from "../../lib/campaigns/engine/campaign-worker";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { campaignPolicySummary } from "../../lib/campaigns/policies/policy-summary";
import { getCampaignDetail, listRecipients } from "../../lib/campaigns/read-models";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import { db } from "../../lib/db";
import {
  csvStream,
  REMINDER_MAPPING,
  reminderCsv,
  campaignSuite,
  resetCampaignTables,
  simSent,
  testPhone,
  waitFor,
} from "./campaign-helpers";

// Campaign send policies against a real worker with an injected clock: quiet hours hold recipients by their local
// time and release them at the right local hour, the per-contact cap holds across two campaigns, and Meta's
// per-user marketing limit (131049, the simulator's …97 numbers) is never retried at once — once after the delay
// when the policy is on.

const { harness } = campaignSuite({ statusDelayMs: 10 });
let worker: CampaignWorker | null = null;
let clock = new Date();
beforeEach(async () => {
  await resetCampaignTables();
  await db.automationSettings.deleteMany();
  await fetch(`${harness.simulator.url}/sim/reset`, { method: "POST" });
  clock = new Date();
  worker = await startCampaignWorker({
    id: `policies-${Date.now()}`,
    staleMs: 5000,
    now: () => clock,
    heldPollMs: 100,
  });
});
afterEach(async () => {
  await worker?.stop();
  worker = null;
});

async function setPolicies(change: Partial<CampaignPolicies>) {
  const config = {
    ...DEFAULT_AUTOMATION_SETTINGS,
    campaignPolicies: { ...DEFAULT_AUTOMATION_SETTINGS.campaignPolicies, ...change },
  };
  await db.automationSettings.upsert({
    where: { id: "workspace" },
    create: { id: "workspace", config },
    update: { config },
  });
}

async function draft(name: string, phones: string[], category: "MARKETING" | null = null) {
  const { id } = await createCampaign({ name }, null);
  await updateCampaign(id, { templateName: "appointment_reminder", language: "en_US", ratePerSecond: 50 });
  // The cap counts marketing templates only; the simulator's reminder template is a utility one, so the test says so.
  if (category) await db.campaign.update({ where: { id }, data: { templateCategory: category } });
  await importCsvAudience(
    id,
    { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING },
    csvStream(reminderCsv(phones)),
  );
  return id;
}

const status = async (id: string) => (await db.campaign.findUniqueOrThrow({ where: { id } })).status;
const sentTo = async (id: string) => (await simSent(harness.simulator, id)).map((r) => String(r.body.number));
const spanish = (i: number) => `+3461234${String(i).padStart(2, "0")}10`;

describe("quiet hours", () => {
  it("hold recipients inside the quiet hours of their own zone and release them at the local end, not before", async () => {
    await setPolicies({ quietHours: { enabled: true, start: "21:00", end: "08:00" } });
    // 21:30 UTC on a winter day: 22:30 in Madrid (quiet), 13:30 in San Francisco (the +1 415 numbers' country, US →
    // America/New_York: 16:30, not quiet).
    clock = new Date("2026-01-15T21:30:00Z");
    const us = [0, 1, 2].map((i) => testPhone(9000 + i));
    const es = [1, 2, 3, 4].map(spanish);
    const id = await draft("Quiet", [...us, ...es]);

    // The review step before launch (getCampaignDetail's policy summary, here at the injected clock): four recipients in quiet hours, released at 08:00 Madrid = 07:00 UTC.
    const review = await campaignPolicySummary(id, clock);
    expect(review.inQuietHoursNow).toBe(4);
    expect(review.quietGroups).toEqual([
      { timeZone: "Europe/Madrid", count: 4, releaseAt: "2026-01-16T07:00:00.000Z" },
    ]);

    await launchCampaign(id, {});
    await waitFor("the US recipients", async () => (await sentTo(id)).length === 3, 10_000);
    const held = await db.campaignRecipient.findMany({
      where: { campaignId: id, state: "PENDING" },
      orderBy: { seq: "asc" },
    });
    expect(held.map((r) => [r.phone, r.heldReason, r.notBefore?.toISOString()])).toEqual(
      es.map((p) => [p, "QUIET_HOURS", "2026-01-16T07:00:00.000Z"]),
    );
    const progress = await campaignPolicySummary(id, clock);
    expect(progress).toMatchObject({
      heldForQuietHours: 4,
      nextQuietRelease: "2026-01-16T07:00:00.000Z",
      inQuietHoursNow: 0,
    });
    const listed = (await listRecipients(id, { limit: 50 })).recipients.filter((r) => r.state === "PENDING");
    expect(
      listed.every((r) => r.heldReason === "QUIET_HOURS" && r.notBefore === "2026-01-16T07:00:00.000Z"),
    ).toBe(true);

    // A minute before 08:00 in Madrid: still held (the worker looks again every 100 ms meanwhile).
    clock = new Date("2026-01-16T06:59:00Z");
    await new Promise((r) => setTimeout(r, 800));
    expect(await sentTo(id)).toHaveLength(3);
    expect(await status(id)).toBe("RUNNING");

    clock = new Date("2026-01-16T07:00:30Z");
    await waitFor("the Spanish recipients", async () => (await sentTo(id)).length === 7, 10_000);
    expect((await sentTo(id)).slice(3).sort()).toEqual([...es].sort());
    await waitFor("completion", async () => (await status(id)) === "COMPLETED", 10_000);
  }, 30_000);
});

describe("per-contact cap", () => {
  it("suppresses a contact who already got a marketing message from another campaign in the period, with the reason", async () => {
    await setPolicies({ contactCap: { enabled: true, maxMessages: 1, windowHours: 24 } });
    const phones = [0, 1, 2, 3, 4, 5].map((i) => testPhone(9100 + i));
    const first = await draft("Promo A", phones.slice(0, 4), "MARKETING");
    await launchCampaign(first, {});
    await waitFor("campaign A", async () => (await status(first)) === "COMPLETED", 10_000);
    expect(await sentTo(first)).toHaveLength(4);

    // B overlaps A on phones 2 and 3; a utility campaign is not capped.
    const second = await draft("Promo B", phones.slice(2), "MARKETING");
    const utility = await draft("Reminder", phones.slice(0, 2));
    await launchCampaign(second, {});
    await launchCampaign(utility, {});
    await waitFor("campaign B", async () => (await status(second)) === "COMPLETED", 10_000);
    await waitFor("the reminder", async () => (await status(utility)) === "COMPLETED", 10_000);

    expect((await sentTo(second)).sort()).toEqual([phones[4], phones[5]].sort());
    expect(await sentTo(utility)).toHaveLength(2);
    const skipped = await db.campaignRecipient.findMany({
      where: { campaignId: second, state: "SKIPPED" },
      orderBy: { seq: "asc" },
    });
    expect(skipped.map((r) => [r.phone, r.skipReason])).toEqual([
      [phones[2], "PER_CONTACT_CAP"],
      [phones[3], "PER_CONTACT_CAP"],
    ]);
    const detail = await getCampaignDetail(second);
    expect(detail.skipped).toEqual([
      { reason: "PER_CONTACT_CAP", label: expect.stringContaining("Per-contact cap") as string, count: 2 },
    ]);

    // A day later the same contacts may get a marketing message again.
    clock = new Date(Date.now() + 25 * 3_600_000);
    const third = await draft("Promo C", phones.slice(2, 3), "MARKETING");
    await launchCampaign(third, {});
    await waitFor("campaign C", async () => (await status(third)) === "COMPLETED", 10_000);
    expect(await sentTo(third)).toEqual([phones[2]]);
  }, 40_000);
});

describe("Meta's per-user marketing limit (131049)", () => {
  it("is not retried by default", async () => {
    const limited = testPhone(9200, 97);
    const id = await draft("Limit off", [limited, testPhone(9201)]);
    await launchCampaign(id, {});
    await waitFor(
      "the failure",
      async () =>
        (await db.campaignRecipient.findFirst({
          where: { campaignId: id, phone: limited, state: "FAILED" },
        })) !== null,
      10_000,
    );
    await waitFor("completion", async () => (await status(id)) === "COMPLETED", 10_000);
    await new Promise((r) => setTimeout(r, 1500)); // a few maintenance rounds
    const row = await db.campaignRecipient.findFirstOrThrow({ where: { campaignId: id, phone: limited } });
    expect([row.state, row.errorCode, row.limitRetries]).toEqual(["FAILED", "131049", 0]);
    expect((await sentTo(id)).filter((n) => n === limited)).toHaveLength(1);
  }, 20_000);

  it("with the retry policy on, is retried once after the delay, never at once", async () => {
    await setPolicies({ limitRetry: { enabled: true, delayHours: 6 } });
    const limited = testPhone(9300, 97);
    const id = await draft("Limit retry", [limited, testPhone(9301)]);
    await launchCampaign(id, {});
    const held = await waitFor(
      "the retry to be scheduled",
      async () =>
        db.campaignRecipient.findFirst({
          where: { campaignId: id, phone: limited, state: "PENDING", heldReason: "LIMIT_RETRY" },
        }),
      10_000,
    );
    // failedAt comes from the webhook (real time); the retry waits 6 hours from it.
    expect(held.notBefore!.getTime() - Date.now()).toBeGreaterThan(5.9 * 3_600_000);
    expect(held.limitRetries).toBe(1);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await sentTo(id)).filter((n) => n === limited)).toHaveLength(1);
    expect(await status(id)).toBe("RUNNING");
    expect((await getCampaignDetail(id)).policy).toMatchObject({ retryScheduled: 1 });

    clock = new Date(held.notBefore!.getTime() + 1000);
    await waitFor(
      "the retry",
      async () => (await sentTo(id)).filter((n) => n === limited).length === 2,
      10_000,
    );
    // The simulator refuses it again: it stays failed this time (one retry only) and the campaign completes.
    await waitFor("completion", async () => (await status(id)) === "COMPLETED", 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    const row = await db.campaignRecipient.findFirstOrThrow({ where: { campaignId: id, phone: limited } });
    expect([row.state, row.errorCode, row.limitRetries]).toEqual(["FAILED", "131049", 1]);
    expect((await sentTo(id)).filter((n) => n === limited)).toHaveLength(2);
  }, 30_000);
});
