"use client";

import { Button } from "@/components/ui/button";
import { useState } from "react";
import { TemplatePicker } from "@/components/templates/template-picker";
import { TemplatePreview } from "@/components/templates/template-preview";
import { useCampaignActions } from "@/lib/campaigns/hooks/use-campaign-actions";
import type { CampaignDetailDto } from "@/lib/campaigns/read-models";
import type { TemplateDto } from "@/lib/templates/read-models";
import { cardClass } from "./ui";

/** Approved templates only (the picker disables the rest, with the reason); the choice is checked upstream. */
export function StepTemplate({ campaign, onDone }: { campaign: CampaignDetailDto; onDone: () => void }) {
  const { update } = useCampaignActions(campaign.id);
  const [previewed, setPreviewed] = useState<TemplateDto | null>(null);
  const selected =
    campaign.templateName && campaign.templateLanguage
      ? { name: campaign.templateName, language: campaign.templateLanguage }
      : null;

  const choose = (t: TemplateDto) => {
    if (t.name === campaign.templateName && t.language === campaign.templateLanguage) return onDone();
    update.mutate({ templateName: t.name, language: t.language }, { onSuccess: onDone });
  };
  const shown =
    previewed?.components ?? (campaign.templateComponents.length > 0 ? campaign.templateComponents : null);

  return (
    <div className="grid grid-cols-1 gap-5 lg:grid-cols-[1fr_22rem]">
      <section
        className={`${cardClass} flex max-h-[36rem] min-h-0 flex-col`}
        aria-labelledby="template-heading"
      >
        <h2 id="template-heading" className="font-medium text-slate-900">
          Template and language
        </h2>
        <p className="mt-1 mb-3 text-sm text-slate-600">
          Only templates Meta approved for the chosen language can be sent. Pick one to continue.
        </p>
        <TemplatePicker selected={selected} onSelect={choose} onPreview={setPreviewed} autoFocus />
        {update.isPending ? (
          <p className="mt-3 text-sm text-slate-500">Checking the template with Connectly…</p>
        ) : null}
        {update.isError ? (
          <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 text-sm text-red-700">
            {update.error.message}
          </p>
        ) : null}
      </section>
      <aside className={cardClass} aria-label="Template preview">
        <h3 className="text-sm font-medium text-slate-700">Preview</h3>
        {shown ? (
          <TemplatePreview components={shown} className="mt-3" />
        ) : (
          <p className="mt-3 text-sm text-slate-500">Hover or move through the list to preview a template.</p>
        )}
        {selected ? (
          <div className="mt-4 flex items-center justify-between gap-2 border-t border-slate-100 pt-4">
            <p className="text-sm text-slate-600">
              Chosen: <span className="font-medium text-slate-900">{selected.name}</span> ·{" "}
              {selected.language}
            </p>
            <Button onClick={onDone} variant="primary">
              Continue
            </Button>
          </div>
        ) : null}
      </aside>
    </div>
  );
}
