import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/lib/format/date-time";
import {
  WEBHOOK_EVENT_STATES,
  type listWebhookEvents,
  type countWebhookEventsByState,
} from "@/lib/webhooks/list-webhook-events";

// The webhook inspection page: every stored delivery with its state, reason and raw body (a server component).

const STATE_TONE: Record<string, BadgeTone> = {
  INVALID: "danger",
  PENDING: "warning",
  PROCESSED: "success",
  DUPLICATE: "neutral",
  IGNORED: "neutral",
};

const STATE_HELP: Record<string, string> = {
  INVALID: "Signed by Connectly but not understood: kept raw so nothing is lost.",
  PENDING: "Status for a message id not known yet; applied when the send record appears.",
  PROCESSED: "Applied to conversations and messages.",
  DUPLICATE: "Seen before; ignored.",
  IGNORED: "Valid, nothing to apply (e.g. report runs).",
};

export function WebhookEventList({
  events,
  nextCursor,
  counts,
  state,
}: Awaited<ReturnType<typeof listWebhookEvents>> & {
  counts: Awaited<ReturnType<typeof countWebhookEventsByState>>;
  state: string | undefined;
}) {
  return (
    <main className="h-full overflow-y-auto p-4 md:p-6">
      <PageHeader
        title="Webhook events"
        description="Every signed delivery from Connectly is stored. Bodies that failed validation are kept here with the reason; a bad signature is refused (401) and never stored."
      />
      <nav aria-label="Filter by state" className="flex flex-wrap gap-2">
        <FilterLink
          href="/webhook-events"
          active={!state}
          label="All"
          count={Object.values(counts).reduce((a, b) => a + b, 0)}
        />
        {WEBHOOK_EVENT_STATES.map((s) => (
          <FilterLink
            key={s}
            href={`/webhook-events?state=${s}`}
            active={state === s}
            label={s.toLowerCase()}
            count={counts[s] ?? 0}
          />
        ))}
      </nav>
      {state ? <p className="mt-2 text-xs text-slate-500">{STATE_HELP[state]}</p> : null}

      {events.length === 0 ? (
        <EmptyState className="mt-8" title={`No ${state ? state.toLowerCase() : ""} webhook events yet`}>
          Connectly&apos;s deliveries appear here as they arrive: customer messages, delivery statuses and
          report runs.
        </EmptyState>
      ) : (
        // On a narrow screen the table scrolls sideways inside its own box, never the page.
        <div className="mt-4 overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="w-full min-w-[40rem] table-fixed border-separate border-spacing-0 text-sm">
            <thead className="bg-slate-50 text-left text-xs tracking-wide text-slate-500 uppercase">
              <tr>
                <th className="w-44 px-3 py-2">Received</th>
                <th className="w-32 px-3 py-2">Topic</th>
                <th className="w-28 px-3 py-2">State</th>
                <th className="px-3 py-2">Reason / body</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} className="align-top" data-testid="webhook-event" data-state={e.state}>
                  <td className="border-t border-slate-100 px-3 py-2 text-slate-600 tabular-nums">
                    {formatDateTime(e.receivedAt, { timeZone: "UTC", seconds: true })} UTC
                  </td>
                  <td className="border-t border-slate-100 px-3 py-2">{e.topic ?? "—"}</td>
                  <td className="border-t border-slate-100 px-3 py-2">
                    <Badge tone={STATE_TONE[e.state] ?? "neutral"}>{e.state.toLowerCase()}</Badge>
                  </td>
                  <td className="border-t border-slate-100 px-3 py-2">
                    {e.reason ? <p className="mb-1 font-medium text-red-700">{e.reason}</p> : null}
                    {e.upstreamId ? (
                      <p className="mb-1 text-xs text-slate-500">message id {e.upstreamId}</p>
                    ) : null}
                    <details>
                      <summary className="cursor-pointer text-xs text-slate-500">
                        Raw body ({e.rawBody.length} bytes)
                      </summary>
                      <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs break-all whitespace-pre-wrap">
                        {e.rawBody}
                      </pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor ? (
        <Link
          href={`/webhook-events?${new URLSearchParams({ ...(state ? { state } : {}), before: nextCursor })}`}
          className="mt-4 inline-block text-sm font-medium text-emerald-700 hover:underline"
        >
          Older events →
        </Link>
      ) : null}
    </main>
  );
}

function FilterLink({
  href,
  active,
  label,
  count,
}: {
  href: string;
  active: boolean;
  label: string;
  count: number;
}) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`rounded-full px-3 py-1 text-xs font-medium capitalize ring-1 ${active ? "bg-emerald-600 text-white ring-emerald-600" : "bg-white text-slate-600 ring-slate-200 hover:bg-slate-50"}`}
    >
      {label} <span className="ml-1 tabular-nums opacity-70">{count}</span>
    </Link>
  );
}
