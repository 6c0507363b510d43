"use client";

import { useRef } from "react";
import { useFormContext, useFormState, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { PlusIcon } from "@/components/ui/icons";
import { Input, Textarea } from "@/components/ui/input";
import { placeholderNumbers } from "@/lib/connectly/template-components";
import { insertVariable, nextVariable, type TemplateDraft } from "@/lib/templates/template-draft";
import { CountedLabel, errorAt } from "./template-form-parts";

/** Where a text with {{n}} variables sits in the draft: the body, or a card's body. */
export type TextPath = "body" | `carousel.cards.${number}.body`;

/** A text with an "Add variable" button and one sample input per {{n}} it contains. */
export function TemplateTextEditor({ label, path, max }: { label: string; path: TextPath; max: number }) {
  const { register, getValues, setValue } = useFormContext<TemplateDraft>();
  const { errors, isSubmitted } = useFormState<TemplateDraft>();
  const text = useWatch<TemplateDraft, `${TextPath}.text`>({ name: `${path}.text` }) ?? "";
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  const numbers = placeholderNumbers(text);
  const next = nextVariable(text);
  const { ref, ...textField } = register(`${path}.text`);

  function addVariable() {
    const el = textarea.current;
    const current = { text: getValues(`${path}.text`), examples: getValues(`${path}.examples`) ?? [] };
    const at = el?.selectionStart ?? current.text.length;
    const inserted = insertVariable(current, at, el?.selectionEnd ?? at);
    const options = { shouldDirty: true, shouldValidate: isSubmitted };
    setValue(`${path}.examples`, inserted.examples, options);
    setValue(`${path}.text`, inserted.text, options);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(inserted.caret, inserted.caret);
    });
  }

  return (
    <div>
      <Field
        label={<CountedLabel label={label} length={text.length} max={max} />}
        error={errorAt(errors, `${path}.text`)}
      >
        <Textarea
          {...textField}
          ref={(el) => {
            ref(el);
            textarea.current = el;
          }}
          rows={4}
          placeholder="Hi {{1}}, your order {{2}} is on its way."
        />
      </Field>
      <Button variant="link" size="sm" className="mt-1 text-xs" onClick={addVariable}>
        <PlusIcon className="h-3.5 w-3.5" /> Add variable {`{{${next}}}`}
      </Button>
      {numbers.length > 0 ? (
        <div className="mt-3 grid grid-cols-1 gap-2 sm:grid-cols-2">
          {numbers.map((n) => (
            <Field key={n} label={`Sample for {{${n}}}`} error={errorAt(errors, `${path}.examples.${n - 1}`)}>
              <Input {...register(`${path}.examples.${n - 1}`)} />
            </Field>
          ))}
        </div>
      ) : null}
    </div>
  );
}
