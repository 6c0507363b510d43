"use client";

import { RowCheckbox } from "@/components/ui/row-checkbox";
import { useRowSelection } from "@/components/ui/use-row-selection";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { LabelChip } from "@/components/labels/label-chip";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { SearchInput } from "@/components/ui/search-input";
import { useBulkContacts } from "@/lib/contacts/hooks/use-contact-actions";
import { labelsOptions } from "@/lib/labels/queries";
import type { CountryOption } from "@/lib/campaigns/phone";
import { contactListOptions, filterParams, type ContactListFilter } from "@/lib/contacts/queries";
import type { ContactListItemDto } from "@/lib/contacts/list-contacts";
import { ContactImportDialog } from "./contact-import-dialog";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

const ROW_HEIGHT = 64;

type OptOutFilter = "all" | "subscribed" | "opted-out";

export function ContactList({
  initialQuery,
  canManage,
  canBulk = false,
  countries,
}: {
  initialQuery: string;
  canManage: boolean;
  /** Selection checkboxes and bulk actions (label, opt out): the bulk route's permission (inbox:reply). */
  canBulk?: boolean;
  countries: CountryOption[];
}) {
  const pathname = usePathname();
  const [input, setInput] = useState(initialQuery);
  const [q, setQ] = useState(initialQuery);
  const [optOut, setOptOut] = useState<OptOutFilter>("all");
  const [importing, setImporting] = useState(false);
  // The search runs 250 ms after the last keystroke; the URL keeps it (back from a profile returns to it). The
  // history entry is replaced in place, never navigated: a row opened within those 250 ms must stay open.
  useEffect(() => {
    const t = setTimeout(() => {
      const next = input.trim();
      setQ(next);
      if (window.location.pathname !== pathname) return;
      window.history.replaceState(
        window.history.state,
        "",
        next ? `${pathname}?q=${encodeURIComponent(next)}` : pathname,
      );
    }, 250);
    return () => clearTimeout(t);
  }, [input, pathname]);

  const filter: ContactListFilter = {
    q: q || undefined,
    optedOut: optOut === "all" ? undefined : optOut === "opted-out",
  };
  const query = useInfiniteQuery(contactListOptions(filter));
  const contacts = query.data?.pages.flatMap((p) => p.contacts) ?? [];

  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual's API is what it is; the list re-renders on scroll by design
  const virtualizer = useVirtualizer({
    count: contacts.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (i) => contacts[i]?.id ?? i,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= contacts.length - 15) void fetchNextPage();
  }, [lastIndex, contacts.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Selection for bulk actions, as in the inbox list: a click toggles one row, Shift+click the range from the last click.
  const rows = useRowSelection(contacts.map((c) => c.id));
  const [notice, setNotice] = useState<string | null>(null);
  const selection = rows.selection;

  const filtered = Boolean(q) || optOut !== "all";
  return (
    <main className="flex h-full flex-col bg-slate-50">
      <div className="border-b border-slate-200 bg-white px-4 py-4 sm:px-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-xl font-semibold text-slate-900">Contacts</h1>
            <p className="mt-0.5 text-sm text-slate-600">
              Every customer: from the inbox, campaign imports and contact imports.
            </p>
          </div>
          {canManage ? (
            <div className="flex gap-2">
              <Button onClick={() => setImporting(true)}>Import CSV</Button>
              <Button asChild>
                <a href={`/api/contacts/export?${filterParams(filter)}`}>Export CSV</a>
              </Button>
            </div>
          ) : null}
        </div>
        <form
          role="search"
          aria-label="Search contacts"
          className="mt-3 flex flex-wrap gap-2"
          onSubmit={(e) => e.preventDefault()}
        >
          <SearchInput
            label="Search contacts"
            value={input}
            onChange={setInput}
            placeholder="Name, phone (any format), BSUID or field value"
            maxLength={120}
            className="flex-1 basis-64"
          />
          <label className="flex items-center gap-2 text-sm text-slate-600">
            <span className="sr-only sm:not-sr-only">Campaigns</span>
            <Select
              compact
              value={optOut}
              onChange={(e) => setOptOut(e.target.value as OptOutFilter)}
              className="py-2"
            >
              <option value="all">Everyone</option>
              <option value="subscribed">Subscribed</option>
              <option value="opted-out">Opted out</option>
            </Select>
          </label>
        </form>
        {canBulk && selection.length > 0 ? (
          <ContactBulkBar
            ids={selection}
            onDone={(message) => {
              rows.clear();
              setNotice(message);
            }}
          />
        ) : notice ? (
          <p
            role="status"
            className="mt-3 flex justify-between gap-2 text-sm text-emerald-800"
            data-testid="contact-bulk-notice"
          >
            {notice}
            <Button variant="inline" onClick={() => setNotice(null)}>
              Dismiss
            </Button>
          </p>
        ) : null}
      </div>

      <div className="hidden grid-cols-[minmax(0,1.2fr)_minmax(0,1fr)_minmax(0,1fr)_7rem] gap-3 border-b border-slate-200 bg-slate-50 px-6 py-2 text-xs font-medium tracking-wide text-slate-500 uppercase md:grid">
        <span>Name</span>
        <span>Phone</span>
        <span>BSUID</span>
        <span>Campaigns</span>
      </div>
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto" data-testid="contact-list">
        {query.isPending ? (
          <ul aria-label="Loading contacts" className="divide-y divide-slate-100">
            {Array.from({ length: 8 }, (_, i) => (
              <li key={i} className="h-16 animate-pulse bg-white px-6 py-3">
                <div className="h-3 w-40 rounded bg-slate-200" />
                <div className="mt-2 h-3 w-24 rounded bg-slate-100" />
              </li>
            ))}
          </ul>
        ) : query.isError ? (
          <ErrorNote plain className="p-6" what="contacts" error={query.error} onRetry={query.refetch} />
        ) : contacts.length === 0 ? (
          <EmptyState bare title={filtered ? "No contact matches" : "No contacts yet"}>
            {filtered
              ? "Try part of the name, the last digits of the number, or clear the filter."
              : "Contacts appear when customers write, when a campaign audience is imported, or from a CSV import."}
          </EmptyState>
        ) : (
          <ul aria-label="Contacts" className="relative" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const contact = contacts[item.index];
              if (!contact) return null;
              return (
                <li
                  key={item.key}
                  className="absolute top-0 left-0 w-full"
                  style={{ height: item.size, transform: `translateY(${item.start}px)` }}
                >
                  <div className="flex h-full">
                    {canBulk ? (
                      <RowCheckbox
                        label={`Select ${contact.name ?? contact.phone ?? contact.bsuid ?? "contact"}`}
                        checked={rows.isChecked(contact.id)}
                        onToggle={(shift) => rows.toggle(item.index, shift)}
                        testId="contact-check"
                        className="items-center bg-white pl-4 sm:pl-6"
                      />
                    ) : null}
                    <div className="h-full min-w-0 flex-1">
                      <ContactRow contact={contact} />
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {isFetchingNextPage ? <p className="p-3 text-center text-xs text-slate-500">Loading more…</p> : null}
      </div>
      {importing ? <ContactImportDialog onClose={() => setImporting(false)} countries={countries} /> : null}
    </main>
  );
}

function ContactRow({ contact: c }: { contact: ContactListItemDto }) {
  const title = c.name ?? c.phoneNational ?? c.phone ?? c.bsuid ?? "Unknown";
  return (
    <Link
      href={`/contacts/${c.id}`}
      data-testid="contact-row"
      className="grid h-full grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 border-b border-slate-100 bg-white px-4 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-inset sm:px-6 md:grid-cols-[minmax(0,1.2fr)_minmax(0,1fr)_minmax(0,1fr)_7rem]"
    >
      <span className="min-w-0">
        <span className="block truncate text-sm font-medium text-slate-900">{title}</span>
        {/* Mobile: the identity under the name (the desktop columns are hidden). */}
        <span className="block truncate text-xs text-slate-500 md:hidden">
          {[c.phone, c.bsuid].filter(Boolean).join(" · ")}
        </span>
        {c.labels.length > 0 ? (
          <span className="mt-0.5 flex min-w-0 gap-1 overflow-hidden" data-testid="contact-row-labels">
            {c.labels.slice(0, 4).map((l) => (
              <LabelChip key={l.id} name={l.name} color={l.color} size="xs" />
            ))}
            {c.labels.length > 4 ? (
              <span className="text-[10px] text-slate-500">+{c.labels.length - 4}</span>
            ) : null}
          </span>
        ) : null}
      </span>
      <span className="hidden min-w-0 md:block">
        {c.phone ? (
          <>
            <span className="block truncate text-sm text-slate-800 tabular-nums">{c.phone}</span>
            {c.phoneNational ? (
              <span className="block truncate text-xs text-slate-500 tabular-nums">{c.phoneNational}</span>
            ) : null}
          </>
        ) : (
          <span className="text-sm text-slate-500">—</span>
        )}
      </span>
      <span className="hidden min-w-0 truncate text-sm text-slate-600 md:block">
        {c.bsuid ?? <span className="text-slate-500">—</span>}
      </span>
      <span>
        {c.optedOut ? (
          <span className="inline-block rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800 ring-1 ring-red-200">
            Opted out
          </span>
        ) : (
          <span className="inline-block rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200">
            Subscribed
          </span>
        )}
      </span>
    </Link>
  );
}

/** What to do with the selected contacts: add or remove a label, or opt them out of campaigns with a reason. */
function ContactBulkBar({ ids, onDone }: { ids: string[]; onDone: (notice: string | null) => void }) {
  const bulk = useBulkContacts();
  const labels = useQuery(labelsOptions());
  const [error, setError] = useState<string | null>(null);
  const [optingOut, setOptingOut] = useState(false);
  const [reason, setReason] = useState("");
  function run(action: Parameters<typeof bulk.mutate>[0]["action"]) {
    setError(null);
    bulk.mutate(
      { contactIds: ids, action },
      {
        onSuccess: (r) =>
          onDone(`${r.changed} of ${r.requested} selected contact${r.requested === 1 ? "" : "s"} changed.`),
        onError: (e) => setError(e.message),
      },
    );
  }
  return (
    <div
      className="mt-3 space-y-2 rounded-lg bg-emerald-50 p-2 sm:px-3"
      data-testid="contact-bulk-bar"
      role="group"
      aria-label="Bulk actions"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium text-emerald-900" aria-live="polite">
          {ids.length} selected
        </span>
        <Select
          compact
          aria-label="Label selected contacts"
          value=""
          disabled={bulk.isPending}
          onChange={(e) => {
            const [op, id] = e.target.value.split(":");
            if (id) run({ type: op === "add" ? "addLabel" : "removeLabel", labelId: id });
          }}
        >
          <option value="">Label…</option>
          <optgroup label="Add label">
            {(labels.data ?? []).map((l) => (
              <option key={l.id} value={`add:${l.id}`}>
                + {l.name}
              </option>
            ))}
          </optgroup>
          <optgroup label="Remove label">
            {(labels.data ?? []).map((l) => (
              <option key={l.id} value={`remove:${l.id}`}>
                − {l.name}
              </option>
            ))}
          </optgroup>
        </Select>
        <Button
          variant="danger"
          onClick={() => setOptingOut((v) => !v)}
          aria-expanded={optingOut}
          disabled={bulk.isPending}
        >
          Opt out…
        </Button>
        <Button onClick={() => onDone(null)} variant="inline" className="ml-auto text-sm text-emerald-800">
          Clear
        </Button>
      </div>
      {optingOut ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            run({ type: "optOut", reason: reason.trim() || undefined });
          }}
        >
          <Field label="Reason (kept in each contact's opt-out history)" className="flex-1 basis-56">
            <Input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              placeholder="e.g. asked by phone not to get offers"
            />
          </Field>
          <Button type="submit" variant="danger-solid" disabled={bulk.isPending}>
            Opt out {ids.length} contact{ids.length === 1 ? "" : "s"}
          </Button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
