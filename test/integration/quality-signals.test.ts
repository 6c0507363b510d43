import { afterAll, beforeEach, describe, expect, it } from "vitest";
import * as qualityRoute from "../../app/api/senders/quality/route";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { getCampaignDetail } from "../../lib/campaigns/read-models";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import { db } from "../../lib/db";
import { syncQualitySignals } from "../../lib/quality/sync-quality-signals";
import type { SenderQualityDto } from "../../lib/quality/list-sender-quality";
import {
  csvStream,
  REMINDER_MAPPING,
  reminderCsv,
  campaignSuite,
  simSent,
  testPhone,
  waitFor,
} from "./campaign-helpers";
import { createUser, ctx, json, request, sessionCookie } from "./security-helpers";

// Quality signals (§9.1) through the simulator over real HTTP: read and stored per sender, shown to campaign
// managers, and a running campaign pauses itself (reason on the campaign, audit entry) when its sender reads LOW.

const BUSINESS_NUMBER = "+14155550100";

const { harness } = campaignSuite({ statusDelayMs: 20 }, { id: "quality-worker", staleMs: 5000 });

afterAll(async () => {
  await db.senderQuality.deleteMany();
});

beforeEach(async () => {
  await fetch(`${harness.simulator.url}/sim/reset`, { method: "POST" });
  await db.senderQuality.deleteMany();
});

async function setQuality(body: Record<string, unknown>) {
  const res = await fetch(`${harness.simulator.url}/sim/quality`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("quality signals", () => {
  it("are read, stored per sender, and listed with the tier's limit", async () => {
    expect(
      (await setQuality({ phoneNumber: "+14155550101", qualityScore: "MEDIUM", messagesLimitTier: "1K" }))
        .status,
    ).toBe(200);
    expect((await setQuality({ qualityScore: "SO-SO" })).status).toBe(400);
    const round = await syncQualitySignals();
    expect(round.acquired).toBe(true);
    expect(round.signals.map((s) => s.phoneNumber).sort()).toEqual([BUSINESS_NUMBER, "+14155550101"]);

    const manager = await sessionCookie(await createUser("CAMPAIGN_MANAGER"));
    const listed = await json<{ senders: SenderQualityDto[] }>(
      await qualityRoute.GET(request("/api/senders/quality", { cookie: manager }), ctx()),
    );
    expect(listed.status).toBe(200);
    expect(listed.body.senders.map((s) => [s.phoneNumber, s.quality, s.tierLimit, s.tierLabel])).toEqual([
      [BUSINESS_NUMBER, "HIGH", 10_000, "10,000 customers / 24 h"],
      ["+14155550101", "MEDIUM", 1000, "1,000 customers / 24 h"],
    ]);
    const agent = await sessionCookie(await createUser("AGENT"));
    expect((await qualityRoute.GET(request("/api/senders/quality", { cookie: agent }), ctx())).status).toBe(
      403,
    );
  });

  it("pauses a running campaign of a sender whose quality drops to low, with the reason and an audit entry", async () => {
    const phones = Array.from({ length: 300 }, (_, i) => testPhone(9000 + i, 10));
    const { id } = await createCampaign({ name: "Quality drop" }, null);
    await updateCampaign(id, { templateName: "appointment_reminder", language: "en_US", ratePerSecond: 40 });
    await importCsvAudience(
      id,
      { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING },
      csvStream(reminderCsv(phones)),
    );
    await syncQualitySignals();
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");
    await launchCampaign(id, {});
    await waitFor(
      "sending to start",
      async () => (await simSent(harness.simulator, id)).length >= 20,
      10_000,
      50,
    );

    // MEDIUM: nothing happens.
    await setQuality({ qualityScore: "MEDIUM" });
    expect((await syncQualitySignals()).paused).toEqual([]);
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).status).toBe("RUNNING");

    await setQuality({ qualityScore: "LOW" });
    const round = await syncQualitySignals();
    expect(round.paused).toEqual([id]);
    const detail = await getCampaignDetail(id);
    expect(detail.status).toBe("PAUSED");
    expect(detail.pausedReason).toMatchObject({
      code: "SENDER_QUALITY_LOW",
      title: expect.stringMatching(/quality dropped to low/),
    });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: "campaign.paused_for_quality", targetId: id },
    });
    expect(audit.details).toMatchObject({
      sender: BUSINESS_NUMBER,
      qualityScore: "WHATS_APP_QUALITY_SCORE_LOW",
    });
    // Sending stopped: nothing more goes out a second later.
    await new Promise((r) => setTimeout(r, 1000));
    const after = (await simSent(harness.simulator, id)).length;
    await new Promise((r) => setTimeout(r, 600));
    expect((await simSent(harness.simulator, id)).length).toBe(after);
    expect(after).toBeLessThan(300);
    // A second round does not pause (or audit) it again.
    expect((await syncQualitySignals()).paused).toEqual([]);
  });

  it("pauses a running campaign when more than the configured share of recent sends fail on messaging limits", async () => {
    // Every third number ends in 93: the simulator fails it by webhook with ERROR_CODE_BUSINESS_REACHED_LIMITS.
    const phones = Array.from({ length: 240 }, (_, i) => testPhone(20_000 + i, i % 3 === 0 ? 93 : 10));
    const { id } = await createCampaign({ name: "Limit failures" }, null);
    await updateCampaign(id, { templateName: "appointment_reminder", language: "en_US", ratePerSecond: 20 });
    await importCsvAudience(
      id,
      { delimiter: ",", addressColumn: "phone", defaultCountry: null, variables: REMINDER_MAPPING },
      csvStream(reminderCsv(phones)),
    );
    await launchCampaign(id, {});
    await waitFor(
      "limit failures to settle",
      async () => (await db.campaignRecipient.count({ where: { campaignId: id, state: "FAILED" } })) >= 10,
      15_000,
      100,
    );
    const round = await syncQualitySignals();
    expect(round.paused).toEqual([id]);
    const detail = await getCampaignDetail(id);
    expect(detail.status).toBe("PAUSED");
    expect(detail.pausedReason).toMatchObject({ code: "LIMIT_FAILURES_HIGH" });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: "campaign.paused_for_limits", targetId: id },
    });
    expect(audit.details).toMatchObject({ thresholdPercent: 10 });
    expect((audit.details as { limited: number }).limited).toBeGreaterThanOrEqual(10);
  });
});
