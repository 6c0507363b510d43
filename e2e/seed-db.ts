import pg from "pg";

// Rows written straight into the e2e database, for pages that need data no browser flow makes quickly (a finished
// campaign with a mix of outcomes), and lookups of what the app created.

const DATABASE_URL = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_e2e";

/** A finished campaign whose recipients have the given outcomes (a FAILED one with Meta's 131026). */
export async function seedCampaign(
  name: string,
  options: { idPrefix: string; phonePrefix: string; states: ("SENT" | "FAILED" | "DELIVERED" | "READ")[] },
): Promise<string> {
  const id = `${options.idPrefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const start = new Date(Date.now() - 2 * 3_600_000);
    await client.query(
      `INSERT INTO "Campaign" (id, name, "upstreamName", status, "templateName", "templateLanguage", "templateComponents", "startedAt", "completedAt", "updatedAt")
       VALUES ($1, $2, $1, 'COMPLETED', 'order_update', 'en_US', $3::jsonb, $4, now(), now())`,
      [id, name, JSON.stringify([{ type: "BODY", text: "Hi {{1}}, order {{2}} ships today." }]), start],
    );
    const rank: Record<string, number> = { SENT: 2, FAILED: 3, DELIVERED: 4, READ: 5 };
    await client.query(
      `INSERT INTO "CampaignRecipient" (id, "campaignId", address, phone, country, variables, state, "stateRank", "acceptedAt", "deliveredAt", "readAt", "failedAt", "errorCode")
       SELECT $1 || '-' || i, $1, $5 || lpad(i::text, 5, '0'), $5 || lpad(i::text, 5, '0'), 'GB',
              jsonb_build_object('body_1', 'Customer ' || i, 'body_2', 'A-' || i), s.state::"CampaignRecipientState", s.rank,
              CASE WHEN s.state <> 'FAILED' THEN $2::timestamptz + i * interval '1 minute' END,
              CASE WHEN s.state IN ('DELIVERED', 'READ') THEN $2::timestamptz + i * interval '1 minute' + interval '5 seconds' END,
              CASE WHEN s.state = 'READ' THEN $2::timestamptz + i * interval '1 minute' + interval '20 minutes' END,
              CASE WHEN s.state = 'FAILED' THEN $2::timestamptz + i * interval '1 minute' END,
              CASE WHEN s.state = 'FAILED' THEN '131026' END
       FROM unnest($3::text[], $4::int[]) WITH ORDINALITY AS s(state, rank, i)`,
      [id, start, options.states, options.states.map((s) => rank[s]), options.phonePrefix],
    );
  } finally {
    await client.end();
  }
  return id;
}

/** The id of the contact with this phone number (made by the webhook path). */
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
