"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Checkbox, Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { useUpdateSlaTargets } from "@/lib/reports/hooks/use-update-sla-targets";
import { slaTargetsSchema, type SlaTargets } from "@/lib/reports/schemas";

// The two support targets; an empty field switches its target off. Checked with the route's own schema before
// sending, and a 422's field messages shown next to the fields.

const FIELDS = [
  {
    id: "firstResponseMinutes",
    label: "First response within",
    unit: "minutes",
    hint: "From the customer's message to an agent's reply.",
  },
  {
    id: "resolutionHours",
    label: "Resolved within",
    unit: "hours",
    hint: "From the customer's message to resolved.",
  },
] as const;

// An empty field is "no target" (null); anything else is the number typed (the schema says what is wrong with it).
const emptyIsNull = (value: unknown) => (value === "" || value === null ? null : Number(value));

export function SlaTargetsForm({ targets }: { targets: SlaTargets & { businessHours: boolean } }) {
  const save = useUpdateSlaTargets();
  const [saved, setSaved] = useState(false);
  const form = useForm<SlaTargets>({
    resolver: zodResolver(slaTargetsSchema),
    defaultValues: {
      firstResponseMinutes: targets.firstResponseMinutes,
      resolutionHours: targets.resolutionHours,
      businessHours: targets.businessHours,
    },
  });
  const { errors, isDirty } = form.formState;

  function submit(values: SlaTargets) {
    save.mutate(values, {
      onSuccess: () => {
        form.reset(values);
        setSaved(true);
      },
      onError: (error) =>
        applyServerErrors(error, form.setError, {
          fields: ["firstResponseMinutes", "resolutionHours", "businessHours"],
        }),
    });
  }

  return (
    <form
      onSubmit={(e) => void form.handleSubmit(submit)(e)}
      onChange={() => setSaved(false)}
      noValidate
      aria-label="Support targets"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        {FIELDS.map((f) => (
          <Field
            key={f.id}
            label={f.label}
            hint={f.hint}
            error={errors[f.id]?.message && `${errors[f.id]?.message}.`}
          >
            <div className="flex items-center gap-2">
              <Input
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                placeholder="No target"
                className="max-w-28"
                {...form.register(f.id, { setValueAs: emptyIsNull })}
              />
              <span className="text-fg-soft text-sm">{f.unit}</span>
            </div>
          </Field>
        ))}
      </div>
      <Checkbox
        className="mt-3"
        label="Count SLA in business hours"
        hint="Only time inside the business hours set under Automation counts (their time zone and holidays included)."
        {...form.register("businessHours")}
      />
      <FormError message={errors.root?.server?.message} className="mt-3" />
      <div className="mt-3 flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={!isDirty} pending={save.isPending}>
          {save.isPending ? "Saving…" : "Save targets"}
        </Button>
        <span className="text-fg-muted text-xs" aria-live="polite">
          {saved && !isDirty ? "Saved. Breaches are counted against the new targets." : ""}
        </span>
      </div>
    </form>
  );
}
