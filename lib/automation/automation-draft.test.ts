import { describe, expect, it } from "vitest";
import {
  automationDraftSchema,
  newHoliday,
  toAutomationBody,
  toAutomationDraft,
  type AutomationDraft,
} from "./automation-draft";
import { DEFAULT_AUTOMATION_SETTINGS, type AutomationSettings } from "./schemas";

const saved: AutomationSettings = {
  ...DEFAULT_AUTOMATION_SETTINGS,
  businessHours: {
    timeZone: "Europe/London",
    weekly: {
      ...DEFAULT_AUTOMATION_SETTINGS.businessHours.weekly,
      mon: [{ start: "09:00", end: "24:00" }],
      sat: [{ start: "10:00", end: "12:00" }],
    },
    holidays: [{ date: "2026-12-25", name: "Christmas" }, { date: "2026-12-26" }],
  },
  away: { enabled: true, text: null, template: { name: "we_are_closed", language: "en_US" } },
  autoResolveHours: 48,
};

const issuesOf = (draft: AutomationDraft) => {
  const parsed = automationDraftSchema.safeParse(draft);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("automation draft ↔ body", () => {
  it("shows the end of day as 23:59 and empty texts and templates as empty strings", () => {
    const draft = toAutomationDraft(saved);
    expect(draft.businessHours.weekly.mon).toEqual([{ start: "09:00", end: "23:59" }]);
    expect(draft.businessHours.weekly.sun).toEqual([]);
    expect(draft.businessHours.holidays).toEqual([
      { date: "2026-12-25", name: "Christmas" },
      { date: "2026-12-26", name: "" },
    ]);
    expect(draft.away).toEqual({
      enabled: true,
      text: "",
      template: { name: "we_are_closed", language: "en_US" },
    });
    expect(draft.welcome.template).toEqual({ name: "", language: "" });
    expect(draft).toMatchObject({ autoResolve: true, autoResolveHours: 48 });
  });

  it("round-trips saved settings through the draft", () => {
    expect(toAutomationBody(toAutomationDraft(saved))).toEqual(saved);
  });

  it("keeps the auto-resolve hours while it is off and sends null", () => {
    const off = { ...toAutomationDraft(saved), autoResolve: false };
    expect(off.autoResolveHours).toBe(48);
    expect(toAutomationBody(off).autoResolveHours).toBeNull();
    expect(toAutomationDraft({ ...saved, autoResolveHours: null })).toMatchObject({
      autoResolve: false,
      autoResolveHours: 24,
    });
  });

  it("sends an empty text as null, an empty template as none and trims the template's name and language", () => {
    const draft = toAutomationDraft(DEFAULT_AUTOMATION_SETTINGS);
    const body = toAutomationBody({
      ...draft,
      welcome: { enabled: false, text: "", template: { name: "", language: "" } },
      csat: { ...draft.csat, template: { name: " csat_survey ", language: "en " } },
    });
    expect(body.welcome).toEqual({ enabled: false, text: null, template: null });
    expect(body.csat.template).toEqual({ name: "csat_survey", language: "en" });
  });

  it("a new holiday is today's date, without a name", () => {
    expect(newHoliday(new Date("2026-03-04T23:30:00Z"))).toEqual({ date: "2026-03-04", name: "" });
  });
});

describe("automation draft schema", () => {
  it("passes a valid draft through as the PATCH body", () => {
    const parsed = automationDraftSchema.parse(toAutomationDraft(saved));
    expect(parsed.businessHours?.weekly.mon).toEqual([{ start: "09:00", end: "24:00" }]);
    expect(parsed.autoResolveHours).toBe(48);
  });

  it("puts the route's issues on the draft's paths", () => {
    const draft = toAutomationDraft(DEFAULT_AUTOMATION_SETTINGS);
    expect(
      issuesOf({
        ...draft,
        businessHours: {
          ...draft.businessHours,
          weekly: {
            ...draft.businessHours.weekly,
            mon: [
              { start: "09:00", end: "13:00" },
              { start: "12:00", end: "11:00" },
            ],
          },
          holidays: [newHoliday(new Date("2026-01-01")), newHoliday(new Date("2026-01-01"))],
        },
        away: { enabled: true, text: "", template: { name: "", language: "" } },
        welcome: { ...draft.welcome, template: { name: "", language: "en" } },
        autoResolve: true,
        autoResolveHours: Number.NaN,
        assignment: { ...draft.assignment, defaultCapacity: 0 },
      }),
    ).toEqual([
      "businessHours.weekly.mon.1.end: must end after it starts",
      "businessHours.weekly.mon.1.start: overlaps the interval before it",
      "businessHours.holidays: a date is listed twice",
      "welcome.template.name: is required",
      "welcome.template.name: must be lowercase letters, digits and _",
      "away.text: give a text (sent in the 24-hour window) or a template (sent outside it), or turn it off",
      "autoResolveHours: must be a number of hours",
      "assignment.defaultCapacity: must be at least 1",
    ]);
  });

  it("does not check the auto-resolve hours while it is off", () => {
    const draft = { ...toAutomationDraft(DEFAULT_AUTOMATION_SETTINGS), autoResolveHours: Number.NaN };
    expect(issuesOf(draft)).toEqual([]);
  });
});
