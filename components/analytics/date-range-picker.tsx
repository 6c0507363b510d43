"use client";

import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useState } from "react";

// "Last 7 / 30 / 90 days" and a from–to form, in the viewer's time zone: the range control of the analytics
// overview and the support reports.

export type DayRange = { from: string; to: string };
const PRESETS = [7, 30, 90] as const;

function isoDay(date: Date, tz: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(date);
}

export function presetRange(days: number, tz: string): DayRange {
  return { from: isoDay(new Date(Date.now() - (days - 1) * 86_400_000), tz), to: isoDay(new Date(), tz) };
}

export function DateRangePicker({
  range,
  tz,
  onChange,
}: {
  range: DayRange;
  tz: string;
  onChange: (range: DayRange) => void;
}) {
  const [draft, setDraft] = useState(range);
  const draftError =
    draft.from && draft.to && draft.from > draft.to
      ? "The start date must be on or before the end date."
      : null;
  return (
    <>
      <div className="flex items-center gap-1" role="group" aria-label="Quick ranges">
        {PRESETS.map((days) => {
          const preset = presetRange(days, tz);
          const active = preset.from === range.from && preset.to === range.to;
          return (
            <Button
              key={days}
              variant="ghost"
              size="sm"
              aria-pressed={active}
              onClick={() => {
                onChange(preset);
                setDraft(preset);
              }}
              className="text-sm aria-pressed:bg-emerald-50 aria-pressed:text-emerald-800"
            >
              Last {days} days
            </Button>
          );
        })}
      </div>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!draftError) onChange(draft);
        }}
      >
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          From
          <Input
            compact
            type="date"
            required
            value={draft.from}
            max={draft.to}
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
            invalid={Boolean(draftError)}
            className="font-normal"
          />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          To
          <Input
            compact
            type="date"
            required
            value={draft.to}
            min={draft.from}
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
            invalid={Boolean(draftError)}
            className="font-normal"
          />
        </label>
        <Button type="submit" size="sm" disabled={Boolean(draftError)}>
          Apply
        </Button>
        {draftError ? (
          <p role="alert" className="w-full text-xs text-red-700">
            {draftError}
          </p>
        ) : null}
      </form>
    </>
  );
}
