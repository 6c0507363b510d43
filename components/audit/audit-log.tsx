"use client";

import { ScrollRegion } from "@/components/ui/table";
import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { formatDateTime, formatRelative } from "@/lib/format/date-time";
import { AUDIT_ACTIONS, AUDIT_ACTION_NAMES, type AuditAction } from "@/lib/audit/actions";
import type { AuditEventDto } from "@/lib/audit/list-audit-events";
import { auditListOptions } from "@/lib/audit/queries";
import type { AuditFilters } from "@/lib/audit/schemas";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ErrorNote } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

type Actor = { id: string; name: string; email: string };

const TONE: Record<string, string> = {
  auth: "bg-sky-50 text-sky-800 ring-sky-200",
  user: "bg-violet-50 text-violet-800 ring-violet-200",
  invite: "bg-violet-50 text-violet-800 ring-violet-200",
  settings: "bg-amber-50 text-amber-900 ring-amber-200",
  campaign: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  template: "bg-emerald-50 text-emerald-800 ring-emerald-200",
};
const FAILURE_ACTIONS = new Set(["auth.sign_in_failed", "auth.sign_in_locked"]);
const failed = (e: AuditEventDto) => FAILURE_ACTIONS.has(e.action) || e.details?.ok === false;

export function AuditClient({ actors, initialFilters }: { actors: Actor[]; initialFilters: AuditFilters }) {
  const router = useRouter();
  const pathname = usePathname();
  const [filters, setFilters] = useState<AuditFilters>(initialFilters);
  const query = useInfiniteQuery(auditListOptions(filters));
  const events = query.data?.pages.flatMap((p) => p.events) ?? [];
  const active = Object.values(filters).some(Boolean);

  function update(next: Partial<AuditFilters>) {
    const merged = { ...filters, ...next };
    setFilters(merged);
    const params = new URLSearchParams(
      Object.entries(merged).filter((e): e is [string, string] => Boolean(e[1])),
    );
    router.replace(params.size ? `${pathname}?${params}` : pathname, { scroll: false });
  }

  return (
    <main className="h-full overflow-y-auto bg-slate-50 p-4 md:p-6">
      <div className="mx-auto max-w-6xl">
        <h1 className="text-xl font-semibold text-slate-900">Audit log</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Sign-ins, team and role changes, invites, settings changes and outbound actions (campaigns, template
          creation): who did it, when, to what, and from which address. The dashboard has no way to edit or
          delete entries.
        </p>

        <form
          role="search"
          aria-label="Filter the audit log"
          className="mt-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm"
          onSubmit={(e) => e.preventDefault()}
        >
          <FilterSelect
            label="Action"
            value={filters.action ?? ""}
            onChange={(v) => update({ action: (v || undefined) as AuditAction | undefined })}
          >
            <option value="">All actions</option>
            {AUDIT_ACTION_NAMES.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTIONS[a]}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect
            label="Actor"
            value={filters.actorId ?? ""}
            onChange={(v) => update({ actorId: v || undefined })}
          >
            <option value="">Anyone</option>
            {actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.email})
              </option>
            ))}
          </FilterSelect>
          <DateInput
            label="From"
            value={filters.from}
            max={filters.to}
            onChange={(v) => update({ from: v })}
          />
          <DateInput label="To" value={filters.to} min={filters.from} onChange={(v) => update({ to: v })} />
          {active ? (
            <Button
              onClick={() =>
                update({ action: undefined, actorId: undefined, from: undefined, to: undefined })
              }
              variant="ghost"
            >
              Clear filters
            </Button>
          ) : null}
        </form>

        <ScrollRegion
          label="Audit log"
          className="mt-4 rounded-xl border border-slate-200 bg-white shadow-sm"
        >
          {query.isPending ? (
            <RowsSkeleton />
          ) : query.isError ? (
            <ErrorNote className="m-4" what="the audit log" error={query.error} onRetry={query.refetch} />
          ) : events.length === 0 ? (
            <EmptyState bare title={active ? "No entries match these filters" : "Nothing recorded yet"}>
              {active
                ? "Widen the date range or clear a filter."
                : "Entries appear here as people sign in and change things."}
            </EmptyState>
          ) : (
            <table className="w-full min-w-[48rem] table-fixed text-sm">
              <thead className="bg-slate-50 text-left text-xs tracking-wide text-slate-500 uppercase">
                <tr>
                  <th className="w-52 px-3 py-2 font-medium">Time</th>
                  <th className="w-56 px-3 py-2 font-medium">Action</th>
                  <th className="w-56 px-3 py-2 font-medium">Actor</th>
                  <th className="px-3 py-2 font-medium">Target and details</th>
                  <th className="w-36 px-3 py-2 font-medium">IP address</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <AuditRow key={e.id} event={e} />
                ))}
              </tbody>
            </table>
          )}
        </ScrollRegion>
        {query.hasNextPage ? (
          <Button
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
            className="mt-3"
          >
            {query.isFetchingNextPage ? "Loading…" : "Load older entries"}
          </Button>
        ) : events.length > 0 ? (
          <p className="mt-3 text-xs text-slate-500">End of the log{active ? " for these filters" : ""}.</p>
        ) : null}
      </div>
    </main>
  );
}

function AuditRow({ event: e }: { event: AuditEventDto }) {
  const tone = failed(e)
    ? "bg-red-50 text-red-800 ring-red-200"
    : (TONE[e.action.split(".")[0] ?? ""] ?? "bg-slate-100 text-slate-700 ring-slate-200");
  const details = describeDetails(e.details);
  return (
    <tr className="align-top" data-testid="audit-row" data-action={e.action}>
      <td className="border-t border-slate-100 px-3 py-2.5">
        <time dateTime={e.at} className="block text-slate-800 tabular-nums">
          {formatDateTime(e.at)}
        </time>
        <span className="text-xs text-slate-500">{formatRelative(e.at)}</span>
      </td>
      <td className="border-t border-slate-100 px-3 py-2.5">
        <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${tone}`}>
          {e.actionLabel}
        </span>
      </td>
      <td className="border-t border-slate-100 px-3 py-2.5">
        {e.actor ? (
          <>
            <span className="block truncate text-slate-800">{e.actor.name}</span>
            <span className="block truncate text-xs text-slate-500">{e.actor.email}</span>
          </>
        ) : e.actorLabel ? (
          <span className="block truncate text-slate-700" title="No account with this email">
            {e.actorLabel}
          </span>
        ) : (
          <span className="text-slate-500">System</span>
        )}
      </td>
      <td className="border-t border-slate-100 px-3 py-2.5">
        {e.targetLabel || e.targetType ? (
          <span className="block truncate text-slate-800">
            {e.targetLabel ?? <span className="text-slate-500">no longer exists</span>}
            {e.targetType ? <span className="ml-1 text-xs text-slate-500">({e.targetType})</span> : null}
          </span>
        ) : null}
        {details ? <span className="block text-xs break-words text-slate-500">{details}</span> : null}
      </td>
      <td className="border-t border-slate-100 px-3 py-2.5">
        <span className="block truncate font-mono text-xs text-slate-600" title={e.userAgent ?? undefined}>
          {e.ip ?? "—"}
        </span>
      </td>
    </tr>
  );
}

/** Details as one readable line: the recorded summary when there is one, else "reason: wrong password · role: AGENT". */
function describeDetails(details: Record<string, unknown> | null): string | null {
  if (!details) return null;
  if (typeof details.summary === "string") return details.summary;
  const parts = Object.entries(details).map(
    ([key, value]) => `${key.replace(/([A-Z])/g, " $1").toLowerCase()}: ${describeValue(value)}`,
  );
  return parts.length ? parts.join(" · ") : null;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.map(describeValue).join(", ") : "none";
  if (value && typeof value === "object")
    return Object.entries(value)
      .map(([k, v]) => `${k} ${describeValue(v)}`)
      .join(", ");
  return String(value);
}

function FilterSelect(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  children: React.ReactNode;
}) {
  return (
    <Field label={props.label} className="w-56">
      <Select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.children}
      </Select>
    </Field>
  );
}

function DateInput(props: {
  label: string;
  value: string | undefined;
  min?: string;
  max?: string;
  onChange: (v: string | undefined) => void;
}) {
  return (
    <Field label={`${props.label} (UTC day)`}>
      <Input
        type="date"
        value={props.value ?? ""}
        min={props.min}
        max={props.max}
        onChange={(e) => props.onChange(e.target.value || undefined)}
        className="w-auto"
      />
    </Field>
  );
}

function RowsSkeleton() {
  return (
    <div
      aria-busy="true"
      role="status"
      aria-label="Loading the audit log"
      className="divide-y divide-slate-100"
    >
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="flex gap-4 px-3 py-3">
          <span className="h-4 w-36 animate-pulse rounded bg-slate-200" />
          <span className="h-4 w-40 animate-pulse rounded-full bg-slate-100" />
          <span className="h-4 w-44 animate-pulse rounded bg-slate-200" />
          <span className="h-4 flex-1 animate-pulse rounded bg-slate-100" />
        </div>
      ))}
    </div>
  );
}
