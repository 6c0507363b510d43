"use client";

import { Dialog } from "@/components/ui/dialog";

/** `reply`: only for those who may reply (a campaign manager's inbox is read-only, so it does not offer them). */
export const SHORTCUTS: { keys: string[]; action: string; reply?: true }[] = [
  { keys: ["J"], action: "Next conversation" },
  { keys: ["K"], action: "Previous conversation" },
  { keys: ["E"], action: "Resolve the open conversation", reply: true },
  { keys: ["/"], action: "Write a reply", reply: true },
  { keys: ["L"], action: "Label the open conversation", reply: true },
  {
    keys: ["X"],
    action: "Select the open conversation (bulk actions; Shift+click selects a range)",
    reply: true,
  },
  { keys: ["Ctrl", "K"], action: "Search (⌘K on a Mac)" },
  { keys: ["Enter"], action: "Send (Shift+Enter for a new line)", reply: true },
  { keys: ["/", "shortcut"], action: "Insert a quick reply while typing", reply: true },
  { keys: ["Esc"], action: "Close a dialog" },
  { keys: ["?"], action: "Show this list" },
];

export function shortcutsFor(canReply: boolean) {
  return SHORTCUTS.filter((s) => canReply || !s.reply);
}

export function ShortcutsHelp({
  open,
  onClose,
  canReply,
}: {
  open: boolean;
  onClose: () => void;
  canReply: boolean;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Keyboard shortcuts"
      description="Letter keys work when you are not typing in a field."
    >
      <dl className="divide-y divide-slate-100" data-testid="shortcuts-help">
        {shortcutsFor(canReply).map((s) => (
          <div key={s.action} className="flex items-center justify-between py-2 text-sm">
            <dt className="text-slate-700">{s.action}</dt>
            <dd className="flex gap-1">
              {s.keys.map((k) => (
                <kbd
                  key={k}
                  className="min-w-6 rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 text-center font-mono text-xs text-slate-700 shadow-[0_1px_0_var(--color-slate-300)]"
                >
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
