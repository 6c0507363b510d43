import { describe, expect, it } from "vitest";
import { slaStatus, worstSla } from "./sla";

const opened = new Date("2026-12-01T10:00:00Z");
const at = (minutes: number) => new Date(opened.getTime() + minutes * 60_000);
const targets = { firstResponseMinutes: 15, resolutionHours: 4 };

describe("slaStatus", () => {
  it("a reply inside the target meets it; one after it breaches it", () => {
    expect(
      slaStatus({ openedAt: opened, firstResponseAt: at(15), resolvedAt: null }, targets, at(20))
        .firstResponse.state,
    ).toBe("met");
    expect(
      slaStatus({ openedAt: opened, firstResponseAt: at(16), resolvedAt: null }, targets, at(20))
        .firstResponse.state,
    ).toBe("breached");
  });

  it("no reply yet: due until the target passes, breached after", () => {
    expect(
      slaStatus({ openedAt: opened, firstResponseAt: null, resolvedAt: null }, targets, at(14)).firstResponse,
    ).toEqual({ state: "due", dueAt: at(15), remainingMs: 60_000 });
    expect(
      slaStatus({ openedAt: opened, firstResponseAt: null, resolvedAt: null }, targets, at(15.01))
        .firstResponse.state,
    ).toBe("breached");
  });

  it("resolution is measured from the opening, in hours", () => {
    expect(
      slaStatus({ openedAt: opened, firstResponseAt: at(1), resolvedAt: at(240) }, targets, at(300))
        .resolution.state,
    ).toBe("met");
    expect(
      slaStatus({ openedAt: opened, firstResponseAt: at(1), resolvedAt: at(241) }, targets, at(300))
        .resolution.state,
    ).toBe("breached");
  });

  it("a target switched off is off", () => {
    const s = slaStatus(
      { openedAt: opened, firstResponseAt: null, resolvedAt: null },
      { firstResponseMinutes: null, resolutionHours: null },
      at(9999),
    );
    expect(s).toEqual({
      firstResponse: { state: "off", dueAt: null, remainingMs: null },
      resolution: { state: "off", dueAt: null, remainingMs: null },
    });
    expect(worstSla(s)).toBeNull();
  });
});

describe("worstSla", () => {
  it("a breach beats something merely due, and the earlier due time wins between equals", () => {
    const breachedResolution = slaStatus(
      { openedAt: opened, firstResponseAt: null, resolvedAt: null },
      { firstResponseMinutes: 600, resolutionHours: 1 },
      at(61),
    );
    expect(worstSla(breachedResolution)).toMatchObject({ state: "breached", target: "resolution" });
    const bothDue = slaStatus({ openedAt: opened, firstResponseAt: null, resolvedAt: null }, targets, at(1));
    expect(worstSla(bothDue)).toMatchObject({
      state: "due",
      target: "first_response",
      remainingMs: 14 * 60_000,
    });
  });

  it("nothing to flag once both are met", () => {
    expect(
      worstSla(slaStatus({ openedAt: opened, firstResponseAt: at(1), resolvedAt: at(2) }, targets, at(3))),
    ).toBeNull();
  });
});

describe("slaStatus in business hours", () => {
  const nineToFive = [{ start: "09:00", end: "17:00" }];
  const london = {
    timeZone: "Europe/London",
    weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
    holidays: [] as { date: string }[],
  };

  it("the weekend does not count: opened Friday 16:30, a 60-minute first response target is due Monday 09:30", () => {
    const openedAt = new Date("2026-11-27T16:30:00Z"); // Friday, London = UTC in winter
    const cycle = { openedAt, firstResponseAt: null, resolvedAt: null };
    const t = { firstResponseMinutes: 60, resolutionHours: null };
    const monday0920 = new Date("2026-11-30T09:20:00Z");
    expect(slaStatus(cycle, t, monday0920, london).firstResponse).toEqual({
      state: "due",
      remainingMs: 10 * 60_000,
      dueAt: null,
    });
    expect(slaStatus(cycle, t, new Date("2026-11-29T23:59:00Z"), london).firstResponse.remainingMs).toBe(
      30 * 60_000,
    );
    expect(slaStatus(cycle, t, new Date("2026-11-30T09:31:00Z"), london).firstResponse).toMatchObject({
      state: "breached",
      remainingMs: -60_000,
    });
    // The same cycle in wall-clock time was breached on Friday evening.
    expect(slaStatus(cycle, t, new Date("2026-11-27T17:31:00Z")).firstResponse.state).toBe("breached");
  });

  it("across the spring DST change (London, 29 March 2026) the hours stay 09:00–17:00 local", () => {
    const openedAt = new Date("2026-03-27T16:00:00Z"); // Friday 16:00 GMT
    const resolvedAt = new Date("2026-03-30T16:00:00Z"); // Monday 17:00 BST
    const cycle = { openedAt, firstResponseAt: null, resolvedAt };
    expect(
      slaStatus(cycle, { firstResponseMinutes: null, resolutionHours: 9 }, resolvedAt, london).resolution,
    ).toMatchObject({ state: "met", remainingMs: 0 });
    expect(
      slaStatus(cycle, { firstResponseMinutes: null, resolutionHours: 8 }, resolvedAt, london).resolution,
    ).toMatchObject({ state: "breached", remainingMs: -3_600_000 });
  });

  it("a holiday is closed all day", () => {
    const withHoliday = { ...london, holidays: [{ date: "2026-03-30" }] };
    const cycle = {
      openedAt: new Date("2026-03-27T16:00:00Z"),
      firstResponseAt: null,
      resolvedAt: new Date("2026-03-31T09:00:00Z"),
    }; // Tue 10:00 BST
    expect(
      slaStatus(
        cycle,
        { firstResponseMinutes: null, resolutionHours: 2 },
        new Date("2026-04-01T00:00:00Z"),
        withHoliday,
      ).resolution,
    ).toMatchObject({ state: "met", remainingMs: 0 });
  });

  it("open all day in New York: the spring-forward day has 23 hours", () => {
    const allDay = [{ start: "00:00", end: "24:00" }];
    const ny = {
      timeZone: "America/New_York",
      weekly: { sun: allDay, mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay },
      holidays: [],
    };
    const cycle = {
      openedAt: new Date("2026-03-08T05:00:00Z"),
      firstResponseAt: null,
      resolvedAt: new Date("2026-03-09T04:00:00Z"),
    }; // local midnight to midnight
    expect(
      slaStatus(cycle, { firstResponseMinutes: null, resolutionHours: 23 }, cycle.resolvedAt, ny).resolution
        .state,
    ).toBe("met");
    expect(
      slaStatus(cycle, { firstResponseMinutes: null, resolutionHours: 22 }, cycle.resolvedAt, ny).resolution
        .state,
    ).toBe("breached");
  });
});
