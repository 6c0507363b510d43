"use client";

import { Dialog } from "./dialog";

export const SHORTCUTS: { keys: string[]; action: string }[] = [
  { keys: ["J"], action: "Next conversation" },
  { keys: ["K"], action: "Previous conversation" },
  { keys: ["E"], action: "Resolve the open conversation" },
  { keys: ["/"], action: "Write a reply" },
  { keys: ["L"], action: "Label the open conversation" },
  { keys: ["X"], action: "Select the open conversation (bulk actions; Shift+click selects a range)" },
  { keys: ["Ctrl", "K"], action: "Search (⌘K on a Mac)" },
  { keys: ["Enter"], action: "Send (Shift+Enter for a new line)" },
  { keys: ["/", "shortcut"], action: "Insert a quick reply while typing" },
  { keys: ["Esc"], action: "Close a dialog or the quick-reply list" },
  { keys: ["?"], action: "Show this list" },
];

export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts" description="Letter keys work when you are not typing in a field.">
      <dl className="divide-y divide-slate-100" data-testid="shortcuts-help">
        {SHORTCUTS.map((s) => (
          <div key={s.action} className="flex items-center justify-between py-2 text-sm">
            <dt className="text-slate-700">{s.action}</dt>
            <dd className="flex gap-1">
              {s.keys.map((k) => (
                <kbd key={k} className="min-w-6 rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 text-center font-mono text-xs text-slate-700 shadow-[0_1px_0_var(--color-slate-300)]">
                  {k}
                </kbd>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
