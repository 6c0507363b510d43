"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { formatDateTime, formatRelative } from "@/lib/format/date-time";
import type { EventTopic } from "@/lib/connectly/webhook-registration";
import type { WebhookRegistrationsView, WebhookTopicView } from "@/lib/settings/get-webhook-registrations";
import {
  useCheckWebhooks,
  useConnectWebhooks,
  useRemoveWebhook,
  useRepointWebhook,
} from "@/lib/settings/hooks/use-webhook-registration-mutations";
import { webhookRegistrationsOptions } from "@/lib/settings/queries";
import { SectionQuery, SettingsSection } from "./settings-section";
import { repointWebhookSchema, type RepointWebhookInput } from "@/lib/settings/schemas";

// Settings → where Connectly delivers webhooks (§5.2): each topic's registration at Connectly, whether a signed
// probe to it comes back to this app (the round-trip check), when Connectly last delivered one. Connect registers
// this app's own address; re-point and remove change one topic.

const TOPIC_LABELS: Record<EventTopic, string> = {
  messages: "Customer messages",
  delivery_status: "Delivery statuses",
  report: "Campaign reports",
};

export function ConnectlyWebhooksSection() {
  const webhooks = useQuery(webhookRegistrationsOptions());
  return (
    <SettingsSection
      headingId="webhooks-heading"
      title="Connectly webhooks"
      testId="webhook-registrations"
      description={
        <>
          Connectly posts customer messages and delivery statuses only to the addresses registered here.
          Connect registers this dashboard; the check sends a signed test event to each address and waits for
          it to arrive.
        </>
      }
    >
      <SectionQuery query={webhooks} what="the webhook registrations">
        {(view) => <Registrations view={view} />}
      </SectionQuery>
    </SettingsSection>
  );
}

function Registrations({ view }: { view: WebhookRegistrationsView }) {
  const connect = useConnectWebhooks();
  const check = useCheckWebhooks();
  // The last of the two actions speaks (its message and its error).
  const [last, setLast] = useState<"connect" | "check" | null>(null);
  const busy = connect.isPending || check.isPending;
  const allHere = view.topics.every((t) => t.pointsHere);
  const error = last === "connect" ? connect.error : last === "check" ? check.error : null;
  const done =
    last === "connect" && connect.isSuccess
      ? "Connected; see each topic's check below."
      : last === "check" && check.isSuccess
        ? "Check finished."
        : "";

  return (
    <div>
      <div className="space-y-3 px-5 py-4">
        <div className="text-sm">
          <p className="font-medium text-slate-800">This dashboard&apos;s webhook address</p>
          <p
            className="mt-1 font-mono text-xs break-all text-slate-700"
            data-testid="expected-webhook-address"
          >
            {view.expectedAddress}
          </p>
        </div>
        {view.addressProblem ? (
          <div
            role="status"
            data-testid="webhook-address-warning"
            className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          >
            <p className="font-semibold">Connectly cannot reach this address</p>
            <p className="mt-1">
              It {view.addressProblem}. Set <code className="font-mono">APP_URL</code> to the public https
              address of this dashboard (for example https://dash.example.com) and restart, or re-point each
              topic below to one.
              {view.simulator ? " The built-in simulator delivers to it anyway." : ""}
            </p>
          </div>
        ) : null}
        {view.upstreamError ? (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {view.upstreamError}
          </p>
        ) : null}
      </div>
      <ul className="divide-y divide-slate-100 border-t border-slate-100">
        {view.topics.map((topic) => (
          <TopicRow key={topic.topic} topic={topic} expectedAddress={view.expectedAddress} />
        ))}
      </ul>
      {view.others.length > 0 ? (
        <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">
          Also registered: {view.others.map((o) => `${o.topic} → ${o.address}`).join(", ")}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mx-5 mb-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error.message}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 bg-slate-50/60 px-5 py-3">
        <Button
          variant="primary"
          disabled={busy}
          onClick={() => {
            setLast("connect");
            connect.mutate({});
          }}
        >
          {connect.isPending ? "Connecting…" : allHere ? "Connect again" : "Connect"}
        </Button>
        <Button
          disabled={busy}
          onClick={() => {
            setLast("check");
            check.mutate();
          }}
        >
          {check.isPending ? "Checking…" : "Run check"}
        </Button>
        <span className="text-xs text-slate-500" aria-live="polite">
          {busy ? "" : done}
        </span>
      </div>
    </div>
  );
}

function TopicRow({ topic, expectedAddress }: { topic: WebhookTopicView; expectedAddress: string }) {
  const [editing, setEditing] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const remove = useRemoveWebhook();
  const registration = topic.registration;
  const headingId = `webhook-${topic.topic}-heading`;

  return (
    <li className="px-5 py-4" data-testid={`webhook-topic-${topic.topic}`} aria-labelledby={headingId}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={headingId} className="text-sm font-semibold text-slate-900">
            {TOPIC_LABELS[topic.topic]}{" "}
            <span className="font-mono text-xs font-normal text-slate-500">{topic.topic}</span>
          </h3>
        </div>
        <StatusBadge topic={topic} />
      </div>
      {registration ? (
        <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Address</dt>
          <dd className="font-mono text-xs break-all text-slate-800" data-testid="webhook-address">
            {registration.address}
            {!topic.pointsHere ? (
              <span className="ml-2 font-sans text-amber-700">(not this dashboard&apos;s address)</span>
            ) : null}
          </dd>
          <dt className="text-slate-500">Echo</dt>
          <dd className="text-slate-800">
            {registration.echo ? "On (messages you send are echoed)" : "Off"}
          </dd>
          <dt className="text-slate-500">Channels</dt>
          <dd className="text-slate-800">
            {registration.channelTypes.length > 0 ? registration.channelTypes.join(", ") : "All"}
          </dd>
          <dt className="text-slate-500">Filters</dt>
          <dd className="break-words text-slate-800">
            {registration.filters.length > 0
              ? registration.filters.map((f) => `${f.field} = ${f.expression}`).join("; ")
              : "None (every event)"}
          </dd>
          <dt className="text-slate-500">Last event</dt>
          <dd className="text-slate-800" data-testid="webhook-last-event">
            <LastEvent at={topic.lastEventAt} />
          </dd>
          <dt className="text-slate-500">Check</dt>
          <dd className="text-slate-800" data-testid="webhook-check">
            <CheckLine topic={topic} />
          </dd>
        </dl>
      ) : (
        <p className="mt-2 text-sm text-slate-600">
          Not registered: Connectly sends these events nowhere. Press Connect.{" "}
          <span className="block sm:inline">
            Last event received: <LastEvent at={topic.lastEventAt} />
          </span>
        </p>
      )}
      {registration && editing ? (
        <RepointForm
          topic={topic.topic}
          initial={registration.address === expectedAddress ? registration.address : expectedAddress}
          onDone={() => setEditing(false)}
        />
      ) : null}
      {registration && !editing ? (
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <Button onClick={() => setEditing(true)} disabled={remove.isPending}>
            Re-point…
          </Button>
          {confirmRemove ? (
            <>
              <span className="text-sm text-slate-700">Stop these events?</span>
              <Button
                variant="danger-solid"
                disabled={remove.isPending}
                onClick={() => remove.mutate(topic.topic, { onSuccess: () => setConfirmRemove(false) })}
              >
                {remove.isPending ? "Removing…" : "Remove"}
              </Button>
              <Button onClick={() => setConfirmRemove(false)}>Keep</Button>
            </>
          ) : (
            <Button onClick={() => setConfirmRemove(true)}>Remove…</Button>
          )}
        </div>
      ) : null}
      {remove.error ? (
        <p role="alert" className="mt-2 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {remove.error.message}
        </p>
      ) : null}
    </li>
  );
}

function StatusBadge({ topic }: { topic: WebhookTopicView }) {
  const [label, tone] = !topic.registration
    ? ["Not registered", "bg-slate-100 text-slate-700"]
    : topic.verified
      ? ["Verified", "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200"]
      : topic.check?.error
        ? ["Check failed", "bg-red-50 text-red-800 ring-1 ring-red-200"]
        : ["Not checked", "bg-amber-50 text-amber-800 ring-1 ring-amber-200"];
  return (
    <span
      className={`shrink-0 rounded-full px-2.5 py-0.5 text-xs font-medium ${tone}`}
      data-testid="webhook-status"
    >
      {label}
    </span>
  );
}

function LastEvent({ at }: { at: string | null }) {
  if (!at) return <span className="text-slate-500">never</span>;
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {formatRelative(at)}
    </time>
  );
}

function CheckLine({ topic }: { topic: WebhookTopicView }) {
  const check = topic.check;
  if (!check) return <span className="text-slate-500">Not run for this address yet.</span>;
  if (check.verifiedAt) {
    return (
      <span>
        A signed test event came back{" "}
        <time dateTime={check.verifiedAt}>{formatRelative(check.verifiedAt)}</time>.
      </span>
    );
  }
  if (check.error) return <span className="text-red-700">{check.error}</span>;
  return <span className="text-slate-500">Running…</span>;
}

function RepointForm({ topic, initial, onDone }: { topic: EventTopic; initial: string; onDone: () => void }) {
  const repoint = useRepointWebhook();
  const form = useForm<z.input<typeof repointWebhookSchema>, unknown, RepointWebhookInput>({
    resolver: zodResolver(repointWebhookSchema),
    defaultValues: { address: initial },
  });
  const { errors } = form.formState;
  const address = useWatch({ control: form.control, name: "address" });

  function submit(input: RepointWebhookInput) {
    repoint.mutate(
      { topic, ...input },
      {
        onSuccess: onDone,
        onError: (error) => applyServerErrors(error, form.setError, { fields: ["address"] }),
      },
    );
  }
  return (
    <form onSubmit={(e) => void form.handleSubmit(submit)(e)} noValidate className="mt-3 space-y-2">
      <Field
        label={`New address for ${topic}`}
        id={`repoint-${topic}`}
        error={errors.address?.message && `The address ${errors.address.message}.`}
      >
        <Input type="url" className="font-mono text-xs" {...form.register("address")} />
      </Field>
      <FormError message={errors.root?.server?.message} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" disabled={address.trim() === ""} pending={repoint.isPending}>
          {repoint.isPending ? "Saving…" : "Save address"}
        </Button>
        <Button onClick={onDone} disabled={repoint.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
