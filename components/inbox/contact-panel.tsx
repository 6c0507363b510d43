"use client";

import { formatDate } from "@/lib/format/date-time";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { useConversationActions } from "@/lib/messaging/hooks/use-conversation-actions";
import { LabelEditor } from "@/components/labels/label-editor";
import { useChangeLabels } from "@/lib/labels/hooks/use-label-actions";
import { contactOptions, conversationOptions } from "@/lib/messaging/queries";
import {
  RESUBSCRIBE_REASON_MAX,
  updateContactSchema,
  type UpdateContactInput,
} from "@/lib/messaging/schemas";
import { Avatar, contactName } from "./conversation-list";

import { STATUS_LABEL, TickGlyph } from "./status-ticks";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";

/** Who the customer is: editable name, identifiers, campaign opt-out, and the campaign messages they got lately. */
export function ContactPanel({ conversationId, canEdit }: { conversationId: string; canEdit: boolean }) {
  const panel = useQuery(contactOptions(conversationId));
  const { updateContact } = useConversationActions(conversationId);
  const [editing, setEditing] = useState(false);
  const [resubscribing, setResubscribing] = useState(false);
  const [optOutError, setOptOutError] = useState<string | null>(null);

  if (panel.isPending) {
    return (
      <aside
        aria-label="Contact"
        className="min-h-0 w-full flex-1 shrink-0 space-y-3 border-slate-200 bg-white p-4 md:w-64 md:flex-none md:border-l xl:w-72"
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
        className="min-h-0 w-full flex-1 shrink-0 border-slate-200 bg-white p-4 md:w-64 md:flex-none md:border-l xl:w-72"
      >
        <ErrorNote plain what="the contact" error={panel.error} />
      </aside>
    );
  }
  const { contact, recentCampaigns, messageCount, customerSince } = panel.data;
  const display = contactName(contact);

  function toggleOptOut() {
    setOptOutError(null);
    // Opting out needs no reason; sending campaigns to an opted-out customer again does (asked for below).
    if (contact.optedOut) {
      setResubscribing(true);
      return;
    }
    updateContact.mutate({ optedOut: true }, { onError: (err) => setOptOutError(err.message) });
  }

  return (
    <aside
      aria-label="Contact"
      className="min-h-0 w-full flex-1 shrink-0 overflow-y-auto border-slate-200 bg-white md:w-64 md:flex-none md:border-l xl:w-72"
      data-testid="contact-panel"
    >
      <div className="flex flex-col items-center gap-2 border-b border-slate-100 px-4 py-5 text-center">
        <Avatar name={display} size="lg" />
        {editing ? (
          <ContactNameForm
            name={contact.name}
            conversationId={conversationId}
            onDone={() => setEditing(false)}
          />
        ) : (
          <div>
            <p className="text-base font-semibold" data-testid="contact-name">
              {display}
            </p>
            {canEdit ? (
              <Button variant="link" className="text-xs" onClick={() => setEditing(true)}>
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
          <Switch
            tone="danger"
            checked={contact.optedOut}
            aria-labelledby="opt-out-label"
            disabled={!canEdit || updateContact.isPending || resubscribing}
            onCheckedChange={toggleOptOut}
          />
        </div>
        {resubscribing && contact.optedOut ? (
          <ResubscribeForm conversationId={conversationId} onDone={() => setResubscribing(false)} />
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
  return (
    <div className="border-b border-slate-100 px-4 py-3" data-testid="contact-labels">
      <p className="text-xs font-medium text-slate-500">Customer labels</p>
      <LabelEditor className="mt-1.5" labels={labels} canEdit={canEdit} change={change} place="panel">
        {labels.length === 0 && !canEdit ? <span className="text-xs text-slate-500">None</span> : null}
      </LabelEditor>
    </div>
  );
}

type ContactForm = z.input<typeof updateContactSchema>;

/** The contact's own name; empty = the WhatsApp profile name. Escape or Cancel leaves it unchanged. */
function ContactNameForm({
  name,
  conversationId,
  onDone,
}: {
  name: string | null;
  conversationId: string;
  onDone: () => void;
}) {
  const { updateContact } = useConversationActions(conversationId);
  const form = useForm<ContactForm, unknown, UpdateContactInput>({
    resolver: zodResolver(updateContactSchema),
    defaultValues: { name: name ?? "" },
  });
  const { errors } = form.formState;
  function save(values: UpdateContactInput) {
    updateContact.mutate(
      { name: values.name ? values.name : null },
      {
        onSuccess: onDone,
        onError: (error) => applyServerErrors(error, form.setError, { fields: ["name"] }),
      },
    );
  }
  return (
    <form onSubmit={(e) => void form.handleSubmit(save)(e)} noValidate className="w-full space-y-1">
      <Field label="Contact name" labelHidden error={errors.name?.message ?? errors.root?.server?.message}>
        <Input
          autoFocus
          maxLength={120}
          placeholder="Leave empty to use the WhatsApp name"
          onKeyDown={(e) => e.key === "Escape" && onDone()}
          {...form.register("name")}
        />
      </Field>
      <div className="flex justify-center gap-2 pt-1">
        <Button type="submit" pending={updateContact.isPending} variant="primary" size="sm">
          Save
        </Button>
        <Button onClick={onDone} variant="ghost" size="sm">
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Campaigns to an opted-out customer again: a consent decision, so it takes a reason (audited, shown in the thread). */
function ResubscribeForm({ conversationId, onDone }: { conversationId: string; onDone: () => void }) {
  const { updateContact } = useConversationActions(conversationId);
  const form = useForm<ContactForm, unknown, UpdateContactInput>({
    resolver: zodResolver(updateContactSchema),
    defaultValues: { optedOut: false, reason: "" },
  });
  const { errors } = form.formState;
  const error = errors.reason?.message ?? errors.root?.server?.message;
  function save(values: UpdateContactInput) {
    updateContact.mutate(values, {
      onSuccess: onDone,
      onError: (err) => applyServerErrors(err, form.setError, { fields: ["reason"] }),
    });
  }
  return (
    <form
      onSubmit={(e) => void form.handleSubmit(save)(e)}
      className="mt-3 space-y-2"
      noValidate
      data-testid="resubscribe-form"
    >
      <Field
        label="Why may this customer receive campaigns again?"
        hint="Required. Kept in the audit log and shown in this conversation."
        error={error && error.charAt(0).toUpperCase() + error.slice(1)}
      >
        <Textarea
          rows={3}
          maxLength={RESUBSCRIBE_REASON_MAX}
          autoFocus
          placeholder="For example: asked in chat to get offers again"
          {...form.register("reason")}
        />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" pending={updateContact.isPending} variant="primary" size="sm">
          Re-subscribe
        </Button>
        <Button onClick={onDone} variant="ghost" size="sm">
          Cancel
        </Button>
      </div>
    </form>
  );
}
