"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { formatDateTime, formatRelative } from "@/lib/format/date-time";
import type { ApiError } from "@/lib/api-client/fetch";
import { useContactActions } from "@/lib/contacts/hooks/use-contact-actions";
import {
  attributeDraft,
  attributeDraftSchema,
  changedAttributes,
  type AttributeDraft,
} from "@/lib/contacts/attribute-draft";
import type { ContactProfileDto } from "@/lib/contacts/get-contact-profile";
import { contactProfileOptions } from "@/lib/contacts/queries";
import {
  ATTRIBUTE_TYPES,
  createAttributeSchema,
  updateContactProfileSchema,
  type AttributeType,
  type CreateAttributeInput,
  type SetAttributesInput,
} from "@/lib/contacts/schemas";
import { RESUBSCRIBE_REASON_MAX, type UpdateContactInput } from "@/lib/messaging/schemas";
import { LabelEditor } from "@/components/labels/label-editor";
import { ContactMergeDialog } from "./contact-merge-dialog";
import { Button } from "@/components/ui/button";
import { Field, FieldError, FormError } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { ErrorNote } from "@/components/ui/card";

const SOURCE_LABELS: Record<string, string> = {
  agent: "by an agent",
  connectly: "reported by Connectly",
  keyword: "by the customer's message",
  merge: "on merge",
  import: "by a contact import",
  "campaign report": "in a Connectly campaign report",
};
const TYPE_LABELS: Record<AttributeType, string> = {
  TEXT: "Text",
  NUMBER: "Number",
  DATE: "Date",
  BOOLEAN: "Yes / no",
};
const STATE_TONE: Record<string, string> = {
  READ: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  DELIVERED: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  SENT: "bg-sky-50 text-sky-800 ring-sky-200",
  FAILED: "bg-red-50 text-red-800 ring-red-200",
  SKIPPED: "bg-amber-50 text-amber-900 ring-amber-200",
  UNKNOWN: "bg-amber-50 text-amber-900 ring-amber-200",
};

export function ContactProfile({
  contactId,
  canEdit,
  canManage,
}: {
  contactId: string;
  canEdit: boolean;
  canManage: boolean;
}) {
  const query = useQuery(contactProfileOptions(contactId));
  const [merging, setMerging] = useState(false);
  if (query.isPending) {
    return (
      <main className="h-full overflow-y-auto bg-slate-50 p-4 sm:p-6" aria-busy>
        <div className="mx-auto max-w-5xl animate-pulse space-y-4">
          <div className="h-8 w-64 rounded bg-slate-200" />
          <div className="h-40 rounded-xl bg-white" />
          <div className="h-40 rounded-xl bg-white" />
        </div>
      </main>
    );
  }
  if (query.isError) {
    const backToContacts = (
      <Link href="/contacts" className="font-medium underline">
        Back to contacts
      </Link>
    );
    return (
      <main className="h-full overflow-y-auto bg-slate-50 p-6">
        {(query.error as ApiError).status === 404 ? (
          <p role="alert" className="text-danger text-sm">
            This contact does not exist (it may have been merged into another). {backToContacts}
          </p>
        ) : (
          <ErrorNote plain what="this contact" error={query.error}>
            {backToContacts}
          </ErrorNote>
        )}
      </main>
    );
  }
  const profile = query.data;
  const { contact } = profile;
  const title = contact.name ?? contact.phoneNational ?? contact.phone ?? contact.bsuid ?? "Unknown";
  return (
    <main className="h-full overflow-y-auto bg-slate-50 p-4 sm:p-6">
      <div className="mx-auto max-w-5xl">
        <Link href="/contacts" className="text-sm font-medium text-slate-500 hover:text-slate-800">
          ← Contacts
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 className="truncate text-xl font-semibold text-slate-900">{title}</h1>
            <dl className="mt-1 flex flex-wrap gap-x-5 gap-y-1 text-sm text-slate-600">
              <Identity label="Phone">
                {contact.phone ? (
                  <>
                    <span className="tabular-nums">{contact.phone}</span>
                    {contact.phoneNational ? (
                      <span className="ml-1 text-slate-500 tabular-nums">({contact.phoneNational})</span>
                    ) : null}
                  </>
                ) : (
                  "—"
                )}
              </Identity>
              <Identity label="BSUID">{contact.bsuid ?? "—"}</Identity>
              <Identity label="Known since">{formatDateTime(contact.createdAt)}</Identity>
            </dl>
          </div>
          {canManage ? (
            <Button variant="secondary" onClick={() => setMerging(true)}>
              Merge with another contact…
            </Button>
          ) : null}
        </div>
        <ProfileLabels profile={profile} canEdit={canEdit} />

        <div className="mt-5 grid gap-4 lg:grid-cols-2">
          <AttributesCard profile={profile} canEdit={canEdit} />
          <OptOutCard profile={profile} canEdit={canEdit} />
          <ConversationCard profile={profile} />
          <CampaignsCard profile={profile} linkCampaigns={canManage} />
        </div>
      </div>
      {merging ? <ContactMergeDialog survivor={profile} onClose={() => setMerging(false)} /> : null}
    </main>
  );
}

/** The contact's labels as chips under the identity; with edit rights, removable and a picker to add more. */
function ProfileLabels({ profile, canEdit }: { profile: ContactProfileDto; canEdit: boolean }) {
  const { changeLabels } = useContactActions(profile.contact.id);
  const labels = profile.contact.labels;
  if (labels.length === 0 && !canEdit) return null;
  return (
    <LabelEditor className="mt-3" labels={labels} canEdit={canEdit} change={changeLabels} place="profile" />
  );
}

function Identity({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 gap-1">
      <dt className="text-slate-500">{label}:</dt>
      <dd className="min-w-0 break-all text-slate-800">{children}</dd>
    </div>
  );
}

function Card({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section
      aria-label={title}
      data-testid={testId}
      className="min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
      <div className="mt-3">{children}</div>
    </section>
  );
}

function AttributesCard({ profile, canEdit }: { profile: ContactProfileDto; canEdit: boolean }) {
  const { setAttributes } = useContactActions(profile.contact.id);
  const definitions = profile.attributeDefinitions;
  const stored = attributeDraft(definitions, profile.contact.attributes);
  const form = useForm<AttributeDraft, unknown, SetAttributesInput>({
    resolver: zodResolver(attributeDraftSchema(definitions, stored)),
    defaultValues: stored,
  });
  const { errors } = form.formState;
  const [saved, setSaved] = useState(false);
  const [adding, setAdding] = useState(false);
  const changed = changedAttributes(definitions, stored, useWatch({ control: form.control }));

  function save({ attributes }: SetAttributesInput) {
    setSaved(false);
    setAttributes.mutate(attributes, {
      onSuccess: () => setSaved(true),
      onError: (error) => applyServerErrors(error, form.setError, { fields: ["attributes"] }),
    });
  }

  return (
    <Card title="Fields" testId="contact-fields">
      {definitions.length === 0 ? (
        <p className="text-sm text-slate-500">
          No custom fields yet. Add one (a plan, a city, a renewal date…) to keep it on every contact.
        </p>
      ) : (
        <form onSubmit={(e) => void form.handleSubmit(save)(e)} noValidate className="space-y-3">
          {definitions.map((d) => {
            const id = `attr-${d.key}`;
            const problem = errors.attributes?.[d.key]?.message;
            return (
              <div
                key={d.key}
                className="grid grid-cols-1 gap-1 sm:grid-cols-[10rem_minmax(0,1fr)] sm:items-center sm:gap-3"
              >
                <label htmlFor={id} className="text-sm text-slate-700">
                  {d.label} <span className="text-xs text-slate-500">{TYPE_LABELS[d.type]}</span>
                </label>
                <div>
                  {d.type === "BOOLEAN" ? (
                    <Select id={id} disabled={!canEdit} {...form.register(`attributes.${d.key}`)}>
                      <option value="">Not set</option>
                      <option value="true">Yes</option>
                      <option value="false">No</option>
                    </Select>
                  ) : (
                    <Input
                      id={id}
                      type={d.type === "DATE" ? "date" : "text"}
                      inputMode={d.type === "NUMBER" ? "decimal" : undefined}
                      disabled={!canEdit}
                      invalid={Boolean(problem)}
                      aria-describedby={problem ? `${id}-error` : undefined}
                      {...form.register(`attributes.${d.key}`)}
                    />
                  )}
                  <FieldError id={`${id}-error`} message={problem} />
                </div>
              </div>
            );
          })}
          {canEdit ? (
            <div className="flex items-center gap-3">
              <Button
                type="submit"
                variant="primary"
                disabled={changed.length === 0 || setAttributes.isPending}
              >
                {setAttributes.isPending ? "Saving…" : "Save fields"}
              </Button>
              {saved && changed.length === 0 ? (
                <span role="status" className="text-sm text-emerald-700">
                  Saved
                </span>
              ) : null}
              <FormError message={errors.root?.server?.message} inline className="text-sm" />
            </div>
          ) : null}
        </form>
      )}
      {canEdit ? (
        adding ? (
          <NewFieldForm contactId={profile.contact.id} onClose={() => setAdding(false)} />
        ) : (
          <Button variant="link" className="mt-3" onClick={() => setAdding(true)}>
            + New field
          </Button>
        )
      ) : null}
    </Card>
  );
}

function OptOutCard({ profile, canEdit }: { profile: ContactProfileDto; canEdit: boolean }) {
  const actions = useContactActions(profile.contact.id);
  const [asking, setAsking] = useState(false);
  const { optedOut } = profile.contact;
  return (
    <Card title="Campaign consent" testId="contact-consent">
      <p className="text-sm">
        {optedOut ? (
          <span className="inline-block rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800 ring-1 ring-red-200">
            Opted out
          </span>
        ) : (
          <span className="inline-block rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200">
            Subscribed
          </span>
        )}
        <span className="ml-2 text-slate-600">
          {optedOut ? "Campaigns skip this customer." : "Campaigns may message this customer."}
        </span>
      </p>
      {canEdit ? (
        optedOut ? (
          asking ? (
            <ResubscribeForm contactId={profile.contact.id} onClose={() => setAsking(false)} />
          ) : (
            <Button className="mt-3" onClick={() => setAsking(true)}>
              Re-subscribe…
            </Button>
          )
        ) : (
          <Button
            className="mt-3"
            disabled={actions.update.isPending}
            onClick={() => actions.update.mutate({ optedOut: true })}
          >
            Opt out of campaigns
          </Button>
        )
      ) : null}
      <h3 className="mt-4 text-xs font-medium tracking-wide text-slate-500 uppercase">History</h3>
      {profile.optOutHistory.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">No change recorded.</p>
      ) : (
        <ol className="mt-1 space-y-2" data-testid="opt-out-history">
          {profile.optOutHistory.map((h) => (
            <li key={h.id} className="text-sm">
              <span className="font-medium text-slate-800">{h.optedOut ? "Opted out" : "Re-subscribed"}</span>{" "}
              <span className="text-slate-600">
                {SOURCE_LABELS[h.source] ?? h.source}
                {h.actor ? ` (${h.actor})` : ""}
              </span>
              <time dateTime={h.at} className="block text-xs text-slate-500" title={formatDateTime(h.at)}>
                {formatDateTime(h.at)}
              </time>
              {h.reason ? (
                <span className="block text-xs break-words text-slate-600">Reason: {h.reason}</span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function ConversationCard({ profile }: { profile: ContactProfileDto }) {
  const c = profile.conversation;
  return (
    <Card title="Conversation" testId="contact-conversation">
      {!c ? (
        <p className="text-sm text-slate-500">
          No conversation yet: it starts when the customer writes or an agent sends a template.
        </p>
      ) : (
        <>
          <p className="flex flex-wrap items-center gap-x-3 text-sm text-slate-600">
            <span>
              {c.messageCount} message{c.messageCount === 1 ? "" : "s"} · {c.status.toLowerCase()} · last{" "}
              {formatRelative(c.lastMessageAt)}
            </span>
            <Link href={`/inbox?c=${c.id}`} className="font-medium text-emerald-700 hover:text-emerald-900">
              Open in the inbox →
            </Link>
          </p>
          <ol className="mt-3 space-y-2">
            {[...c.lastMessages].reverse().map((m) => (
              <li
                key={m.id}
                className={`flex ${m.direction === "OUTBOUND" ? "justify-end" : "justify-start"}`}
              >
                <span
                  className={`max-w-[85%] rounded-lg px-3 py-1.5 text-sm break-words ${
                    m.direction === "OUTBOUND"
                      ? "bg-emerald-50 text-emerald-950"
                      : "bg-slate-100 text-slate-800"
                  }`}
                >
                  {m.text ?? <span className="text-slate-500 italic">{m.kind.replace(/_/g, " ")}</span>}
                  <time dateTime={m.createdAt} className="block text-[11px] text-slate-500">
                    {formatDateTime(m.createdAt)}
                  </time>
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </Card>
  );
}

function CampaignsCard({ profile, linkCampaigns }: { profile: ContactProfileDto; linkCampaigns: boolean }) {
  return (
    <Card title="Campaigns" testId="contact-campaigns">
      {profile.campaigns.length === 0 ? (
        <p className="text-sm text-slate-500">No campaign has included this customer.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {profile.campaigns.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <span className="min-w-0">
                {c.campaignId && linkCampaigns ? (
                  <Link
                    href={`/campaigns/${c.campaignId}`}
                    className="block truncate font-medium text-slate-800 hover:underline"
                  >
                    {c.campaignName}
                  </Link>
                ) : (
                  <span className="block truncate font-medium text-slate-800">{c.campaignName}</span>
                )}
                <span className="block text-xs text-slate-500">
                  {formatDateTime(c.createdAt)}
                  {c.errorTitle ? ` · ${c.errorTitle}` : ""}
                  {c.repliedAt ? " · replied" : ""}
                </span>
              </span>
              <span
                className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STATE_TONE[c.state] ?? "bg-slate-100 text-slate-700 ring-slate-200"}`}
              >
                {c.state.toLowerCase()}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function NewFieldForm({ contactId, onClose }: { contactId: string; onClose: () => void }) {
  const { createAttribute } = useContactActions(contactId);
  const form = useForm<z.input<typeof createAttributeSchema>, unknown, CreateAttributeInput>({
    resolver: zodResolver(createAttributeSchema),
    defaultValues: { label: "", type: "TEXT" },
  });
  const { errors, isSubmitting } = form.formState;
  async function submit(body: CreateAttributeInput) {
    try {
      await createAttribute.mutateAsync(body);
      onClose();
    } catch (error) {
      applyServerErrors(error, form.setError, { fields: ["label", "type"] });
    }
  }
  return (
    <form
      onSubmit={(e) => void form.handleSubmit(submit)(e)}
      className="mt-4 space-y-2 border-t border-slate-100 pt-3"
      aria-label="New field"
      noValidate
    >
      <div className="flex flex-wrap gap-2">
        <Field
          label="Field name"
          className="flex-1 basis-40"
          error={errors.label?.message && `The ${errors.label.message}.`}
        >
          <Input maxLength={60} autoFocus {...form.register("label")} />
        </Field>
        <Field label="Type" error={errors.type?.message}>
          <Select {...form.register("type")}>
            {ATTRIBUTE_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <FormError message={errors.root?.server?.message} inline className="text-xs" />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" pending={isSubmitting}>
          Add field
        </Button>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
      <p className="text-xs text-slate-500">Fields are shared by every contact of the workspace.</p>
    </form>
  );
}

function ResubscribeForm({ contactId, onClose }: { contactId: string; onClose: () => void }) {
  const { update } = useContactActions(contactId);
  const form = useForm<z.input<typeof updateContactProfileSchema>, unknown, UpdateContactInput>({
    resolver: zodResolver(updateContactProfileSchema),
    defaultValues: { optedOut: false, reason: "" },
  });
  const { errors, isSubmitting } = form.formState;
  async function submit(body: UpdateContactInput) {
    try {
      await update.mutateAsync(body);
      onClose();
    } catch (error) {
      applyServerErrors(error, form.setError, { fields: ["reason"] });
    }
  }
  return (
    <form onSubmit={(e) => void form.handleSubmit(submit)(e)} className="mt-3 space-y-2" noValidate>
      <Field
        id="profile-resubscribe-reason"
        label="Why may this customer receive campaigns again?"
        error={
          errors.reason?.message &&
          `${errors.reason.message.charAt(0).toUpperCase()}${errors.reason.message.slice(1)}.`
        }
      >
        <Input maxLength={RESUBSCRIBE_REASON_MAX} autoFocus {...form.register("reason")} />
      </Field>
      <FormError message={errors.root?.server?.message} inline className="text-xs" />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" pending={isSubmitting}>
          Re-subscribe
        </Button>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
