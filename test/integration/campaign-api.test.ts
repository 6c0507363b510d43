import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as SessionModule from "../../lib/auth/session";
import type { CurrentUser } from "../../lib/auth/session";
import { REMINDER_MAPPING, resetCampaignTables, startHarness, type Harness } from "./campaign-helpers";
import { noParams, withId, json } from "./route-requests";
import { createUser } from "./security-helpers";

// The campaign routes as Next calls them: the session is the only seam; validation, permissions, services
// and SQL are real.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("../../lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof SessionModule>()),
  getCurrentUser: () => Promise.resolve(session.user),
  getRequestUser: () => Promise.resolve(session.user),
  requirePageUser: () => Promise.resolve(session.user),
}));

const listRoute = await import("../../app/api/campaigns/route");
const itemRoute = await import("../../app/api/campaigns/[id]/route");
const inspectRoute = await import("../../app/api/campaigns/csv-inspect/route");
const csvRoute = await import("../../app/api/campaigns/[id]/audience/csv/route");
const launchRoute = await import("../../app/api/campaigns/[id]/launch/route");
const controlRoute = await import("../../app/api/campaigns/[id]/control/route");
const rejectedRoute = await import("../../app/api/campaigns/[id]/rejected-rows/route");
const recipientsRoute = await import("../../app/api/campaigns/[id]/recipients/route");

let harness: Harness;
let manager: CurrentUser;

beforeAll(async () => {
  await resetCampaignTables();
  harness = await startHarness();
  manager = await createUser("CAMPAIGN_MANAGER", { name: "CAMPAIGN_MANAGER" });
});

afterAll(async () => {
  await harness.close();
});

describe("campaign routes", () => {
  it.each([
    { who: "nobody", role: null, status: 401 },
    { who: "an agent", role: "AGENT" as const, status: 403 },
  ])("refuse $who", async ({ role, status }) => {
    session.user = role ? await createUser(role, { name: role }) : null;
    expect((await listRoute.GET(new Request("http://localhost/api/campaigns"), noParams)).status).toBe(
      status,
    );
    expect((await listRoute.POST(json("/api/campaigns", { name: "x" }), noParams)).status).toBe(status);
  });

  it.each([
    { body: { name: "" }, field: "name" },
    { body: { name: "ok", extra: 1 }, field: "" },
  ])("answers 422 naming the field for $body", async ({ body, field }) => {
    session.user = manager;
    const res = await listRoute.POST(json("/api/campaigns", body), noParams);
    expect(res.status).toBe(422);
    const error = ((await res.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("VALIDATION_FAILED");
    if (field) expect(error.message).toContain(`${field}:`);
  });

  it("build, import a CSV through the streamed route, launch, pause, download the report", async () => {
    session.user = manager;
    const created = await listRoute.POST(json("/api/campaigns", { name: "Route flow" }), noParams);
    expect(created.status).toBe(201);
    const { campaign } = (await created.json()) as {
      campaign: { id: string; status: string; ratePerSecond: number };
    };
    expect(campaign).toMatchObject({ status: "DRAFT", ratePerSecond: 80 });

    const badTemplate = await itemRoute.PATCH(
      json(`/api/campaigns/${campaign.id}`, { templateName: "flash_sale_blast", language: "en_US" }, "PATCH"),
      withId(campaign.id),
    );
    expect(badTemplate.status).toBe(422);
    expect(((await badTemplate.json()) as { error: { message: string } }).error.message).toMatch(
      /templateName: .*rejected/,
    );
    const patched = await itemRoute.PATCH(
      json(
        `/api/campaigns/${campaign.id}`,
        { templateName: "appointment_reminder", language: "en_US", ratePerSecond: 1000 },
        "PATCH",
      ),
      withId(campaign.id),
    );
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { campaign: { variables: string[] } }).campaign.variables).toEqual([
      "header_text",
      "body_1",
      "body_2",
      "body_3",
    ]);

    const csv = "telefone;name;date\n+14152000010;Ana;June 1\n+14152000110;Bia;June 2\nbad;Cy;June 3\n";
    const inspected = await inspectRoute.POST(
      new Request("http://localhost/api/campaigns/csv-inspect", { method: "POST", body: csv }),
      noParams,
    );
    const { inspection } = (await inspected.json()) as {
      inspection: { delimiter: string; headers: string[]; addressColumn: string };
    };
    expect(inspection).toMatchObject({
      delimiter: ";",
      headers: ["telefone", "name", "date"],
      addressColumn: "telefone",
    });

    const settings = {
      delimiter: ";",
      addressColumn: "telefone",
      defaultCountry: null,
      variables: REMINDER_MAPPING,
      fileName: "list.csv",
    };
    const badSettings = await csvRoute.POST(
      new Request(
        `http://localhost/api/campaigns/${campaign.id}/audience/csv?settings=${encodeURIComponent(JSON.stringify({ ...settings, delimiter: "x" }))}`,
        { method: "POST", body: csv },
      ),
      withId(campaign.id),
    );
    expect(badSettings.status).toBe(422);
    expect(((await badSettings.json()) as { error: { message: string } }).error.message).toContain(
      "delimiter",
    );
    const imported = await csvRoute.POST(
      new Request(
        `http://localhost/api/campaigns/${campaign.id}/audience/csv?settings=${encodeURIComponent(JSON.stringify(settings))}`,
        {
          method: "POST",
          body: csvStreamBody(csv),
          duplex: "half",
        } as RequestInit,
      ),
      withId(campaign.id),
    );
    expect(imported.status).toBe(201);
    expect((await imported.json()) as unknown).toMatchObject({
      import: { totalRows: 3, acceptedRows: 2, rejectedRows: 1 },
    });

    const detail = (await (
      await itemRoute.GET(new Request("http://localhost"), withId(campaign.id))
    ).json()) as {
      campaign: {
        counts: { total: number };
        rejected: { byReason: Record<string, number> };
        previews: { preview: { body: string; header: { text: string } } }[];
        estimatedSeconds: number;
      };
    };
    expect(detail.campaign.counts.total).toBe(2);
    expect(detail.campaign.rejected.byReason.BAD_NUMBER).toBe(1);
    expect(detail.campaign.previews[0]?.preview.body).toBe(
      "Hi Ana, this is a reminder of your appointment on June 1 at 10:30.",
    );
    expect(detail.campaign.previews[0]?.preview.header.text).toBe("Appointment with Dr. Rivera");

    const report = await rejectedRoute.GET(new Request("http://localhost"), withId(campaign.id));
    expect(report.headers.get("content-type")).toContain("text/csv");
    expect(report.headers.get("content-disposition")).toContain("route-flow-rejected-rows.csv");
    expect(await report.text()).toContain("4,bad,BAD_NUMBER");

    const launched = await launchRoute.POST(
      json(`/api/campaigns/${campaign.id}/launch`, {
        scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
      withId(campaign.id),
    );
    expect(((await launched.json()) as { campaign: { status: string } }).campaign.status).toBe("SCHEDULED");
    const twice = await launchRoute.POST(
      json(`/api/campaigns/${campaign.id}/launch`, {}),
      withId(campaign.id),
    );
    expect(twice.status).toBe(409);
    const paused = await controlRoute.POST(
      json(`/api/campaigns/${campaign.id}/control`, { action: "pause" }),
      withId(campaign.id),
    );
    expect(paused.status).toBe(409); // only a running campaign pauses
    const cancelled = await controlRoute.POST(
      json(`/api/campaigns/${campaign.id}/control`, { action: "cancel" }),
      withId(campaign.id),
    );
    expect(
      ((await cancelled.json()) as { campaign: { status: string; counts: { byState: { SKIPPED: number } } } })
        .campaign,
    ).toMatchObject({
      status: "CANCELLED",
      counts: { byState: { SKIPPED: 2 } },
    });

    const page = await recipientsRoute.GET(
      new Request(`http://localhost/api/campaigns/${campaign.id}/recipients?state=SKIPPED&limit=1`),
      withId(campaign.id),
    );
    const body = (await page.json()) as {
      recipients: { address: string; skipReason: string }[];
      nextCursor: number | null;
    };
    expect(body.recipients).toMatchObject([{ address: "+14152000010", skipReason: "CANCELLED" }]);
    expect(body.nextCursor).not.toBeNull();
  });
});

function csvStreamBody(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes.slice(0, 20));
      controller.enqueue(bytes.slice(20));
      controller.close();
    },
  });
}
