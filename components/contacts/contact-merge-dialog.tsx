"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

import { Dialog } from "@/components/ui/dialog";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { useContactActions } from "@/lib/contacts/hooks/use-contact-actions";
import type { ContactProfileDto } from "@/lib/contacts/get-contact-profile";
import type { MergeSideDto } from "@/lib/contacts/merge-contacts";
import { contactListOptions, mergePreviewOptions } from "@/lib/contacts/queries";
import { Button } from "@/components/ui/button";

/** Pick the duplicate, see what the merge keeps and drops, then merge it into this contact. */
export function ContactMergeDialog({
  survivor,
  onClose,
}: {
  survivor: ContactProfileDto;
  onClose: () => void;
}) {
  const [input, setInput] = useState("");
  const [q, setQ] = useState("");
  const [otherId, setOtherId] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setQ(input.trim()), 250);
    return () => clearTimeout(t);
  }, [input]);
  const candidates = useInfiniteQuery({ ...contactListOptions({ q }), enabled: q.length > 0 });
  const found = (candidates.data?.pages[0]?.contacts ?? [])
    .filter((c) => c.id !== survivor.contact.id)
    .slice(0, 8);
  const preview = useQuery({
    ...mergePreviewOptions(survivor.contact.id, otherId ?? ""),
    enabled: otherId !== null,
  });
  const { merge } = useContactActions(survivor.contact.id);

  return (
    <Dialog
      open
      onClose={onClose}
      title="Merge contacts"
      description="For one person known twice, e.g. by phone number and by BSUID."
      wide
    >
      {!otherId ? (
        <div>
          <Field id="merge-search" label="Find the other contact">
            <Input
              type="search"
              autoFocus
              value={input}
              maxLength={120}
              onChange={(e) => setInput(e.target.value)}
              placeholder="Name, phone or BSUID"
            />
          </Field>
          <ul className="mt-3 divide-y divide-slate-100" aria-label="Matching contacts">
            {found.map((c) => (
              <li key={c.id}>
                <Button
                  variant="ghost"
                  onClick={() => setOtherId(c.id)}
                  className="w-full flex-col items-start! gap-0! text-left font-normal whitespace-normal!"
                >
                  <span className="block font-medium text-slate-800">{c.name ?? c.phone ?? c.bsuid}</span>
                  <span className="block text-xs text-slate-500">
                    {[c.phone, c.bsuid].filter(Boolean).join(" · ")}
                  </span>
                </Button>
              </li>
            ))}
          </ul>
          {q && candidates.isSuccess && found.length === 0 ? (
            <p className="mt-2 text-sm text-slate-500">No other contact matches.</p>
          ) : null}
        </div>
      ) : preview.isPending ? (
        <p className="text-sm text-slate-500">Working out what the merge does…</p>
      ) : preview.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {preview.error.message}
        </p>
      ) : (
        <div className="space-y-4 text-sm" data-testid="merge-preview">
          <div className="grid gap-3 sm:grid-cols-2">
            <Side title="Keeps (this contact)" side={preview.data.survivor} />
            <Side title="Merged in, then removed" side={preview.data.other} />
          </div>
          <div className="rounded-lg bg-slate-50 p-3">
            <p className="font-medium text-slate-800">Result</p>
            <p className="text-slate-700">
              {preview.data.result.name ?? "No name"} · {preview.data.result.phone ?? "no phone"} ·{" "}
              {preview.data.result.bsuid ?? "no BSUID"} ·{" "}
              {preview.data.result.optedOut ? "opted out (either was)" : "subscribed"}
            </p>
            <p className="mt-1 text-slate-600">
              Every message ({preview.data.survivor.messages + preview.data.other.messages}) ends up in one
              conversation; campaign sends (
              {preview.data.survivor.campaignSends + preview.data.other.campaignSends}) and the opt-out
              history move too.
            </p>
          </div>
          {preview.data.conflicts.length > 0 ? (
            <div>
              <p className="font-medium text-amber-900">Conflicts: this contact&apos;s values are kept</p>
              <ul className="mt-1 list-disc pl-5 text-slate-700">
                {preview.data.conflicts.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {preview.data.blocked ? (
            <p role="alert" className="text-red-700">
              {preview.data.blocked}
            </p>
          ) : null}
          {merge.error ? (
            <p role="alert" className="text-red-700">
              {merge.error.message}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button
              disabled={Boolean(preview.data.blocked) || merge.isPending}
              onClick={() => merge.mutate(otherId, { onSuccess: onClose })}
              variant="primary"
            >
              {merge.isPending ? "Merging…" : "Merge"}
            </Button>
            <Button onClick={() => setOtherId(null)}>Pick another</Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

function Side({ title, side }: { title: string; side: MergeSideDto }) {
  return (
    <div className="rounded-lg border border-slate-200 p-3">
      <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">{title}</p>
      <p className="mt-1 font-medium break-all text-slate-800">{side.name ?? side.phone ?? side.bsuid}</p>
      <p className="text-xs break-all text-slate-600">
        {side.phone ?? "no phone"} · {side.bsuid ?? "no BSUID"}
      </p>
      <p className="text-xs text-slate-600">
        {side.messages} messages · {side.campaignSends} campaign sends ·{" "}
        {side.optedOut ? "opted out" : "subscribed"}
      </p>
    </div>
  );
}
