import { describe, expect, it } from "vitest";
import { SHORTCUTS, shortcutsFor } from "./shortcuts-help";

describe("shortcutsFor", () => {
  it("a read-only inbox (campaign managers) lists no reply, resolve or quick-reply shortcut", () => {
    const readOnly = shortcutsFor(false).map((s) => s.action);
    expect(readOnly).toEqual([
      "Next conversation",
      "Previous conversation",
      "Search (⌘K on a Mac)",
      "Close a dialog",
      "Show this list",
    ]);
    expect(readOnly.join(" ")).not.toMatch(/Resolve|reply while|Write a reply|Send/);
  });
  it("those who reply get every shortcut", () => {
    expect(shortcutsFor(true)).toEqual(SHORTCUTS);
  });
});
