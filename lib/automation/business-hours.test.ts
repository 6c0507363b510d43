import { describe, expect, it } from "vitest";
import {
  businessTimeBetween,
  closedPeriodKey,
  isOpenAt,
  isValidTimeZone,
  nextOpening,
  zonedInstant,
  type BusinessHours,
} from "./business-hours";

const nineToFive = [{ start: "09:00", end: "17:00" }];
const weekdays = (tz: string, holidays: BusinessHours["holidays"] = []): BusinessHours => ({
  timeZone: tz,
  weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
  holidays,
});
const at = (iso: string) => new Date(iso);
const H = 3_600_000;

describe("zonedInstant", () => {
  it.each([
    // [zone, date, wall minute, expected instant]
    ["Europe/London", { y: 2026, m: 1, d: 15 }, 9 * 60, "2026-01-15T09:00:00.000Z"],
    ["Europe/London", { y: 2026, m: 7, d: 15 }, 9 * 60, "2026-07-15T08:00:00.000Z"],
    ["America/New_York", { y: 2026, m: 7, d: 15 }, 9 * 60, "2026-07-15T13:00:00.000Z"],
    ["Asia/Kolkata", { y: 2026, m: 7, d: 15 }, 9 * 60, "2026-07-15T03:30:00.000Z"],
    ["Pacific/Auckland", { y: 2026, m: 1, d: 15 }, 9 * 60, "2026-01-14T20:00:00.000Z"],
    // Spring forward in London (29 March 2026, 01:00 → 02:00): 01:30 does not exist and moves forward an hour.
    ["Europe/London", { y: 2026, m: 3, d: 29 }, 90, "2026-03-29T01:30:00.000Z"],
    // Fall back (25 October 2026, 02:00 → 01:00): 01:30 happens twice; the earlier (BST) one is taken.
    ["Europe/London", { y: 2026, m: 10, d: 25 }, 90, "2026-10-25T00:30:00.000Z"],
    // New York: 8 March 2026 02:30 does not exist → 03:30 EDT.
    ["America/New_York", { y: 2026, m: 3, d: 8 }, 150, "2026-03-08T07:30:00.000Z"],
  ])("%s %o minute %i → %s", (tz, civil, minute, expected) => {
    expect(new Date(zonedInstant(civil, minute, tz)).toISOString()).toBe(expected);
  });
});

describe("isOpenAt", () => {
  const hours = weekdays("Europe/London", [{ date: "2026-12-25", name: "Christmas" }]);
  it.each([
    ["2026-12-07T08:59:59Z", false], // Monday, before opening (GMT)
    ["2026-12-07T09:00:00Z", true], // opening instant is open
    ["2026-12-07T16:59:59Z", true],
    ["2026-12-07T17:00:00Z", false], // closing instant is closed
    ["2026-12-05T12:00:00Z", false], // Saturday
    ["2026-12-25T12:00:00Z", false], // Friday, but a holiday
    ["2026-07-06T08:30:00Z", true], // Monday in summer: 09:30 BST
    ["2026-07-06T16:30:00Z", false], // 17:30 BST
  ])("%s → %s", (iso, open) => {
    expect(isOpenAt(hours, at(iso))).toBe(open);
  });

  it("reads the holiday as a local date, not a UTC one", () => {
    // 25 Dec 00:30 in Auckland is 24 Dec 11:30 UTC: Auckland's holiday, though UTC still says the 24th.
    const auckland: BusinessHours = {
      timeZone: "Pacific/Auckland",
      weekly: { fri: [{ start: "00:00", end: "24:00" }] },
      holidays: [{ date: "2026-12-25" }],
    };
    expect(isOpenAt(auckland, at("2026-12-24T11:30:00Z"))).toBe(false);
    expect(isOpenAt({ ...auckland, holidays: [] }, at("2026-12-24T11:30:00Z"))).toBe(true);
  });

  it("keeps an interval to midnight open until the local midnight", () => {
    const late: BusinessHours = {
      timeZone: "America/New_York",
      weekly: { mon: [{ start: "22:00", end: "24:00" }] },
      holidays: [],
    };
    expect(isOpenAt(late, at("2026-12-08T04:59:00Z"))).toBe(true); // Mon 23:59 EST
    expect(isOpenAt(late, at("2026-12-08T05:00:00Z"))).toBe(false); // Tue 00:00
  });

  it("is closed every day when no hours are set", () => {
    expect(isOpenAt({ timeZone: "UTC", weekly: {}, holidays: [] }, at("2026-12-07T12:00:00Z"))).toBe(false);
  });
});

describe("nextOpening", () => {
  const hours = weekdays("Europe/London", [{ date: "2026-12-25" }, { date: "2026-12-28" }]);
  it.each([
    ["2026-12-07T10:00:00Z", "2026-12-07T10:00:00.000Z"], // open now: now
    ["2026-12-07T07:00:00Z", "2026-12-07T09:00:00.000Z"], // later today
    ["2026-12-07T17:00:00Z", "2026-12-08T09:00:00.000Z"], // tomorrow
    ["2026-12-04T18:00:00Z", "2026-12-07T09:00:00.000Z"], // Friday evening → Monday
    ["2026-12-24T18:00:00Z", "2026-12-29T09:00:00.000Z"], // skips Christmas, the weekend and the 28th
    // Across spring forward: Friday 27 March GMT evening → Monday 30 March 09:00 BST = 08:00Z.
    ["2026-03-27T18:00:00Z", "2026-03-30T08:00:00.000Z"],
    // Across fall back: Friday 23 October BST → Monday 26 October 09:00 GMT.
    ["2026-10-23T18:00:00Z", "2026-10-26T09:00:00.000Z"],
  ])("%s → %s", (from, expected) => {
    expect(nextOpening(hours, at(from))?.toISOString()).toBe(expected);
  });

  it("is null when it never opens", () => {
    expect(nextOpening({ timeZone: "UTC", weekly: {}, holidays: [] }, at("2026-12-07T12:00:00Z"))).toBeNull();
  });

  it("opens at the shifted instant when the opening wall time falls in the DST gap", () => {
    // Sunday 29 March 2026, London, "01:30" does not exist: it opens at 02:30 BST = 01:30Z.
    const sunday: BusinessHours = {
      timeZone: "Europe/London",
      weekly: { sun: [{ start: "01:30", end: "05:00" }] },
      holidays: [],
    };
    expect(nextOpening(sunday, at("2026-03-28T23:00:00Z"))?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });
});

describe("businessTimeBetween", () => {
  const hours = weekdays("Europe/London", [{ date: "2026-12-25" }]);
  it.each([
    ["inside one day", "2026-12-07T10:00:00Z", "2026-12-07T12:30:00Z", 2.5 * H],
    ["overnight counts only the open hours", "2026-12-07T16:00:00Z", "2026-12-08T10:00:00Z", 2 * H],
    ["over a weekend", "2026-12-04T16:00:00Z", "2026-12-07T10:00:00Z", 2 * H],
    ["a whole week", "2026-12-07T00:00:00Z", "2026-12-14T00:00:00Z", 40 * H],
    ["a week with a holiday", "2026-12-21T00:00:00Z", "2026-12-28T00:00:00Z", 32 * H],
    ["entirely closed", "2026-12-05T00:00:00Z", "2026-12-06T23:00:00Z", 0],
    ["reversed span", "2026-12-08T00:00:00Z", "2026-12-07T00:00:00Z", 0],
  ])("%s", (_name, from, to, expected) => {
    expect(businessTimeBetween(hours, at(from), at(to))).toBe(expected);
  });

  it("counts the real elapsed time of a wall-clock day that spans a DST change", () => {
    // Sunday open 00:00–06:00 on the spring-forward day: six wall hours, five real ones; fall back: seven.
    const sunday: BusinessHours = {
      timeZone: "Europe/London",
      weekly: { sun: [{ start: "00:00", end: "06:00" }] },
      holidays: [],
    };
    expect(businessTimeBetween(sunday, at("2026-03-28T12:00:00Z"), at("2026-03-30T00:00:00Z"))).toBe(5 * H);
    expect(businessTimeBetween(sunday, at("2026-10-24T12:00:00Z"), at("2026-10-26T00:00:00Z"))).toBe(7 * H);
  });

  it("agrees with isOpenAt sampled every 15 minutes over a month in New York", () => {
    const ny: BusinessHours = {
      timeZone: "America/New_York",
      weekly: {
        mon: [
          { start: "08:00", end: "12:00" },
          { start: "13:00", end: "18:30" },
        ],
        sat: [{ start: "10:00", end: "24:00" }],
      },
      holidays: [{ date: "2026-03-16" }],
    };
    const from = at("2026-02-25T00:00:00Z").getTime();
    const to = at("2026-03-25T00:00:00Z").getTime(); // spans the 8 March DST change
    const step = 15 * 60_000;
    let sampled = 0;
    for (let t = from; t < to; t += step) if (isOpenAt(ny, t)) sampled += step;
    expect(businessTimeBetween(ny, from, to)).toBe(sampled);
  });

  it("refuses spans it would walk for too long", () => {
    expect(() => businessTimeBetween(hours, 0, 20 * 365 * 24 * H)).toThrow(RangeError);
  });
});

describe("closedPeriodKey", () => {
  const hours = weekdays("Europe/London");
  it("is the same all through one closed stretch and differs for the next", () => {
    const friday = closedPeriodKey(hours, at("2026-12-04T18:00:00Z"));
    expect(friday).toBe("2026-12-07T09:00:00.000Z");
    expect(closedPeriodKey(hours, at("2026-12-06T12:00:00Z"))).toBe(friday);
    expect(closedPeriodKey(hours, at("2026-12-07T08:59:00Z"))).toBe(friday);
    expect(closedPeriodKey(hours, at("2026-12-07T10:00:00Z"))).toBeNull();
    expect(closedPeriodKey(hours, at("2026-12-07T18:00:00Z"))).toBe("2026-12-08T09:00:00.000Z");
  });
});

describe("isValidTimeZone", () => {
  it.each([
    ["Europe/London", true],
    ["UTC", true],
    ["America/Argentina/Buenos_Aires", true],
    ["Mars/Olympus", false],
    ["", false],
  ])("%s → %s", (tz, valid) => {
    expect(isValidTimeZone(tz)).toBe(valid);
  });
});
