import { z } from "zod";
import {
  createSegmentSchema,
  MAX_GROUP_ITEMS,
  MAX_SEGMENT_DEPTH,
  type AttributeCondition,
  type SegmentCondition,
  type SegmentFilter,
  type SegmentGroup,
} from "./schemas";

// The segment editor's state as plain data: the filter in the shape the route takes (so the schema's issues and a
// 422's land on the editor's paths unchanged: "filter.items.1.items.0.labelId"), the operations on its groups and
// conditions, and the one conversion to the request body. The rules are createSegmentSchema's, never repeated here.

export type SegmentDraft = { name: string; filter: SegmentFilter };

export const emptyFilter = (): SegmentFilter => ({ kind: "group", op: "and", items: [] });

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A field condition's starting point for the field's type. */
export function attributeDefault(key: string, type: AttributeCondition["type"]): AttributeCondition {
  switch (type) {
    case "TEXT":
      return { kind: "attribute", key, type, op: "equals", value: "" };
    case "NUMBER":
      return { kind: "attribute", key, type, op: "gt", value: 0 };
    case "DATE":
      return { kind: "attribute", key, type, op: "within", days: 30 };
    case "BOOLEAN":
      return { kind: "attribute", key, type, op: "is", value: true };
  }
}

/** A new condition of a kind, with its defaults (a label still to pick). `now` fixes "30 days ago". */
export function defaultCondition(kind: SegmentCondition["kind"], now = Date.now()): SegmentCondition {
  switch (kind) {
    case "label":
      return { kind, labelId: "", has: true };
    case "campaign":
      return { kind, engagement: "delivered_not_read", withinHours: 72 };
    case "neverWrote":
      return { kind };
    case "lastInbound":
      return { kind, op: "before", date: isoDay(now - 30 * 86_400_000) };
    case "optedOut":
      return { kind, value: false };
    case "attribute":
      return attributeDefault("", "TEXT");
  }
}

/** A DATE field condition switched to another operator: within keeps days, before/after keep a day. */
export function withDateOp(
  c: Extract<AttributeCondition, { type: "DATE" }>,
  op: "before" | "after" | "within",
  now = Date.now(),
): AttributeCondition {
  return op === "within"
    ? { ...c, op, days: c.days ?? 30, value: undefined }
    : { ...c, op, value: c.value ?? isoDay(now), days: undefined };
}

/** A whole number from a number box, clamped; `fallback` for an empty or unreadable box. */
export function clampWhole(raw: string, min: number, max: number, fallback: number): number {
  const n = Math.round(Number(raw));
  return raw.trim() === "" || !Number.isFinite(n) ? fallback : Math.min(max, Math.max(min, n));
}

// ---- group operations (pure: each returns a new group) ----

export const canAddItem = (group: SegmentGroup) => group.items.length < MAX_GROUP_ITEMS;
/** A group at `depth` (the root is 1) may hold a nested group while the nesting stays within the bound. */
export const canNest = (group: SegmentGroup, depth: number) => canAddItem(group) && depth < MAX_SEGMENT_DEPTH;

export function addCondition(group: SegmentGroup): SegmentGroup {
  return canAddItem(group) ? { ...group, items: [...group.items, defaultCondition("label")] } : group;
}

/** Adds a nested group with the other operator (all-of inside any-of reads naturally), one condition in it. */
export function addGroup(group: SegmentGroup, depth: number): SegmentGroup {
  if (!canNest(group, depth)) return group;
  const nested: SegmentGroup = {
    kind: "group",
    op: group.op === "and" ? "or" : "and",
    items: [defaultCondition("label")],
  };
  return { ...group, items: [...group.items, nested] };
}

export function replaceItem(
  group: SegmentGroup,
  index: number,
  item: SegmentCondition | SegmentGroup,
): SegmentGroup {
  return { ...group, items: group.items.map((x, i) => (i === index ? item : x)) };
}

export function removeItem(group: SegmentGroup, index: number): SegmentGroup {
  return { ...group, items: group.items.filter((_, i) => i !== index) };
}

export function countConditions(filter: SegmentGroup): number {
  return filter.items.reduce((n, item) => n + (item.kind === "group" ? countConditions(item) : 1), 0);
}

/**
 * A filter ready to count while it is being edited: conditions still missing a value (a label not picked yet,
 * a field or its text) are left out. Saving does not drop them: the schema names them instead.
 */
export function completeFilter(group: SegmentGroup): SegmentGroup {
  return {
    ...group,
    items: group.items
      .filter((item) => item.kind !== "label" || item.labelId !== "")
      .filter(
        (item) =>
          item.kind !== "attribute" ||
          (item.key !== "" && !(item.type === "TEXT" && item.value.trim() === "")),
      )
      .map((item) => (item.kind === "group" ? completeFilter(item) : item)),
  };
}

/** The request body of the draft (create or update: both take name and filter). */
function toBody(draft: SegmentDraft): z.input<typeof createSegmentSchema> {
  return { name: draft.name, filter: draft.filter };
}

/** The draft checked by the routes' own schema: the body, or issues at the draft's paths. The form's resolver. */
export const segmentDraftSchema = z
  .custom<SegmentDraft>((value) => typeof value === "object" && value !== null)
  .transform(toBody)
  .pipe(createSegmentSchema);
