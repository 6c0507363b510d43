"use client";

import { useWatch } from "react-hook-form";
import { Field, FieldError } from "@/components/ui/field";
import { Checkbox, Input, Select } from "@/components/ui/input";
import { Block, useAutomationForm } from "./automation-block";

// What happens to conversations by themselves: auto-resolve after a quiet spell, and auto-assignment.

export function AutoResolveEditor() {
  const { register, control, formState } = useAutomationForm();
  const on = useWatch({ control, name: "autoResolve" });
  return (
    <Block
      title="Auto-resolve"
      hint="Resolve Open and Pending conversations when the customer has not written for this long. Their next message reopens the conversation."
      headingId="resolve-heading"
    >
      <div className="flex flex-wrap items-center gap-3">
        <Checkbox label="Resolve after" className="text-slate-800" {...register("autoResolve")} />
        <Input
          type="number"
          min={1}
          max={720}
          step={1}
          disabled={!on}
          aria-label="Hours without a customer message"
          invalid={Boolean(formState.errors.autoResolveHours)}
          className="max-w-24"
          {...register("autoResolveHours", { valueAsNumber: true })}
        />
        <span className="text-sm text-slate-600">hours without a customer message</span>
      </div>
      <FieldError message={formState.errors.autoResolveHours?.message} />
    </Block>
  );
}

export function AssignmentEditor() {
  const { register, formState } = useAutomationForm();
  const errors = formState.errors.assignment;
  return (
    <Block
      title="Auto-assignment"
      hint="New conversations with nobody assigned go to an agent who is Available (each agent switches Available/Away under their name in the menu) and under their capacity of open conversations. A conversation assigned by hand is never moved."
      headingId="assignment-heading"
    >
      <div className="flex flex-wrap items-start gap-4">
        <Field label="Mode" error={errors?.mode?.message} className="w-48">
          <Select {...register("assignment.mode")}>
            <option value="off">Off</option>
            <option value="round_robin">Round-robin</option>
            <option value="least_busy">Least busy</option>
          </Select>
        </Field>
        <Field label="Open conversations per agent" error={errors?.defaultCapacity?.message}>
          <Input
            type="number"
            min={1}
            max={500}
            step={1}
            className="max-w-24"
            {...register("assignment.defaultCapacity", { valueAsNumber: true })}
          />
        </Field>
      </div>
      <Checkbox
        label={<>Hand an agent&apos;s open conversations back to the pool when they set Away</>}
        hint="They go to the next available agent."
        className="text-slate-800"
        {...register("assignment.releaseOnAway")}
      />
    </Block>
  );
}
