"use client";

import { useCallback } from "react";
import { useFormContext, useFormState, useWatch } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { placeholderNumbers } from "@/lib/connectly/template-components";
import { LIMITS } from "@/lib/templates/schemas";
import type { TemplateDraft } from "@/lib/templates/template-draft";
import { HeaderMediaUpload } from "./header-media-upload";
import { CountedLabel, errorAt, Section } from "./template-form-parts";

const HEADER_OPTIONS = [
  { value: "none", label: "None" },
  { value: "text", label: "Text" },
  { value: "image", label: "Image" },
  { value: "video", label: "Video" },
  { value: "document", label: "Document" },
] as const;

/** A standard template's header: none, a short text with at most one variable, or a media sample. */
export function TemplateHeaderEditor() {
  const { register, setValue } = useFormContext<TemplateDraft>();
  const { errors, isSubmitted } = useFormState<TemplateDraft>();
  const [type, text] = useWatch<TemplateDraft, ["header.type", "header.text"]>({
    name: ["header.type", "header.text"],
  });
  const setExample = useCallback(
    (url: string) => setValue("header.example", url, { shouldDirty: true, shouldValidate: isSubmitted }),
    [setValue, isSubmitted],
  );

  return (
    <Section title="Header" hint="Optional: a short title, or an image, video or document above the text.">
      <Field label="Header type" error={errorAt(errors, "header.type")}>
        {/* A sample belongs to one kind of header: a new kind starts without one. */}
        <Select {...register("header.type", { onChange: () => setValue("header.example", "") })}>
          {HEADER_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </Field>
      {type === "text" ? (
        <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Field
            label={<CountedLabel label="Header text" length={text.length} max={LIMITS.headerText} />}
            hint="May contain one variable, {{1}}"
            error={errorAt(errors, "header.text")}
          >
            <Input {...register("header.text")} />
          </Field>
          {placeholderNumbers(text).length > 0 ? (
            <Field label="Sample for {{1}}" error={errorAt(errors, "header.example")}>
              <Input {...register("header.example")} />
            </Field>
          ) : null}
        </div>
      ) : type !== "none" ? (
        <div className="mt-3">
          <Field
            label={`Sample ${type} URL`}
            hint="Meta reviews the template with this file; each send gives its own URL."
            error={errorAt(errors, "header.example")}
          >
            <Input type="url" placeholder="https://" {...register("header.example")} />
          </Field>
          <HeaderMediaUpload kind={type} label={`a sample ${type}`} onUploaded={setExample} />
        </div>
      ) : null}
    </Section>
  );
}
