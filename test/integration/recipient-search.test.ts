import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { listCampaignRecipients } from "../../lib/analytics/list-campaign-recipients";
import { resetCampaignTables } from "./campaign-helpers";

// The recipient table's search through the trigram-indexed search rows (prisma/sql/recipient-search.sql): the rows
// follow inserts, variable changes, deletes and truncation, and the answers equal a plain scan of the recipients.

const CAMPAIGN = "search-campaign";
const OTHER = "search-other";

async function addCampaign(id: string) {
  await db.campaign.create({
    data: { id, name: id, upstreamName: id, templateName: "t", templateLanguage: "en" },
  });
}

const search = async (q: string, campaignId = CAMPAIGN) =>
  (await listCampaignRecipients(campaignId, { q, limit: 200 })).recipients.map((r) => r.address).sort();

/** The same question asked of every recipient row, without the search table. */
async function scan(q: string, campaignId = CAMPAIGN): Promise<string[]> {
  const rows = await db.campaignRecipient.findMany({
    where: { campaignId },
    select: { address: true, variables: true },
  });
  const phone = /^[+\d\s().-]+$/.test(q) && /\d/.test(q);
  const needle = (phone ? q.replace(/[^\d+]/g, "") : q).toLowerCase();
  return rows
    .filter((r) =>
      phone
        ? r.address.includes(needle)
        : [r.address, ...Object.values(r.variables as Record<string, string>)].some((v) =>
            v.toLowerCase().includes(needle),
          ),
    )
    .map((r) => r.address)
    .sort();
}

beforeAll(async () => {
  await resetCampaignTables();
  await addCampaign(CAMPAIGN);
  await addCampaign(OTHER);
  await db.campaignRecipient.createMany({
    data: Array.from({ length: 120 }, (_, i) => ({
      campaignId: i % 4 === 3 ? OTHER : CAMPAIGN,
      address: `+4477009${String(i).padStart(5, "0")}`,
      variables: {
        body_1: `Customer ${i}`,
        body_2: `ORD-${100_000 + i}`,
        note: i % 10 === 0 ? "50% off_today" : "",
      },
    })),
  });
});

describe("recipient search", () => {
  it.each([
    ["an order number", "ORD-100017"],
    // The index is probed with a part of the search (the digits; a number's last 7): the rows are still checked whole.
    ["another prefix before an order number's digits", "XYZ-100017"],
    ["a whole phone number", "+447700900017"],
    ["a whole phone number that is not there", "+447711900017"],
    ["part of a value, any case", "customer 1"],
    ["a phone typed with spaces", "+44 7700 9000 1"],
    ["LIKE wildcards, literally", "50% off_"],
    ["a value spanning two variables (never matches)", "17ORD"],
    ["two characters (no trigram: the plain scan)", "r 5"],
    ["nothing", "no such customer"],
  ])("finds %s exactly as a scan of the rows does", async (_what, q) => {
    expect(await search(q)).toEqual(await scan(q));
  });

  it("writes on insert the text recipient_search_text defines, whatever the variables hold", async () => {
    // The insert trigger spells the function's expression out (prisma/sql/recipient-search.sql): the same text.
    const odd = [
      {},
      [],
      "text",
      7,
      null,
      { a: 1, b: true, c: null, d: { e: "nested" }, f: ["x"] },
      { é: "ünï\u001f" },
    ];
    await db.$executeRawUnsafe(
      `INSERT INTO "CampaignRecipient" (id, "campaignId", address, variables)
       SELECT 'odd-' || i, $1, '+4470000000' || i, v FROM unnest($2::jsonb[]) WITH ORDINALITY AS u(v, i)`,
      OTHER,
      odd.map((v) => JSON.stringify(v)),
    );
    const rows = await db.$queryRaw<{ same: boolean; text: string }[]>`
      SELECT s.text = recipient_search_text(r.address, r.variables) AS same, s.text
      FROM "CampaignRecipient" r JOIN "CampaignRecipientSearch" s ON s."recipientId" = r.id`;
    expect(rows.length).toBe(120 + odd.length);
    expect(rows.filter((r) => !r.same)).toEqual([]);
  });

  it("never returns another campaign's recipients", async () => {
    expect(await search("ORD-100003")).toEqual([]);
    expect(await search("ORD-100003", OTHER)).toEqual(["+447700900003"]);
  });

  it("follows a changed variable, a deleted recipient and a truncated table", async () => {
    const row = await db.campaignRecipient.findFirstOrThrow({ where: { address: "+447700900005" } });
    await db.campaignRecipient.update({
      where: { id: row.id },
      data: { variables: { body_1: "Renamed Zed" } },
    });
    expect(await search("Renamed Zed")).toEqual(["+447700900005"]);
    expect(await search("ORD-100005")).toEqual([]);
    // A status update names none of the searched columns: the search row is left alone.
    await db.campaignRecipient.update({ where: { id: row.id }, data: { state: "SENT", stateRank: 2 } });
    expect(await search("Renamed Zed")).toEqual(["+447700900005"]);

    await db.campaignRecipient.delete({ where: { id: row.id } });
    expect(await db.campaignRecipientSearch.count({ where: { recipientId: row.id } })).toBe(0);
    expect(await db.campaignRecipientSearch.count()).toBe(await db.campaignRecipient.count());

    await db.$executeRawUnsafe('TRUNCATE "CampaignRecipient" CASCADE');
    expect(await db.campaignRecipientSearch.count()).toBe(0);
  });
});
