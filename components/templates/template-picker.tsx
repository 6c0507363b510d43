"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { BareButton } from "@/components/ui/bare-button";
import { SearchInput } from "@/components/ui/search-input";
import type { TemplateDto } from "@/lib/templates/read-models";
import { matchesTemplateSearch, templateBodyText } from "@/lib/templates/match-template";
import { templateListOptions } from "@/lib/templates/queries";
import { categoryLabel, TemplateStatusBadge, unavailableReason } from "./template-status-badge";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";

// Choose a template to send: search, a language switch where translations exist, and only approved
// translations selectable (pending and rejected ones stay visible, disabled, with the reason). Shared by the
// inbox (closed window), the library's "Send template" and the campaign builder.

export type TemplateChoice = { name: string; language: string };

const PREFERRED_LANGUAGES = ["en_US", "en", "en_GB"];

type Group = { name: string; translations: TemplateDto[] };

function groupByName(templates: readonly TemplateDto[]): Group[] {
  const groups = new Map<string, TemplateDto[]>();
  for (const t of templates) groups.set(t.name, [...(groups.get(t.name) ?? []), t]);
  return [...groups.entries()].map(([name, translations]) => ({ name, translations }));
}

/** The translation shown first: an approved one in a preferred language, else any approved, else the first. */
function defaultTranslation(group: Group): TemplateDto {
  const approved = group.translations.filter((t) => !unavailableReason(t));
  for (const code of PREFERRED_LANGUAGES) {
    const hit = approved.find((t) => t.language === code);
    if (hit) return hit;
  }
  return approved[0] ?? group.translations[0]!;
}

function bodyText(template: TemplateDto): string {
  return templateBodyText(template.components);
}

export function TemplatePicker({
  selected,
  onSelect,
  onPreview,
  autoFocus = false,
}: {
  selected: TemplateChoice | null;
  onSelect: (template: TemplateDto) => void;
  /** The translation the pointer or keyboard is on, for a preview next to the list. */
  onPreview?: (template: TemplateDto) => void;
  autoFocus?: boolean;
}) {
  const list = useQuery(templateListOptions());
  const [q, setQ] = useState("");
  const [languageOf, setLanguageOf] = useState<Record<string, string>>(() =>
    selected ? { [selected.name]: selected.language } : {},
  );

  const groups = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const all = groupByName(list.data?.templates ?? []);
    if (!needle) return all;
    return all.filter((g) => g.translations.some((t) => matchesTemplateSearch(t, needle)));
  }, [list.data, q]);

  return (
    <div className="flex min-h-0 flex-col gap-3">
      <SearchInput
        value={q}
        onChange={setQ}
        autoFocus={autoFocus}
        label="Search templates"
        placeholder="Search by name or text"
      />
      {list.isPending ? (
        <ul className="space-y-2" aria-label="Loading templates">
          {[0, 1, 2, 3].map((i) => (
            <li key={i} className="h-16 animate-pulse rounded-lg bg-slate-100" />
          ))}
        </ul>
      ) : list.isError ? (
        <ErrorNote what="templates" error={list.error} />
      ) : groups.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">
          {q
            ? `No template matches “${q}”.`
            : "No templates yet. Sync them from Connectly on the Templates page."}
        </p>
      ) : (
        <ul className="min-h-0 flex-1 space-y-2 overflow-y-auto pr-1" aria-label="Templates">
          {groups.map((group) => {
            const current =
              group.translations.find((t) => t.language === languageOf[group.name]) ??
              defaultTranslation(group);
            const reason = unavailableReason(current);
            const isSelected = selected?.name === current.name && selected.language === current.language;
            return (
              <li
                key={group.name}
                onMouseEnter={() => onPreview?.(current)}
                onFocus={() => onPreview?.(current)}
                data-testid="template-option"
                data-name={group.name}
                className={`rounded-lg border p-3 ${isSelected ? "border-emerald-500 bg-emerald-50/50" : reason ? "border-slate-200 bg-slate-50" : "border-slate-200 bg-white"}`}
              >
                <div className="flex items-start gap-3">
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-mono text-sm font-medium text-slate-900">{group.name}</span>
                      <span className="text-xs text-slate-500">{categoryLabel(current)}</span>
                      <TemplateStatusBadge template={current} />
                    </div>
                    <p className="mt-1 line-clamp-2 text-xs text-slate-600">{bodyText(current)}</p>
                    {reason ? (
                      <p
                        className={`mt-1 text-xs font-medium ${current.status === "PENDING" ? "text-amber-700" : "text-red-700"}`}
                        data-testid="unavailable-reason"
                      >
                        {reason}
                      </p>
                    ) : null}
                  </div>
                  <Button
                    disabled={Boolean(reason)}
                    aria-label={`Use ${current.name} (${current.language})`}
                    title={reason ?? undefined}
                    onClick={() => onSelect(current)}
                    variant="primary"
                    size="sm"
                    className="shrink-0"
                  >
                    {isSelected ? "Selected" : "Use"}
                  </Button>
                </div>
                {group.translations.length > 1 ? (
                  <div
                    role="radiogroup"
                    aria-label={`Language of ${group.name}`}
                    className="mt-2 flex flex-wrap gap-1"
                  >
                    {group.translations.map((t) => {
                      const active = t.language === current.language;
                      const blocked = unavailableReason(t);
                      return (
                        <BareButton
                          key={t.language}
                          role="radio"
                          aria-checked={active}
                          title={blocked ?? undefined}
                          onClick={() => setLanguageOf((m) => ({ ...m, [group.name]: t.language }))}
                          className={`rounded-full px-2 py-0.5 font-mono text-[11px] ring-1 ${
                            active
                              ? "bg-slate-800 text-white ring-slate-800"
                              : "bg-white text-slate-600 ring-slate-200 hover:bg-slate-50"
                          } ${blocked ? "line-through decoration-red-400" : ""}`}
                        >
                          {t.language}
                        </BareButton>
                      );
                    })}
                  </div>
                ) : (
                  <p className="mt-2 font-mono text-[11px] text-slate-500">{current.language}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
