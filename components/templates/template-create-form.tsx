"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useEffect, useState } from "react";
import { FormProvider, useForm, useFormContext, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Segmented } from "@/components/ui/segmented";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { useCreateTemplate } from "@/lib/templates/hooks/use-create-template";
import { CATEGORY_LABELS, TEMPLATE_CATEGORIES } from "@/lib/templates/normalize";
import type { TemplateDto } from "@/lib/templates/read-models";
import { LIMITS, type CreateTemplateData } from "@/lib/templates/schemas";
import { emptyDraft, templateDraftSchema, type TemplateDraft } from "@/lib/templates/template-draft";
import { TemplateButtonsEditor } from "./template-buttons-editor";
import { TemplateCarouselEditor } from "./template-carousel-editor";
import { TemplateCreated } from "./template-created";
import { TemplateDraftPreview } from "./template-draft-preview";
import { countErrors, CountedLabel, Section } from "./template-form-parts";
import { TemplateHeaderEditor } from "./template-header-editor";
import { TemplateTextEditor } from "./template-text-editor";

// Create a template for Meta's review: name, category, language, header, body with {{n}} variables and a sample
// per variable, footer, buttons, or a carousel of cards. The draft (lib/templates/template-draft.ts) is checked
// by the route's own createTemplateSchema before it is sent; the preview shows it with the samples filled in.

const LANGUAGES = [
  "en_US",
  "en_GB",
  "en",
  "es",
  "es_MX",
  "pt_BR",
  "pt_PT",
  "fr",
  "de",
  "it",
  "nl",
  "id",
  "hi",
  "ar",
];

/** Top-level draft fields a 422's issue paths may start with. */
const SERVER_FIELDS = ["name", "category", "language", "header", "body", "footer", "buttons", "carousel"];

export function TemplateCreateForm() {
  const [created, setCreated] = useState<TemplateDto | null>(null);
  if (created) return <TemplateCreated template={created} onAnother={() => setCreated(null)} />;
  return (
    <main className="flex h-full min-h-0 flex-col">
      <header className="border-line bg-surface border-b px-4 py-4 md:px-6">
        <p className="text-fg-muted text-xs">
          <Link href="/templates" className="hover:underline">
            Templates
          </Link>{" "}
          / New
        </p>
        <h1 className="text-fg text-xl font-semibold">New template</h1>
        <p className="text-fg-muted text-sm">
          Meta reviews every template before it can be sent, usually within minutes and at most a day.
        </p>
      </header>
      <DraftForm onCreated={setCreated} />
    </main>
  );
}

function DraftForm({ onCreated }: { onCreated(template: TemplateDto): void }) {
  const create = useCreateTemplate();
  const form = useForm<TemplateDraft, unknown, CreateTemplateData>({
    resolver: zodResolver(templateDraftSchema),
    defaultValues: emptyDraft(),
    // After the first submit every change re-checks the whole draft (below), as a rule may span fields.
    reValidateMode: "onSubmit",
  });
  const { errors, isSubmitted } = form.formState;
  const { subscribe, trigger } = form;

  useEffect(() => {
    if (!isSubmitted) return;
    return subscribe({ formState: { values: true }, callback: () => void trigger() });
  }, [isSubmitted, subscribe, trigger]);

  function submit(input: CreateTemplateData) {
    create.mutate(input, {
      onSuccess: onCreated,
      onError: (error) => applyServerErrors(error, form.setError, { fields: SERVER_FIELDS }),
    });
  }

  const problems = countErrors(errors);
  return (
    <FormProvider {...form}>
      <div className="grid min-h-0 flex-1 grid-cols-1 overflow-hidden lg:grid-cols-[minmax(0,1fr)_24rem]">
        <form
          onSubmit={(e) => void form.handleSubmit(submit)(e)}
          noValidate
          className="min-h-0 space-y-6 overflow-y-auto px-4 py-5 md:px-6"
          aria-label="New template"
        >
          <BasicsEditor />
          <KindEditors />
          <FormError
            message={
              errors.root?.server?.message ??
              (isSubmitted && problems > 0
                ? `Fix the ${problems === 1 ? "problem" : `${problems} problems`} marked above before submitting.`
                : undefined)
            }
          />
          <div className="flex items-center justify-end gap-3 pb-4">
            <Button asChild variant="ghost">
              <Link href="/templates">Cancel</Link>
            </Button>
            <Button type="submit" variant="primary" pending={create.isPending}>
              {create.isPending ? "Submitting…" : "Submit for review"}
            </Button>
          </div>
        </form>
        <TemplateDraftPreview />
      </div>
    </FormProvider>
  );
}

function BasicsEditor() {
  const { register, setValue, formState } = useFormContext<TemplateDraft>();
  const kind = useWatch<TemplateDraft, "kind">({ name: "kind" });
  const { errors } = formState;
  return (
    <Section title="Basics">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-[2fr_1fr_1fr]">
        <Field label="Name" hint="Lowercase letters, digits and _ only" error={errors.name?.message}>
          <Input className="font-mono" placeholder="order_update_v2" {...register("name")} />
        </Field>
        <Field label="Category" error={errors.category?.message}>
          <Select {...register("category")}>
            <option value="">Choose…</option>
            {TEMPLATE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABELS[c]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Language" error={errors.language?.message}>
          <Select {...register("language")}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Segmented<TemplateDraft["kind"]>
        role="radiogroup"
        look="outlined"
        label="Template type"
        className="mt-4"
        value={kind}
        onChange={(k) => setValue("kind", k, { shouldDirty: true })}
        options={[
          { value: "standard", label: "Standard" },
          { value: "carousel", label: "Carousel (2–10 cards)" },
        ]}
      />
    </Section>
  );
}

/** The sections of the chosen kind: header, body, footer and buttons; or the message above the cards and the cards. */
function KindEditors() {
  const { register, formState } = useFormContext<TemplateDraft>();
  const [kind, footer] = useWatch<TemplateDraft, ["kind", "footer"]>({ name: ["kind", "footer"] });
  const carousel = kind === "carousel";
  return (
    <>
      {!carousel ? <TemplateHeaderEditor /> : null}
      <Section title={carousel ? "Message above the cards" : "Body"}>
        <TemplateTextEditor label="Body text" path="body" max={LIMITS.body} />
      </Section>
      {!carousel ? (
        <>
          <Section title="Footer" hint="Optional small print, no variables.">
            <Field
              label={<CountedLabel label="Footer text" length={footer.length} max={LIMITS.footer} />}
              error={formState.errors.footer?.message}
            >
              <Input {...register("footer")} />
            </Field>
          </Section>
          <Section
            title="Buttons"
            hint="Optional: up to 10 — at most 2 links, 1 phone number and 1 copy code."
          >
            <TemplateButtonsEditor />
          </Section>
        </>
      ) : (
        <TemplateCarouselEditor />
      )}
    </>
  );
}
