"use client";

import { controlClass } from "@/components/ui/input";
import { formatDate } from "@/lib/format/date-time";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useConversationActions } from "@/lib/messaging/hooks/use-conversation-actions";
import { LabelChip } from "@/components/labels/label-chip";
import { LabelPicker } from "@/components/labels/label-picker";
import { useChangeLabels } from "@/lib/labels/hooks/use-label-actions";
import { contactOptions, conversationOptions } from "@/lib/messaging/queries";
import { RESUBSCRIBE_REASON_MAX, updateContactSchema } from "@/lib/messaging/schemas";
import { Avatar, contactName } from "./conversation-list";

import { STATUS_LABEL, TickGlyph } from "./status-ticks";
import { Button } from "@/components/ui/button";

/** Who the customer is: editable name, identifiers, campaign opt-out, and the campaign messages they got lately. */
export function ContactPanel({ conversationId, canEdit }: { conversationId: string; canEdit: boolean }) {
  const panel = useQuery(contactOptions(conversationId));
  const { updateContact } = useConversationActions(conversationId);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [resubscribing, setResubscribing] = useState(false);
  const [reason, setReason] = useState("");
  const [optOutError, setOptOutError] = useState<string | null>(null);

  if (panel.isPending) {
    return (
      <aside
        aria-label="Contact"
        className="min-h-0 w-full flex-1 shrink-0 space-y-3 border-slate-200 bg-white p-4 md:w-72 md:flex-none md:border-l"
        aria-busy="true"
      >
        <div className="mx-auto h-14 w-14 animate-pulse rounded-full bg-slate-200" />
        <div className="mx-auto h-4 w-32 animate-pulse rounded bg-slate-200" />
        <div className="h-20 animate-pulse rounded bg-slate-100" />
      </aside>
    );
  }
  if (panel.isError) {
    return (
      <aside
        aria-label="Contact"
        className="min-h-0 w-full flex-1 shrink-0 border-slate-200 bg-white p-4 text-sm text-red-700 md:w-72 md:flex-none md:border-l"
        role="alert"
      >
        Could not load the contact: {panel.error.message}
      </aside>
    );
  }
  const { contact, recentCampaigns, messageCount, customerSince } = panel.data;
  const display = contactName(contact);

  function saveName(e: FormEvent) {
    e.preventDefault();
    setError(null);
    updateContact.mutate(
      { name: name.trim() === "" ? null : name.trim() },
      { onSuccess: () => setEditing(false), onError: (err) => setError(err.message) },
    );
  }

  function toggleOptOut() {
    setOptOutError(null);
    // Opting out needs no reason; sending campaigns to an opted-out customer again does (asked for below).
    if (contact.optedOut) {
      setReason("");
      setResubscribing(true);
      return;
    }
    updateContact.mutate({ optedOut: true }, { onError: (err) => setOptOutError(err.message) });
  }

  function resubscribe(e: FormEvent) {
    e.preventDefault();
    const input = updateContactSchema.safeParse({ optedOut: false, reason });
    if (!input.success) {
      const message = input.error.issues[0]?.message ?? "give a reason";
      setOptOutError(message.charAt(0).toUpperCase() + message.slice(1));
      return;
    }
    setOptOutError(null);
    updateContact.mutate(input.data, {
      onSuccess: () => setResubscribing(false),
      onError: (err) => setOptOutError(err.message),
    });
  }

  return (
    <aside
      aria-label="Contact"
      className="min-h-0 w-full flex-1 shrink-0 overflow-y-auto border-slate-200 bg-white md:w-72 md:flex-none md:border-l"
      data-testid="contact-panel"
    >
      <div className="flex flex-col items-center gap-2 border-b border-slate-100 px-4 py-5 text-center">
        <Avatar name={display} size="lg" />
        {editing ? (
          <form onSubmit={saveName} className="w-full space-y-1">
            <label htmlFor="contact-name" className="sr-only">
              Contact name
            </label>
            <input
              id="contact-name"
              className={controlClass}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoFocus
              maxLength={120}
              placeholder="Leave empty to use the WhatsApp name"
              onKeyDown={(e) => e.key === "Escape" && setEditing(false)}
            />
            {error ? (
              <p role="alert" className="text-xs text-red-700">
                {error}
              </p>
            ) : null}
            <div className="flex justify-center gap-2 pt-1">
              <Button type="submit" disabled={updateContact.isPending} variant="primary" size="sm">
                Save
              </Button>
              <Button onClick={() => setEditing(false)} variant="ghost" size="sm">
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <div>
            <p className="text-base font-semibold" data-testid="contact-name">
              {display}
            </p>
            {canEdit ? (
              <Button
                variant="link"
                className="text-xs"
                onClick={() => {
                  setName(contact.name ?? "");
                  setEditing(true);
                }}
              >
                Edit name
              </Button>
            ) : null}
          </div>
        )}
      </div>
      <ContactLabels conversationId={conversationId} contactId={contact.id} canEdit={canEdit} />
      <dl className="space-y-3 px-4 py-4 text-sm">
        <Item label="Phone">
          {contact.phone ?? <span className="text-slate-500">Hidden (username customer)</span>}
        </Item>
        <Item label="BSUID">
          {contact.bsuid ? (
            <span className="font-mono text-xs break-all">{contact.bsuid}</span>
          ) : (
            <span className="text-slate-500">Not shared</span>
          )}
        </Item>
        <Item label="Customer since">{formatDate(customerSince)}</Item>
        <Item label="Messages">{messageCount.toLocaleString()}</Item>
      </dl>
      <p className="-mt-1 px-4 pb-3">
        <Link
          href={`/contacts/${contact.id}`}
          className="text-xs font-medium text-emerald-700 hover:underline"
        >
          Profile: fields, opt-out history, campaigns →
        </Link>
      </p>
      <div className="border-t border-slate-100 px-4 py-4">
        <div className="flex items-center justify-between gap-2">
          <div>
            <p id="opt-out-label" className="text-sm font-medium">
              Opted out of campaigns
            </p>
            <p className="text-xs text-slate-500">
              {contact.optedOut
                ? "Campaigns skip this customer. Support replies still work."
                : "Receives campaign messages."}
            </p>
          </div>
          <button
            type="button"
            role="switch"
            aria-checked={contact.optedOut}
            aria-labelledby="opt-out-label"
            disabled={!canEdit || updateContact.isPending || resubscribing}
            onClick={toggleOptOut}
            className={`relative h-6 w-11 shrink-0 rounded-full transition-colors focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-2 focus-visible:outline-none disabled:opacity-50 ${
              contact.optedOut ? "bg-red-500" : "bg-slate-300"
            }`}
          >
            <span
              className={`absolute top-0.5 left-0.5 h-5 w-5 rounded-full bg-white shadow transition-transform ${contact.optedOut ? "translate-x-5" : ""}`}
            />
          </button>
        </div>
        {resubscribing && contact.optedOut ? (
          <form onSubmit={resubscribe} className="mt-3 space-y-2" noValidate data-testid="resubscribe-form">
            <label htmlFor="resubscribe-reason" className="block text-xs font-medium text-slate-700">
              Why may this customer receive campaigns again?
            </label>
            <textarea
              id="resubscribe-reason"
              className={controlClass}
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={RESUBSCRIBE_REASON_MAX}
              required
              autoFocus
              aria-invalid={optOutError ? true : undefined}
              aria-describedby="resubscribe-hint"
              placeholder="For example: asked in chat to get offers again"
            />
            <p id="resubscribe-hint" className="text-[11px] text-slate-500">
              Required. Kept in the audit log and shown in this conversation.
            </p>
            {optOutError ? (
              <p role="alert" className="text-xs text-red-700">
                {optOutError}
              </p>
            ) : null}
            <div className="flex gap-2">
              <Button type="submit" disabled={updateContact.isPending} variant="primary" size="sm">
                Re-subscribe
              </Button>
              <Button
                onClick={() => {
                  setResubscribing(false);
                  setOptOutError(null);
                }}
                variant="ghost"
                size="sm"
              >
                Cancel
              </Button>
            </div>
          </form>
        ) : optOutError ? (
          <p role="alert" className="mt-2 text-xs text-red-700">
            {optOutError}
          </p>
        ) : null}
      </div>
      <div className="border-t border-slate-100 px-4 py-4">
        <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Recent campaigns</h3>
        {recentCampaigns.length === 0 ? (
          <p className="mt-2 text-xs text-slate-500">No campaign messages sent to this customer yet.</p>
        ) : (
          <ul className="mt-2 space-y-2" data-testid="contact-campaigns">
            {recentCampaigns.map((c) => (
              <li key={c.id} className="rounded-md bg-slate-50 px-2 py-1.5 text-xs">
                <p className="font-medium text-slate-800">{c.campaignName}</p>
                <p className="flex items-center gap-1 text-slate-500">
                  {c.templateName ?? "session message"} · {formatDate(c.createdAt)}
                  {c.status ? (
                    <span className="ml-auto flex items-center gap-1" title={STATUS_LABEL[c.status]}>
                      <TickGlyph status={c.status} />
                    </span>
                  ) : null}
                </p>
                <p
                  className={c.state === "FAILED" ? "text-red-700" : "text-slate-600"}
                  data-testid="campaign-outcome"
                >
                  {outcomeLabel(c)}
                  {c.repliedAt ? <span className="ml-1 font-medium text-emerald-700">· replied</span> : null}
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </aside>
  );
}

const OUTCOME: Record<string, string> = {
  PENDING: "Waiting to send",
  QUEUED: "Sending",
  SENDING: "Sending",
  UNKNOWN: "Unknown: may have been sent",
  SENT: "Sent",
  DELIVERED: "Delivered",
  READ: "Read",
  FAILED: "Not delivered",
  SKIPPED: "Skipped (opted out or cancelled)",
};

function outcomeLabel(c: { state: string; errorTitle: string | null }): string {
  const label = OUTCOME[c.state] ?? c.state;
  return c.state === "FAILED" && c.errorTitle ? `${label}: ${c.errorTitle}` : label;
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-slate-800">{children}</dd>
    </div>
  );
}

/** The customer's labels (they follow the customer into every campaign segment), from the conversation's DTO. */
function ContactLabels({
  conversationId,
  contactId,
  canEdit,
}: {
  conversationId: string;
  contactId: string;
  canEdit: boolean;
}) {
  const conversation = useQuery(conversationOptions(conversationId));
  const change = useChangeLabels("contact", contactId, conversationId);
  const labels = conversation.data?.contact.labels ?? [];
  const toggle = (labelId: string, on: boolean) =>
    change.mutate(on ? { add: [labelId] } : { remove: [labelId] });
  return (
    <div className="border-b border-slate-100 px-4 py-3" data-testid="contact-labels">
      <p className="text-xs font-medium text-slate-500">Customer labels</p>
      <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
        {labels.map((l) => (
          <LabelChip
            key={l.id}
            name={l.name}
            color={l.color}
            onRemove={canEdit ? () => toggle(l.id, false) : undefined}
          />
        ))}
        {labels.length === 0 && !canEdit ? <span className="text-xs text-slate-500">None</span> : null}
        {canEdit ? (
          <LabelPicker
            testId="label-picker-contact"
            title="Label customer"
            selected={labels.map((l) => l.id)}
            onToggle={toggle}
          />
        ) : null}
      </div>
      {change.isError ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {change.error.message}
        </p>
      ) : null}
    </div>
  );
}
