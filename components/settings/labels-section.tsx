"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { LabelChip } from "@/components/labels/label-chip";
import { TrashIcon } from "@/components/ui/icons";
import { LABEL_COLORS, LABEL_SWATCH_CLASSES, type LabelColor } from "@/lib/labels/colors";
import { useManageLabels } from "@/lib/labels/hooks/use-label-actions";
import { labelsOptions } from "@/lib/labels/queries";
import type { LabelWithUsageDto } from "@/lib/labels/read-models";
import { LABEL_NAME_MAX } from "@/lib/labels/schemas";
import { Button } from "@/components/ui/button";

// Settings → Labels: the coloured labels agents put on conversations and customers (and segments filter on).
// Every change is audited.

const inputCls =
  "min-w-0 rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm outline-none focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/30";

function ColorPicker({
  value,
  onChange,
  name,
}: {
  value: LabelColor;
  onChange: (c: LabelColor) => void;
  name: string;
}) {
  return (
    <div role="radiogroup" aria-label="Colour" className="flex flex-wrap gap-1.5">
      {LABEL_COLORS.map((c) => (
        <label key={c} className="cursor-pointer" title={c}>
          <input
            type="radio"
            name={name}
            value={c}
            checked={value === c}
            onChange={() => onChange(c)}
            className="peer sr-only"
            aria-label={c}
          />
          <span
            className={`block h-5 w-5 rounded-full ${LABEL_SWATCH_CLASSES[c]} ring-offset-2 peer-checked:ring-2 peer-checked:ring-slate-700 peer-focus-visible:ring-2 peer-focus-visible:ring-emerald-500`}
          />
        </label>
      ))}
    </div>
  );
}

export function LabelsSection() {
  const labels = useQuery(labelsOptions());
  const { create } = useManageLabels();
  const [name, setName] = useState("");
  const [color, setColor] = useState<LabelColor>("sky");

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate({ name: name.trim(), color }, { onSuccess: () => setName("") });
  }

  return (
    <section
      id="labels"
      className="rounded-xl border border-slate-200 bg-white shadow-sm"
      aria-labelledby="labels-heading"
    >
      <div className="border-b border-slate-100 px-5 py-4">
        <h2 id="labels-heading" className="text-sm font-semibold text-slate-900">
          Labels
        </h2>
        <p className="mt-1 text-xs text-slate-500">
          Agents put labels on conversations and customers from the inbox; the inbox filters by them and
          segments use them to pick campaign audiences. Deleting a label takes it off everything that carries
          it.
        </p>
      </div>
      <form
        onSubmit={submit}
        className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-5 py-4"
      >
        <label htmlFor="new-label-name" className="sr-only">
          New label name
        </label>
        <input
          id="new-label-name"
          className={`${inputCls} flex-1`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={LABEL_NAME_MAX}
          placeholder="New label, e.g. VIP"
        />
        <ColorPicker value={color} onChange={setColor} name="new-label-color" />
        <Button type="submit" disabled={create.isPending || name.trim() === ""} variant="primary">
          Add label
        </Button>
        {create.isError ? (
          <p role="alert" className="w-full text-xs text-red-700">
            {create.error.message}
          </p>
        ) : null}
      </form>
      {labels.isPending ? (
        <p className="px-5 py-5 text-sm text-slate-500" aria-busy="true">
          Loading…
        </p>
      ) : labels.isError ? (
        <p role="alert" className="m-5 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load the labels: {labels.error.message}
        </p>
      ) : labels.data.length === 0 ? (
        <p className="px-5 py-5 text-sm text-slate-500">No labels yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Labels">
          {labels.data.map((l) => (
            <LabelRow key={l.id} label={l} />
          ))}
        </ul>
      )}
    </section>
  );
}

function LabelRow({ label }: { label: LabelWithUsageDto }) {
  const { update, remove } = useManageLabels();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(label.name);
  const [color, setColor] = useState<LabelColor>(
    (LABEL_COLORS as readonly string[]).includes(label.color) ? (label.color as LabelColor) : "gray",
  );
  const error = update.error ?? remove.error;

  function save(e: FormEvent) {
    e.preventDefault();
    update.mutate(
      {
        id: label.id,
        ...(name.trim() !== label.name ? { name: name.trim() } : {}),
        ...(color !== label.color ? { color } : {}),
      },
      { onSuccess: () => setEditing(false) },
    );
  }

  return (
    <li className="px-5 py-3" data-testid="label-row">
      {editing ? (
        <form onSubmit={save} className="flex flex-wrap items-center gap-3">
          <label htmlFor={`label-${label.id}`} className="sr-only">
            Label name
          </label>
          <input
            id={`label-${label.id}`}
            className={`${inputCls} flex-1`}
            value={name}
            maxLength={LABEL_NAME_MAX}
            autoFocus
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && setEditing(false)}
          />
          <ColorPicker value={color} onChange={setColor} name={`color-${label.id}`} />
          <Button type="submit" disabled={update.isPending || name.trim() === ""} variant="primary" size="sm">
            Save
          </Button>
          <Button onClick={() => setEditing(false)} variant="ghost" size="sm">
            Cancel
          </Button>
        </form>
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <LabelChip name={label.name} color={label.color} />
          <span className="flex-1 text-xs text-slate-500">
            {label.conversations.toLocaleString()} conversation{label.conversations === 1 ? "" : "s"} ·{" "}
            {label.contacts.toLocaleString()} customer
            {label.contacts === 1 ? "" : "s"}
          </span>
          <Button
            onClick={() => setEditing(true)}
            variant="link"
            className="text-xs"
            aria-label={`Edit label ${label.name}`}
          >
            Edit
          </Button>
          <Button
            aria-label={`Delete label ${label.name}`}
            disabled={remove.isPending}
            onClick={() => {
              if (
                window.confirm(
                  `Delete the label "${label.name}"? It comes off ${label.conversations + label.contacts} conversations and customers.`,
                )
              )
                remove.mutate(label.id);
            }}
            variant="ghost"
            size="icon"
          >
            <TrashIcon />
          </Button>
        </div>
      )}
      {error ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error.message}
        </p>
      ) : null}
    </li>
  );
}
