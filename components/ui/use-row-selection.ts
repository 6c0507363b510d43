"use client";

import { useRef, useState } from "react";

/**
 * The next selection after a click on row `index` of `ids`: a plain click toggles that row; with Shift (and an
 * earlier click) every row between the earlier click and this one takes the clicked row's new state. Pure so the
 * range rule is tested without a browser.
 */
export function toggleRowSelection(
  prev: ReadonlySet<string>,
  ids: readonly string[],
  anchor: number | null,
  index: number,
  shift: boolean,
): Set<string> {
  const id = ids[index];
  const next = new Set(prev);
  if (id === undefined) return next;
  const on = !prev.has(id);
  const [from, to] =
    shift && anchor !== null ? [Math.min(anchor, index), Math.max(anchor, index)] : [index, index];
  for (let i = from; i <= to; i++) {
    const rowId = ids[i];
    if (rowId === undefined) continue;
    if (on) next.add(rowId);
    else next.delete(rowId);
  }
  return next;
}

/**
 * Multi-select of a list's rows for bulk actions (inbox conversations, contacts). `selection` holds only ids still
 * in the list. The anchor is read when the click happens, not inside the state updater: React may run an updater
 * later, after the next click has moved the anchor (Shift+click then selected one row instead of the range).
 */
export function useRowSelection(ids: readonly string[]) {
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<number | null>(null);
  const visible = new Set(ids);
  return {
    selection: [...checked].filter((id) => visible.has(id)),
    isChecked: (id: string) => checked.has(id),
    toggle(index: number, shift: boolean) {
      const from = anchor.current;
      anchor.current = index;
      setChecked((prev) => toggleRowSelection(prev, ids, from, index, shift));
    },
    clear() {
      anchor.current = null;
      setChecked(new Set());
    },
  };
}
