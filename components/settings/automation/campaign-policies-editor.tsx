"use client";

import { get, type FieldError as FieldErrorType } from "react-hook-form";
import { Field, FieldError } from "@/components/ui/field";
import { Checkbox, Input } from "@/components/ui/input";
import { Block, useAutomationForm } from "./automation-block";

/** Campaign send policies: quiet hours in each recipient's local time, a cap on marketing messages per contact, 131049. */
export function CampaignPoliciesEditor() {
  const { register, formState } = useAutomationForm();
  const errors = formState.errors.campaignPolicies;
  return (
    <Block
      title="Campaign send policies"
      hint="Applied by the campaign worker to every campaign. Quiet hours use each recipient's local time, from their phone number's country (the most populous zone for countries with several, e.g. US → New York; the business-hours zone when unknown)."
      headingId="campaign-policies-heading"
    >
      <div data-testid="campaign-policies" className="space-y-4">
        <div className="space-y-2">
          <Checkbox
            label={<>Quiet hours: hold campaign messages while it is night for the recipient</>}
            className="text-slate-800"
            {...register("campaignPolicies.quietHours.enabled")}
          />
          <div className="flex flex-wrap items-end gap-3 pl-6">
            <Field label="From" className="w-32">
              <Input
                type="time"
                invalid={Boolean(errors?.quietHours?.start)}
                {...register("campaignPolicies.quietHours.start")}
              />
            </Field>
            <Field label="Until" className="w-32">
              <Input
                type="time"
                invalid={Boolean(errors?.quietHours?.end)}
                {...register("campaignPolicies.quietHours.end")}
              />
            </Field>
            <span className="pb-2 text-xs text-slate-500">
              recipient&apos;s local time; held recipients go when it ends
            </span>
          </div>
          <FieldError message={errors?.quietHours?.end?.message ?? errors?.quietHours?.start?.message} />
        </div>
        <div className="space-y-2">
          <Checkbox
            label={<>Per-contact cap on marketing messages, across campaigns</>}
            className="text-slate-800"
            {...register("campaignPolicies.contactCap.enabled")}
          />
          <div className="flex flex-wrap gap-3 pl-6">
            <NumberField
              label="At most"
              unit="messages"
              min={1}
              max={20}
              name="campaignPolicies.contactCap.maxMessages"
            />
            <NumberField
              label="In"
              unit="hours"
              min={1}
              max={168}
              name="campaignPolicies.contactCap.windowHours"
            />
          </div>
          <p className="pl-6 text-xs text-slate-500">
            A recipient over the cap is skipped with the reason “per-contact cap”, listed in the
            campaign&apos;s recipients and export.
          </p>
        </div>
        <div className="space-y-2">
          <Checkbox
            label={<>Retry once after WhatsApp&apos;s per-user marketing limit (131049)</>}
            className="text-slate-800"
            {...register("campaignPolicies.limitRetry.enabled")}
          />
          <div className="pl-6">
            <NumberField
              label="After"
              unit="hours"
              min={1}
              max={168}
              name="campaignPolicies.limitRetry.delayHours"
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

type PolicyNumber =
  | "campaignPolicies.contactCap.maxMessages"
  | "campaignPolicies.contactCap.windowHours"
  | "campaignPolicies.limitRetry.delayHours";

function NumberField({
  label,
  unit,
  min,
  max,
  name,
}: {
  label: string;
  unit: string;
  min: number;
  max: number;
  name: PolicyNumber;
}) {
  const { register, formState } = useAutomationForm();
  const error = get(formState.errors, name) as FieldErrorType | undefined;
  return (
    <Field label={label} className="w-44" error={error?.message}>
      <span className="flex items-center gap-2">
        <Input
          type="number"
          min={min}
          max={max}
          className="max-w-20"
          {...register(name, { valueAsNumber: true })}
        />
        <span className="text-sm text-slate-600">{unit}</span>
      </span>
    </Field>
  );
}
