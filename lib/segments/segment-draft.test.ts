import { describe, expect, it } from "vitest";
import { MAX_GROUP_ITEMS, MAX_SEGMENT_DEPTH, type SegmentGroup } from "./schemas";
import {
  addCondition,
  addGroup,
  attributeDefault,
  canNest,
  clampWhole,
  completeFilter,
  countConditions,
  defaultCondition,
  emptyFilter,
  removeItem,
  replaceItem,
  segmentDraftSchema,
  withDateOp,
} from "./segment-draft";

const label = (labelId: string) => ({ kind: "label" as const, labelId, has: true });
const group = (op: "and" | "or", ...items: SegmentGroup["items"]): SegmentGroup => ({
  kind: "group",
  op,
  items,
});

describe("segment draft operations", () => {
  it("adds a label condition still to pick, and a nested group with the other operator", () => {
    const root = addGroup(addCondition(emptyFilter()), 1);
    expect(root.items).toEqual([label(""), group("or", label(""))]);
  });

  it("stops adding at the group's item limit and nesting at the depth limit", () => {
    let root = emptyFilter();
    for (let i = 0; i < MAX_GROUP_ITEMS + 3; i++) root = addCondition(root);
    expect(root.items).toHaveLength(MAX_GROUP_ITEMS);
    expect(addGroup(root, 1)).toBe(root);
    expect(canNest(emptyFilter(), MAX_SEGMENT_DEPTH - 1)).toBe(true);
    expect(canNest(emptyFilter(), MAX_SEGMENT_DEPTH)).toBe(false);
  });

  it("replaces and removes by index without touching the others", () => {
    const root = group("and", label("a"), label("b"), label("c"));
    expect(replaceItem(root, 1, label("x")).items).toEqual([label("a"), label("x"), label("c")]);
    expect(removeItem(root, 0).items).toEqual([label("b"), label("c")]);
    expect(root.items).toHaveLength(3);
  });

  it("counts conditions through nested groups", () => {
    expect(countConditions(group("and", label("a"), group("or", label("b"), label("c"))))).toBe(3);
  });

  it("dates lastInbound 30 days before now and switches a date field between within and a day", () => {
    const now = Date.UTC(2026, 5, 30, 12);
    expect(defaultCondition("lastInbound", now)).toEqual({
      kind: "lastInbound",
      op: "before",
      date: "2026-05-31",
    });
    const within = attributeDefault("renewal", "DATE");
    const before = withDateOp(within as Extract<typeof within, { type: "DATE" }>, "before", now);
    expect(before).toMatchObject({ op: "before", value: "2026-06-30", days: undefined });
    expect(withDateOp(before as typeof within & { type: "DATE" }, "within", now)).toMatchObject({
      op: "within",
      days: 30,
      value: undefined,
    });
  });

  it.each([
    ["", 72],
    ["abc", 72],
    ["0", 1],
    ["12.6", 13],
    ["9999", 720],
  ])("clamps the number box %j to %j", (raw, want) => {
    expect(clampWhole(raw, 1, 720, 72)).toBe(want);
  });
});

describe("completeFilter (the live count's filter)", () => {
  it("leaves out conditions still missing a value, at every depth", () => {
    const filter = group(
      "and",
      label(""),
      label("a"),
      attributeDefault("", "TEXT"),
      { kind: "attribute", key: "city", type: "TEXT", op: "equals", value: "  " },
      group("or", label(""), { kind: "neverWrote" }),
    );
    expect(completeFilter(filter)).toEqual(group("and", label("a"), group("or", { kind: "neverWrote" })));
  });
});

describe("segmentDraftSchema (the route's schema on the draft)", () => {
  it("parses a complete draft to the create body", () => {
    const parsed = segmentDraftSchema.parse({ name: "  VIPs ", filter: group("and", label("a")) });
    expect(parsed).toEqual({ name: "VIPs", filter: group("and", label("a")) });
  });

  it("names what is missing at the draft's own paths", () => {
    const parsed = segmentDraftSchema.safeParse({
      name: "",
      filter: group("and", { kind: "neverWrote" }, group("or", label(""))),
    });
    expect(parsed.success).toBe(false);
    const issues = Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(issues).toEqual({ name: "name is required", "filter.items.1.items.0.labelId": "pick a label" });
  });
});
