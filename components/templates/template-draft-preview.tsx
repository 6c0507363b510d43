"use client";

import { useMemo } from "react";
import { useWatch } from "react-hook-form";
import {
  hasPreview,
  previewComponents,
  sampleValues,
  type TemplateDraft,
} from "@/lib/templates/template-draft";
import { TemplatePreview } from "./template-preview";

/** The draft as WhatsApp would draw it, with the samples filled in; follows every keystroke, valid or not. */
export function TemplateDraftPreview() {
  const draft = useWatch<TemplateDraft>() as TemplateDraft;
  const preview = useMemo(
    () => (hasPreview(draft) ? { components: previewComponents(draft), values: sampleValues(draft) } : null),
    [draft],
  );
  return (
    <aside
      className="border-line bg-surface-muted hidden min-h-0 overflow-y-auto border-l p-5 lg:block"
      aria-label="Preview"
    >
      <p className="text-fg-muted mb-2 text-xs font-semibold tracking-wide uppercase">
        Preview with the samples
      </p>
      {preview ? (
        <TemplatePreview components={preview.components} values={preview.values} />
      ) : (
        <p className="border-line-strong text-fg-muted rounded-lg border border-dashed p-6 text-center text-sm">
          Write the body to see the preview here.
        </p>
      )}
    </aside>
  );
}
