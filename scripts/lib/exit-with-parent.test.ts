import { describe, expect, it } from "vitest";
import { exitWithParent } from "./exit-with-parent";

describe("exitWithParent", () => {
  it("does nothing for a process the supervisor did not start", () => {
    expect(exitWithParent(undefined)).toBeNull();
    expect(exitWithParent("")).toBeNull();
    expect(exitWithParent("not-a-pid")).toBeNull();
  });

  it("ends the child once it is re-parented, and not before", async () => {
    let parent = 4242;
    let orphaned = 0;
    const timer = exitWithParent("4242", {
      intervalMs: 5,
      parentPid: () => parent,
      onOrphaned: () => orphaned++,
    });
    expect(timer).not.toBeNull();
    await new Promise((r) => setTimeout(r, 30));
    expect(orphaned).toBe(0);
    parent = 1; // the supervisor died: the child now belongs to init
    await new Promise((r) => setTimeout(r, 30));
    expect(orphaned).toBe(1); // once, then the check stops
  });
});
