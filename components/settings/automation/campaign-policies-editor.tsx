"use client";

import { useFormContext } from "react-hook-form";
import { Field, FieldError } from "@/components/ui/field";
import { Checkbox, Input, type InputProps } from "@/components/ui/input";
import type { AutomationDraft } from "@/lib/automation/automation-draft";
import type { UpdateAutomationSettingsInput } from "@/lib/automation/schemas";
import { Block } from "./automation-block";

/** Campaign send policies: quiet hours in each recipient's local time, a cap on marketing messages per contact, 131049. */
export function CampaignPoliciesEditor() {
  const { register, formState } = useFormContext<AutomationDraft, unknown, UpdateAutomationSettingsInput>();
  const errors = formState.errors.campaignPolicies;
  const number = { valueAsNumber: true } as const;
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
            <Field label="At most" className="w-44" error={errors?.contactCap?.maxMessages?.message}>
              <UnitInput
                unit="messages"
                min={1}
                max={20}
                {...register("campaignPolicies.contactCap.maxMessages", number)}
              />
            </Field>
            <Field label="In" className="w-44" error={errors?.contactCap?.windowHours?.message}>
              <UnitInput
                unit="hours"
                min={1}
                max={168}
                {...register("campaignPolicies.contactCap.windowHours", number)}
              />
            </Field>
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
            <Field label="After" className="w-44" error={errors?.limitRetry?.delayHours?.message}>
              <UnitInput
                unit="hours"
                min={1}
                max={168}
                {...register("campaignPolicies.limitRetry.delayHours", number)}
              />
            </Field>
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

function UnitInput({ unit, ...props }: InputProps & { unit: string }) {
  return (
    <span className="flex items-center gap-2">
      <Input type="number" className="max-w-20" {...props} />
      <span className="text-sm text-slate-600">{unit}</span>
    </span>
  );
}
