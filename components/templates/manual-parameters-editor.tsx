"use client";

import { useId } from "react";
import { useFieldArray, useFormContext } from "react-hook-form";
import { PlusIcon, XIcon } from "@/components/ui/icons";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { TemplateSendDraft } from "@/lib/templates/template-send-draft";

// Parameters typed by hand, for a template whose variables the app cannot derive (a component kind it does not
// model, named placeholders): the send dialog's rows (lib/templates/template-send-draft.ts), checked by the
// contract's rules before sending and by the server after (a 422 naming the row).

const PARTS = ["name", "value"] as const;

export function ManualParametersEditor() {
  const { control, register, setValue, formState } = useFormContext<TemplateSendDraft>();
  const rows = useFieldArray({ control, name: "parameters" });
  const errors = formState.errors.parameters;
  const listError = errors?.root?.message ?? errors?.message;
  const idBase = useId();
  return (
    <fieldset className="space-y-2" data-testid="manual-parameters">
      <legend className="text-sm font-semibold text-slate-900">Parameters</legend>
      <p className="text-xs text-slate-600">
        This template has parts this app cannot read its variables from, so enter the parameters yourself: a
        name such as body_1, header_text or button_1_url, and its value. Connectly checks them when you send.
      </p>
      {rows.fields.map((row, i) => {
        const rowError = errors?.[i]?.name?.message ?? errors?.[i]?.value?.message;
        const errorId = rowError ? `${idBase}-${i}-error` : undefined;
        return (
          <div key={row.id}>
            <div className="flex items-center gap-2">
              {PARTS.map((part) => (
                <Input
                  key={part}
                  aria-label={`Parameter ${i + 1} ${part}`}
                  placeholder={part === "name" ? "body_1" : "Value"}
                  className={part === "name" ? "max-w-36 font-mono" : "min-w-0 flex-1"}
                  invalid={Boolean(errors?.[i]?.[part])}
                  aria-describedby={errorId}
                  {...register(`parameters.${i}.${part}`, {
                    // Names have no spaces: dropped as they are typed.
                    onChange: (e: { target: { value: string } }) => {
                      const trimmed = e.target.value.trim();
                      if (part === "name" && trimmed !== e.target.value)
                        setValue(`parameters.${i}.name`, trimmed);
                    },
                  })}
                />
              ))}
              <Button
                onClick={() => rows.remove(i)}
                aria-label={`Remove parameter ${i + 1}`}
                variant="ghost"
                size="icon"
              >
                <XIcon />
              </Button>
            </div>
            <FieldError id={errorId} message={rowError} />
          </div>
        );
      })}
      <Button onClick={() => rows.append({ name: "", value: "" })} variant="ghost" size="sm">
        <PlusIcon className="h-3.5 w-3.5" />
        Add parameter
      </Button>
      {listError ? (
        <p role="alert" className="text-xs text-red-700">
          {listError}
        </p>
      ) : null}
    </fieldset>
  );
}
