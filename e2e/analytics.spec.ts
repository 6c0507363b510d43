import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { test } from "./fixtures";
import pg from "pg";

// A finished campaign, seeded straight into the e2e database (the triggers build its rollups as the rows go
// in), seen through the analytics pages: the funnel shows what the rows say, and the CSV export downloads
// exactly the filtered recipients.

const DATABASE_URL = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_e2e";

type Outcome = "READ" | "DELIVERED" | "SENT" | "FAILED" | "SKIPPED" | "PENDING";
const MIX: [Outcome, number][] = [
  ["READ", 23],
  ["DELIVERED", 9],
  ["SENT", 4],
  ["FAILED", 5],
  ["SKIPPED", 2],
  ["PENDING", 1],
];
const RANK: Record<Outcome, number> = { PENDING: 0, SENT: 2, FAILED: 3, DELIVERED: 4, READ: 5, SKIPPED: 9 };

async function seedFinishedCampaign(name: string) {
  const id = `e2e${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const start = new Date(Date.now() - 2 * 3_600_000);
    await client.query(
      `INSERT INTO "Campaign" (id, name, "upstreamName", status, "templateName", "templateLanguage", "templateComponents", "startedAt", "completedAt", "updatedAt")
       VALUES ($1, $2, $1, 'COMPLETED', 'order_update', 'en_US', $3::jsonb, $4, now(), now())`,
      [id, name, JSON.stringify([{ type: "BODY", text: "Hi {{1}}, order {{2}} ships today." }]), start],
    );
    const outcomes = MIX.flatMap(([state, n]) => Array<Outcome>(n).fill(state));
    await client.query(
      `INSERT INTO "CampaignRecipient" (id, "campaignId", address, phone, country, variables, state, "stateRank", "acceptedAt", "deliveredAt", "readAt", "failedAt", "errorCode", "skipReason")
       SELECT $1 || '-' || i, $1, '+4477009' || lpad(i::text, 5, '0'), '+4477009' || lpad(i::text, 5, '0'), 'GB',
              jsonb_build_object('body_1', 'Customer ' || i, 'body_2', 'A-' || i), s.state::"CampaignRecipientState", s.rank,
              CASE WHEN s.state IN ('SENT', 'DELIVERED', 'READ') THEN $2::timestamptz + i * interval '1 second' END,
              CASE WHEN s.state IN ('DELIVERED', 'READ') THEN $2::timestamptz + i * interval '1 second' + interval '5 seconds' END,
              CASE WHEN s.state = 'READ' THEN $2::timestamptz + i * interval '1 second' + interval '20 minutes' END,
              CASE WHEN s.state = 'FAILED' THEN $2::timestamptz + i * interval '1 second' END,
              CASE WHEN s.state = 'FAILED' THEN '131026' END,
              CASE WHEN s.state = 'SKIPPED' THEN 'OPTED_OUT' END
       FROM unnest($3::text[], $4::int[]) WITH ORDINALITY AS s(state, rank, i)`,
      [id, start, outcomes, outcomes.map((o) => RANK[o])],
    );
  } finally {
    await client.end();
  }
  return id;
}

const count = (...states: Outcome[]) =>
  MIX.filter(([s]) => states.includes(s)).reduce((n, [, k]) => n + k, 0);

test("a finished campaign shows its funnel, and the export downloads the filtered recipients", async ({
  page,
}) => {
  const name = `Analytics e2e ${Date.now()}`;
  const id = await seedFinishedCampaign(name);

  await page.goto(`/analytics/campaigns/${id}`);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("funnel-total")).toHaveText(String(count(...MIX.map(([s]) => s))));
  await expect(page.getByTestId("funnel-sent")).toHaveText(String(count("SENT", "DELIVERED", "READ")));
  await expect(page.getByTestId("funnel-delivered")).toHaveText(String(count("DELIVERED", "READ")));
  await expect(page.getByTestId("funnel-read")).toHaveText(String(count("READ")));
  await expect(page.getByTestId("funnel-failed")).toHaveText(String(count("FAILED")));
  await expect(page.getByTestId("funnel-skipped")).toHaveText(String(count("SKIPPED")));
  const readRate = ((count("READ") / count("DELIVERED", "READ")) * 100).toFixed(1);
  await expect(page.getByTestId("funnel-read-rate")).toHaveText(`${readRate}%`);
  // The failure reason in the catalogue's words, and the chart.
  await expect(page.getByTestId("failure-row").first()).toContainText("131026");
  await expect(page.getByTestId("series-chart")).toBeVisible();

  // Every recipient, then only the failed ones.
  const all = await download(page);
  expect(all[0]).toMatch(/^phone,bsuid,country,status,/);
  expect(all).toHaveLength(1 + count(...MIX.map(([s]) => s)));

  await page.getByLabel("Status").selectOption("FAILED");
  await expect(page.getByTestId("recipient-row")).toHaveCount(count("FAILED"));
  const failed = await download(page);
  expect(failed).toHaveLength(1 + count("FAILED"));
  expect(failed.slice(1).every((line) => line.includes(",FAILED,") && line.includes("131026"))).toBe(true);

  // The overview lists it with the same funnel.
  await page.goto("/analytics");
  const row = page.getByTestId("overview-campaign").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText(
    `${((count("DELIVERED", "READ") / count("SENT", "DELIVERED", "READ")) * 100).toFixed(1)}%`,
  );
});

async function download(page: Page): Promise<string[]> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const path = await file.path();
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.length > 0);
}
