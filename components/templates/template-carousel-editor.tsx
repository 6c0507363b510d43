"use client";

import { useCallback } from "react";
import { useFieldArray, useFormContext, useFormState, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, FieldError } from "@/components/ui/field";
import { PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Input, Select } from "@/components/ui/input";
import { LIMITS } from "@/lib/templates/schemas";
import {
  addCardButton,
  BUTTON_LABELS,
  CARD_BUTTON_TYPES,
  canAddButton,
  canAddCard,
  canRemoveCard,
  newCard,
  removeCardButton,
  type CardDraft,
  type TemplateDraft,
} from "@/lib/templates/template-draft";
import { HeaderMediaUpload } from "./header-media-upload";
import { AddButtonControl, ButtonFields } from "./template-buttons-editor";
import { errorAt, Section } from "./template-form-parts";
import { TemplateTextEditor } from "./template-text-editor";

/** Cards share one media type and one button layout (Meta's rule), so those are edited once for all cards. */
export function TemplateCarouselEditor() {
  const { control, register, getValues, setValue } = useFormContext<TemplateDraft>();
  const { errors } = useFormState<TemplateDraft>();
  const { fields, append, remove } = useFieldArray({ control, name: "carousel.cards" });
  const layout =
    useWatch<TemplateDraft, "carousel.cards.0.buttons">({ name: "carousel.cards.0.buttons" }) ?? [];

  // A layout change applies to every card: each card's button list is set, the cards themselves stay mounted.
  function setLayout(change: (cards: CardDraft[]) => CardDraft[]) {
    change(getValues("carousel.cards")).forEach((card, i) =>
      setValue(`carousel.cards.${i}.buttons`, card.buttons, { shouldDirty: true }),
    );
  }

  return (
    <Section
      title="Cards"
      hint="2 to 10 cards. Every card has the same media type and the same buttons; the texts and links differ per card."
    >
      <FieldError message={errorAt(errors, "carousel.cards")} />
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Media on every card" className="w-40">
          <Select {...register("carousel.media")}>
            <option value="image">Image</option>
            <option value="video">Video</option>
          </Select>
        </Field>
        <div className="text-sm">
          <p className="text-fg-soft mb-1 font-medium">Buttons on every card</p>
          <div className="flex flex-wrap items-center gap-2">
            {layout.map((b, i) => (
              <span
                key={i}
                className="bg-surface-sunken text-fg-soft inline-flex items-center gap-1 rounded-full py-0.5 pr-1 pl-2 text-xs"
              >
                {BUTTON_LABELS[b.type]}
                <Button
                  variant="ghost"
                  size="icon"
                  className="rounded-full p-0.5"
                  aria-label={`Remove ${BUTTON_LABELS[b.type]} button from every card`}
                  onClick={() => setLayout((cards) => removeCardButton(cards, i))}
                >
                  <TrashIcon className="h-3 w-3" />
                </Button>
              </span>
            ))}
            <AddButtonControl
              id="card-button-type"
              label="Kind of button to add to every card"
              allowed={CARD_BUTTON_TYPES.filter((t) => canAddButton(layout, t, true))}
              initial="url"
              onAdd={(type) => setLayout((cards) => addCardButton(cards, type))}
              compact
            />
          </div>
        </div>
      </div>
      <div className="mt-4 space-y-4">
        {fields.map((field, i) => (
          <CardEditor
            key={field.id}
            index={i}
            onRemove={canRemoveCard(fields.length) ? () => remove(i) : undefined}
          />
        ))}
      </div>
      {canAddCard(fields.length) ? (
        <Button className="mt-3" onClick={() => append(newCard(getValues("carousel.cards.0.buttons")))}>
          <PlusIcon /> Add card
        </Button>
      ) : null}
    </Section>
  );
}

function CardEditor({ index, onRemove }: { index: number; onRemove: (() => void) | undefined }) {
  const { register, setValue } = useFormContext<TemplateDraft>();
  const { errors, isSubmitted } = useFormState<TemplateDraft>();
  const media = useWatch<TemplateDraft, "carousel.media">({ name: "carousel.media" });
  const buttons = useWatch<TemplateDraft, `carousel.cards.${number}.buttons`>({
    name: `carousel.cards.${index}.buttons`,
  });
  const path = `carousel.cards.${index}` as const;
  const setExample = useCallback(
    (url: string) =>
      setValue(`${path}.header.example`, url, { shouldDirty: true, shouldValidate: isSubmitted }),
    [setValue, path, isSubmitted],
  );
  return (
    <div className="border-line rounded-lg border p-3">
      <div className="mb-2 flex items-center">
        <h3 className="text-fg flex-1 text-sm font-semibold">Card {index + 1}</h3>
        {onRemove ? (
          <Button variant="ghost" size="sm" className="hover:text-danger" onClick={onRemove}>
            <TrashIcon className="h-3.5 w-3.5" /> Remove card
          </Button>
        ) : null}
      </div>
      <div className="space-y-3">
        <div>
          <Field
            label={`Sample ${media} URL`}
            error={errorAt(errors, `${path}.header.example`) ?? errorAt(errors, `${path}.header.type`)}
          >
            <Input type="url" placeholder="https://" {...register(`${path}.header.example`)} />
          </Field>
          <HeaderMediaUpload kind={media} label={`card ${index + 1}'s ${media}`} onUploaded={setExample} />
        </div>
        <TemplateTextEditor label="Card text" path={`${path}.body`} max={LIMITS.cardBody} />
        <FieldError message={errorAt(errors, `${path}.buttons`)} />
        {(buttons ?? []).map((button, j) => (
          <div key={`${j}-${button.type}`} className="bg-surface-muted flex items-start gap-3 rounded-md p-2">
            <span className="text-fg-muted mt-7 w-20 shrink-0 text-xs font-medium">
              {BUTTON_LABELS[button.type]}
            </span>
            <ButtonFields path={`${path}.buttons.${j}`} />
          </div>
        ))}
      </div>
    </div>
  );
}
