import { describe, expect, it } from "vitest";
import {
  isCampaignReportType,
  mapReportRow,
  parseClicks,
  parseReportTimestamp,
  parseReportsList,
  reportCustomerAddress,
  resolveReportHeader,
  REPORT_COLUMNS,
} from "./campaign-report";

const header = (() => {
  const resolved = resolveReportHeader(REPORT_COLUMNS);
  if (!resolved.ok) throw new Error(resolved.reason);
  return resolved.header;
})();

/** A documented-order record with the given cells filled. */
function record(cells: Partial<Record<(typeof REPORT_COLUMNS)[number], string>>): string[] {
  return REPORT_COLUMNS.map((c) => cells[c] ?? "");
}

describe("resolveReportHeader", () => {
  it("finds columns by name in either spelling, in any order, ignoring case, spaces and extra columns", () => {
    const resolved = resolveReportHeader([
      "extra",
      " Campaign_Name ",
      "customerExternalId",
      "buttonClicks",
      "LINK_CLICKS",
      "optOutAt",
    ]);
    expect(resolved).toEqual({
      ok: true,
      header: { campaign_name: 1, customer_external_id: 2, button_clicks: 3, link_clicks: 4, opt_out_at: 5 },
    });
  });

  it("names the required columns that are missing", () => {
    expect(resolveReportHeader(["campaign_name", "sent_at"])).toEqual({
      ok: false,
      reason: "the report has no customer_external_id column",
    });
    expect(resolveReportHeader(["\uFEFFcustomer_external_id"])).toEqual({
      ok: false,
      reason: "the report has no campaign_name column",
    });
  });
});

describe("parseReportTimestamp", () => {
  it.each([
    ["2024-05-10 20:13:50.682000", "2024-05-10T20:13:50.682Z"],
    ["2024-05-10 20:13:50", "2024-05-10T20:13:50.000Z"],
    ["2024-05-10T20:13:50.5", "2024-05-10T20:13:50.500Z"],
    ["2024-05-10T20:13:50Z", "2024-05-10T20:13:50.000Z"],
    ["2024-05-10 22:13:50+02:00", "2024-05-10T20:13:50.000Z"],
    ["1715372030", "2024-05-10T20:13:50.000Z"],
    ["1715372030682", "2024-05-10T20:13:50.682Z"],
  ])("reads %s", (raw, iso) => {
    expect((parseReportTimestamp(raw) as Date).toISOString()).toBe(iso);
  });

  it("reads blank and null as not happened, and refuses anything else", () => {
    expect(parseReportTimestamp("")).toBeNull();
    expect(parseReportTimestamp("  ")).toBeNull();
    expect(parseReportTimestamp("NULL")).toBeNull();
    expect(parseReportTimestamp(undefined)).toBeNull();
    for (const bad of [
      "yesterday",
      "2024-13-10 20:13:50",
      "2024-05-10",
      "12345",
      "2024-05-10 20:13:50 UTC",
    ]) {
      expect(parseReportTimestamp(bad)).toBe("invalid");
    }
  });
});

describe("parseClicks", () => {
  it("counts the documented {id, name, ts} array and keeps the earliest time", () => {
    const cell = JSON.stringify([
      { id: "b1", name: "Yes", ts: "2024-05-10 20:15:00.000000" },
      { id: "b2", name: "More", ts: "2024-05-10 20:14:00.000000" },
      { id: "b3", name: "No time" },
    ]);
    expect(parseClicks(cell)).toEqual({ count: 3, firstAt: new Date("2024-05-10T20:14:00.000Z") });
  });

  it("reads blank, null and [] as none and a bare number as a count", () => {
    for (const none of [undefined, "", " ", "[]", "null", "NULL"])
      expect(parseClicks(none)).toEqual({ count: 0, firstAt: null });
    expect(parseClicks("4")).toEqual({ count: 4, firstAt: null });
  });

  it("refuses cells that are not the documented shape", () => {
    expect(parseClicks("{broken")).toEqual({ error: "is not JSON" });
    expect(parseClicks('{"id":"b"}')).toEqual({ error: "is not a JSON array" });
    expect(parseClicks("[1, 2]")).toEqual({ error: "has an element that is not an object" });
  });
});

describe("reportCustomerAddress", () => {
  it.each([
    ["+447700900123", "+447700900123"],
    ["447700900123", "+447700900123"],
    [" +44 7700-900 (123) ", "+447700900123"],
    ["US.13491208655302741918", "bsuid:US.13491208655302741918"],
    ["bsuid:US.1349120865", "bsuid:US.1349120865"],
  ])("%s → %s", (raw, address) => {
    expect(reportCustomerAddress(raw)).toBe(address);
  });

  it("refuses what is neither a phone nor a BSUID", () => {
    for (const bad of ["", "12345", "+1234567890123456", "someone@example.com", "us.123"])
      expect(reportCustomerAddress(bad)).toBeNull();
  });
});

describe("mapReportRow", () => {
  it("maps a documented row", () => {
    const mapped = mapReportRow(
      record({
        customer_external_id: "+447700900123",
        campaign_name: " Spring sale ",
        sent_at: "2024-05-10 20:13:50.682000",
        opt_out_at: "2024-05-11 08:00:00.000000",
        button_clicks: '[{"id":"1","name":"Yes","ts":"2024-05-10 20:20:00.000000"}]',
        link_clicks:
          '[{"id":"2","name":"https://x.y","ts":"2024-05-10 20:18:00.000000"},{"id":"2","name":"https://x.y","ts":"2024-05-10 21:00:00.000000"}]',
      }),
      header,
    );
    expect(mapped).toEqual({
      ok: true,
      row: {
        campaignName: "Spring sale",
        address: "+447700900123",
        sentAt: new Date("2024-05-10T20:13:50.682Z"),
        buttonClicks: 1,
        linkClicks: 2,
        firstClickAt: new Date("2024-05-10T20:18:00.000Z"),
        optOutAt: new Date("2024-05-11T08:00:00.000Z"),
      },
    });
  });

  it("maps a row without clicks, and a short (ragged) row, as no clicks", () => {
    expect(mapReportRow(["+447700900123", "biz", "Spring"], header)).toEqual({
      ok: true,
      row: {
        campaignName: "Spring",
        address: "+447700900123",
        sentAt: null,
        buttonClicks: 0,
        linkClicks: 0,
        firstClickAt: null,
        optOutAt: null,
      },
    });
  });

  it.each([
    [{ customer_external_id: "+447700900123" }, "campaign_name is blank"],
    [{ campaign_name: "S" }, "customer_external_id is blank"],
    [
      { campaign_name: "S", customer_external_id: "nobody" },
      "customer_external_id is neither a phone number nor a BSUID",
    ],
    [
      { campaign_name: "S", customer_external_id: "+447700900123", sent_at: "soon" },
      "sent_at is not a timestamp",
    ],
    [
      { campaign_name: "S", customer_external_id: "+447700900123", opt_out_at: "x" },
      "opt_out_at is not a timestamp",
    ],
    [
      { campaign_name: "S", customer_external_id: "+447700900123", button_clicks: "{" },
      "button_clicks is not JSON",
    ],
    [
      { campaign_name: "S", customer_external_id: "+447700900123", link_clicks: "{}" },
      "link_clicks is not a JSON array",
    ],
  ])("rejects %j: %s", (cells, reason) => {
    expect(mapReportRow(record(cells), header)).toEqual({ ok: false, reason });
  });
});

describe("parseReportsList", () => {
  it("reads the documented camelCase answer and the webhook's snake_case run, dropping non-reports", () => {
    const list = parseReportsList({
      data: [
        {
          id: "r1",
          name: "Daily",
          type: "campaign.daily.v1",
          lastRun: {
            id: "run1",
            status: "COMPLETED",
            result: { url: "https://x/1.csv", expiresAt: "e", createdAt: "c" },
          },
        },
        {
          id: "r2",
          type: "campaign.daily.custom",
          last_run: {
            id: "run2",
            status: "processing",
            result: { url: "https://x/2.csv", expires_at: "e2" },
          },
        },
        { name: "no id" },
        "junk",
      ],
    });
    expect(list).toEqual([
      {
        reportId: "r1",
        name: "Daily",
        type: "campaign.daily.v1",
        runId: "run1",
        status: "completed",
        url: "https://x/1.csv",
        expiresAt: "e",
        createdAt: "c",
      },
      {
        reportId: "r2",
        name: null,
        type: "campaign.daily.custom",
        runId: "run2",
        status: "processing",
        url: "https://x/2.csv",
        expiresAt: "e2",
        createdAt: null,
      },
    ]);
    expect(parseReportsList({ reports: [{ id: "r3" }] })).toEqual([
      {
        reportId: "r3",
        name: null,
        type: null,
        runId: null,
        status: null,
        url: null,
        expiresAt: null,
        createdAt: null,
      },
    ]);
    expect(parseReportsList(null)).toEqual([]);
    expect(parseReportsList({ data: "nope" })).toEqual([]);
  });

  it("imports only campaign report types", () => {
    expect(isCampaignReportType("campaign.daily.v1")).toBe(true);
    expect(isCampaignReportType("messages.daily.v1")).toBe(false);
    expect(isCampaignReportType(null)).toBe(false);
  });
});
