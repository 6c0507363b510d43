"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { Input, Textarea } from "@/components/ui/input";
import { Field, FormError } from "@/components/ui/field";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "@/lib/api-client/fetch";
import { useCannedResponseMutations } from "@/lib/messaging/hooks/use-canned-responses";
import { cannedResponsesOptions } from "@/lib/messaging/queries";
import type { CannedResponseDto } from "@/lib/messaging/read-models";
import { cannedResponseSchema, type CannedResponseInput } from "@/lib/messaging/schemas";
import { ErrorNote } from "@/components/ui/card";

/** Create, edit and delete the team's quick replies (typed in the composer as /shortcut). */
export function CannedResponsesDialog({
  open,
  onClose,
  canEdit,
}: {
  open: boolean;
  onClose: () => void;
  canEdit: boolean;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Quick replies"
      description="Type / and the shortcut in the reply box to insert one. {{name}} becomes the customer's first name."
      wide
    >
      <CannedResponsesManager canEdit={canEdit} />
    </Dialog>
  );
}

function CannedResponsesManager({ canEdit }: { canEdit: boolean }) {
  const list = useQuery(cannedResponsesOptions());
  const [editing, setEditing] = useState<CannedResponseDto | "new" | null>(null);
  const { remove } = useCannedResponseMutations();
  const [removeError, setRemoveError] = useState<string | null>(null);

  if (editing)
    return (
      <CannedResponseForm initial={editing === "new" ? null : editing} onDone={() => setEditing(null)} />
    );

  return (
    <div className="space-y-3">
      {canEdit ? (
        <div className="flex justify-end">
          <Button variant="primary" onClick={() => setEditing("new")}>
            New quick reply
          </Button>
        </div>
      ) : null}
      {removeError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-800">
          {removeError}
        </p>
      ) : null}
      {list.isPending ? (
        <div className="space-y-2" aria-busy="true">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-12 animate-pulse rounded-lg bg-slate-100" />
          ))}
        </div>
      ) : list.isError ? (
        <ErrorNote what="quick replies" error={list.error} />
      ) : list.data.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">
          <p className="font-medium text-slate-700">No quick replies yet</p>
          <p className="mt-1">
            Save the answers you type every day (opening hours, refund policy…) and insert them with
            /shortcut.
          </p>
        </div>
      ) : (
        <ul
          className="divide-y divide-slate-100 rounded-lg border border-slate-200"
          data-testid="canned-list"
        >
          {list.data.map((c) => (
            <li key={c.id} className="flex items-start gap-3 px-3 py-2.5">
              <code className="mt-0.5 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                /{c.shortcut}
              </code>
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium">{c.title}</p>
                <p className="line-clamp-2 text-xs whitespace-pre-wrap text-slate-500">{c.body}</p>
              </div>
              {canEdit ? (
                <div className="flex shrink-0 gap-1">
                  <Button variant="ghost" size="sm" onClick={() => setEditing(c)}>
                    Edit
                  </Button>
                  <Button
                    variant="danger"
                    size="sm"
                    onClick={() => {
                      if (!window.confirm(`Delete the quick reply /${c.shortcut}?`)) return;
                      setRemoveError(null);
                      remove.mutate(c.id, { onError: (e) => setRemoveError(e.message) });
                    }}
                  >
                    Delete
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CannedResponseForm({ initial, onDone }: { initial: CannedResponseDto | null; onDone: () => void }) {
  const { save } = useCannedResponseMutations();
  const form = useForm<z.input<typeof cannedResponseSchema>, unknown, CannedResponseInput>({
    resolver: zodResolver(cannedResponseSchema),
    defaultValues: {
      shortcut: initial?.shortcut ?? "",
      title: initial?.title ?? "",
      body: initial?.body ?? "",
    },
  });
  const { errors } = form.formState;

  function submit(input: CannedResponseInput) {
    save.mutate(
      { id: initial?.id ?? null, input },
      {
        onSuccess: onDone,
        onError: (err) => {
          // A taken shortcut is a 409 without issues: it belongs on the shortcut all the same.
          if (err instanceof ApiError && err.status === 409)
            form.setError("shortcut", { type: "server", message: err.message }, { shouldFocus: true });
          else applyServerErrors(err, form.setError, { fields: ["shortcut", "title", "body"] });
        },
      },
    );
  }

  return (
    <form onSubmit={(e) => void form.handleSubmit(submit)(e)} noValidate className="space-y-3">
      <FormError message={errors.root?.server?.message} />
      <div className="grid grid-cols-[10rem_1fr] gap-3">
        <Field label="Shortcut" error={errors.shortcut?.message}>
          <div className="relative">
            <span aria-hidden className="text-fg-muted pointer-events-none absolute top-2 left-3 text-sm">
              /
            </span>
            <Input placeholder="refund" autoFocus className="pl-6" {...form.register("shortcut")} />
          </div>
        </Field>
        <Field label="Title" error={errors.title?.message}>
          <Input placeholder="Refund policy" {...form.register("title")} />
        </Field>
      </div>
      <Field label="Text" error={errors.body?.message}>
        <Textarea
          rows={5}
          placeholder="Hi {{name}}, refunds are processed within 5 working days…"
          {...form.register("body")}
        />
      </Field>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" pending={save.isPending}>
          {save.isPending ? "Saving…" : initial ? "Save changes" : "Create quick reply"}
        </Button>
      </div>
    </form>
  );
}
