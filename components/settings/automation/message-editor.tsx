"use client";

import { Field, FieldError } from "@/components/ui/field";
import { Checkbox, Input, Textarea } from "@/components/ui/input";
import { Block, useAutomationForm } from "./automation-block";

/** One automated message (welcome, away, CSAT): on/off, the text for an open window, the template for a closed one. */
export function MessageEditor({
  name,
  title,
  toggleLabel,
  hint,
  textLabel = "Text",
}: {
  name: "welcome" | "away" | "csat";
  title: string;
  toggleLabel: string;
  hint: string;
  textLabel?: string;
}) {
  const { register, formState } = useAutomationForm();
  const errors = formState.errors[name];
  const templateError = errors?.template?.name?.message ?? errors?.template?.language?.message;
  return (
    <Block title={title} hint={hint} headingId={`${name}-heading`}>
      <Checkbox label={toggleLabel} className="text-slate-800" {...register(`${name}.enabled`)} />
      <Field
        label={
          <>
            {textLabel} <span className="font-normal text-slate-500">(in the 24-hour window)</span>
          </>
        }
        error={errors?.text?.message}
      >
        <Textarea rows={2} maxLength={1024} className="block w-full" {...register(`${name}.text`)} />
      </Field>
      <div className="flex flex-wrap gap-3">
        <Field
          className="w-56 max-w-full"
          label={
            <>
              Template <span className="font-normal text-slate-500">(outside the window)</span>
            </>
          }
        >
          <Input
            placeholder="none"
            invalid={Boolean(errors?.template?.name)}
            {...register(`${name}.template.name`)}
          />
        </Field>
        <Field label="Language" className="w-28">
          <Input
            placeholder="en_US"
            invalid={Boolean(errors?.template?.language)}
            {...register(`${name}.template.language`)}
          />
        </Field>
      </div>
      <FieldError message={templateError} />
      <p className="text-xs text-slate-500">
        An approved template without variables. Leave it empty to send nothing when the window is closed.
      </p>
    </Block>
  );
}
