import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createCampaign } from "../../lib/campaigns/create-campaign";
import { inspectCsv } from "../../lib/campaigns/csv";
import { exportRejectedRows } from "../../lib/campaigns/export-rejected-rows";
import { importContactsAudience } from "../../lib/campaigns/import-contacts-audience";
import { importCsvAudience } from "../../lib/campaigns/import-csv-audience";
import type { CsvImportInput } from "../../lib/campaigns/schemas";
import { updateCampaign } from "../../lib/campaigns/update-campaign";
import {
  csvStream,
  REMINDER_MAPPING,
  resetCampaignTables,
  startHarness,
  type Harness,
} from "./campaign-helpers";

// CSV uploads through the streamed import: the edge cases spreadsheets produce, as a table. Each case checks
// what the inspect step sees (delimiter, columns) and what the import accepts and rejects, and why.

type Case = {
  name: string;
  csv: string;
  settings?: Partial<CsvImportInput>;
  accepted: number;
  rejected?: Partial<
    Record<"BAD_NUMBER" | "MISSING_VARIABLE" | "INVALID_VARIABLE" | "DUPLICATE" | "OPTED_OUT", number>
  >;
  check?: (campaignId: string) => Promise<void>;
};

const OPTED_OUT_PHONE = "+14152009910";

const CASES: Case[] = [
  {
    name: "UTF-8 BOM and CRLF line endings",
    csv: "\uFEFFphone,name,date\r\n+14152000010,Ana,June 1\r\n+14152000110,Bia,June 2\r\n",
    accepted: 2,
    check: async (id) => {
      const source = await db.campaignAudienceSource.findFirstOrThrow({ where: { campaignId: id } });
      expect(source.columns).toEqual(["phone", "name", "date"]); // not "\uFEFFphone"
    },
  },
  {
    name: "semicolon separator (comma-decimal locales)",
    csv: "phone;name;date\n+14152000010;Ana;1,5 June\n+14152000110;Bia;June 2\n",
    settings: { delimiter: ";" },
    accepted: 2,
    check: async (id) => {
      const first = await db.campaignRecipient.findFirstOrThrow({
        where: { campaignId: id },
        orderBy: { seq: "asc" },
      });
      expect(first.variables).toMatchObject({ body_2: "1,5 June" });
    },
  },
  {
    name: "quoted newlines and quotes inside cells",
    csv: 'phone,name,date\n+14152000010,"Ana\nMaria ""Nina""",June 1\n+14152000110,Bia,"June\r\n2"\n',
    accepted: 2,
    check: async (id) => {
      const rows = await db.campaignRecipient.findMany({
        where: { campaignId: id },
        orderBy: { seq: "asc" },
      });
      // WhatsApp refuses line breaks in variables: they become spaces.
      expect(rows.map((r) => r.variables)).toMatchObject([
        { body_1: 'Ana Maria "Nina"' },
        { body_2: "June 2" },
      ]);
    },
  },
  {
    name: "duplicate numbers, written differently",
    csv: "phone,name,date\n+14152000010,Ana,June 1\n(415) 200-0010,Ana again,June 1\n+1 415 200 0110,Bia,June 2\n",
    settings: { defaultCountry: "US" },
    accepted: 2,
    rejected: { DUPLICATE: 1 },
  },
  {
    name: "invalid numbers, with and without a default country",
    csv: "phone,name,date\n12345,Short,June 1\nnot a phone,Word,June 1\n,Empty,June 1\n07911 123456,UK national,June 1\n+14152000010,Ok,June 1\n",
    accepted: 1,
    rejected: { BAD_NUMBER: 4 },
  },
  {
    name: "national numbers with a default country",
    csv: "phone,name,date\n07400 123456,UK national,June 1\n+447400123457,UK international,June 1\n",
    settings: { defaultCountry: "GB" },
    accepted: 2,
    check: async (id) => {
      const rows = await db.campaignRecipient.findMany({
        where: { campaignId: id },
        orderBy: { seq: "asc" },
      });
      expect(rows.map((r) => [r.address, r.country])).toEqual([
        ["+447400123456", "GB"],
        ["+447400123457", "GB"],
      ]);
    },
  },
  {
    name: "missing variables; a fallback fills a blank cell",
    csv: "phone,name,date\n+14152000010,,June 1\n+14152000110,Bia,\n+14152000210,Cy\n",
    settings: {
      variables: { ...REMINDER_MAPPING, body_1: { kind: "column", column: "name", fallback: "there" } },
    },
    accepted: 1,
    rejected: { MISSING_VARIABLE: 2 },
    check: async (id) => {
      const row = await db.campaignRecipient.findFirstOrThrow({ where: { campaignId: id } });
      expect(row.variables).toMatchObject({ body_1: "there" });
    },
  },
  {
    name: "opted-out contacts and BSUIDs",
    csv: `phone,name,date\n${OPTED_OUT_PHONE},Gone,June 1\nUS.13491208655302741918,Bsuid,June 1\n`,
    accepted: 1,
    rejected: { OPTED_OUT: 1 },
    check: async (id) => {
      const row = await db.campaignRecipient.findFirstOrThrow({ where: { campaignId: id } });
      expect(row).toMatchObject({
        address: "bsuid:US.13491208655302741918",
        bsuid: "US.13491208655302741918",
        phone: null,
        country: "US",
      });
    },
  },
];

let harness: Harness;

beforeAll(async () => {
  await resetCampaignTables();
  // updateCampaign reads the template from Connectly: the simulator answers.
  harness = await startHarness();
  await db.contact.create({ data: { phone: OPTED_OUT_PHONE, optedOut: true } });
});

afterAll(async () => {
  await harness.close();
});

async function draft(name: string) {
  const { id } = await createCampaign({ name }, null);
  await updateCampaign(id, { templateName: "appointment_reminder", language: "en_US" });
  return id;
}

const base = {
  delimiter: ",",
  addressColumn: "phone",
  defaultCountry: null,
  variables: REMINDER_MAPPING,
} as const;

describe("CSV import edge cases", () => {
  it.each(CASES)("$name", async (c) => {
    const inspection = inspectCsv(c.csv, { truncated: false });
    expect(inspection.delimiter).toBe(c.settings?.delimiter ?? ",");
    expect(inspection.headers).toEqual(["phone", "name", "date"]);
    expect(inspection.addressColumn).toBe("phone");

    const id = await draft(c.name);
    const summary = await importCsvAudience(
      id,
      { ...base, ...c.settings } as CsvImportInput,
      csvStream(c.csv),
    );
    const rejected = Object.fromEntries(Object.entries(summary.rejectedByReason).filter(([, n]) => n > 0));
    expect({ accepted: summary.acceptedRows, rejected }).toEqual({
      accepted: c.accepted,
      rejected: c.rejected ?? {},
    });
    expect(await db.campaignRecipient.count({ where: { campaignId: id } })).toBe(c.accepted);
    await c.check?.(id);
  });

  it("the rejected-rows report lists each row, its reason and its original cells", async () => {
    const id = await draft("Report");
    await importCsvAudience(
      id,
      { ...base, defaultCountry: "US" },
      csvStream(
        'phone,name,date\n+14152000010,Ana,June 1\n=HYPERLINK("x"),Evil,June 1\n(415) 200-0010,"Dup, Ana",June 1\n',
      ),
    );
    const { fileName, lines } = await exportRejectedRows(id);
    let text = "";
    for await (const line of lines) text += line;
    expect(fileName).toBe("report-rejected-rows.csv");
    expect(text.replace(/^\uFEFF/, "").split("\r\n")).toEqual([
      "row,phone_or_bsuid,reason,reason_text,detail,phone,name,date",
      `3,"'=HYPERLINK(""x"")",BAD_NUMBER,Bad phone number,"""=HYPERLINK(""x"")"" is neither a phone number nor a BSUID","'=HYPERLINK(""x"")",Evil,June 1`,
      '4,(415) 200-0010,DUPLICATE,Duplicate,same number as row 2 (+14152000010),(415) 200-0010,"Dup, Ana",June 1',
      "",
    ]);
  });

  it.each([
    {
      name: "a fixed value WhatsApp would refuse",
      csv: "phone,name,date\n+14152000010,Ana,June 1\n",
      settings: {
        variables: { ...REMINDER_MAPPING, body_3: { kind: "fixed" as const, value: "x".repeat(1100) } },
      },
      message: /variables\.body_3\.value: body_3 must be at most 1024 characters/,
    },
    {
      name: "a mapped column missing from the file",
      csv: "mobile,name,date\n+14152000010,Ana,June 1\n",
      message: /addressColumn: column "phone" is not in the file/,
    },
    { name: "a header and no rows", csv: "phone,name,date\n", message: /no data rows/ },
    { name: "an empty file", csv: "", message: /empty/ },
  ])("refuses $name and keeps nothing", async ({ csv, message, ...rest }) => {
    const id = await draft("Refused");
    const settings = "settings" in rest ? rest.settings : {};
    await expect(
      importCsvAudience(id, { ...base, ...settings } as CsvImportInput, csvStream(csv)),
    ).rejects.toThrow(message);
    expect(await db.campaignAudienceSource.count({ where: { campaignId: id } })).toBe(0);
  });

  it("stops at the row limit and keeps nothing of the partial import", async () => {
    const id = await draft("Too big");
    const csv = [
      "phone,name,date",
      ...Array.from({ length: 2500 }, (_, i) => `+1415${2_000_000 + i * 100 + 10},N${i},June 1`),
    ].join("\n");
    await expect(importCsvAudience(id, base, csvStream(csv), { maxRows: 2000 })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    expect(await db.campaignRecipient.count({ where: { campaignId: id } })).toBe(0);
    expect(await db.campaignRejectedRow.count({ where: { campaignId: id } })).toBe(0);
  });

  it("adds contacts picked by a filter, de-duplicated against the CSV already imported", async () => {
    // The cases above made contacts of their rows (imports upsert contacts): keep only the opted-out one.
    await db.contact.deleteMany({ where: { optedOut: false } });
    const id = await draft("Contacts");
    await importCsvAudience(id, base, csvStream("phone,name,date\n+14152000010,Ana,June 1\n"));
    expect(await db.contact.count({ where: { phone: "+14152000010" } })).toBe(1); // Ana: a contact since her import
    await db.contact.createMany({ data: [{ phone: "+14152000310", name: "Cy Filter" }] });
    const summary = await importContactsAudience(id, {
      filter: { q: "" },
      variables: {
        ...REMINDER_MAPPING,
        body_1: { kind: "contact", field: "name", fallback: "there" },
        body_2: { kind: "fixed", value: "June 9" },
      },
    });
    // The opted-out contact from beforeAll, Ana (already in from the CSV) and Cy.
    expect(summary).toMatchObject({
      totalRows: 3,
      acceptedRows: 1,
      rejectedByReason: { DUPLICATE: 1, OPTED_OUT: 1 },
    });
    const cy = await db.campaignRecipient.findFirstOrThrow({
      where: { campaignId: id, phone: "+14152000310" },
    });
    expect(cy.variables).toMatchObject({ body_1: "Cy Filter", body_2: "June 9" });
    expect(cy.contactId).not.toBeNull();
  });
});
