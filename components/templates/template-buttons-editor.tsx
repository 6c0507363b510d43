"use client";

import { useState } from "react";
import { useFieldArray, useFormContext, useFormState, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, FieldError } from "@/components/ui/field";
import { ChevronDownIcon, PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Input, Select } from "@/components/ui/input";
import { LIMITS } from "@/lib/templates/schemas";
import {
  BUTTON_LABELS,
  BUTTON_TYPES,
  canAddButton,
  isDynamicUrl,
  newButton,
  type ButtonType,
  type TemplateDraft,
} from "@/lib/templates/template-draft";
import { CountedLabel, errorAt } from "./template-form-parts";

/** Where a button sits in the draft: the template's own, or a card's. */
export type ButtonPath = `buttons.${number}` | `carousel.cards.${number}.buttons.${number}`;

/** The inputs of one button, by its kind (the kind is chosen when it is added and never changes). */
export function ButtonFields({ path }: { path: ButtonPath }) {
  const { register } = useFormContext<TemplateDraft>();
  const { errors } = useFormState<TemplateDraft>();
  const [type, text, url] = useWatch<
    TemplateDraft,
    [`${ButtonPath}.type`, `${ButtonPath}.text`, `${ButtonPath}.url`]
  >({
    name: [`${path}.type`, `${path}.text`, `${path}.url`],
  });
  const [example] = useWatch<TemplateDraft, [`${ButtonPath}.example`]>({ name: [`${path}.example`] });
  const error = (field: string) => errorAt(errors, `${path}.${field}`);
  return (
    <div className="grid flex-1 grid-cols-1 gap-2 sm:grid-cols-2">
      {type !== "copy_code" ? (
        <Field
          label={<CountedLabel label="Button text" length={text?.length ?? 0} max={LIMITS.buttonText} />}
          error={error("text")}
        >
          <Input {...register(`${path}.text`)} />
        </Field>
      ) : null}
      {type === "url" ? (
        <>
          <Field
            label="Link"
            hint="End it with {{1}} to add a different ending per message"
            error={error("url")}
          >
            <Input type="url" placeholder="https://shop.example/track/{{1}}" {...register(`${path}.url`)} />
          </Field>
          {isDynamicUrl(url ?? "") ? (
            <Field label="Sample ending for {{1}}" error={error("example")}>
              <Input placeholder="A-1042" {...register(`${path}.example`)} />
            </Field>
          ) : null}
        </>
      ) : null}
      {type === "phone_number" ? (
        <Field label="Phone number" error={error("phoneNumber")}>
          <Input type="tel" placeholder="+14155550100" {...register(`${path}.phoneNumber`)} />
        </Field>
      ) : null}
      {type === "copy_code" ? (
        <Field
          label={<CountedLabel label="Sample code" length={example?.length ?? 0} max={LIMITS.copyCode} />}
          error={error("example")}
        >
          <Input placeholder="SAVE10" {...register(`${path}.example`)} />
        </Field>
      ) : null}
    </div>
  );
}

/** A kind picker and "Add", offering only the kinds the schema still allows next to `buttons`. */
export function AddButtonControl({
  id,
  label,
  allowed,
  initial,
  onAdd,
  compact = false,
}: {
  id: string;
  label: string;
  allowed: readonly ButtonType[];
  initial: ButtonType;
  onAdd(type: ButtonType): void;
  compact?: boolean;
}) {
  const [picked, setPicked] = useState<ButtonType>(initial);
  const type = allowed.includes(picked) ? picked : allowed[0];
  if (type === undefined) return null;
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Select
        id={id}
        value={type}
        onChange={(e) => setPicked(e.target.value as ButtonType)}
        className={compact ? "w-auto py-1 text-xs" : "w-auto py-1.5"}
      >
        {allowed.map((t) => (
          <option key={t} value={t}>
            {BUTTON_LABELS[t]}
          </option>
        ))}
      </Select>
      <Button size="sm" onClick={() => onAdd(type)}>
        <PlusIcon className="h-3.5 w-3.5" /> {compact ? "Add" : "Add button"}
      </Button>
    </div>
  );
}

/** A standard template's buttons: add by kind, edit, reorder, remove. */
export function TemplateButtonsEditor() {
  const { control } = useFormContext<TemplateDraft>();
  const { errors } = useFormState<TemplateDraft>();
  const { fields, append, remove, move } = useFieldArray({ control, name: "buttons" });
  const buttons = useWatch<TemplateDraft, "buttons">({ name: "buttons" });
  const allowed = BUTTON_TYPES.filter((t) => canAddButton(buttons, t));
  return (
    <div className="space-y-3">
      <FieldError message={errorAt(errors, "buttons")} />
      {fields.map((field, i) => (
        <div key={field.id} className="border-line flex items-start gap-3 rounded-lg border p-3">
          <span className="text-fg-muted mt-7 w-24 shrink-0 text-xs font-medium">
            {i + 1}. {BUTTON_LABELS[field.type]}
          </span>
          <ButtonFields path={`buttons.${i}`} />
          <div className="mt-6 flex shrink-0 items-center">
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Move button ${i + 1} up`}
              disabled={i === 0}
              onClick={() => move(i, i - 1)}
            >
              <ChevronDownIcon className="rotate-180" />
            </Button>
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Move button ${i + 1} down`}
              disabled={i === fields.length - 1}
              onClick={() => move(i, i + 1)}
            >
              <ChevronDownIcon />
            </Button>
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Remove button ${i + 1}`}
              className="hover:bg-danger-soft hover:text-danger"
              onClick={() => remove(i)}
            >
              <TrashIcon />
            </Button>
          </div>
        </div>
      ))}
      <AddButtonControl
        id="new-button-type"
        label="Kind of button to add"
        allowed={allowed}
        initial="quick_reply"
        onAdd={(type) => append(newButton(type))}
      />
    </div>
  );
}
