import { describe, expect, it } from "vitest";
import { toggleRowSelection } from "./use-row-selection";

const ids = ["a", "b", "c", "d", "e"];
const sorted = (s: Set<string>) => [...s].sort();

describe("toggleRowSelection", () => {
  it("a plain click toggles one row", () => {
    const one = toggleRowSelection(new Set(), ids, null, 1, false);
    expect(sorted(one)).toEqual(["b"]);
    expect(sorted(toggleRowSelection(one, ids, 1, 1, false))).toEqual([]);
  });

  it("Shift selects the range from the anchor, in either direction", () => {
    expect(sorted(toggleRowSelection(new Set(["a"]), ids, 0, 2, true))).toEqual(["a", "b", "c"]);
    expect(sorted(toggleRowSelection(new Set(["e"]), ids, 4, 2, true))).toEqual(["c", "d", "e"]);
  });

  it("Shift on a selected row clears the range", () => {
    expect(sorted(toggleRowSelection(new Set(ids), ids, 0, 3, true))).toEqual(["e"]);
  });

  it("Shift without an anchor, or an index past the list, changes one row or nothing", () => {
    expect(sorted(toggleRowSelection(new Set(), ids, null, 3, true))).toEqual(["d"]);
    expect(sorted(toggleRowSelection(new Set(["a"]), ids, 0, 9, true))).toEqual(["a"]);
  });
});
