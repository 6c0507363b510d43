"use client";

import { useState, useSyncExternalStore } from "react";
import { useFieldArray, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, FieldError } from "@/components/ui/field";
import { Checkbox, Input } from "@/components/ui/input";
import {
  MAX_DAY_INTERVALS,
  MORE_HOURS,
  newHoliday,
  OPEN_DAY,
  toBusinessHours,
} from "@/lib/automation/automation-draft";
import { isOpenAt, isValidTimeZone, nextOpening, type Weekday } from "@/lib/automation/business-hours";
import { Block, useAutomationForm } from "./automation-block";

const DAYS: { key: Weekday; label: string }[] = [
  { key: "mon", label: "Monday" },
  { key: "tue", label: "Tuesday" },
  { key: "wed", label: "Wednesday" },
  { key: "thu", label: "Thursday" },
  { key: "fri", label: "Friday" },
  { key: "sat", label: "Saturday" },
  { key: "sun", label: "Sunday" },
];

const listError = (e: { message?: string; root?: { message?: string } } | undefined) =>
  e?.message ?? e?.root?.message;

/** Business hours: the time zone (with whether it is open now), the weekly hours and the holidays. */
export function BusinessHoursEditor() {
  const { register, control, formState } = useAutomationForm();
  const errors = formState.errors.businessHours;
  const timeZone = useWatch({ control, name: "businessHours.timeZone" });
  const [zones] = useState<string[]>(() => {
    try {
      return Intl.supportedValuesOf("timeZone");
    } catch {
      return [];
    }
  });
  const validZone = isValidTimeZone(timeZone);
  return (
    <Block
      title="Business hours"
      hint="Local wall-clock hours; holidays are closed all day."
      headingId="hours-heading"
    >
      <div className="flex flex-wrap items-end gap-3">
        <Field
          label="Time zone"
          className="w-64 max-w-full"
          error={
            errors?.timeZone?.message ??
            (validZone ? undefined : "Not a known time zone (use a name such as Europe/London).")
          }
        >
          <Input list="automation-time-zones" {...register("businessHours.timeZone")} />
          <datalist id="automation-time-zones">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </Field>
        {validZone ? <OpenNow /> : null}
      </div>
      <ul className="space-y-2" aria-label="Weekly hours">
        {DAYS.map(({ key, label }) => (
          <DayHours key={key} day={key} label={label} />
        ))}
      </ul>
      <Holidays />
    </Block>
  );
}

// The current minute, read on the client only (the server render shows no open/closed badge).
const subscribeMinutes = (onChange: () => void) => {
  const timer = setInterval(onChange, 15_000);
  return () => clearInterval(timer);
};
const currentMinute = () => Math.floor(Date.now() / 60_000) * 60_000;
function useNow(): number | null {
  return useSyncExternalStore(subscribeMinutes, currentMinute, () => null);
}

/** "Open now", or "Closed now · opens Mon 1 Jun, 09:00", for the hours as they are typed. */
function OpenNow() {
  const now = useNow();
  const draft = useWatch({ control: useAutomationForm().control, name: "businessHours" });
  if (now === null) return null;
  const hours = toBusinessHours(draft);
  const open = isOpenAt(hours, now);
  const next = open ? null : nextOpening(hours, now);
  const when = next
    ? new Intl.DateTimeFormat("en-GB", {
        timeZone: hours.timeZone,
        weekday: "short",
        day: "numeric",
        month: "short",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }).format(next)
    : null;
  return (
    <span
      data-testid="hours-status"
      className={`mb-2 rounded-full px-2.5 py-0.5 text-xs font-medium ${open ? "bg-emerald-50 text-emerald-800" : "bg-slate-100 text-slate-700"}`}
    >
      {open ? "Open now" : when ? `Closed now · opens ${when}` : "Closed now · no opening in the next year"}
    </span>
  );
}

/** One weekday: open or closed, and its open intervals (at most four). */
function DayHours({ day, label }: { day: Weekday; label: string }) {
  const { register, control, formState } = useAutomationForm();
  const intervals = useFieldArray({ control, name: `businessHours.weekly.${day}` });
  const errors = formState.errors.businessHours?.weekly?.[day];
  const open = intervals.fields.length > 0;
  return (
    <li
      className="flex flex-wrap items-start gap-x-3 gap-y-2 rounded-lg border border-slate-100 px-3 py-2"
      data-testid={`day-${day}`}
    >
      <Checkbox
        checked={open}
        onChange={(e) => intervals.replace(e.target.checked ? [OPEN_DAY] : [])}
        aria-label={`Open on ${label}`}
        className="w-32 shrink-0 pt-1.5 text-slate-800"
        label={label}
      />
      {open ? (
        <div className="min-w-0 flex-1 space-y-1.5">
          {intervals.fields.map((field, i) => (
            <div key={field.id} className="flex flex-wrap items-center gap-2">
              <Input
                type="time"
                aria-label={`${label} opens at`}
                invalid={Boolean(errors?.[i]?.start)}
                className="max-w-36"
                {...register(`businessHours.weekly.${day}.${i}.start`)}
              />
              <span className="text-sm text-slate-500">to</span>
              <Input
                type="time"
                aria-label={`${label} closes at`}
                invalid={Boolean(errors?.[i]?.end)}
                className="max-w-36"
                {...register(`businessHours.weekly.${day}.${i}.end`)}
              />
              <Button
                size="sm"
                onClick={() => intervals.remove(i)}
                aria-label={`Remove ${label} hours ${i + 1}`}
              >
                Remove
              </Button>
              <FieldError message={errors?.[i]?.end?.message ?? errors?.[i]?.start?.message} />
            </div>
          ))}
          <FieldError message={listError(errors)} />
          {intervals.fields.length < MAX_DAY_INTERVALS ? (
            <Button size="sm" onClick={() => intervals.append(MORE_HOURS, { shouldFocus: false })}>
              Add hours
            </Button>
          ) : null}
        </div>
      ) : (
        <span className="pt-1.5 text-sm text-slate-500">Closed</span>
      )}
    </li>
  );
}

function Holidays() {
  const { register, control, formState } = useAutomationForm();
  const holidays = useFieldArray({ control, name: "businessHours.holidays" });
  const errors = formState.errors.businessHours?.holidays;
  return (
    <div>
      <h4 className="text-sm font-medium text-slate-800">Holidays</h4>
      {holidays.fields.length === 0 ? <p className="mt-1 text-xs text-slate-500">No holidays.</p> : null}
      <ul className="mt-1 space-y-1.5" aria-label="Holidays">
        {holidays.fields.map((field, i) => (
          <li key={field.id} className="flex flex-wrap items-center gap-2">
            <Input
              type="date"
              aria-label={`Holiday ${i + 1} date`}
              invalid={Boolean(errors?.[i]?.date)}
              className="max-w-40"
              {...register(`businessHours.holidays.${i}.date`)}
            />
            <Input
              placeholder="Name (optional)"
              aria-label={`Holiday ${i + 1} name`}
              maxLength={100}
              className="max-w-48"
              {...register(`businessHours.holidays.${i}.name`)}
            />
            <Button size="sm" onClick={() => holidays.remove(i)}>
              Remove
            </Button>
            <FieldError message={errors?.[i]?.date?.message ?? errors?.[i]?.name?.message} />
          </li>
        ))}
      </ul>
      <FieldError message={listError(errors)} />
      <Button
        size="sm"
        className="mt-2"
        onClick={() => holidays.append(newHoliday(new Date()), { shouldFocus: false })}
      >
        Add holiday
      </Button>
    </div>
  );
}
