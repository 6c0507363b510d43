import { describe, expect, it } from "vitest";
import {
  formatDate,
  formatDateTime,
  formatDuration,
  formatRelative,
  formatShortDateTime,
  formatTime,
} from "./date-time";

const now = Date.UTC(2026, 11, 6, 15, 0);
const o = { now, timeZone: "UTC", locale: "en-GB" };

describe("date-time formatting", () => {
  it("shows the year only outside the current year", () => {
    expect(formatDateTime("2026-12-05T14:03:00Z", o)).toBe("5 Dec, 14:03");
    expect(formatDateTime("2025-12-05T14:03:00Z", o)).toBe("5 Dec 2025, 14:03");
    expect(formatDate("2026-03-01T10:00:00Z", o)).toBe("1 Mar");
    expect(formatDate("2024-03-01T10:00:00Z", o)).toBe("1 Mar 2024");
    expect(formatDate("2024-03-01T10:00:00Z", { ...o, weekday: true })).toBe("Fri, 1 Mar 2024");
  });

  it("follows the locale", () => {
    expect(formatDateTime("2025-12-05T14:03:00Z", { ...o, locale: "en-US" })).toBe("Dec 5, 2025, 02:03 PM");
    expect(formatTime("2026-12-05T14:03:09Z", { ...o, seconds: true })).toBe("14:03:09");
  });

  it("writes today's times as a time and older ones as a date", () => {
    expect(formatShortDateTime("2026-12-06T09:30:00Z", o)).toBe("09:30");
    expect(formatShortDateTime("2026-11-30T09:30:00Z", o)).toBe("30 Nov");
  });

  it("relative times and durations", () => {
    expect(formatRelative(now - 3 * 60_000, now, "en")).toBe("3 minutes ago");
    expect(formatRelative(now + 6 * 86_400_000, now, "en")).toBe("in 6 days");
    expect(formatDuration(0.4)).toBe("1 s");
    expect(formatDuration(87.5)).toBe("1 min 28 s");
    expect(formatDuration(120)).toBe("2 min");
    expect(formatDuration(3 * 3600 + 300)).toBe("3 h 5 min");
  });
});

describe("formatDuration above an hour", () => {
  it("drops a zero part and counts days from 24 hours", () => {
    expect(formatDuration(3600)).toBe("1 h");
    expect(formatDuration(4320)).toBe("1 h 12 min");
    expect(formatDuration(24 * 3600)).toBe("1 d");
    expect(formatDuration(2 * 86400 + 3 * 3600)).toBe("2 d 3 h");
  });
});
