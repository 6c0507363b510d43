"use client";

import { formatDate, formatDateTime, formatRelative } from "@/lib/format/date-time";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { PlusIcon, RetryIcon, SendIcon } from "@/components/ui/icons";
import { BareButton } from "@/components/ui/bare-button";
import { Select } from "@/components/ui/input";
import { SearchInput } from "@/components/ui/search-input";
import { ApiError } from "@/lib/api-client/fetch";
import { exampleValues } from "@/lib/templates/build-form";
import { useSyncTemplates } from "@/lib/templates/hooks/use-sync-templates";
import { CATEGORY_LABELS, explainRejection, TEMPLATE_CATEGORIES } from "@/lib/templates/normalize";
import { templateListOptions, type TemplateListFilter } from "@/lib/templates/queries";
import type { TemplateDto, TemplateSyncStatusDto } from "@/lib/templates/read-models";
import { RecipientStep, type ResolvedRecipient } from "./recipient-step";
import { TemplatePreview } from "./template-preview";
import { TemplateSendDialog, TemplateSendDialogBase } from "./template-send-dialog";
import { categoryLabel, TemplateStatusBadge, unavailableReason } from "./template-status-badge";
import type { TemplateChoice } from "./template-picker";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";

const STATUS_OPTIONS = [
  { value: "", label: "Any status" },
  { value: "APPROVED", label: "Approved" },
  { value: "PENDING", label: "In review" },
  { value: "REJECTED", label: "Rejected" },
  { value: "UNKNOWN", label: "Other" },
];

type SendState =
  | { step: "closed" }
  | { step: "recipient"; template?: TemplateChoice }
  | { step: "compose"; recipient: ResolvedRecipient; template?: TemplateChoice };

export function TemplateLibrary({ canManage, canSend }: { canManage: boolean; canSend: boolean }) {
  const [filter, setFilter] = useState<TemplateListFilter>({});
  const [q, setQ] = useState("");
  const deferredQ = useDeferredValue(q.trim());
  const query = { ...filter, ...(deferredQ ? { q: deferredQ } : {}) };
  const list = useQuery({
    ...templateListOptions(query),
    placeholderData: keepPreviousData,
    // A sync in progress or a template in review: refresh often until the outcome is in.
    refetchInterval: (q) => {
      const data = q.state.data;
      return data?.sync.running || data?.templates.some((t) => t.status === "PENDING" && !t.removedAt)
        ? 3_000
        : 60_000;
    },
  });
  const sync = useSyncTemplates();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [send, setSend] = useState<SendState>({ step: "closed" });
  const [notice, setNotice] = useState<{ text: string; href?: string } | null>(null);

  const templates = list.data?.templates ?? [];
  const syncStatus = list.data?.sync;
  const running = sync.isPending || Boolean(syncStatus?.running);

  const selected = templates.find((t) => t.id === selectedId) ?? templates[0] ?? null;
  const filtered = Boolean(filter.status || filter.category || filter.language || deferredQ);

  function runSync() {
    setNotice(null);
    sync.mutate(undefined, {
      onSuccess: (result) => {
        if (result.outcome === "skipped")
          setNotice({ text: "A sync was already running; the list refreshes when it finishes." });
        else {
          const { created, updated, removed } = result.run;
          setNotice({ text: `Synced: ${created} new, ${updated} changed, ${removed} removed.` });
        }
      },
    });
  }

  return (
    <main className="flex h-full min-h-0 flex-col overflow-y-auto lg:overflow-hidden">
      <header className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-4 md:px-6">
        <div className="min-w-48 flex-1">
          <h1 className="text-xl font-semibold text-slate-900">Templates</h1>
          <SyncLine status={syncStatus} running={running} />
        </div>
        {canManage ? (
          <Button onClick={runSync} disabled={running}>
            <RetryIcon className={running ? "animate-spin" : ""} />
            {running ? "Syncing…" : "Sync now"}
          </Button>
        ) : null}
        {canSend ? (
          <Button onClick={() => setSend({ step: "recipient" })}>
            <SendIcon />
            Send template
          </Button>
        ) : null}
        {canManage ? (
          <Link
            href="/templates/new"
            className="inline-flex items-center gap-1.5 rounded-lg bg-emerald-600 px-3 py-2 text-sm font-semibold text-white outline-none hover:bg-emerald-700 focus-visible:ring-2 focus-visible:ring-emerald-500/40"
          >
            <PlusIcon />
            New template
          </Link>
        ) : null}
      </header>

      {sync.isError ? (
        <p role="alert" className="mx-6 mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {sync.error instanceof ApiError ? sync.error.message : "The sync failed."}
        </p>
      ) : notice ? (
        <p
          role="status"
          className="mx-6 mt-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
          data-testid="library-notice"
        >
          {notice.text}{" "}
          {notice.href ? (
            <Link href={notice.href} className="font-medium underline">
              Open the conversation
            </Link>
          ) : null}
        </p>
      ) : null}

      <div className="flex flex-wrap items-center gap-2 px-4 pt-4 md:px-6">
        <SearchInput
          value={q}
          onChange={setQ}
          label="Search templates"
          placeholder="Search by name or text"
          className="w-60"
        />
        <FilterSelect
          label="Status"
          value={filter.status ?? ""}
          onChange={(status) => setFilter((f) => ({ ...f, status }))}
          options={STATUS_OPTIONS}
        />
        <FilterSelect
          label="Category"
          value={filter.category ?? ""}
          onChange={(category) => setFilter((f) => ({ ...f, category }))}
          options={[
            { value: "", label: "Any category" },
            ...TEMPLATE_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] })),
          ]}
        />
        <FilterSelect
          label="Language"
          value={filter.language ?? ""}
          onChange={(language) => setFilter((f) => ({ ...f, language }))}
          options={[
            { value: "", label: "Any language" },
            ...(list.data?.languages ?? []).map((l) => ({ value: l, label: l })),
          ]}
        />
        {filtered ? (
          <Button
            variant="ghost"
            onClick={() => {
              setFilter({});
              setQ("");
            }}
          >
            Clear filters
          </Button>
        ) : null}
        <span className="ml-auto text-xs text-slate-500" aria-live="polite">
          {list.data ? `${templates.length} template${templates.length === 1 ? "" : "s"}` : ""}
        </span>
      </div>

      <div className="grid min-h-0 flex-1 grid-cols-1 gap-4 p-4 pt-3 md:p-6 md:pt-3 lg:grid-cols-[minmax(0,1fr)_22rem] lg:overflow-hidden">
        <section
          aria-label="Template list"
          className="min-h-0 overflow-auto rounded-xl border border-slate-200 bg-white"
        >
          {list.isPending ? (
            <TableSkeleton />
          ) : list.isError ? (
            <ErrorNote className="m-4" what="templates" error={list.error} />
          ) : templates.length === 0 ? (
            <EmptyLibrary filtered={filtered} canManage={canManage} onSync={runSync} running={running} />
          ) : (
            <table className="w-full border-separate border-spacing-0 text-sm">
              <thead className="sticky top-0 z-10 bg-slate-50 text-left text-xs tracking-wide text-slate-500 uppercase">
                <tr>
                  <th className="border-b border-slate-200 px-4 py-2 font-medium">Name</th>
                  <th className="border-b border-slate-200 px-3 py-2 font-medium">Language</th>
                  <th className="border-b border-slate-200 px-3 py-2 font-medium">Category</th>
                  <th className="border-b border-slate-200 px-3 py-2 font-medium">Status</th>
                  <th className="border-b border-slate-200 px-3 py-2 font-medium">Updated</th>
                  {canSend ? (
                    <th className="border-b border-slate-200 px-3 py-2" aria-label="Actions" />
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {templates.map((t) => (
                  <Row
                    key={t.id}
                    template={t}
                    active={selected?.id === t.id}
                    onSelect={() => setSelectedId(t.id)}
                    onSend={
                      canSend
                        ? () =>
                            setSend({ step: "recipient", template: { name: t.name, language: t.language } })
                        : undefined
                    }
                  />
                ))}
              </tbody>
            </table>
          )}
        </section>
        <aside aria-label="Template details" className="hidden min-h-0 overflow-y-auto lg:block">
          {selected ? <Details template={selected} /> : null}
        </aside>
      </div>

      {send.step === "recipient" ? (
        <RecipientStep
          onClose={() => setSend({ step: "closed" })}
          onResolved={(recipient) => setSend({ step: "compose", recipient, template: send.template })}
        />
      ) : null}
      {send.step === "compose" ? (
        send.recipient.kind === "conversation" ? (
          <TemplateSendDialog
            open
            conversationId={send.recipient.conversationId}
            initialTemplate={send.template}
            onClose={() => setSend({ step: "closed" })}
            onSent={() =>
              setNotice({
                text: `Template sent to ${send.recipient.label}.`,
                href: `/inbox?c=${(send.recipient as { conversationId: string }).conversationId}`,
              })
            }
          />
        ) : (
          <TemplateSendDialogBase
            open
            recipient={{ to: send.recipient.to }}
            recipientLabel={send.recipient.label}
            initialTemplate={send.template}
            onClose={() => setSend({ step: "closed" })}
            onSent={(_, conversationId) =>
              setNotice({
                text: `Template sent to ${send.recipient.label.replace(" (new conversation)", "")}.`,
                href: `/inbox?c=${conversationId}`,
              })
            }
          />
        )
      ) : null}
    </main>
  );
}

function SyncLine({ status, running }: { status: TemplateSyncStatusDto | undefined; running: boolean }) {
  if (running) {
    return (
      <p className="mt-0.5 flex items-center gap-1.5 text-sm text-slate-600" data-testid="sync-status">
        <span className="h-2 w-2 animate-pulse rounded-full bg-emerald-500" /> Syncing with Connectly…
      </p>
    );
  }
  const last = status?.lastRun;
  return (
    <p className="mt-0.5 text-sm text-slate-500" data-testid="sync-status">
      {last?.outcome === "FAILED" ? (
        <span className="text-red-700">Last sync failed: {last.error ?? "unknown error"}. </span>
      ) : null}
      {status?.lastSucceededAt ? (
        <>
          Last synced <time dateTime={status.lastSucceededAt}>{relativeTime(status.lastSucceededAt)}</time>
        </>
      ) : (
        "Not synced yet"
      )}
      {" · "}Approved templates can be sent at any time, even after the 24-hour window.
    </p>
  );
}

function relativeTime(iso: string): string {
  return Date.now() - Date.parse(iso) < 86_400_000 ? formatRelative(iso) : formatDateTime(iso);
}

function FilterSelect({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string | undefined) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <Select compact value={value} onChange={(e) => onChange(e.target.value || undefined)} aria-label={label}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </Select>
  );
}

function Row({
  template,
  active,
  onSelect,
  onSend,
}: {
  template: TemplateDto;
  active: boolean;
  onSelect(): void;
  onSend?: () => void;
}) {
  const blocked = unavailableReason(template);
  return (
    <tr
      className={`cursor-pointer align-middle ${active ? "bg-emerald-50/60" : "hover:bg-slate-50"}`}
      onClick={onSelect}
      data-testid="template-row"
      data-name={template.name}
      data-language={template.language}
    >
      <td className="border-b border-slate-100 px-4 py-2.5">
        <BareButton
          onClick={onSelect}
          className="rounded text-left font-mono text-sm font-medium text-slate-900 hover:underline focus-visible:underline"
        >
          {template.name}
        </BareButton>
        {template.status === "REJECTED" && !template.removedAt ? (
          <p
            className="mt-0.5 text-xs text-red-700"
            data-testid="rejection-reason"
            title={explainRejection(template.rejectionReason).detail}
          >
            Why: {explainRejection(template.rejectionReason).title.toLowerCase()}
          </p>
        ) : null}
      </td>
      <td className="border-b border-slate-100 px-3 py-2.5 font-mono text-xs text-slate-600">
        {template.language}
      </td>
      <td className="border-b border-slate-100 px-3 py-2.5 text-slate-600">{categoryLabel(template)}</td>
      <td className="border-b border-slate-100 px-3 py-2.5">
        <TemplateStatusBadge template={template} />
      </td>
      <td className="border-b border-slate-100 px-3 py-2.5 text-xs whitespace-nowrap text-slate-500">
        {template.upstreamUpdatedAt ? formatDate(template.upstreamUpdatedAt) : "—"}
      </td>
      {onSend ? (
        <td className="border-b border-slate-100 px-3 py-2 text-right">
          <Button
            variant="ghost"
            size="sm"
            disabled={Boolean(blocked)}
            title={blocked ?? `Send ${template.name}`}
            aria-label={`Send ${template.name} (${template.language})`}
            onClick={(e) => {
              e.stopPropagation();
              onSend();
            }}
          >
            Send
          </Button>
        </td>
      ) : null}
    </tr>
  );
}

function Details({ template }: { template: TemplateDto }) {
  const rejection = template.status === "REJECTED" ? explainRejection(template.rejectionReason) : null;
  return (
    <div className="space-y-3">
      <div className="rounded-xl border border-slate-200 bg-white p-4">
        <div className="flex items-center gap-2">
          <h2 className="min-w-0 flex-1 truncate font-mono text-sm font-semibold text-slate-900">
            {template.name}
          </h2>
          <TemplateStatusBadge template={template} />
        </div>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
          <dt className="text-slate-500">Language</dt>
          <dd className="font-mono text-slate-700">{template.language}</dd>
          <dt className="text-slate-500">Category</dt>
          <dd className="text-slate-700">{categoryLabel(template)}</dd>
          <dt className="text-slate-500">Variables</dt>
          <dd className="font-mono break-words text-slate-700" data-testid="template-variables">
            {template.variables.length ? template.variables.join(", ") : "none"}
            {template.variablesDerivable ? null : (
              <span className="mt-0.5 block font-sans text-xs text-amber-700">
                Not all variables can be read from this template: parameters are entered by hand when sending.
              </span>
            )}
          </dd>
        </dl>
        {rejection ? (
          <div className="mt-3 rounded-md bg-red-50 px-3 py-2 text-xs text-red-800">
            <p className="font-semibold">Why it was rejected: {rejection.title}</p>
            <p className="mt-0.5">{rejection.detail}</p>
            <p className="mt-1 font-mono text-[11px] text-red-600">{rejection.code}</p>
          </div>
        ) : null}
        {template.status === "PENDING" ? (
          <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">
            Meta is reviewing this template (usually minutes, at most a day). The status updates by itself.
          </p>
        ) : null}
        {template.removedAt ? (
          <p className="mt-3 rounded-md bg-slate-100 px-3 py-2 text-xs text-slate-700">
            No longer returned by Connectly; kept for the messages that used it.
          </p>
        ) : null}
      </div>
      <TemplatePreview components={template.components} values={exampleValues(template.components)} />
      <p className="px-1 text-xs text-slate-500">Shown with the samples given to Meta for review.</p>
    </div>
  );
}

function TableSkeleton() {
  return (
    <div className="space-y-2 p-4" role="status" aria-label="Loading templates">
      {[0, 1, 2, 3, 4, 5].map((i) => (
        <div key={i} className="h-9 animate-pulse rounded bg-slate-100" />
      ))}
    </div>
  );
}

function EmptyLibrary({
  filtered,
  canManage,
  onSync,
  running,
}: {
  filtered: boolean;
  canManage: boolean;
  onSync(): void;
  running: boolean;
}) {
  return (
    <div
      className="flex flex-col items-center justify-center gap-2 px-6 py-16 text-center"
      data-testid="templates-empty"
    >
      <p className="text-base font-medium text-slate-700">
        {filtered ? "No templates match these filters" : "No templates yet"}
      </p>
      <p className="max-w-sm text-sm text-slate-500">
        {filtered
          ? "Try another status, category or language, or clear the search."
          : "Sync to load the templates approved for your WhatsApp number in Connectly, or create a new one for Meta to review."}
      </p>
      {!filtered && canManage ? (
        <Button onClick={onSync} disabled={running} variant="primary" className="mt-2">
          {running ? "Syncing…" : "Sync from Connectly"}
        </Button>
      ) : null}
    </div>
  );
}
