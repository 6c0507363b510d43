import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportGET } from "../../app/api/analytics/campaigns/[id]/recipients/export/route";
import { GET as recipientsGET } from "../../app/api/analytics/campaigns/[id]/recipients/route";
import { POST as csvPOST } from "../../app/api/campaigns/[id]/audience/csv/route";
import { POST as inspectPOST } from "../../app/api/campaigns/csv-inspect/route";
import { GET as campaignGET } from "../../app/api/campaigns/[id]/route";
import { POST as cannedPOST } from "../../app/api/canned-responses/route";
import { GET as conversationsGET } from "../../app/api/conversations/route";
import { POST as webhookPOST } from "../../app/api/webhooks/connectly/route";
import { exportCampaignRecipients } from "../../lib/analytics/export-campaign-recipients";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { MAX_CSV_COLUMNS, MAX_REJECTED_CELLS_CHARS } from "../../lib/campaigns/schemas";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import { signWebhookBody } from "../../lib/connectly/signature";
import { db } from "../../lib/db";
import { invalidateConnectlySettings } from "../../lib/settings/get-connectly-settings";
import { handleWebhookRequest, isWebhookRequest } from "../../lib/webhooks/node-webhook-handler";
import { insertRecipients } from "./analytics-helpers";
import { REMINDER_MAPPING, resetCampaignTables, startHarness, type Harness } from "./campaign-helpers";
import { truncateAll, WEBHOOK_SECRET, webhookRequest } from "./helpers";
import { createUser, ctx, request, sessionCookie } from "./security-helpers";

// Issue #12, defects 1 (memory exhaustion), 5 (NUL bytes) and 9 (deep nesting): each repro from the issue, refused
// or handled with a 4xx naming the reason (or, for a signed webhook, stored INVALID and answered 200).

let harness: Harness;
let manager = "";
let admin = "";
let campaignId = "";
let server: Server;
let port = 0;

beforeAll(async () => {
  await truncateAll();
  await resetCampaignTables();
  invalidateConnectlySettings();
  harness = await startHarness();
  manager = await sessionCookie(await createUser("CAMPAIGN_MANAGER"));
  admin = await sessionCookie(await createUser("ADMIN"));
  campaignId = (await createCampaign({ name: "Limits" }, null)).id;
  await updateCampaign(campaignId, { templateName: "appointment_reminder", language: "en_US" });
  server = createServer((req, res) => {
    if (isWebhookRequest(req)) return handleWebhookRequest(req, res);
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await harness.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const settings = {
  delimiter: ",",
  addressColumn: "phone",
  defaultCountry: null,
  variables: REMINDER_MAPPING,
};

async function uploadCsv(csv: string, id = campaignId) {
  const query = new URLSearchParams({ settings: JSON.stringify(settings) });
  const res = await csvPOST(
    request(`/api/campaigns/${id}/audience/csv?${query}`, {
      cookie: manager,
      body: csv,
      headers: { "content-type": "text/csv" },
    }),
    ctx({ id }),
  );
  return {
    status: res.status,
    body: (await res.json()) as {
      error?: { code: string; message: string };
      import?: { rejectedRows: number };
    },
  };
}

/** Fails the test (rather than hanging it) when a response does not come. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms),
    ),
  ]);
}

describe("defect 1: CSV uploads are bounded", () => {
  it("a header with 200,000 columns is refused with 422, nothing kept, memory flat", async () => {
    const wide = `phone,name,date${",x".repeat(200_000)}`;
    const row = `+14152000010,Ana,June 1${",y".repeat(200_000)}`;
    const before = process.memoryUsage().heapUsed;
    const { status, body } = await uploadCsv([wide, ...Array.from({ length: 30 }, () => row)].join("\n"));
    expect(status).toBe(422);
    expect(body.error?.message).toMatch(
      new RegExp(`more than ${MAX_CSV_COLUMNS.toLocaleString("en-US")} columns`),
    );
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(150 * 1024 * 1024);
    expect(await db.campaignAudienceSource.count({ where: { campaignId } })).toBe(0);
  });

  it("a row longer than the record limit is refused with 422", async () => {
    const { status, body } = await uploadCsv(
      `phone,name,date\n+14152000010,${"n".repeat(2 * 1024 * 1024)},June 1\n`,
    );
    expect(status).toBe(422);
    expect(body.error?.message).toMatch(/row 2 is longer than/);
  });

  it("a rejected row keeps at most a bounded share of its cells", async () => {
    const header = ["phone", "name", "date", ...Array.from({ length: 40 }, (_, i) => `extra${i}`)].join(",");
    const row = ["not a number", "Ana", "June 1", ...Array.from({ length: 40 }, () => "z".repeat(1000))].join(
      ",",
    );
    const { status, body } = await uploadCsv(`${header}\n${row}\n`);
    expect(status).toBe(201);
    expect(body.import?.rejectedRows).toBe(1);
    const [stored] = await db.$queryRaw<{ size: number; value: string | null }[]>`
      SELECT length(cells::text)::int AS size, value FROM "CampaignRejectedRow" WHERE "campaignId" = ${campaignId}`;
    expect(stored!.size).toBeLessThanOrEqual(MAX_REJECTED_CELLS_CHARS + 200);
    expect(stored!.value).toBe("not a number");
    await db.campaignAudienceSource.deleteMany({ where: { campaignId } });
  });

  it("the inspect step refuses a too-wide header too", async () => {
    const res = await inspectPOST(
      request("/api/campaigns/csv-inspect?truncated=1", {
        cookie: manager,
        body: `phone${",x".repeat(100_000)}\n`,
        headers: { "content-type": "text/csv" },
      }),
      ctx(),
    );
    expect(res.status).toBe(422);
  });
});

describe("defect 5: NUL bytes", () => {
  it("NUL in a CSV cell is a 422 naming the row and column, not a 500", async () => {
    const { status, body } = await uploadCsv("phone,name,date\n+14152000010,A\u0000na,June 1\n");
    expect(status).toBe(422);
    expect(body.error?.message).toMatch(/row 2, column "name"/);
  });

  it("?q=%00 on the recipients export answers 422 every time, and a normal export still works after", async () => {
    await insertRecipients(campaignId, [{ address: "+14152000010", variables: { body_1: "Ana" } }]);
    for (let i = 0; i < 8; i++) {
      const res = await within(
        5000,
        "export ?q=%00",
        exportGET(
          request(`/api/analytics/campaigns/${campaignId}/recipients/export?q=%00`, { cookie: admin }),
          ctx({ id: campaignId }),
        ),
      );
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /query: q: contains characters that cannot be stored/,
      );
    }
    const ok = await within(
      5000,
      "normal export",
      exportGET(
        request(`/api/analytics/campaigns/${campaignId}/recipients/export`, { cookie: admin }),
        ctx({ id: campaignId }),
      ),
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("+14152000010");
  });

  it("the export itself releases its slot and connection when the query fails", async () => {
    const bad = { q: "\u0000", status: undefined } as unknown as Parameters<
      typeof exportCampaignRecipients
    >[1];
    for (let i = 0; i < 6; i++) {
      const outcome = await within(
        5000,
        "export with NUL",
        exportCampaignRecipients(campaignId, bad)
          .then(async (r) => r.stream.getReader().read())
          .then(
            () => "ok",
            () => "refused",
          ),
      );
      expect(outcome).toBe("refused");
    }
    const { stream } = await exportCampaignRecipients(
      campaignId,
      {} as Parameters<typeof exportCampaignRecipients>[1],
    );
    expect(await new Response(stream).text()).toContain("+14152000010");
  });

  it.each([
    [
      "analytics recipients ?q=%00",
      () =>
        recipientsGET(
          request(`/api/analytics/campaigns/${campaignId}/recipients?q=%00`, { cookie: admin }),
          ctx({ id: campaignId }),
        ),
    ],
    [
      "conversations ?q=%00",
      () => conversationsGET(request("/api/conversations?q=%00", { cookie: admin }), ctx()),
    ],
    [
      "conversations ?status=%ED%A0%80",
      () => conversationsGET(request("/api/conversations?status=%ED%A0%80x%00", { cookie: admin }), ctx()),
    ],
    [
      "campaign /:id = NUL",
      () => campaignGET(request("/api/campaigns/%00", { cookie: admin }), ctx({ id: "\u0000" })),
    ],
    [
      "campaign /:id = lone surrogate",
      () => campaignGET(request("/api/campaigns/x", { cookie: admin }), ctx({ id: "\ud800" })),
    ],
  ])("%s: 4xx, not 500", async (_name, call) => {
    const res = await call();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});

describe("defect 9: deep nesting", () => {
  const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

  it("a signed webhook of 60,000 nested arrays is stored INVALID with the reason (route handler)", async () => {
    const res = await webhookPOST(webhookRequest(deep(60_000)));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { state: string; reason: string };
    expect(body.state).toBe("INVALID");
    expect(body.reason).toMatch(/nested deeper than/);
    expect(
      await db.webhookEvent.count({ where: { state: "INVALID", reason: { contains: "nested deeper" } } }),
    ).toBe(1);
  });

  it("the same on the app server's direct node:http path", async () => {
    const raw = Buffer.from(`{"topic":"messages","x":${deep(60_000)}}`);
    const answer = await new Promise<{ status: number; json: { state?: string; reason?: string } }>(
      (resolve, reject) => {
        const req = httpRequest(
          {
            host: "127.0.0.1",
            port,
            path: "/api/webhooks/connectly",
            method: "POST",
            headers: {
              "content-type": "text/plain",
              "content-length": raw.length,
              "x-connectly-hmac-sha256": signWebhookBody(WEBHOOK_SECRET, raw),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () =>
              resolve({
                status: res.statusCode ?? 0,
                json: JSON.parse(Buffer.concat(chunks).toString("utf8")) as { state?: string },
              }),
            );
          },
        );
        req.on("error", reject);
        req.end(raw);
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.json.state).toBe("INVALID");
    expect(answer.json.reason).toMatch(/nested deeper than/);
    expect(
      await db.webhookEvent.count({ where: { state: "INVALID", reason: { contains: "nested deeper" } } }),
    ).toBe(2);
  });

  it("a deeply nested API body is a 422 naming the limit", async () => {
    const res = await cannedPOST(
      request("/api/canned-responses", { cookie: admin, body: `{"title":"t","body":${deep(400_000)}}` }),
      ctx(),
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /nested deeper than/,
    );
  });
});
