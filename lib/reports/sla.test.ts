import { describe, expect, it } from "vitest";
import { slaStatus, worstSla } from "./sla";

const opened = new Date("2026-12-01T10:00:00Z");
const at = (minutes: number) => new Date(opened.getTime() + minutes * 60_000);
const targets = { firstResponseMinutes: 15, resolutionHours: 4 };

describe("slaStatus", () => {
  it("a reply inside the target meets it; one after it breaches it", () => {
    expect(slaStatus({ openedAt: opened, firstResponseAt: at(15), resolvedAt: null }, targets, at(20)).firstResponse.state).toBe("met");
    expect(slaStatus({ openedAt: opened, firstResponseAt: at(16), resolvedAt: null }, targets, at(20)).firstResponse.state).toBe("breached");
  });

  it("no reply yet: due until the target passes, breached after", () => {
    expect(slaStatus({ openedAt: opened, firstResponseAt: null, resolvedAt: null }, targets, at(14)).firstResponse).toEqual({ state: "due", dueAt: at(15) });
    expect(slaStatus({ openedAt: opened, firstResponseAt: null, resolvedAt: null }, targets, at(15.01)).firstResponse.state).toBe("breached");
  });

  it("resolution is measured from the opening, in hours", () => {
    expect(slaStatus({ openedAt: opened, firstResponseAt: at(1), resolvedAt: at(240) }, targets, at(300)).resolution.state).toBe("met");
    expect(slaStatus({ openedAt: opened, firstResponseAt: at(1), resolvedAt: at(241) }, targets, at(300)).resolution.state).toBe("breached");
  });

  it("a target switched off is off", () => {
    const s = slaStatus({ openedAt: opened, firstResponseAt: null, resolvedAt: null }, { firstResponseMinutes: null, resolutionHours: null }, at(9999));
    expect(s).toEqual({ firstResponse: { state: "off", dueAt: null }, resolution: { state: "off", dueAt: null } });
    expect(worstSla(s)).toBeNull();
  });
});

describe("worstSla", () => {
  it("a breach beats something merely due, and the earlier due time wins between equals", () => {
    const breachedResolution = slaStatus({ openedAt: opened, firstResponseAt: null, resolvedAt: null }, { firstResponseMinutes: 600, resolutionHours: 1 }, at(61));
    expect(worstSla(breachedResolution)).toMatchObject({ state: "breached", target: "resolution" });
    const bothDue = slaStatus({ openedAt: opened, firstResponseAt: null, resolvedAt: null }, targets, at(1));
    expect(worstSla(bothDue)).toMatchObject({ state: "due", target: "first_response", dueAt: at(15) });
  });

  it("nothing to flag once both are met", () => {
    expect(worstSla(slaStatus({ openedAt: opened, firstResponseAt: at(1), resolvedAt: at(2) }, targets, at(3)))).toBeNull();
  });
});
