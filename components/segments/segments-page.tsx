"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Controller, useForm, useWatch } from "react-hook-form";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { formatDate } from "@/lib/format/date-time";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { cardClass } from "@/components/campaigns/ui";
import { MegaphoneIcon, PlusIcon } from "@/components/ui/icons";
import { useSegmentActions } from "@/lib/segments/hooks/use-segment-actions";
import { segmentsOptions } from "@/lib/segments/queries";
import type { SegmentDto } from "@/lib/segments/read-models";
import {
  countConditions,
  emptyFilter,
  segmentDraftSchema,
  type SegmentDraft,
} from "@/lib/segments/segment-draft";
import { SEGMENT_NAME_MAX, type CreateSegmentInput, type SegmentFilter } from "@/lib/segments/schemas";
import { GroupEditor, issuesOf, LiveCount } from "./segment-builder";
import { ErrorNote } from "@/components/ui/card";

// Segments: saved filters over contacts (labels, opt-out, campaign engagement, activity), counted live, and
// usable as a campaign audience ("Send a campaign" opens the builder with the segment picked).

type Draft = { id: string | null; name: string; filter: SegmentFilter };

export function SegmentsPage() {
  const segments = useQuery(segmentsOptions());
  const [draft, setDraft] = useState<Draft | null>(null);

  return (
    <main className="h-full overflow-y-auto">
      <div className="mx-auto max-w-5xl space-y-5 p-4 sm:p-6">
        <header className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-xl font-semibold text-slate-900">Segments</h1>
            <p className="mt-1 text-sm text-slate-600">
              Saved groups of customers by label, engagement and activity. A segment is a campaign audience,
              picked again at each launch.
            </p>
          </div>
          <Button
            variant="primary"
            onClick={() => setDraft({ id: null, name: "", filter: emptyFilter() })}
            data-testid="new-segment"
          >
            <PlusIcon /> New segment
          </Button>
        </header>

        {draft ? (
          <SegmentEditor key={draft.id ?? "new"} draft={draft} onClose={() => setDraft(null)} />
        ) : null}

        {segments.isPending ? (
          <div className="h-32 animate-pulse rounded-xl bg-slate-100" aria-busy="true" />
        ) : segments.isError ? (
          <ErrorNote what="the segments" error={segments.error} onRetry={segments.refetch} />
        ) : segments.data.length === 0 ? (
          <div className={`${cardClass} text-center text-sm text-slate-600`}>
            <p className="font-medium text-slate-800">No segments yet</p>
            <p className="mt-1">
              Build one to follow up a campaign, or to reach customers with a label. The count updates as you
              edit.
            </p>
          </div>
        ) : (
          <ul className="space-y-3" aria-label="Segments">
            {segments.data.map((s) => (
              <SegmentRow
                key={s.id}
                segment={s}
                onEdit={() => setDraft({ id: s.id, name: s.name, filter: s.filter })}
              />
            ))}
          </ul>
        )}
      </div>
    </main>
  );
}

function SegmentRow({ segment, onEdit }: { segment: SegmentDto; onEdit: () => void }) {
  const { remove } = useSegmentActions();
  const conditions = countConditions(segment.filter);
  return (
    <li className={`${cardClass} flex flex-wrap items-center gap-3`} data-testid="segment-row">
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-slate-900">{segment.name}</p>
        <p className="text-xs text-slate-500">
          {conditions === 0 ? "Every contact" : `${conditions} condition${conditions === 1 ? "" : "s"}`} ·
          changed {formatDate(segment.updatedAt)}
          {segment.createdBy ? ` · by ${segment.createdBy}` : ""}
        </p>
      </div>
      <Button onClick={onEdit}>Edit</Button>
      <Link href={`/campaigns/new?segment=${segment.id}`} className={buttonClasses({ variant: "primary" })}>
        <MegaphoneIcon /> Send a campaign
      </Link>
      <Button
        variant="danger"
        disabled={remove.isPending}
        onClick={() =>
          window.confirm(
            `Delete the segment "${segment.name}"? Campaigns already sent to it keep their recipients.`,
          ) && remove.mutate(segment.id)
        }
      >
        Delete
      </Button>
      {remove.isError ? (
        <p role="alert" className="w-full text-xs text-red-700">
          {remove.error.message}
        </p>
      ) : null}
    </li>
  );
}

function SegmentEditor({ draft, onClose }: { draft: Draft; onClose: () => void }) {
  const { save } = useSegmentActions();
  const form = useForm<SegmentDraft, unknown, CreateSegmentInput>({
    resolver: zodResolver(segmentDraftSchema),
    defaultValues: { name: draft.name, filter: draft.filter },
  });
  const { errors, isSubmitting } = form.formState;
  const filter = useWatch({ control: form.control, name: "filter" });

  async function submit(body: CreateSegmentInput) {
    try {
      await save.mutateAsync({ id: draft.id, ...body });
      onClose();
    } catch (error) {
      applyServerErrors(error, form.setError, { fields: ["name", "filter"] });
    }
  }

  return (
    <form
      onSubmit={(e) => void form.handleSubmit(submit)(e)}
      className={`${cardClass} space-y-4`}
      aria-label={draft.id ? "Edit segment" : "New segment"}
      data-testid="segment-editor"
      noValidate
    >
      <Field id="segment-name" label="Name" error={errors.name?.message && `Segment ${errors.name.message}.`}>
        <Input
          maxLength={SEGMENT_NAME_MAX}
          autoFocus
          placeholder="e.g. VIPs who did not read the spring sale"
          {...form.register("name")}
        />
      </Field>
      <Controller
        control={form.control}
        name="filter"
        render={({ field }) => (
          <GroupEditor
            group={field.value}
            onChange={field.onChange}
            path="filter"
            issues={issuesOf(errors)}
          />
        )}
      />
      <LiveCount filter={filter} />
      <FormError message={errors.root?.server?.message} inline className="text-sm" />
      <div className="flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" pending={isSubmitting}>
          {draft.id ? "Save changes" : "Save segment"}
        </Button>
      </div>
    </form>
  );
}
