"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { PlusIcon, RetryIcon, TrashIcon } from "@/components/ui/icons";
import { ApiError } from "@/lib/api-client/fetch";
import { parameterKeys, placeholderNumbers } from "@/lib/connectly/template-components";
import { componentsFromInput } from "@/lib/templates/build-create-body";
import { exampleValues } from "@/lib/templates/build-form";
import { useCreateTemplate } from "@/lib/templates/hooks/use-create-template";
import { useSyncTemplates } from "@/lib/templates/hooks/use-sync-templates";
import {
  CATEGORY_LABELS,
  explainRejection,
  TEMPLATE_CATEGORIES,
  type TemplateCategoryName,
} from "@/lib/templates/normalize";
import { templateListOptions } from "@/lib/templates/queries";
import type { TemplateDto } from "@/lib/templates/read-models";
import {
  createTemplateSchema,
  LIMITS,
  type CreateTemplateData,
  type CreateTemplateInput,
  type TemplateButtonInput,
} from "@/lib/templates/schemas";
import { HeaderMediaUpload } from "./header-media-upload";
import { TemplatePreview } from "./template-preview";
import { TemplateStatusBadge } from "./template-status-badge";

// Create a template for Meta's review: name, category, language, header, body with {{n}} variables and a sample
// per variable, footer, buttons, or a carousel of cards. Checked against WhatsApp's rules (createTemplateSchema)
// before it is sent; the preview shows it with the samples filled in.

type ButtonType = TemplateButtonInput["type"];
type ButtonDraft = { type: ButtonType; text: string; url: string; example: string; phoneNumber: string };
type CardDraft = { headerExample: string; body: string; examples: string[]; buttons: ButtonDraft[] };
type HeaderType = "none" | "text" | "image" | "video" | "document";
type Draft = {
  name: string;
  category: TemplateCategoryName | "";
  language: string;
  kind: "standard" | "carousel";
  headerType: HeaderType;
  headerText: string;
  headerExample: string;
  body: string;
  bodyExamples: string[];
  footer: string;
  buttons: ButtonDraft[];
  cardMedia: "image" | "video";
  cards: CardDraft[];
};

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
const BUTTON_LABELS: Record<ButtonType, string> = {
  url: "Link",
  quick_reply: "Quick reply",
  phone_number: "Call phone number",
  copy_code: "Copy code",
};

const newButton = (type: ButtonType): ButtonDraft => ({
  type,
  text: "",
  url: "",
  example: "",
  phoneNumber: "",
});
const newCard = (buttons: ButtonDraft[] = [newButton("quick_reply")]): CardDraft => ({
  headerExample: "",
  body: "",
  examples: [],
  buttons: buttons.map((b) => newButton(b.type)),
});

const EMPTY: Draft = {
  name: "",
  category: "",
  language: "en_US",
  kind: "standard",
  headerType: "none",
  headerText: "",
  headerExample: "",
  body: "",
  bodyExamples: [],
  footer: "",
  buttons: [],
  cardMedia: "image",
  cards: [newCard(), newCard()],
};

function buttonInput(b: ButtonDraft): TemplateButtonInput {
  switch (b.type) {
    case "url":
      return { type: "url", text: b.text, url: b.url, ...(b.example ? { example: b.example } : {}) };
    case "quick_reply":
      return { type: "quick_reply", text: b.text };
    case "phone_number":
      return { type: "phone_number", text: b.text, phoneNumber: b.phoneNumber.replace(/[\s().-]/g, "") };
    case "copy_code":
      return { type: "copy_code", example: b.example };
  }
}

function toInput(d: Draft): CreateTemplateInput {
  const carousel = d.kind === "carousel";
  return {
    name: d.name,
    category: d.category as TemplateCategoryName,
    language: d.language,
    header:
      carousel || d.headerType === "none"
        ? { type: "none" }
        : d.headerType === "text"
          ? { type: "text", text: d.headerText, ...(d.headerExample ? { example: d.headerExample } : {}) }
          : { type: d.headerType, example: d.headerExample },
    body: { text: d.body, examples: d.bodyExamples },
    ...(!carousel && d.footer ? { footer: d.footer } : {}),
    buttons: carousel ? [] : d.buttons.map(buttonInput),
    ...(carousel
      ? {
          carousel: {
            cards: d.cards.map((c) => ({
              header: { type: d.cardMedia, example: c.headerExample },
              body: { text: c.body, examples: c.examples },
              buttons: c.buttons.map(buttonInput),
            })),
          },
        }
      : {}),
  };
}

/** The preview's values: the samples, under the parameter names they stand for. */
function sampleValues(d: Draft): Record<string, string> {
  const values: Record<string, string> = {};
  d.bodyExamples.forEach((v, i) => v && (values[parameterKeys.body(i + 1)] = v));
  if (d.headerType === "text" && d.headerExample) values[parameterKeys.headerText()] = d.headerExample;
  if (
    (d.headerType === "image" || d.headerType === "video" || d.headerType === "document") &&
    d.headerExample
  ) {
    values[parameterKeys.headerMedia(d.headerType)] = d.headerExample;
  }
  d.buttons.forEach(
    (b, i) => b.type === "url" && b.example && (values[parameterKeys.buttonUrl(i + 1)] = b.example),
  );
  d.cards.forEach((c, n) => {
    const card = n + 1;
    if (c.headerExample) values[parameterKeys.headerMedia(d.cardMedia, card)] = c.headerExample;
    c.examples.forEach((v, i) => v && (values[parameterKeys.body(i + 1, card)] = v));
    c.buttons.forEach(
      (b, i) => b.type === "url" && b.example && (values[parameterKeys.buttonUrl(i + 1, card)] = b.example),
    );
  });
  return values;
}

function issuesByPath(draft: Draft): Record<string, string> {
  const parsed = createTemplateSchema.safeParse(toInput(draft));
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join(".");
    out[key] ??= issue.message;
  }
  return out;
}

export function TemplateCreateForm() {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<{ message: string; issues: Record<string, string> } | null>(
    null,
  );
  const [created, setCreated] = useState<TemplateDto | null>(null);
  const create = useCreateTemplate();
  const formRef = useRef<HTMLFormElement>(null);

  const errors = useMemo(
    () => ({ ...(serverError?.issues ?? {}), ...(submitted ? issuesByPath(draft) : {}) }),
    [draft, submitted, serverError],
  );
  const previewComponents = useMemo(() => {
    // The preview is drawn from whatever is typed so far, valid or not.
    const input = toInput(draft) as CreateTemplateData;
    return componentsFromInput({
      ...input,
      header: input.header ?? { type: "none" },
      buttons: input.buttons ?? [],
    });
  }, [draft]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setHeaderExample = useCallback(
    (headerExample: string) => setDraft((d) => ({ ...d, headerExample })),
    [],
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    setServerError(null);
    const problems = issuesByPath(draft);
    const first = Object.keys(problems)[0];
    if (first !== undefined) {
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(first)}"]`)?.focus(),
      );
      return;
    }
    create.mutate(toInput(draft), {
      onSuccess: (template) => setCreated(template),
      onError: (error) => {
        const issues: Record<string, string> = {};
        if (error instanceof ApiError) {
          for (const issue of (error.details?.issues ?? []) as { path?: string; message?: string }[]) {
            if (issue.path && issue.message) issues[issue.path] ??= issue.message;
          }
        }
        setServerError({
          message: error instanceof ApiError ? error.message : "The template could not be created.",
          issues,
        });
      },
    });
  }

  if (created)
    return (
      <Created
        template={created}
        onAnother={() => (setCreated(null), setDraft(EMPTY), setSubmitted(false))}
      />
    );

  const carousel = draft.kind === "carousel";
  return (
    <main className="flex h-full min-h-0 flex-col">
      <header className="border-b border-slate-200 bg-white px-4 py-4 md:px-6">
        <p className="text-xs text-slate-500">
          <Link href="/templates" className="hover:underline">
            Templates
          </Link>{" "}
          / New
        </p>
        <h1 className="text-xl font-semibold text-slate-900">New template</h1>
        <p className="text-sm text-slate-500">
          Meta reviews every template before it can be sent, usually within minutes and at most a day.
        </p>
      </header>
      <div className="grid min-h-0 flex-1 grid-cols-1 overflow-hidden lg:grid-cols-[minmax(0,1fr)_24rem]">
        <form
          ref={formRef}
          onSubmit={submit}
          noValidate
          className="min-h-0 space-y-6 overflow-y-auto px-4 py-5 md:px-6"
          aria-label="New template"
        >
          <Section title="Basics">
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-[2fr_1fr_1fr]">
              <TextField
                label="Name"
                path="name"
                value={draft.name}
                onChange={(v) => set("name", v)}
                error={errors.name}
                hint="Lowercase letters, digits and _ only"
                placeholder="order_update_v2"
                mono
              />
              <SelectField
                label="Category"
                path="category"
                value={draft.category}
                onChange={(v) => set("category", v as Draft["category"])}
                error={errors.category}
                options={[
                  { value: "", label: "Choose…" },
                  ...TEMPLATE_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] })),
                ]}
              />
              <SelectField
                label="Language"
                path="language"
                value={draft.language}
                onChange={(v) => set("language", v)}
                error={errors.language}
                options={LANGUAGES.map((l) => ({ value: l, label: l }))}
              />
            </div>
            <div
              role="radiogroup"
              aria-label="Template type"
              className="mt-4 inline-flex rounded-lg border border-slate-300 p-0.5 text-sm"
            >
              {(["standard", "carousel"] as const).map((kind) => (
                <button
                  key={kind}
                  type="button"
                  role="radio"
                  aria-checked={draft.kind === kind}
                  onClick={() => set("kind", kind)}
                  className={`rounded-md px-3 py-1 outline-none focus-visible:ring-2 focus-visible:ring-emerald-500/40 ${draft.kind === kind ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-50"}`}
                >
                  {kind === "standard" ? "Standard" : "Carousel (2–10 cards)"}
                </button>
              ))}
            </div>
          </Section>

          {!carousel ? (
            <Section
              title="Header"
              hint="Optional: a short title, or an image, video or document above the text."
            >
              <SelectField
                label="Header type"
                path="header.type"
                value={draft.headerType}
                onChange={(v) => setDraft((d) => ({ ...d, headerType: v as HeaderType, headerExample: "" }))}
                error={errors["header.type"]}
                options={[
                  { value: "none", label: "None" },
                  { value: "text", label: "Text" },
                  { value: "image", label: "Image" },
                  { value: "video", label: "Video" },
                  { value: "document", label: "Document" },
                ]}
              />
              {draft.headerType === "text" ? (
                <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2">
                  <TextField
                    label="Header text"
                    path="header.text"
                    value={draft.headerText}
                    onChange={(v) => set("headerText", v)}
                    error={errors["header.text"]}
                    counter={LIMITS.headerText}
                    hint="May contain one variable, {{1}}"
                  />
                  {placeholderNumbers(draft.headerText).length > 0 ? (
                    <TextField
                      label="Sample for {{1}}"
                      path="header.example"
                      value={draft.headerExample}
                      onChange={(v) => set("headerExample", v)}
                      error={errors["header.example"]}
                    />
                  ) : null}
                </div>
              ) : draft.headerType !== "none" ? (
                <div className="mt-3">
                  <TextField
                    label={`Sample ${draft.headerType} URL`}
                    path="header.example"
                    value={draft.headerExample}
                    onChange={(v) => set("headerExample", v)}
                    error={errors["header.example"]}
                    hint="Meta reviews the template with this file; each send gives its own URL."
                    placeholder="https://"
                    type="url"
                  />
                  <HeaderMediaUpload
                    kind={draft.headerType}
                    label={`a sample ${draft.headerType}`}
                    onUploaded={setHeaderExample}
                  />
                </div>
              ) : null}
            </Section>
          ) : null}

          <Section title={carousel ? "Message above the cards" : "Body"}>
            <TextWithVariables
              label="Body text"
              path="body"
              text={draft.body}
              examples={draft.bodyExamples}
              onText={(v) => set("body", v)}
              onExamples={(v) => set("bodyExamples", v)}
              errors={errors}
              max={LIMITS.body}
            />
          </Section>

          {!carousel ? (
            <>
              <Section title="Footer" hint="Optional small print, no variables.">
                <TextField
                  label="Footer text"
                  path="footer"
                  value={draft.footer}
                  onChange={(v) => set("footer", v)}
                  error={errors.footer}
                  counter={LIMITS.footer}
                />
              </Section>
              <Section
                title="Buttons"
                hint="Optional: up to 10 — at most 2 links, 1 phone number and 1 copy code."
              >
                <ButtonsEditor
                  path="buttons"
                  buttons={draft.buttons}
                  onChange={(b) => set("buttons", b)}
                  errors={errors}
                  allowCopyCode
                />
              </Section>
            </>
          ) : (
            <CarouselEditor draft={draft} setDraft={setDraft} errors={errors} />
          )}

          {serverError ? (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              {serverError.message}
            </p>
          ) : submitted && Object.keys(errors).length > 0 ? (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              Fix the{" "}
              {Object.keys(errors).length === 1 ? "problem" : `${Object.keys(errors).length} problems`} marked
              above before submitting.
            </p>
          ) : null}
          <div className="flex items-center justify-end gap-3 pb-4">
            <Link
              href="/templates"
              className="rounded-lg px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100"
            >
              Cancel
            </Link>
            <button
              type="submit"
              disabled={create.isPending}
              className="rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white outline-none hover:bg-emerald-700 focus-visible:ring-2 focus-visible:ring-emerald-500/40 disabled:opacity-50"
            >
              {create.isPending ? "Submitting…" : "Submit for review"}
            </button>
          </div>
        </form>
        <aside
          className="hidden min-h-0 overflow-y-auto border-l border-slate-200 bg-slate-50 p-5 lg:block"
          aria-label="Preview"
        >
          <p className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Preview with the samples
          </p>
          {draft.body.trim() || (carousel && draft.cards.some((c) => c.body.trim())) ? (
            <TemplatePreview components={previewComponents} values={sampleValues(draft)} />
          ) : (
            <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">
              Write the body to see the preview here.
            </p>
          )}
        </aside>
      </div>
    </main>
  );
}

function Created({ template, onAnother }: { template: TemplateDto; onAnother(): void }) {
  // Review has no webhook: the library's sync (and the scheduler's quicker rounds for new templates) brings the outcome.
  const list = useQuery({
    ...templateListOptions({ q: template.name }),
    refetchInterval: (q) =>
      q.state.data?.templates.find((t) => t.id === template.id)?.status === "PENDING" ? 3_000 : false,
  });
  const sync = useSyncTemplates();
  const current = list.data?.templates.find((t) => t.id === template.id) ?? template;
  return (
    <main className="h-full overflow-y-auto p-4 md:p-6">
      <div
        className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-6"
        data-testid="template-created"
      >
        <div className="flex items-center gap-2">
          <h1 className="flex-1 text-lg font-semibold text-slate-900">
            {current.status === "PENDING"
              ? "Submitted for review"
              : current.status === "APPROVED"
                ? "Template approved"
                : "Template not approved"}
          </h1>
          <TemplateStatusBadge template={current} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          <span className="font-mono">{current.name}</span> ({current.language}){" "}
          {current.status === "PENDING"
            ? "is with Meta. This page updates by itself when the review is done."
            : current.status === "APPROVED"
              ? "was approved and can be sent now."
              : "was not approved."}
        </p>
        {current.status === "REJECTED" ? <RejectionReason reason={current.rejectionReason} /> : null}
        {current.status === "PENDING" ? (
          <button
            type="button"
            onClick={() => sync.mutate()}
            disabled={sync.isPending}
            className="mt-3 inline-flex items-center gap-1.5 rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60"
          >
            <RetryIcon className={sync.isPending ? "animate-spin" : ""} /> Check now
          </button>
        ) : null}
        <TemplatePreview
          components={current.components}
          values={exampleValues(current.components)}
          className="mt-4"
        />
        <div className="mt-4 flex gap-3">
          <Link
            href="/templates"
            className="rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white hover:bg-emerald-700"
          >
            Back to templates
          </Link>
          <button
            type="button"
            onClick={onAnother}
            className="rounded-lg px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100"
          >
            Create another
          </button>
        </div>
      </div>
    </main>
  );
}

/** Why Meta said no, and what to change, where the user is (not only in the library). */
function RejectionReason({ reason }: { reason: string | null }) {
  const why = explainRejection(reason);
  return (
    <div
      role="alert"
      data-testid="rejection-reason"
      className="mt-3 rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200"
    >
      <p className="font-medium">Why: {why.title}</p>
      <p className="mt-0.5 text-red-800">{why.detail}</p>
    </div>
  );
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
      {hint ? <p className="mb-3 text-xs text-slate-500">{hint}</p> : <div className="mb-3" />}
      {children}
    </section>
  );
}

const inputClass = (error: string | undefined, mono = false) =>
  `w-full rounded-md border px-2.5 py-1.5 text-sm outline-none focus:ring-2 ${mono ? "font-mono" : ""} ${
    error
      ? "border-red-400 focus:border-red-500 focus:ring-red-500/30"
      : "border-slate-300 focus:border-emerald-500 focus:ring-emerald-500/30"
  }`;

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={id} className="mt-1 text-xs text-red-700" data-testid="field-error">
      {error}
    </p>
  ) : null;
}

function TextField({
  label,
  path,
  value,
  onChange,
  error,
  hint,
  placeholder,
  counter,
  mono,
  type = "text",
}: {
  label: string;
  path: string;
  value: string;
  onChange(v: string): void;
  error: string | undefined;
  hint?: string;
  placeholder?: string;
  counter?: number;
  mono?: boolean;
  type?: string;
}) {
  const id = `f-${path}`;
  return (
    <div>
      <label htmlFor={id} className="mb-1 flex items-baseline text-sm font-medium text-slate-700">
        <span className="flex-1">{label}</span>
        {counter ? (
          <span
            className={`text-xs font-normal tabular-nums ${value.length > counter ? "text-red-700" : "text-slate-500"}`}
          >{`${value.length}/${counter}`}</span>
        ) : null}
      </label>
      <input
        id={id}
        data-path={path}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        className={inputClass(error, mono)}
      />
      {hint && !error ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

function SelectField({
  label,
  path,
  value,
  onChange,
  error,
  options,
}: {
  label: string;
  path: string;
  value: string;
  onChange(v: string): void;
  error: string | undefined;
  options: { value: string; label: string }[];
}) {
  const id = `f-${path}`;
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        id={id}
        data-path={path}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`${inputClass(error)} bg-white`}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/** Body text with an "Add variable" button and one sample input per {{n}} it contains. */
function TextWithVariables({
  label,
  path,
  text,
  examples,
  onText,
  onExamples,
  errors,
  max,
}: {
  label: string;
  path: string;
  text: string;
  examples: string[];
  onText(v: string): void;
  onExamples(v: string[]): void;
  errors: Record<string, string>;
  max: number;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = `f-${path}.text`;
  const numbers = placeholderNumbers(text);
  const error = errors[`${path}.text`];

  function addVariable() {
    const next = (numbers.at(-1) ?? 0) + 1;
    const el = ref.current;
    const at = el?.selectionStart ?? text.length;
    const token = `{{${next}}}`;
    onText(`${text.slice(0, at)}${token}${text.slice(el?.selectionEnd ?? at)}`);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  }

  return (
    <div>
      <label htmlFor={id} className="mb-1 flex items-baseline text-sm font-medium text-slate-700">
        <span className="flex-1">{label}</span>
        <span
          className={`text-xs font-normal tabular-nums ${text.length > max ? "text-red-700" : "text-slate-500"}`}
        >{`${text.length}/${max}`}</span>
      </label>
      <textarea
        ref={ref}
        id={id}
        data-path={`${path}.text`}
        value={text}
        onChange={(e) => onText(e.target.value)}
        rows={4}
        placeholder="Hi {{1}}, your order {{2}} is on its way."
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={inputClass(error)}
      />
      <FieldError id={`${id}-error`} error={error} />
      <button
        type="button"
        onClick={addVariable}
        className="mt-1 inline-flex items-center gap-1 text-xs font-medium text-emerald-700 hover:underline"
      >
        <PlusIcon className="h-3.5 w-3.5" /> Add variable {`{{${(numbers.at(-1) ?? 0) + 1}}}`}
      </button>
      {numbers.length > 0 ? (
        <div className="mt-3 grid grid-cols-1 gap-2 sm:grid-cols-2">
          {numbers.map((n) => (
            <TextField
              key={n}
              label={`Sample for {{${n}}}`}
              path={`${path}.examples.${n - 1}`}
              value={examples[n - 1] ?? ""}
              onChange={(v) => {
                const next = [...examples];
                while (next.length < n) next.push("");
                next[n - 1] = v;
                onExamples(next);
              }}
              error={errors[`${path}.examples.${n - 1}`]}
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}

function ButtonFields({
  path,
  button,
  onChange,
  errors,
}: {
  path: string;
  button: ButtonDraft;
  onChange(b: ButtonDraft): void;
  errors: Record<string, string>;
}) {
  const dynamic = button.url.trim().endsWith("{{1}}");
  return (
    <div className="grid flex-1 grid-cols-1 gap-2 sm:grid-cols-2">
      {button.type !== "copy_code" ? (
        <TextField
          label="Button text"
          path={`${path}.text`}
          value={button.text}
          onChange={(text) => onChange({ ...button, text })}
          error={errors[`${path}.text`]}
          counter={LIMITS.buttonText}
        />
      ) : null}
      {button.type === "url" ? (
        <>
          <TextField
            label="Link"
            path={`${path}.url`}
            value={button.url}
            onChange={(url) => onChange({ ...button, url })}
            error={errors[`${path}.url`]}
            placeholder="https://shop.example/track/{{1}}"
            hint="End it with {{1}} to add a different ending per message"
            type="url"
          />
          {dynamic ? (
            <TextField
              label="Sample ending for {{1}}"
              path={`${path}.example`}
              value={button.example}
              onChange={(example) => onChange({ ...button, example })}
              error={errors[`${path}.example`]}
              placeholder="A-1042"
            />
          ) : null}
        </>
      ) : null}
      {button.type === "phone_number" ? (
        <TextField
          label="Phone number"
          path={`${path}.phoneNumber`}
          value={button.phoneNumber}
          onChange={(phoneNumber) => onChange({ ...button, phoneNumber })}
          error={errors[`${path}.phoneNumber`]}
          placeholder="+14155550100"
          type="tel"
        />
      ) : null}
      {button.type === "copy_code" ? (
        <TextField
          label="Sample code"
          path={`${path}.example`}
          value={button.example}
          onChange={(example) => onChange({ ...button, example })}
          error={errors[`${path}.example`]}
          counter={LIMITS.copyCode}
          placeholder="SAVE10"
        />
      ) : null}
    </div>
  );
}

function ButtonsEditor({
  path,
  buttons,
  onChange,
  errors,
  allowCopyCode,
}: {
  path: string;
  buttons: ButtonDraft[];
  onChange(b: ButtonDraft[]): void;
  errors: Record<string, string>;
  allowCopyCode: boolean;
}) {
  const [type, setType] = useState<ButtonType>("quick_reply");
  return (
    <div className="space-y-3">
      {errors[path] ? (
        <p className="text-xs text-red-700" data-testid="field-error">
          {errors[path]}
        </p>
      ) : null}
      {buttons.map((button, i) => (
        <div key={i} className="flex items-start gap-3 rounded-lg border border-slate-200 p-3">
          <span className="mt-7 w-24 shrink-0 text-xs font-medium text-slate-500">
            {i + 1}. {BUTTON_LABELS[button.type]}
          </span>
          <ButtonFields
            path={`${path}.${i}`}
            button={button}
            onChange={(b) => onChange(buttons.map((x, j) => (j === i ? b : x)))}
            errors={errors}
          />
          <button
            type="button"
            onClick={() => onChange(buttons.filter((_, j) => j !== i))}
            aria-label={`Remove button ${i + 1}`}
            className="mt-6 rounded p-1.5 text-slate-500 hover:bg-red-50 hover:text-red-700"
          >
            <TrashIcon />
          </button>
        </div>
      ))}
      {buttons.length < LIMITS.buttons ? (
        <div className="flex items-center gap-2">
          <label htmlFor={`${path}-new-type`} className="sr-only">
            Kind of button to add
          </label>
          <select
            id={`${path}-new-type`}
            value={type}
            onChange={(e) => setType(e.target.value as ButtonType)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm outline-none focus:ring-2 focus:ring-emerald-500/30"
          >
            {(Object.keys(BUTTON_LABELS) as ButtonType[])
              .filter((t) => allowCopyCode || t !== "copy_code")
              .map((t) => (
                <option key={t} value={t}>
                  {BUTTON_LABELS[t]}
                </option>
              ))}
          </select>
          <button
            type="button"
            onClick={() => onChange([...buttons, newButton(type)])}
            className="inline-flex items-center gap-1 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50"
          >
            <PlusIcon /> Add button
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** Cards share one media type and one button layout (Meta's rule), so those are edited once for all cards. */
function CarouselEditor({
  draft,
  setDraft,
  errors,
}: {
  draft: Draft;
  setDraft(update: (d: Draft) => Draft): void;
  errors: Record<string, string>;
}) {
  const layout = draft.cards[0]?.buttons ?? [];
  const [type, setType] = useState<ButtonType>("url");
  const setCard = (i: number, card: CardDraft) =>
    setDraft((d) => ({ ...d, cards: d.cards.map((c, j) => (j === i ? card : c)) }));
  return (
    <Section
      title="Cards"
      hint="2 to 10 cards. Every card has the same media type and the same buttons; the texts and links differ per card."
    >
      {errors["carousel.cards"] ? (
        <p className="mb-2 text-xs text-red-700" data-testid="field-error">
          {errors["carousel.cards"]}
        </p>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <SelectField
          label="Media on every card"
          path="carousel.media"
          value={draft.cardMedia}
          onChange={(v) => setDraft((d) => ({ ...d, cardMedia: v as "image" | "video" }))}
          error={undefined}
          options={[
            { value: "image", label: "Image" },
            { value: "video", label: "Video" },
          ]}
        />
        <div className="text-sm">
          <p className="mb-1 font-medium text-slate-700">Buttons on every card</p>
          <div className="flex flex-wrap items-center gap-2">
            {layout.map((b, i) => (
              <span
                key={i}
                className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-2 text-xs text-slate-700"
              >
                {BUTTON_LABELS[b.type]}
                <button
                  type="button"
                  aria-label={`Remove ${BUTTON_LABELS[b.type]} button from every card`}
                  onClick={() =>
                    setDraft((d) => ({
                      ...d,
                      cards: d.cards.map((c) => ({ ...c, buttons: c.buttons.filter((_, j) => j !== i) })),
                    }))
                  }
                  className="rounded-full p-0.5 hover:bg-slate-200"
                >
                  <TrashIcon className="h-3 w-3" />
                </button>
              </span>
            ))}
            {layout.length < LIMITS.cardButtons ? (
              <>
                <label htmlFor="card-button-type" className="sr-only">
                  Kind of button to add to every card
                </label>
                <select
                  id="card-button-type"
                  value={type}
                  onChange={(e) => setType(e.target.value as ButtonType)}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs outline-none"
                >
                  {(["url", "quick_reply", "phone_number"] as const).map((t) => (
                    <option key={t} value={t}>
                      {BUTTON_LABELS[t]}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  onClick={() =>
                    setDraft((d) => ({
                      ...d,
                      cards: d.cards.map((c) => ({ ...c, buttons: [...c.buttons, newButton(type)] })),
                    }))
                  }
                  className="inline-flex items-center gap-1 rounded-md border border-slate-300 px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
                >
                  <PlusIcon className="h-3.5 w-3.5" /> Add
                </button>
              </>
            ) : null}
          </div>
        </div>
      </div>
      <div className="mt-4 space-y-4">
        {draft.cards.map((card, i) => {
          const path = `carousel.cards.${i}`;
          return (
            <div key={i} className="rounded-lg border border-slate-200 p-3">
              <div className="mb-2 flex items-center">
                <h3 className="flex-1 text-sm font-semibold text-slate-800">Card {i + 1}</h3>
                {draft.cards.length > LIMITS.cardsMin ? (
                  <button
                    type="button"
                    onClick={() => setDraft((d) => ({ ...d, cards: d.cards.filter((_, j) => j !== i) }))}
                    className="inline-flex items-center gap-1 text-xs text-slate-500 hover:text-red-700"
                  >
                    <TrashIcon className="h-3.5 w-3.5" /> Remove card
                  </button>
                ) : null}
              </div>
              <div className="space-y-3">
                <TextField
                  label={`Sample ${draft.cardMedia} URL`}
                  path={`${path}.header.example`}
                  value={card.headerExample}
                  onChange={(headerExample) => setCard(i, { ...card, headerExample })}
                  error={errors[`${path}.header.example`] ?? errors[`${path}.header.type`]}
                  placeholder="https://"
                  type="url"
                />
                <HeaderMediaUpload
                  kind={draft.cardMedia}
                  label={`card ${i + 1}'s ${draft.cardMedia}`}
                  onUploaded={(headerExample) =>
                    setDraft((d) => ({
                      ...d,
                      cards: d.cards.map((c, j) => (j === i ? { ...c, headerExample } : c)),
                    }))
                  }
                />
                <TextWithVariables
                  label="Card text"
                  path={`${path}.body`}
                  text={card.body}
                  examples={card.examples}
                  onText={(body) => setCard(i, { ...card, body })}
                  onExamples={(examples) => setCard(i, { ...card, examples })}
                  errors={errors}
                  max={LIMITS.cardBody}
                />
                {errors[`${path}.buttons`] ? (
                  <p className="text-xs text-red-700" data-testid="field-error">
                    {errors[`${path}.buttons`]}
                  </p>
                ) : null}
                {card.buttons.map((button, j) => (
                  <div key={j} className="flex items-start gap-3 rounded-md bg-slate-50 p-2">
                    <span className="mt-7 w-20 shrink-0 text-xs font-medium text-slate-500">
                      {BUTTON_LABELS[button.type]}
                    </span>
                    <ButtonFields
                      path={`${path}.buttons.${j}`}
                      button={button}
                      onChange={(b) =>
                        setCard(i, { ...card, buttons: card.buttons.map((x, k) => (k === j ? b : x)) })
                      }
                      errors={errors}
                    />
                  </div>
                ))}
              </div>
            </div>
          );
        })}
      </div>
      {draft.cards.length < LIMITS.cardsMax ? (
        <button
          type="button"
          onClick={() => setDraft((d) => ({ ...d, cards: [...d.cards, newCard(d.cards[0]?.buttons)] }))}
          className="mt-3 inline-flex items-center gap-1 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50"
        >
          <PlusIcon /> Add card
        </button>
      ) : null}
    </Section>
  );
}
