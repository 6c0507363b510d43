import { describe, expect, it } from "vitest";
import { initials, slaBadge } from "./conversation-list";

describe("avatar initials", () => {
  it.each([
    ["Ana María López", "AM"],
    ["+44 7700 900101", "#"],
    ["07700 900101", "#"],
    ["(Bob) Smith", "BS"],
    ["R2-D2 unit", "RU"],
    ["🙂 Zoë", "Z"],
    ["élodie", "É"],
    ["", "#"],
  ])("%j -> %j (letters only)", (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});

describe("SLA badge", () => {
  const opened = Date.parse("2026-12-01T10:00:00Z");
  const policy = { targets: { firstResponseMinutes: 30, resolutionHours: 8 }, businessHours: null };
  const row = (firstResponseAt: string | null = null) => ({
    status: "OPEN" as const,
    openCycle: { openedAt: new Date(opened).toISOString(), firstResponseAt },
  });
  const at = (minutes: number) => opened + minutes * 60_000;

  it("nothing while more than half the time is left; due in the second half; overdue after", () => {
    expect(slaBadge(row(), policy, at(10))).toBeNull();
    expect(slaBadge(row(), policy, at(20))).toEqual({
      text: "SLA: first response due in 10m",
      breached: false,
    });
    expect(slaBadge(row(), policy, at(42))).toEqual({
      text: "SLA: first response overdue 12m",
      breached: true,
    });
  });

  it("once answered, the resolution target is the one shown", () => {
    const answered = row(new Date(at(5)).toISOString());
    expect(slaBadge(answered, policy, at(60))).toBeNull();
    expect(slaBadge(answered, policy, at(7 * 60))).toEqual({
      text: "SLA: resolution due in 1h",
      breached: false,
    });
  });

  it("a first response given late is no longer flagged once given (the reports count the breach)", () => {
    const late = row(new Date(at(45)).toISOString());
    expect(slaBadge(late, policy, at(50))).toBeNull();
    expect(slaBadge(late, policy, at(9 * 60))).toEqual({
      text: "SLA: resolution overdue 1h",
      breached: true,
    });
  });

  it("business hours: the clock stops while closed", () => {
    const nineToFive = [{ start: "09:00", end: "17:00" }];
    const hours = {
      timeZone: "UTC",
      weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
      holidays: [],
    };
    const friday = {
      status: "OPEN" as const,
      openCycle: { openedAt: "2026-12-04T16:50:00Z", firstResponseAt: null },
    };
    const monday0915 = Date.parse("2026-12-07T09:15:00Z");
    expect(slaBadge(friday, { ...policy, businessHours: hours }, monday0915)).toEqual({
      text: "SLA: first response due in 5m",
      breached: false,
    });
    expect(slaBadge(friday, policy, monday0915)?.breached).toBe(true);
  });

  it("no open cycle, resolved or no targets: no badge", () => {
    expect(slaBadge({ status: "OPEN", openCycle: null }, policy, at(999))).toBeNull();
    expect(
      slaBadge(
        row(),
        { targets: { firstResponseMinutes: null, resolutionHours: null }, businessHours: null },
        at(999),
      ),
    ).toBeNull();
    expect(slaBadge(row(), null, at(999))).toBeNull();
  });
});
