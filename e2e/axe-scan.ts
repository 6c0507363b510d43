import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import pg from "pg";

// Shared by the accessibility and keyboard specs: the axe scan (WCAG 2.0/2.1 A and AA; serious and critical
// violations fail, with the rule, the elements and the advice in the message) and a seeded campaign.

const DATABASE_URL = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_e2e";
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Scans the page as it is now; a soft failure per page, so one run lists every page's problems. */
export async function expectNoSeriousViolations(
  page: Page,
  where: string,
  options: { only?: "contrast" } = {},
) {
  // The dark theme changes colours only: its pages are checked for contrast (the other rules gave their verdict on
  // the same markup in the light theme), which keeps the scan of every page in a few minutes.
  const builder = new AxeBuilder({ page });
  const results = await (
    options.only === "contrast" ? builder.withRules(["color-contrast"]) : builder.withTags(TAGS)
  ).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const message = serious
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 6)
        .map((n) => {
          const detail = n.failureSummary?.split("\n").slice(1, 2).join(" ").trim();
          return `      ${n.target.join(" ")}${detail ? `  (${detail})` : ""}`;
        })
        .join("\n");
      const more = v.nodes.length > 6 ? `\n      … and ${v.nodes.length - 6} more` : "";
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join("\n");
  expect.soft(serious.length, `accessibility violations on ${where}:\n${message}`).toBe(0);
}

/** A finished campaign with a mix of outcomes, straight into the e2e database (as layout.phone.spec.ts does). */
export async function seedCampaign(name: string): Promise<string> {
  const id = `a11y${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const start = new Date(Date.now() - 2 * 3_600_000);
    await client.query(
      `INSERT INTO "Campaign" (id, name, "upstreamName", status, "templateName", "templateLanguage", "templateComponents", "startedAt", "completedAt", "updatedAt")
       VALUES ($1, $2, $1, 'COMPLETED', 'order_update', 'en_US', $3::jsonb, $4, now(), now())`,
      [id, name, JSON.stringify([{ type: "BODY", text: "Hi {{1}}, order {{2}} ships today." }]), start],
    );
    const states = ["READ", "READ", "DELIVERED", "SENT", "FAILED"];
    const rank: Record<string, number> = { SENT: 2, FAILED: 3, DELIVERED: 4, READ: 5 };
    await client.query(
      `INSERT INTO "CampaignRecipient" (id, "campaignId", address, phone, country, variables, state, "stateRank", "acceptedAt", "deliveredAt", "readAt", "failedAt", "errorCode")
       SELECT $1 || '-' || i, $1, '+4477009' || lpad(i::text, 5, '0'), '+4477009' || lpad(i::text, 5, '0'), 'GB',
              jsonb_build_object('body_1', 'Customer ' || i, 'body_2', 'A-' || i), s.state::"CampaignRecipientState", s.rank,
              CASE WHEN s.state <> 'FAILED' THEN $2::timestamptz + i * interval '1 minute' END,
              CASE WHEN s.state IN ('DELIVERED', 'READ') THEN $2::timestamptz + i * interval '1 minute' + interval '5 seconds' END,
              CASE WHEN s.state = 'READ' THEN $2::timestamptz + i * interval '1 minute' + interval '20 minutes' END,
              CASE WHEN s.state = 'FAILED' THEN $2::timestamptz + i * interval '1 minute' END,
              CASE WHEN s.state = 'FAILED' THEN '131026' END
       FROM unnest($3::text[], $4::int[]) WITH ORDINALITY AS s(state, rank, i)`,
      [id, start, states, states.map((s) => rank[s])],
    );
  } finally {
    await client.end();
  }
  return id;
}

export async function contactIdByPhone(phone: string): Promise<string> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM "Contact" WHERE phone = $1`, [phone]);
    return rows[0]!.id;
  } finally {
    await client.end();
  }
}
