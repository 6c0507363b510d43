"use client";

import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { CheckIcon, PlusIcon } from "@/components/ui/icons";
import { LABEL_SWATCH_CLASSES, type LabelColor } from "@/lib/labels/colors";
import { labelsOptions } from "@/lib/labels/queries";
import { ErrorNote } from "@/components/ui/card";

/**
 * "Label" button with a popover of every label as a checkbox list: type to filter, ↑/↓ to move, Enter or Space to
 * put a label on or take it off, Escape to close. `selected` is what the target carries now.
 */
export function LabelPicker({
  selected,
  onToggle,
  testId,
  title = "Labels",
  disabled = false,
}: {
  selected: string[];
  onToggle: (labelId: string, on: boolean) => void;
  testId: string;
  title?: string;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const [active, setActive] = useState(0);
  const labels = useQuery({ ...labelsOptions(), enabled: open });
  const root = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const shown = (labels.data ?? []).filter((l) => l.name.toLowerCase().includes(q.trim().toLowerCase()));

  useEffect(() => {
    if (!open) return;
    input.current?.focus();
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  function close() {
    setOpen(false);
    setQ("");
    button.current?.focus();
  }

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((i) => Math.min(shown.length - 1, i + 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (e.key === "Enter" || (e.key === " " && q === "")) {
      const label = shown[active];
      if (!label) return;
      e.preventDefault();
      onToggle(label.id, !selected.includes(label.id));
    }
  }

  return (
    <div ref={root} className="relative">
      <Button
        ref={button}
        variant="ghost"
        size="sm"
        disabled={disabled}
        data-testid={testId}
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => (open ? close() : setOpen(true))}
        className="gap-1! rounded-full! border border-dashed border-slate-300 px-2! py-0.5! font-normal hover:border-slate-400 hover:text-slate-900"
      >
        <PlusIcon className="h-3 w-3" /> {title}
      </Button>
      {open ? (
        <div
          className="absolute top-full right-0 z-30 mt-1 w-60 rounded-lg border border-slate-200 bg-white p-2 shadow-lg"
          onKeyDown={onKeyDown}
        >
          <Input
            compact
            ref={input}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setActive(0);
            }}
            placeholder="Filter labels"
            aria-label="Filter labels"
            aria-controls={listId}
            aria-activedescendant={shown[active] ? `${listId}-${shown[active].id}` : undefined}
            className="w-full py-1"
          />
          {labels.isPending ? (
            <p className="p-2 text-xs text-slate-500">Loading labels…</p>
          ) : labels.isError ? (
            <ErrorNote plain className="p-2" what="labels" error={labels.error} />
          ) : (labels.data ?? []).length === 0 ? (
            <p className="p-2 text-xs text-slate-500">
              No labels yet. An admin creates them in{" "}
              <Link href="/settings#labels" className="underline">
                Settings → Labels
              </Link>
              .
            </p>
          ) : (
            <ul
              id={listId}
              role="listbox"
              aria-multiselectable="true"
              aria-label={title}
              className="mt-1 max-h-60 overflow-y-auto"
            >
              {shown.map((l, i) => {
                const on = selected.includes(l.id);
                return (
                  <li
                    key={l.id}
                    id={`${listId}-${l.id}`}
                    role="option"
                    aria-selected={on}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => onToggle(l.id, !on)}
                    className={`flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm ${i === active ? "bg-slate-100" : ""}`}
                  >
                    <span
                      className={`h-2.5 w-2.5 shrink-0 rounded-full ${LABEL_SWATCH_CLASSES[l.color as LabelColor] ?? "bg-gray-400"}`}
                      aria-hidden
                    />
                    <span className="min-w-0 flex-1 truncate">{l.name}</span>
                    {on ? <CheckIcon className="h-4 w-4 text-emerald-600" /> : null}
                  </li>
                );
              })}
              {shown.length === 0 ? <li className="p-2 text-xs text-slate-500">No label matches.</li> : null}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
