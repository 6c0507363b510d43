"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { LabelChip } from "@/components/labels/label-chip";
import { TrashIcon } from "@/components/ui/icons";
import { LABEL_COLORS, LABEL_SWATCH_CLASSES, type LabelColor } from "@/lib/labels/colors";
import { useManageLabels } from "@/lib/labels/hooks/use-label-actions";
import { labelsOptions } from "@/lib/labels/queries";
import type { LabelWithUsageDto } from "@/lib/labels/read-models";
import {
  createLabelSchema,
  LABEL_NAME_MAX,
  updateLabelSchema,
  type CreateLabelInput,
  type UpdateLabelInput,
} from "@/lib/labels/schemas";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { Button } from "@/components/ui/button";
import { Field, FieldError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SectionQuery, SettingsSection } from "./settings-section";

// Settings → Labels: the coloured labels agents put on conversations and customers (and segments filter on).
// Every change is audited.

function ColorPicker({
  value,
  onChange,
  name,
}: {
  value: LabelColor;
  onChange: (c: LabelColor) => void;
  name: string;
}) {
  return (
    <div role="radiogroup" aria-label="Colour" className="flex flex-wrap gap-1.5">
      {LABEL_COLORS.map((c) => (
        <label key={c} className="cursor-pointer" title={c}>
          {/* eslint-disable-next-line no-restricted-syntax -- A visually hidden native radio: the colour swatch is its look, the group keeps the keyboard. */}
          <input
            type="radio"
            name={name}
            value={c}
            checked={value === c}
            onChange={() => onChange(c)}
            className="peer sr-only"
            aria-label={c}
          />
          <span
            className={`block h-5 w-5 rounded-full ${LABEL_SWATCH_CLASSES[c]} ring-offset-2 peer-checked:ring-2 peer-checked:ring-slate-700 peer-focus-visible:ring-2 peer-focus-visible:ring-emerald-500`}
          />
        </label>
      ))}
    </div>
  );
}

export function LabelsSection() {
  const labels = useQuery(labelsOptions());
  const { create } = useManageLabels();
  const form = useForm<z.input<typeof createLabelSchema>, unknown, CreateLabelInput>({
    resolver: zodResolver(createLabelSchema),
    defaultValues: { name: "", color: "sky" },
  });
  const { errors } = form.formState;
  const name = useWatch({ control: form.control, name: "name" });

  function submit(input: CreateLabelInput) {
    create.mutate(input, {
      onSuccess: () => form.reset({ name: "", color: input.color }),
      onError: (error) => applyServerErrors(error, form.setError, { fields: ["name", "color"] }),
    });
  }

  return (
    <SettingsSection
      id="labels"
      headingId="labels-heading"
      title="Labels"
      description={
        <>
          Agents put labels on conversations and customers from the inbox; the inbox filters by them and
          segments use them to pick campaign audiences. Deleting a label takes it off everything that carries
          it.
        </>
      }
    >
      <form
        onSubmit={(e) => void form.handleSubmit(submit)(e)}
        noValidate
        className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-5 py-4"
      >
        <Field label="New label name" labelHidden id="new-label-name" className="flex-1">
          <Input
            maxLength={LABEL_NAME_MAX}
            placeholder="New label, e.g. VIP"
            className="py-1.5"
            {...form.register("name")}
          />
        </Field>
        <Controller
          control={form.control}
          name="color"
          render={({ field }) => (
            <ColorPicker value={field.value} onChange={field.onChange} name="new-label-color" />
          )}
        />
        <Button type="submit" disabled={name.trim() === ""} pending={create.isPending} variant="primary">
          Add label
        </Button>
        <FieldError message={errors.name?.message ?? errors.color?.message ?? errors.root?.server?.message} />
      </form>
      <SectionQuery query={labels} what="the labels">
        {(list) =>
          list.length === 0 ? (
            <p className="px-5 py-5 text-sm text-slate-500">No labels yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Labels">
              {list.map((l) => (
                <LabelRow key={l.id} label={l} />
              ))}
            </ul>
          )
        }
      </SectionQuery>
    </SettingsSection>
  );
}

function LabelRow({ label }: { label: LabelWithUsageDto }) {
  const { update, remove } = useManageLabels();
  const [editing, setEditing] = useState(false);
  const color = (LABEL_COLORS as readonly string[]).includes(label.color)
    ? (label.color as LabelColor)
    : "gray";
  const form = useForm<z.input<typeof updateLabelSchema>, unknown, UpdateLabelInput>({
    resolver: zodResolver(updateLabelSchema),
    defaultValues: { name: label.name, color },
  });
  const { errors } = form.formState;
  const name = useWatch({ control: form.control, name: "name" }) ?? "";

  function startEditing() {
    form.reset({ name: label.name, color });
    setEditing(true);
  }

  // Only what changed goes to the server (one audited change per field).
  function save(values: UpdateLabelInput) {
    const changes: UpdateLabelInput = {
      ...(values.name !== undefined && values.name !== label.name ? { name: values.name } : {}),
      ...(values.color !== undefined && values.color !== label.color ? { color: values.color } : {}),
    };
    if (changes.name === undefined && changes.color === undefined) return setEditing(false);
    update.mutate(
      { id: label.id, ...changes },
      {
        onSuccess: () => setEditing(false),
        onError: (error) => applyServerErrors(error, form.setError, { fields: ["name", "color"] }),
      },
    );
  }
  const error = errors.name?.message ?? errors.color?.message ?? errors.root?.server?.message;

  return (
    <li className="px-5 py-3" data-testid="label-row">
      {editing ? (
        <form
          onSubmit={(e) => void form.handleSubmit(save)(e)}
          noValidate
          className="flex flex-wrap items-center gap-3"
        >
          <Field label="Label name" labelHidden id={`label-${label.id}`} className="flex-1">
            <Input
              maxLength={LABEL_NAME_MAX}
              autoFocus
              className="py-1.5"
              onKeyDown={(e) => e.key === "Escape" && setEditing(false)}
              {...form.register("name")}
            />
          </Field>
          <Controller
            control={form.control}
            name="color"
            render={({ field }) => (
              <ColorPicker
                value={field.value ?? color}
                onChange={field.onChange}
                name={`color-${label.id}`}
              />
            )}
          />
          <Button
            type="submit"
            disabled={name.trim() === ""}
            pending={update.isPending}
            variant="primary"
            size="sm"
          >
            Save
          </Button>
          <Button onClick={() => setEditing(false)} variant="ghost" size="sm">
            Cancel
          </Button>
        </form>
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <LabelChip name={label.name} color={label.color} />
          <span className="flex-1 text-xs text-slate-500">
            {label.conversations.toLocaleString()} conversation{label.conversations === 1 ? "" : "s"} ·{" "}
            {label.contacts.toLocaleString()} customer
            {label.contacts === 1 ? "" : "s"}
          </span>
          <Button
            onClick={startEditing}
            variant="link"
            className="text-xs"
            aria-label={`Edit label ${label.name}`}
          >
            Edit
          </Button>
          <Button
            aria-label={`Delete label ${label.name}`}
            disabled={remove.isPending}
            onClick={() => {
              if (
                window.confirm(
                  `Delete the label "${label.name}"? It comes off ${label.conversations + label.contacts} conversations and customers.`,
                )
              )
                remove.mutate(label.id);
            }}
            variant="ghost"
            size="icon"
          >
            <TrashIcon />
          </Button>
        </div>
      )}
      <FieldError message={editing ? error : remove.error?.message} />
    </li>
  );
}
