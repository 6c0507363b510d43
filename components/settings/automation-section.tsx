"use client";

import { Checkbox, Input, Select, Textarea } from "@/components/ui/input";
import { useQuery } from "@tanstack/react-query";
import { useState, useSyncExternalStore, type FormEvent, type ReactNode } from "react";
import { ApiError } from "@/lib/api-client/fetch";
import { isOpenAt, isValidTimeZone, nextOpening, type Weekday } from "@/lib/automation/business-hours";
import { useUpdateAutomationSettings } from "@/lib/automation/hooks/use-update-automation-settings";
import { automationSettingsOptions } from "@/lib/automation/queries";
import type {
  AssignmentConfig,
  AutomatedMessageConfig,
  AutomationSettings,
  CampaignPolicies,
} from "@/lib/automation/schemas";
import { Button } from "@/components/ui/button";

// Settings → Automation: business hours, the welcome and away messages, auto-resolve and the CSAT survey. Every
// automated message has a text (sent while the customer's 24-hour window is open) and an optional template (sent
// when it is closed); without a template nothing is sent outside the window.

const DAYS: { key: Weekday; label: string }[] = [
  { key: "mon", label: "Monday" },
  { key: "tue", label: "Tuesday" },
  { key: "wed", label: "Wednesday" },
  { key: "thu", label: "Thursday" },
  { key: "fri", label: "Friday" },
  { key: "sat", label: "Saturday" },
  { key: "sun", label: "Sunday" },
];

export function AutomationSection() {
  const automation = useQuery(automationSettingsOptions());
  // Here, not in the form: a save replaces the cached settings and so remounts the form (keyed by them).
  const save = useUpdateAutomationSettings();
  return (
    <section
      className="rounded-xl border border-slate-200 bg-white shadow-sm"
      aria-labelledby="automation-heading"
      data-testid="automation-settings"
    >
      <div className="border-b border-slate-100 px-5 py-4">
        <h2 id="automation-heading" className="text-sm font-semibold text-slate-900">
          Automation
        </h2>
        <p className="mt-1 text-xs text-slate-500">
          Business hours and the messages sent for you. Each message goes as text while the customer&apos;s
          24-hour window is open and as the template you pick when it is closed; without a template, nothing
          is sent then.
        </p>
      </div>
      {automation.isPending ? (
        <div className="h-48 animate-pulse" aria-busy="true" />
      ) : automation.isError ? (
        <p role="alert" className="m-5 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load the automation settings: {automation.error.message}{" "}
          <Button variant="inline" onClick={() => void automation.refetch()}>
            Retry
          </Button>
        </p>
      ) : (
        <AutomationForm key={JSON.stringify(automation.data)} current={automation.data} save={save} />
      )}
    </section>
  );
}

type Issue = { path: string; message: string };

function AutomationForm({
  current,
  save,
}: {
  current: AutomationSettings;
  save: ReturnType<typeof useUpdateAutomationSettings>;
}) {
  const [draft, setDraft] = useState<AutomationSettings>(current);
  const dirty = JSON.stringify(draft) !== JSON.stringify(current);
  const issues: Issue[] =
    save.error instanceof ApiError ? ((save.error.details?.issues as Issue[] | undefined) ?? []) : [];
  const errorAt = (path: string) => issues.find((i) => i.path === path)?.message ?? null;

  function update(change: Partial<AutomationSettings>) {
    setDraft((d) => ({ ...d, ...change }));
    if (save.isSuccess || save.isError) save.reset();
  }
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!dirty) return;
    save.mutate(draft);
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <div className="divide-y divide-slate-100">
        <BusinessHoursFields
          value={draft.businessHours}
          onChange={(businessHours) => update({ businessHours })}
          errorAt={errorAt}
        />
        <MessageFields
          id="welcome"
          title="Welcome message"
          toggleLabel="Send the welcome message"
          hint="Sent once, on a customer's first message."
          value={draft.welcome}
          onChange={(welcome) => update({ welcome })}
          errorAt={errorAt}
        />
        <MessageFields
          id="away"
          title="Away message"
          toggleLabel="Send the away message"
          hint="Sent when a customer writes outside business hours, once per conversation until you open again. {{next_opening}} becomes the day and time you open."
          value={draft.away}
          onChange={(away) => update({ away })}
          errorAt={errorAt}
        />
        <AutoResolveFields
          value={draft.autoResolveHours}
          onChange={(autoResolveHours) => update({ autoResolveHours })}
          error={errorAt("autoResolveHours")}
        />
        <MessageFields
          id="csat"
          title="Satisfaction survey (CSAT)"
          toggleLabel="Send the survey when a conversation is resolved"
          hint="Sent when a conversation is resolved: the text is the question above a 1–5 list; the customer's answer is stored on the conversation and shown in the thread. At most one survey per conversation a day."
          textLabel="Question"
          value={draft.csat}
          onChange={(csat) => update({ csat })}
          errorAt={errorAt}
        />
        <AssignmentFields
          value={draft.assignment}
          onChange={(assignment) => update({ assignment })}
          errorAt={errorAt}
        />
        <CampaignPolicyFields
          value={draft.campaignPolicies}
          onChange={(campaignPolicies) => update({ campaignPolicies })}
          errorAt={errorAt}
        />
      </div>
      {save.error ? (
        <div role="alert" className="mx-5 mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {issues.length > 1 ? (
            <ul className="list-disc pl-4">
              {issues.map((i) => (
                <li key={`${i.path}:${i.message}`}>
                  {i.path ? `${i.path}: ` : ""}
                  {i.message}
                </li>
              ))}
            </ul>
          ) : (
            save.error.message
          )}
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 bg-slate-50/60 px-5 py-3">
        <Button type="submit" disabled={!dirty || save.isPending} variant="primary">
          {save.isPending ? "Saving…" : "Save automation"}
        </Button>
        <span className="text-xs text-slate-500" aria-live="polite">
          {save.isSuccess && !dirty ? "Saved." : ""}
        </span>
      </div>
    </form>
  );
}

function Block({
  title,
  hint,
  children,
  headingId,
}: {
  title: string;
  hint: string;
  children: ReactNode;
  headingId: string;
}) {
  return (
    <fieldset className="min-w-0 space-y-3 px-5 py-5" aria-labelledby={headingId}>
      <div>
        <h3 id={headingId} className="text-sm font-medium text-slate-900">
          {title}
        </h3>
        <p className="mt-0.5 text-xs text-slate-500">{hint}</p>
      </div>
      {children}
    </fieldset>
  );
}

function FieldError({ message, id }: { message: string | null; id?: string }) {
  return message ? (
    <p className="mt-1 text-xs text-red-700" id={id}>
      {message}
    </p>
  ) : null;
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

function BusinessHoursFields(props: {
  value: AutomationSettings["businessHours"];
  onChange: (v: AutomationSettings["businessHours"]) => void;
  errorAt: (path: string) => string | null;
}) {
  const { value, onChange, errorAt } = props;
  const now = useNow();
  const [zones] = useState<string[]>(() => {
    try {
      return Intl.supportedValuesOf("timeZone");
    } catch {
      return [];
    }
  });
  const validZone = isValidTimeZone(value.timeZone);
  const status = (() => {
    if (now === null || !validZone) return null;
    if (isOpenAt(value, now)) return { open: true, text: "Open now" };
    const next = nextOpening(value, now);
    const when = next
      ? new Intl.DateTimeFormat("en-GB", {
          timeZone: value.timeZone,
          weekday: "short",
          day: "numeric",
          month: "short",
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23",
        }).format(next)
      : null;
    return {
      open: false,
      text: when ? `Closed now · opens ${when}` : "Closed now · no opening in the next year",
    };
  })();
  const setDay = (day: Weekday, intervals: { start: string; end: string }[]) =>
    onChange({ ...value, weekly: { ...value.weekly, [day]: intervals } });

  return (
    <Block
      title="Business hours"
      hint="Local wall-clock hours; holidays are closed all day."
      headingId="hours-heading"
    >
      <div className="flex flex-wrap items-end gap-3">
        <label className="block min-w-0 text-sm font-medium text-slate-800">
          Time zone
          <Input
            list="automation-time-zones"
            value={value.timeZone}
            onChange={(e) => onChange({ ...value, timeZone: e.target.value })}
            aria-invalid={errorAt("businessHours.timeZone") || !validZone ? true : undefined}
            className="mt-1 block w-64 max-w-full"
            name="timeZone"
          />
          <datalist id="automation-time-zones">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </label>
        {status ? (
          <span
            data-testid="hours-status"
            className={`mb-2 rounded-full px-2.5 py-0.5 text-xs font-medium ${status.open ? "bg-emerald-50 text-emerald-800" : "bg-slate-100 text-slate-700"}`}
          >
            {status.text}
          </span>
        ) : null}
      </div>
      <FieldError
        message={
          errorAt("businessHours.timeZone") ??
          (validZone ? null : "Not a known time zone (use a name such as Europe/London).")
        }
      />
      <ul className="space-y-2" aria-label="Weekly hours">
        {DAYS.map(({ key, label }) => {
          const intervals = value.weekly[key] ?? [];
          const open = intervals.length > 0;
          return (
            <li
              key={key}
              className="flex flex-wrap items-start gap-x-3 gap-y-2 rounded-lg border border-slate-100 px-3 py-2"
              data-testid={`day-${key}`}
            >
              <Checkbox
                checked={open}
                onChange={(e) => setDay(key, e.target.checked ? [{ start: "09:00", end: "17:00" }] : [])}
                aria-label={`Open on ${label}`}
                className="w-32 shrink-0 pt-1.5 text-slate-800"
                label={label}
              />
              {open ? (
                <div className="min-w-0 flex-1 space-y-1.5">
                  {intervals.map((interval, i) => {
                    const path = `businessHours.weekly.${key}[${i}]`;
                    const setInterval = (patch: Partial<typeof interval>) =>
                      setDay(
                        key,
                        intervals.map((x, j) => (j === i ? { ...x, ...patch } : x)),
                      );
                    return (
                      <div key={i} className="flex flex-wrap items-center gap-2">
                        <Input
                          type="time"
                          value={interval.start}
                          onChange={(e) => setInterval({ start: e.target.value })}
                          aria-label={`${label} opens at`}
                          className="w-36"
                        />
                        <span className="text-sm text-slate-500">to</span>
                        <Input
                          type="time"
                          value={interval.end === "24:00" ? "23:59" : interval.end}
                          onChange={(e) =>
                            setInterval({ end: e.target.value === "23:59" ? "24:00" : e.target.value })
                          }
                          aria-label={`${label} closes at`}
                          className="w-36"
                        />
                        <Button
                          size="sm"
                          onClick={() =>
                            setDay(
                              key,
                              intervals.filter((_, j) => j !== i),
                            )
                          }
                          aria-label={`Remove ${label} hours ${i + 1}`}
                        >
                          Remove
                        </Button>
                        <FieldError message={errorAt(`${path}.end`) ?? errorAt(`${path}.start`)} />
                      </div>
                    );
                  })}
                  {intervals.length < 4 ? (
                    <Button
                      size="sm"
                      onClick={() => setDay(key, [...intervals, { start: "13:00", end: "17:00" }])}
                    >
                      Add hours
                    </Button>
                  ) : null}
                </div>
              ) : (
                <span className="pt-1.5 text-sm text-slate-500">Closed</span>
              )}
            </li>
          );
        })}
      </ul>
      <div>
        <h4 className="text-sm font-medium text-slate-800">Holidays</h4>
        {value.holidays.length === 0 ? <p className="mt-1 text-xs text-slate-500">No holidays.</p> : null}
        <ul className="mt-1 space-y-1.5" aria-label="Holidays">
          {value.holidays.map((holiday, i) => {
            const setHoliday = (patch: Partial<typeof holiday>) =>
              onChange({
                ...value,
                holidays: value.holidays.map((h, j) => (j === i ? { ...h, ...patch } : h)),
              });
            return (
              <li key={i} className="flex flex-wrap items-center gap-2">
                <Input
                  type="date"
                  value={holiday.date}
                  onChange={(e) => setHoliday({ date: e.target.value })}
                  aria-label={`Holiday ${i + 1} date`}
                  className="w-40"
                />
                <Input
                  value={holiday.name ?? ""}
                  onChange={(e) => setHoliday({ name: e.target.value || undefined })}
                  placeholder="Name (optional)"
                  aria-label={`Holiday ${i + 1} name`}
                  maxLength={100}
                  className="w-48 min-w-0"
                />
                <Button
                  size="sm"
                  onClick={() => onChange({ ...value, holidays: value.holidays.filter((_, j) => j !== i) })}
                >
                  Remove
                </Button>
                <FieldError message={errorAt(`businessHours.holidays[${i}].date`)} />
              </li>
            );
          })}
        </ul>
        <FieldError message={errorAt("businessHours.holidays")} />
        <Button
          size="sm"
          className="mt-2"
          onClick={() =>
            onChange({
              ...value,
              holidays: [...value.holidays, { date: new Date().toISOString().slice(0, 10) }],
            })
          }
        >
          Add holiday
        </Button>
      </div>
    </Block>
  );
}

function MessageFields(props: {
  id: string;
  title: string;
  hint: string;
  textLabel?: string;
  toggleLabel: string;
  value: AutomatedMessageConfig;
  onChange: (v: AutomatedMessageConfig) => void;
  errorAt: (path: string) => string | null;
}) {
  const { id, value, onChange, errorAt } = props;
  const template = value.template ?? { name: "", language: "" };
  const setTemplate = (patch: Partial<typeof template>) => {
    const next = { ...template, ...patch };
    onChange({ ...value, template: next.name === "" && next.language === "" ? null : next });
  };
  const textError = errorAt(`${id}.text`);
  return (
    <Block title={props.title} hint={props.hint} headingId={`${id}-heading`}>
      <Checkbox
        checked={value.enabled}
        onChange={(e) => onChange({ ...value, enabled: e.target.checked })}
        name={`${id}-enabled`}
        className="text-slate-800"
        label={props.toggleLabel}
      />
      <label className="block text-sm font-medium text-slate-800">
        {props.textLabel ?? "Text"}{" "}
        <span className="font-normal text-slate-500">(in the 24-hour window)</span>
        <Textarea
          value={value.text ?? ""}
          onChange={(e) => onChange({ ...value, text: e.target.value === "" ? null : e.target.value })}
          rows={2}
          maxLength={1024}
          name={`${id}-text`}
          aria-invalid={textError ? true : undefined}
          className="mt-1 block w-full"
        />
      </label>
      <FieldError message={textError} />
      <div className="flex flex-wrap gap-3">
        <label className="block min-w-0 text-sm font-medium text-slate-800">
          Template <span className="font-normal text-slate-500">(outside the window)</span>
          <Input
            value={template.name}
            onChange={(e) => setTemplate({ name: e.target.value.trim() })}
            placeholder="none"
            name={`${id}-template`}
            className="mt-1 block w-56 max-w-full"
          />
        </label>
        <label className="block text-sm font-medium text-slate-800">
          Language
          <Input
            value={template.language}
            onChange={(e) => setTemplate({ language: e.target.value.trim() })}
            placeholder="en_US"
            name={`${id}-language`}
            className="mt-1 block w-28"
          />
        </label>
      </div>
      <FieldError message={errorAt(`${id}.template.name`) ?? errorAt(`${id}.template.language`)} />
      <p className="text-xs text-slate-500">
        An approved template without variables. Leave it empty to send nothing when the window is closed.
      </p>
    </Block>
  );
}

function AutoResolveFields(props: {
  value: number | null;
  onChange: (v: number | null) => void;
  error: string | null;
}) {
  const [text, setText] = useState(props.value === null ? "24" : String(props.value));
  const on = props.value !== null;
  return (
    <Block
      title="Auto-resolve"
      hint="Resolve Open and Pending conversations when the customer has not written for this long. Their next message reopens the conversation."
      headingId="resolve-heading"
    >
      <div className="flex flex-wrap items-center gap-3">
        <Checkbox
          checked={on}
          onChange={(e) => props.onChange(e.target.checked ? Number(text) || 24 : null)}
          name="autoResolve-enabled"
          className="text-slate-800"
          label={<>Resolve after</>}
        />
        <Input
          type="number"
          min={1}
          max={720}
          step={1}
          value={text}
          disabled={!on}
          onChange={(e) => {
            setText(e.target.value);
            props.onChange(e.target.value.trim() === "" ? Number.NaN : Number(e.target.value));
          }}
          aria-label="Hours without a customer message"
          className="w-24 disabled:bg-slate-50 disabled:text-slate-400"
        />
        <span className="text-sm text-slate-600">hours without a customer message</span>
      </div>
      <FieldError message={props.error} />
    </Block>
  );
}

function AssignmentFields(props: {
  value: AssignmentConfig;
  onChange: (v: AssignmentConfig) => void;
  errorAt: (path: string) => string | null;
}) {
  const { value, onChange, errorAt } = props;
  const [capacity, setCapacity] = useState(String(value.defaultCapacity));
  return (
    <Block
      title="Auto-assignment"
      hint="New conversations with nobody assigned go to an agent who is Available (each agent switches Available/Away under their name in the menu) and under their capacity of open conversations. A conversation assigned by hand is never moved."
      headingId="assignment-heading"
    >
      <div className="flex flex-wrap items-end gap-4">
        <label className="block text-sm font-medium text-slate-800">
          Mode
          <Select
            value={value.mode}
            onChange={(e) => onChange({ ...value, mode: e.target.value as AssignmentConfig["mode"] })}
            name="assignment-mode"
            className="mt-1 block w-48"
          >
            <option value="off">Off</option>
            <option value="round_robin">Round-robin</option>
            <option value="least_busy">Least busy</option>
          </Select>
        </label>
        <label className="block text-sm font-medium text-slate-800">
          Open conversations per agent
          <Input
            type="number"
            min={1}
            max={500}
            step={1}
            value={capacity}
            onChange={(e) => {
              setCapacity(e.target.value);
              onChange({
                ...value,
                defaultCapacity: e.target.value.trim() === "" ? Number.NaN : Number(e.target.value),
              });
            }}
            name="assignment-capacity"
            className="mt-1 block w-24"
          />
        </label>
      </div>
      <FieldError message={errorAt("assignment.defaultCapacity") ?? errorAt("assignment.mode")} />
      <Checkbox
        checked={value.releaseOnAway}
        onChange={(e) => onChange({ ...value, releaseOnAway: e.target.checked })}
        name="assignment-release"
        className="text-slate-800"
        label={<>Hand an agent&apos;s open conversations back to the pool when they set Away</>}
        hint="They go to the next available agent."
      />
    </Block>
  );
}

function NumberField(props: {
  label: string;
  unit: string;
  value: number;
  min: number;
  max: number;
  name: string;
  onChange: (v: number) => void;
  error: string | null;
}) {
  return (
    <label className="block text-sm font-medium text-slate-800">
      {props.label}
      <span className="mt-1 flex items-center gap-2">
        <Input
          type="number"
          min={props.min}
          max={props.max}
          value={Number.isFinite(props.value) ? props.value : ""}
          onChange={(e) => props.onChange(e.target.value === "" ? Number.NaN : Number(e.target.value))}
          name={props.name}
          aria-invalid={props.error ? true : undefined}
          className="w-20"
        />
        <span className="text-sm font-normal text-slate-600">{props.unit}</span>
      </span>
      <FieldError message={props.error} />
    </label>
  );
}

/** Campaign send policies: quiet hours in each recipient's local time, a cap on marketing messages per contact, 131049. */
function CampaignPolicyFields(props: {
  value: CampaignPolicies;
  onChange: (v: CampaignPolicies) => void;
  errorAt: (path: string) => string | null;
}) {
  const { value, onChange, errorAt } = props;
  const quiet = value.quietHours;
  const cap = value.contactCap;
  const retry = value.limitRetry;
  return (
    <Block
      title="Campaign send policies"
      hint="Applied by the campaign worker to every campaign. Quiet hours use each recipient's local time, from their phone number's country (the most populous zone for countries with several, e.g. US → New York; the business-hours zone when unknown)."
      headingId="campaign-policies-heading"
    >
      <div data-testid="campaign-policies" className="space-y-4">
        <div className="space-y-2">
          <Checkbox
            checked={quiet.enabled}
            onChange={(e) => onChange({ ...value, quietHours: { ...quiet, enabled: e.target.checked } })}
            name="quiet-enabled"
            className="text-slate-800"
            label={<>Quiet hours: hold campaign messages while it is night for the recipient</>}
          />
          <div className="flex flex-wrap items-end gap-3 pl-6">
            <label className="block text-sm font-medium text-slate-800">
              From
              <Input
                type="time"
                value={quiet.start}
                onChange={(e) => onChange({ ...value, quietHours: { ...quiet, start: e.target.value } })}
                name="quiet-start"
                className="mt-1 block w-32"
              />
            </label>
            <label className="block text-sm font-medium text-slate-800">
              Until
              <Input
                type="time"
                value={quiet.end}
                onChange={(e) => onChange({ ...value, quietHours: { ...quiet, end: e.target.value } })}
                name="quiet-end"
                className="mt-1 block w-32"
              />
            </label>
            <span className="pb-2 text-xs text-slate-500">
              recipient&apos;s local time; held recipients go when it ends
            </span>
          </div>
          <FieldError
            message={
              errorAt("campaignPolicies.quietHours.end") ?? errorAt("campaignPolicies.quietHours.start")
            }
          />
        </div>
        <div className="space-y-2">
          <Checkbox
            checked={cap.enabled}
            onChange={(e) => onChange({ ...value, contactCap: { ...cap, enabled: e.target.checked } })}
            name="cap-enabled"
            className="text-slate-800"
            label={<>Per-contact cap on marketing messages, across campaigns</>}
          />
          <div className="flex flex-wrap gap-3 pl-6">
            <NumberField
              label="At most"
              unit="messages"
              value={cap.maxMessages}
              min={1}
              max={20}
              name="cap-max"
              onChange={(maxMessages) => onChange({ ...value, contactCap: { ...cap, maxMessages } })}
              error={errorAt("campaignPolicies.contactCap.maxMessages")}
            />
            <NumberField
              label="In"
              unit="hours"
              value={cap.windowHours}
              min={1}
              max={168}
              name="cap-hours"
              onChange={(windowHours) => onChange({ ...value, contactCap: { ...cap, windowHours } })}
              error={errorAt("campaignPolicies.contactCap.windowHours")}
            />
          </div>
          <p className="pl-6 text-xs text-slate-500">
            A recipient over the cap is skipped with the reason “per-contact cap”, listed in the
            campaign&apos;s recipients and export.
          </p>
        </div>
        <div className="space-y-2">
          <Checkbox
            checked={retry.enabled}
            onChange={(e) => onChange({ ...value, limitRetry: { ...retry, enabled: e.target.checked } })}
            name="retry-enabled"
            className="text-slate-800"
            label={<>Retry once after WhatsApp&apos;s per-user marketing limit (131049)</>}
          />
          <div className="pl-6">
            <NumberField
              label="After"
              unit="hours"
              value={retry.delayHours}
              min={1}
              max={168}
              name="retry-hours"
              onChange={(delayHours) => onChange({ ...value, limitRetry: { ...retry, delayHours } })}
              error={errorAt("campaignPolicies.limitRetry.delayHours")}
            />
          </div>
          <p className="pl-6 text-xs text-slate-500">
            Never retried at once: sending again right away only adds to the signal. Off: the recipient stays
            failed.
          </p>
        </div>
      </div>
    </Block>
  );
}
