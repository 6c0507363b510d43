import { describe, expect, it } from "vitest";
import { isValidTimeZone } from "../../automation/business-hours";
import { KNOWN_COUNTRY_ZONES, timeZoneForCountry } from "./country-time-zone";
import { inQuietHours, quietHoursRelease } from "./quiet-hours";

const night = { enabled: true, start: "21:00", end: "08:00" };
const small = { enabled: true, start: "01:00", end: "05:00" };
const at = (iso: string) => new Date(iso);

describe("quiet hours in the recipient's zone", () => {
  it("holds a recipient whose local time is inside a stretch that wraps midnight, until it ends", () => {
    // 21:30 UTC = 22:30 in Madrid (CET, winter): quiet until 08:00 Madrid = 07:00 UTC next day.
    expect(inQuietHours(night, "Europe/Madrid", at("2026-01-15T21:30:00Z"))).toBe(true);
    expect(quietHoursRelease(night, "Europe/Madrid", at("2026-01-15T21:30:00Z")).toISOString()).toBe(
      "2026-01-16T07:00:00.000Z",
    );
    // Same instant, New York 16:30: not quiet, released at once.
    expect(inQuietHours(night, "America/New_York", at("2026-01-15T21:30:00Z"))).toBe(false);
    expect(quietHoursRelease(night, "America/New_York", at("2026-01-15T21:30:00Z")).toISOString()).toBe(
      "2026-01-15T21:30:00.000Z",
    );
    // Start inclusive, end exclusive.
    expect(inQuietHours(night, "UTC", at("2026-01-15T21:00:00Z"))).toBe(true);
    expect(inQuietHours(night, "UTC", at("2026-01-15T08:00:00Z"))).toBe(false);
    expect(inQuietHours(night, "UTC", at("2026-01-15T07:59:00Z"))).toBe(true);
  });

  it("a stretch inside one day", () => {
    expect(inQuietHours(small, "Asia/Tokyo", at("2026-03-01T17:30:00Z"))).toBe(true); // 02:30 Tokyo
    expect(quietHoursRelease(small, "Asia/Tokyo", at("2026-03-01T17:30:00Z")).toISOString()).toBe(
      "2026-03-01T20:00:00.000Z",
    ); // 05:00 Tokyo
    expect(inQuietHours(small, "Asia/Tokyo", at("2026-03-01T15:30:00Z"))).toBe(false); // 00:30 Tokyo
  });

  it("off means never quiet", () => {
    expect(inQuietHours({ ...night, enabled: false }, "UTC", at("2026-01-15T23:00:00Z"))).toBe(false);
  });

  it("across DST changes the stretch stays local wall time", () => {
    // New York, spring forward on 2026-03-08 (02:00 → 03:00). Quiet 21:00–08:00: on the night of the 7th it ends at
    // 08:00 EDT = 12:00 UTC (not 13:00 as in EST).
    expect(quietHoursRelease(night, "America/New_York", at("2026-03-08T03:00:00Z")).toISOString()).toBe(
      "2026-03-08T12:00:00.000Z",
    );
    // The night before, still EST: 08:00 EST = 13:00 UTC.
    expect(quietHoursRelease(night, "America/New_York", at("2026-03-07T03:00:00Z")).toISOString()).toBe(
      "2026-03-07T13:00:00.000Z",
    );
    // Fall back in London (2026-10-25, 02:00 BST → 01:00 GMT): quiet 01:00–05:00; 01:30 happens twice, both quiet.
    expect(inQuietHours(small, "Europe/London", at("2026-10-25T00:30:00Z"))).toBe(true); // 01:30 BST
    expect(inQuietHours(small, "Europe/London", at("2026-10-25T01:30:00Z"))).toBe(true); // 01:30 GMT
    expect(quietHoursRelease(small, "Europe/London", at("2026-10-25T00:30:00Z")).toISOString()).toBe(
      "2026-10-25T05:00:00.000Z",
    );
    // A quiet end inside the spring-forward gap (02:30 does not exist in New York on 2026-03-08) moves forward.
    const gap = { enabled: true, start: "00:00", end: "02:30" };
    expect(quietHoursRelease(gap, "America/New_York", at("2026-03-08T05:30:00Z")).toISOString()).toBe(
      "2026-03-08T07:30:00.000Z",
    );
  });
});

describe("country → time zone", () => {
  it("every zone is known to Intl, and multi-zone countries take their most populous zone", () => {
    for (const [country, zone] of Object.entries(KNOWN_COUNTRY_ZONES))
      expect(isValidTimeZone(zone), `${country} ${zone}`).toBe(true);
    expect(timeZoneForCountry("US")).toBe("America/New_York");
    expect(timeZoneForCountry("br")).toBe("America/Sao_Paulo");
    expect(timeZoneForCountry("AU")).toBe("Australia/Sydney");
    expect(timeZoneForCountry("RU")).toBe("Europe/Moscow");
    expect(timeZoneForCountry("GB")).toBe("Europe/London");
    expect(timeZoneForCountry("IN")).toBe("Asia/Kolkata");
    expect(timeZoneForCountry(null)).toBeNull();
    expect(timeZoneForCountry("ZZ")).toBeNull();
    expect(Object.keys(KNOWN_COUNTRY_ZONES).length).toBeGreaterThan(240);
  });
});
