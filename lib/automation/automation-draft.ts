import { z } from "zod";
import { WEEKDAYS, type BusinessHours, type Weekday } from "./business-hours";
import {
  updateAutomationSettingsSchema,
  type AssignmentConfig,
  type AutomatedMessageConfig,
  type AutomationSettings,
  type CampaignPolicies,
  type UpdateAutomationSettingsInput,
} from "./schemas";

// Settings → Automation as the form holds it, and its conversion to the PATCH body. Richer than the body: every
// weekday is present, a message's text and template are always strings ("" = none), the auto-resolve hours stay
// typed while auto-resolve is off, and an interval's end of day is the time input's last minute (23:59, sent as
// 24:00). The paths mirror the body's ("businessHours.weekly.mon.0.end", "away.template.name"), so the schema's
// issues and a 422's land on the draft's fields unchanged. The rules are updateAutomationSettingsSchema's.

type IntervalDraft = { start: string; end: string };
type HolidayDraft = { date: string; name: string };
type BusinessHoursDraft = {
  timeZone: string;
  weekly: Record<Weekday, IntervalDraft[]>;
  holidays: HolidayDraft[];
};
type MessageDraft = {
  enabled: boolean;
  text: string;
  template: { name: string; language: string };
};
export type AutomationDraft = {
  businessHours: BusinessHoursDraft;
  welcome: MessageDraft;
  away: MessageDraft;
  /** Auto-resolve on or off; its hours are kept while it is off. */
  autoResolve: boolean;
  autoResolveHours: number;
  csat: MessageDraft;
  assignment: AssignmentConfig;
  campaignPolicies: CampaignPolicies;
};

/** The sections of the body, for applyServerErrors. */
export const AUTOMATION_FIELDS = [
  "businessHours",
  "welcome",
  "away",
  "autoResolveHours",
  "csat",
  "assignment",
  "campaignPolicies",
] as const;

/** A day switched open, and a day's next interval. */
export const OPEN_DAY: IntervalDraft = { start: "09:00", end: "17:00" };
export const MORE_HOURS: IntervalDraft = { start: "13:00", end: "17:00" };
export const MAX_DAY_INTERVALS = 4;
const AUTO_RESOLVE_DEFAULT_HOURS = 24;

/** A new holiday: today (UTC, as the date input shows it). */
export const newHoliday = (now: Date): HolidayDraft => ({ date: now.toISOString().slice(0, 10), name: "" });

// The <input type="time"> has no 24:00: the end of the day is shown and typed as 23:59.
const END_OF_DAY = "24:00";
const LAST_MINUTE = "23:59";

function messageDraft(m: AutomatedMessageConfig): MessageDraft {
  return {
    enabled: m.enabled,
    text: m.text ?? "",
    template: { name: m.template?.name ?? "", language: m.template?.language ?? "" },
  };
}

function messageBody(m: MessageDraft): AutomatedMessageConfig {
  const name = m.template.name.trim();
  const language = m.template.language.trim();
  return {
    enabled: m.enabled,
    text: m.text === "" ? null : m.text,
    template: name === "" && language === "" ? null : { name, language },
  };
}

/** The draft's business hours as the body's (also what the open/closed badge reads). */
export function toBusinessHours(d: BusinessHoursDraft): BusinessHours {
  return {
    timeZone: d.timeZone,
    weekly: Object.fromEntries(
      WEEKDAYS.map((day) => [
        day,
        d.weekly[day].map((i) => ({ start: i.start, end: i.end === LAST_MINUTE ? END_OF_DAY : i.end })),
      ]),
    ),
    holidays: d.holidays.map((h) => (h.name === "" ? { date: h.date } : { date: h.date, name: h.name })),
  };
}

/** Saved settings as a draft to edit. */
export function toAutomationDraft(s: AutomationSettings): AutomationDraft {
  const { businessHours: hours } = s;
  return {
    businessHours: {
      timeZone: hours.timeZone,
      weekly: Object.fromEntries(
        WEEKDAYS.map((day) => [
          day,
          hours.weekly[day].map((i) => ({
            start: i.start,
            end: i.end === END_OF_DAY ? LAST_MINUTE : i.end,
          })),
        ]),
      ) as Record<Weekday, IntervalDraft[]>,
      holidays: hours.holidays.map((h) => ({ date: h.date, name: h.name ?? "" })),
    },
    welcome: messageDraft(s.welcome),
    away: messageDraft(s.away),
    autoResolve: s.autoResolveHours !== null,
    autoResolveHours: s.autoResolveHours ?? AUTO_RESOLVE_DEFAULT_HOURS,
    csat: messageDraft(s.csat),
    assignment: s.assignment,
    campaignPolicies: s.campaignPolicies,
  };
}

/** The PATCH body with every section, as the schema reads it. */
type AutomationBody = Required<z.input<typeof updateAutomationSettingsSchema>>;

/** The draft as the PATCH body: every section, whole (unchecked: the schema checks it). */
export function toAutomationBody(d: AutomationDraft): AutomationBody {
  return {
    businessHours: toBusinessHours(d.businessHours),
    welcome: messageBody(d.welcome),
    away: messageBody(d.away),
    autoResolveHours: d.autoResolve ? d.autoResolveHours : null,
    csat: messageBody(d.csat),
    assignment: d.assignment,
    campaignPolicies: d.campaignPolicies,
  };
}

/** The draft checked by the route's own schema: the body, or issues at the draft's paths. The form's resolver. */
export const automationDraftSchema: z.ZodType<UpdateAutomationSettingsInput, AutomationDraft> = z
  .custom<AutomationDraft>((value) => typeof value === "object" && value !== null)
  .transform((draft): z.input<typeof updateAutomationSettingsSchema> => toAutomationBody(draft))
  .pipe(updateAutomationSettingsSchema);
