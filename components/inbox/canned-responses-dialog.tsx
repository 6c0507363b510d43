"use client";

import { issuesByPath } from "@/lib/api-client/form-errors";
import { controlClass } from "@/components/ui/input";
import { FieldError } from "@/components/ui/field";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError } from "@/lib/api-client/fetch";
import { useCannedResponseMutations } from "@/lib/messaging/hooks/use-canned-responses";
import { cannedResponsesOptions } from "@/lib/messaging/queries";
import type { CannedResponseDto } from "@/lib/messaging/read-models";
import { cannedResponseSchema } from "@/lib/messaging/schemas";

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
        <p role="alert" className="text-sm text-red-700">
          Could not load quick replies: {list.error.message}
        </p>
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
  const [shortcut, setShortcut] = useState(initial?.shortcut ?? "");
  const [title, setTitle] = useState(initial?.title ?? "");
  const [body, setBody] = useState(initial?.body ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const { save } = useCannedResponseMutations();

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = cannedResponseSchema.safeParse({ shortcut, title, body });
    if (!parsed.success) {
      setErrors(issuesByPath(parsed.error.issues));
      return;
    }
    setErrors({});
    setFormError(null);
    save.mutate(
      { id: initial?.id ?? null, input: parsed.data },
      {
        onSuccess: onDone,
        onError: (err) => {
          if (err instanceof ApiError && err.status === 409) setErrors({ shortcut: err.message });
          else setFormError(err.message);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-800">
          {formError}
        </p>
      ) : null}
      <div className="grid grid-cols-[10rem_1fr] gap-3">
        <div>
          <label htmlFor="canned-shortcut" className="mb-1 block text-xs font-medium text-slate-700">
            Shortcut
          </label>
          <div className="flex items-center rounded-lg border border-slate-300 focus-within:border-emerald-500 focus-within:ring-2 focus-within:ring-emerald-500/30">
            <span className="pl-3 text-sm text-slate-500">/</span>
            <input
              id="canned-shortcut"
              className="w-full rounded-lg px-1 py-2 text-sm outline-none"
              value={shortcut}
              onChange={(e) => setShortcut(e.target.value)}
              placeholder="refund"
              autoFocus
              aria-invalid={Boolean(errors.shortcut)}
              aria-describedby="canned-shortcut-error"
            />
          </div>
          <FieldError id="canned-shortcut-error" message={errors.shortcut} />
        </div>
        <div>
          <label htmlFor="canned-title" className="mb-1 block text-xs font-medium text-slate-700">
            Title
          </label>
          <input
            id="canned-title"
            className={controlClass}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="Refund policy"
            aria-invalid={Boolean(errors.title)}
          />
          <FieldError id="canned-title-error" message={errors.title} />
        </div>
      </div>
      <div>
        <label htmlFor="canned-body" className="mb-1 block text-xs font-medium text-slate-700">
          Text
        </label>
        <textarea
          id="canned-body"
          className={controlClass}
          rows={5}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          placeholder="Hi {{name}}, refunds are processed within 5 working days…"
          aria-invalid={Boolean(errors.body)}
        />
        <FieldError id="canned-body-error" message={errors.body} />
      </div>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : initial ? "Save changes" : "Create quick reply"}
        </Button>
      </div>
    </form>
  );
}
