import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { db } from "../../lib/db";
import { controlCampaign } from "../../lib/campaigns/control-campaign";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { startCampaignWorker, type CampaignWorker } from "../../lib/campaigns/engine/campaign-worker";
import { importContactsAudience } from "../../lib/campaigns/import-contacts-audience";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import { launchCampaign } from "../../lib/campaigns/launch-campaign";
import { getCampaignDetail } from "../../lib/campaigns/read-models";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import {
  csvStream,
  expectedState,
  resetCampaignTables,
  startHarness,
  testPhone,
  waitFor,
  type Harness,
} from "./campaign-helpers";

// Flow campaigns end to end over real HTTP: the worker sends chunked send/campaigns requests to the simulator,
// which answers per entry and posts the flow messages' statuses (named by the flow) back through the real route.

type FlowRequest = {
  endpoint: string;
  body: {
    entries: {
      client: string;
      campaignName: string;
      campaignVersion?: string;
      variables?: Record<string, string>;
      scheduledAt?: string;
    }[];
  };
  receivedAt: string;
};

let harness: Harness;
let worker: CampaignWorker | null = null;
const CHUNK = 7;

async function sim(path: string, body?: unknown) {
  const res = await fetch(`${harness.simulator.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

async function flowRequests(flowName: string): Promise<FlowRequest[]> {
  const { requests } = (await sim("/sim/sent")) as { requests: FlowRequest[] };
  return requests.filter(
    (r) => r.endpoint === "campaigns" && r.body.entries.some((e) => e.campaignName === flowName),
  );
}

async function flowCampaign(
  name: string,
  flowName: string,
  csv: string,
  extra: { scheduledAtColumn?: string; ratePerSecond?: number } = {},
) {
  const draft = await createCampaign({ name, kind: "FLOW" }, null);
  await updateCampaign(draft.id, {
    flowName,
    flowVariables: ["first_name", "plan"],
    ratePerSecond: extra.ratePerSecond ?? 200,
  });
  const imported = await importCsvAudience(
    draft.id,
    {
      delimiter: ",",
      addressColumn: "phone",
      defaultCountry: null,
      variables: { first_name: { kind: "column", column: "name" }, plan: { kind: "fixed", value: "Gold" } },
      ...(extra.scheduledAtColumn ? { scheduledAtColumn: extra.scheduledAtColumn } : {}),
    },
    csvStream(csv),
  );
  return { id: draft.id, imported };
}

beforeAll(async () => {
  await resetCampaignTables();
  harness = await startHarness({ statusDelayMs: 20 });
  await sim("/sim/flows", { name: "spring_promo", messages: 2, variables: ["first_name"] });
  worker = await startCampaignWorker({ id: "flows-worker", staleMs: 5000, flowChunkSize: CHUNK });
});

afterAll(async () => {
  await worker?.stop();
  await harness.close();
});

describe("a flow campaign", () => {
  it("starts the flow once per recipient in chunked requests, stores each entry's result, and settles recipients from the flow's statuses", async () => {
    // …81 is refused per entry at send time (strict profile); …91/…92 fail by webhook; …95 stops at delivered.
    const endings = [10, 20, 81, 91, 92, 95, 30, 40, 50, 60];
    const phones = Array.from({ length: 40 }, (_, i) => testPhone(i, endings[i % endings.length]));
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const csv = [
      "phone,name,start",
      ...phones.map(
        (p, i) => `${p},Customer ${i},${i === 0 ? future : i === 1 ? "2020-01-01T00:00:00Z" : ""}`,
      ),
    ].join("\n");
    const { id, imported } = await flowCampaign("Spring flow", "spring_promo", csv, {
      scheduledAtColumn: "start",
    });
    expect(imported).toMatchObject({ totalRows: 40, acceptedRows: 40, rejectedRows: 0 });
    await launchCampaign(id, {});

    await waitFor(
      "the flow campaign to complete",
      async () => (await db.campaign.findUnique({ where: { id } }))?.status === "COMPLETED",
      30_000,
    );

    const requests = await flowRequests("spring_promo");
    expect(requests.length).toBeGreaterThanOrEqual(Math.ceil(40 / CHUNK));
    for (const r of requests) expect(r.body.entries.length).toBeLessThanOrEqual(CHUNK);
    const clients = requests.flatMap((r) => r.body.entries.map((e) => e.client));
    expect(clients.sort()).toEqual([...phones].sort()); // each exactly once, nobody missing
    const entries = requests.flatMap((r) => r.body.entries);
    const first = entries.find((e) => e.client === phones[0]);
    expect(first).toMatchObject({
      campaignName: "spring_promo",
      variables: { first_name: "Customer 0", plan: "Gold" },
      scheduledAt: future.replace(/\.\d{3}Z$/, "Z"),
    });
    expect(first?.campaignVersion).toBeUndefined();
    expect(entries.find((e) => e.client === phones[1])?.scheduledAt).toBeUndefined(); // in the past: starts now
    expect(entries.find((e) => e.client === phones[3])?.scheduledAt).toBeUndefined(); // blank cell

    // Statuses are attributed through the flow's name (the first scheduled an hour out has only been accepted).
    await waitFor(
      "every status to apply",
      async () => {
        const [read, failed] = await Promise.all([
          db.campaignRecipient.count({ where: { campaignId: id, state: "READ" } }),
          db.campaignRecipient.count({ where: { campaignId: id, state: "FAILED" } }),
        ]);
        return (read === 23 && failed === 12) || null; // 24 end in 10–60 but one starts in an hour; 81, 91, 92 fail
      },
      20_000,
    );
    const recipients = await db.campaignRecipient.findMany({ where: { campaignId: id } });
    const mismatches = recipients.filter((r) => {
      if (r.phone === phones[0]) return r.state !== "SENT";
      const ending = r.phone!.slice(-2);
      const expected =
        ending === "81"
          ? { state: "FAILED", code: "ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID" }
          : expectedState(r.phone!);
      return r.state !== expected.state || (expected.code !== undefined && r.errorCode !== expected.code);
    });
    expect(mismatches.map((r) => `${r.phone} ${r.state} ${r.errorCode}`)).toEqual([]);
    // Per-entry results: accepted entries keep their sendout, refused ones their error object.
    const refused = recipients.filter((r) => r.phone!.endsWith("81"));
    expect(refused).toHaveLength(4);
    for (const r of refused) {
      expect(r.sendoutId).toBeNull();
      expect(r.errorDetail).toMatchObject({
        code: "ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID",
        cntTraceId: expect.any(String),
      });
    }
    const accepted = recipients.filter((r) => !r.phone!.endsWith("81"));
    expect(accepted.every((r) => /^[0-9a-f-]{36}$/.test(r.sendoutId ?? ""))).toBe(true);
    const read = accepted.find((r) => r.state === "READ");
    expect(read?.upstreamId).toMatch(/^[0-9A-Z]{26}$/);
    expect(read?.sentAt && read.deliveredAt && read.readAt && read.acceptedAt).toBeTruthy();
    // …92 opted out by webhook: the contact is suppressed, as on the template path.
    expect(await db.contact.count({ where: { optedOut: true } })).toBe(4);

    const detail = await getCampaignDetail(id);
    expect(detail).toMatchObject({
      kind: "FLOW",
      flowName: "spring_promo",
      variables: ["first_name", "plan"],
    });
    expect(detail.counts.byState).toMatchObject({
      PENDING: 0,
      SENDING: 0,
      UNKNOWN: 0,
      FAILED: 12,
      DELIVERED: 4,
    });
    const audit = await db.auditLog.findMany({ where: { targetId: id }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["campaign.created", "campaign.started"]),
    );
  }, 60_000);

  it("never puts the same client + flow twice in one request: a repeat goes in a later request", async () => {
    const phones = Array.from({ length: 5 }, (_, i) => testPhone(200 + i));
    const { id } = await flowCampaign(
      "Dup flow",
      "welcome_flow",
      ["phone,name", ...phones.map((p, i) => `${p},D${i}`)].join("\n"),
    );
    // The same customer twice under two addresses (a phone row, and a BSUID row whose customer has that phone):
    // both go out addressed by the phone, so they must not share a request.
    await db.$executeRaw`
      INSERT INTO "CampaignRecipient" (id, "campaignId", address, phone, bsuid, variables)
      VALUES (${randomUUID()}, ${id}, ${"bsuid:US.dupflow1"}, ${phones[2]}, ${"US.dupflow1"}, ${JSON.stringify({ first_name: "Again", plan: "Gold" })}::jsonb)`;
    await launchCampaign(id, {});
    await waitFor(
      "the campaign to complete",
      async () => (await db.campaign.findUnique({ where: { id } }))?.status === "COMPLETED",
      20_000,
    );

    const requests = await flowRequests("welcome_flow");
    const rejected = ((await sim("/sim/sent")) as { rejected: { httpStatus: number }[] }).rejected.filter(
      (r) => r.httpStatus === 400,
    );
    expect(rejected).toHaveLength(0);
    for (const r of requests) {
      const clients = r.body.entries.map((e) => e.client);
      expect(new Set(clients).size).toBe(clients.length);
    }
    const withDup = requests.filter((r) => r.body.entries.some((e) => e.client === phones[2]));
    expect(withDup).toHaveLength(2); // split across two requests
    const states = await db.campaignRecipient.findMany({
      where: { campaignId: id },
      select: { state: true },
    });
    expect(states).toHaveLength(6);
    expect(states.every((s) => ["SENT", "DELIVERED", "READ"].includes(s.state))).toBe(true);
  }, 30_000);

  it("pauses on 409 (flow not published) with a clear reason, sends nothing, and finishes once the flow is published and the campaign resumed", async () => {
    await sim("/sim/flows", { name: "autumn_flow", published: false });
    const phones = Array.from({ length: 10 }, (_, i) => testPhone(300 + i));
    const { id } = await flowCampaign(
      "Unpublished flow",
      "autumn_flow",
      ["phone,name", ...phones.map((p, i) => `${p},U${i}`)].join("\n"),
    );
    await launchCampaign(id, {});

    await waitFor(
      "the campaign to pause",
      async () => (await db.campaign.findUnique({ where: { id } }))?.status === "PAUSED",
      15_000,
    );
    const detail = await getCampaignDetail(id);
    expect(detail.pausedReason).toMatchObject({ code: "FLOW_NOT_PUBLISHED", title: "Flow not published" });
    expect(detail.pausedReason?.action).toContain("Publish the flow");
    // Nothing started, nothing lost. The worker hands the claimed entries back through its outcome buffer, which
    // commits on its own beat: the pause may be visible a moment before they are PENDING again.
    await waitFor(
      "the claimed entries back in the queue",
      async () => (await getCampaignDetail(id)).counts.byState.PENDING === 10,
      5_000,
    );
    expect(await flowRequests("autumn_flow")).toHaveLength(0);
    const rejected = (
      (await sim("/sim/sent")) as { rejected: { httpStatus: number; body: FlowRequest["body"] }[] }
    ).rejected;
    expect(
      rejected.some((r) => r.httpStatus === 409 && r.body.entries[0]?.campaignName === "autumn_flow"),
    ).toBe(true);
    const audit = await db.auditLog.findFirst({
      where: { targetId: id, action: "campaign.paused_by_upstream" },
    });
    expect(audit?.details).toMatchObject({ code: "FLOW_NOT_PUBLISHED" });

    await sim("/sim/flows", { name: "autumn_flow", published: true });
    await controlCampaign(id, { action: "resume" });
    await waitFor(
      "the campaign to complete",
      async () => (await db.campaign.findUnique({ where: { id } }))?.status === "COMPLETED",
      20_000,
    );
    const clients = (await flowRequests("autumn_flow")).flatMap((r) => r.body.entries.map((e) => e.client));
    expect(clients.sort()).toEqual([...phones].sort());
  }, 40_000);

  it("maps contacts to the flow's variables, rejects bad start times, and keeps template-only edits off a flow campaign", async () => {
    const draft = await createCampaign({ name: "Contacts flow", kind: "FLOW" }, null);
    await expect(importContactsAudience(draft.id, { filter: {}, variables: {} })).rejects.toMatchObject({
      code: "CONFLICT",
    }); // no flow yet
    await expect(
      updateCampaign(draft.id, { templateName: "appointment_reminder", language: "en_US" }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await updateCampaign(draft.id, {
      flowName: "welcome_flow",
      flowVersion: "1",
      flowVariables: ["first_name"],
    });
    await db.contact.create({ data: { phone: testPhone(900), name: "Zoe Contact" } });
    await expect(
      importContactsAudience(draft.id, { filter: { q: "Zoe Contact" }, variables: {} }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const summary = await importContactsAudience(draft.id, {
      filter: { q: "Zoe Contact" },
      variables: { first_name: { kind: "contact", field: "name" } },
    });
    expect(summary).toMatchObject({ acceptedRows: 1 });
    const recipient = await db.campaignRecipient.findFirstOrThrow({ where: { campaignId: draft.id } });
    expect(recipient.variables).toEqual({ first_name: "Zoe Contact" });
    // A flow's variables cannot change under an imported audience.
    await expect(updateCampaign(draft.id, { flowVariables: ["first_name", "extra"] })).rejects.toMatchObject({
      code: "CONFLICT",
    });

    const bad = await flowCampaign(
      "Bad start times",
      "welcome_flow",
      ["phone,name,start", `${testPhone(901)},A,tomorrow`, `${testPhone(902)},B,2030-01-01T09:00:00Z`].join(
        "\n",
      ),
      { scheduledAtColumn: "start" },
    );
    expect(bad.imported).toMatchObject({ acceptedRows: 1, rejectedRows: 1 });
    const rejected = await db.campaignRejectedRow.findFirstOrThrow({ where: { campaignId: bad.id } });
    expect(rejected).toMatchObject({ reason: "INVALID_VARIABLE", rowNumber: 2 });
    expect(
      (
        await db.campaignRecipient.findFirstOrThrow({ where: { campaignId: bad.id } })
      ).flowScheduledAt?.toISOString(),
    ).toBe("2030-01-01T09:00:00.000Z");
  });
});
