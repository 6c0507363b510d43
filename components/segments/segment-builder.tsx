"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { PlusIcon, TrashIcon } from "@/components/ui/icons";
import { campaignListOptions } from "@/lib/campaigns/queries";
import { contactAttributesOptions } from "@/lib/contacts/queries";
import { labelsOptions } from "@/lib/labels/queries";
import { segmentCountOptions } from "@/lib/segments/queries";
import {
  ENGAGEMENT_LABELS,
  ENGAGEMENTS,
  MAX_GROUP_ITEMS,
  MAX_SEGMENT_DEPTH,
  type AttributeCondition,
  type Engagement,
  type SegmentCondition,
  type SegmentFilter,
  type SegmentGroup,
} from "@/lib/segments/schemas";
import { Button } from "@/components/ui/button";

// The segment builder: a root AND/OR group of conditions and nested groups (bounded depth), with a live count
// that follows the edits (debounced). Pure editing of the filter shape in lib/segments/schemas.ts.

const selectCls =
  "min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-800 outline-none focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/30";

const KINDS: { kind: SegmentCondition["kind"]; label: string }[] = [
  { kind: "label", label: "Label" },
  { kind: "campaign", label: "Campaign engagement" },
  { kind: "neverWrote", label: "Never wrote to us" },
  { kind: "lastInbound", label: "Last message from them" },
  { kind: "optedOut", label: "Campaign opt-out" },
  { kind: "attribute", label: "Contact field" },
];

const TODAY = () => new Date().toISOString().slice(0, 10);

/** A field condition's starting point for the field's type. */
function attributeDefault(key: string, type: AttributeCondition["type"]): AttributeCondition {
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

function defaultCondition(kind: SegmentCondition["kind"]): SegmentCondition {
  switch (kind) {
    case "label":
      return { kind, labelId: "", has: true };
    case "campaign":
      return { kind, engagement: "delivered_not_read", withinHours: 72 };
    case "neverWrote":
      return { kind };
    case "lastInbound":
      return { kind, op: "before", date: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10) };
    case "optedOut":
      return { kind, value: false };
    case "attribute":
      return attributeDefault("", "TEXT");
  }
}

/** A filter ready to count: conditions still missing a value (a label not picked yet) are left out. */
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

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}

/** How many contacts the filter matches now (debounced while editing). */
export function LiveCount({ filter }: { filter: SegmentFilter }) {
  const settled = useDebounced(completeFilter(filter), 400);
  const count = useQuery(segmentCountOptions(settled));
  return (
    <div
      className="rounded-lg bg-slate-50 p-3 text-sm text-slate-700"
      aria-live="polite"
      data-testid="segment-count"
    >
      {count.isPending ? (
        "Counting…"
      ) : count.isError ? (
        <span role="alert" className="text-red-700">
          Could not count: {count.error.message}
        </span>
      ) : (
        <>
          <span className="text-lg font-semibold text-slate-900" data-testid="segment-count-value">
            {count.data.matching.toLocaleString()}
          </span>{" "}
          contacts match now
          {count.data.optedOut > 0 ? (
            <span className="text-slate-500">
              {" "}
              ({count.data.optedOut.toLocaleString()} opted out: campaigns leave them out)
            </span>
          ) : null}
          .
          {count.data.sample.length > 0 ? (
            <span className="block text-xs text-slate-500">
              For example: {count.data.sample.map((s) => s.name ?? s.address).join(", ")}.
            </span>
          ) : null}
          {count.isFetching ? <span className="ml-1 text-xs text-slate-500">updating…</span> : null}
        </>
      )}
    </div>
  );
}

export function GroupEditor({
  group,
  onChange,
  depth = 1,
  onRemove,
}: {
  group: SegmentGroup;
  onChange: (g: SegmentGroup) => void;
  depth?: number;
  onRemove?: () => void;
}) {
  const setItem = (i: number, item: SegmentCondition | SegmentGroup | null) =>
    onChange({
      ...group,
      items:
        item === null
          ? group.items.filter((_, j) => j !== i)
          : group.items.map((x, j) => (j === i ? item : x)),
    });
  const full = group.items.length >= MAX_GROUP_ITEMS;
  return (
    <fieldset
      className={`space-y-2 rounded-lg border p-3 ${depth === 1 ? "border-slate-200" : "border-dashed border-slate-300 bg-slate-50/60"}`}
      data-testid="segment-group"
    >
      <legend className="sr-only">{depth === 1 ? "Conditions" : "Group of conditions"}</legend>
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
        <span>Contacts matching</span>
        <select
          aria-label="Match all or any"
          className={selectCls}
          value={group.op}
          onChange={(e) => onChange({ ...group, op: e.target.value as "and" | "or" })}
        >
          <option value="and">all</option>
          <option value="or">any</option>
        </select>
        <span>of these:</span>
        {onRemove ? (
          <button
            type="button"
            onClick={onRemove}
            className="ml-auto text-xs text-slate-500 hover:text-red-700"
            aria-label="Remove this group"
          >
            Remove group
          </button>
        ) : null}
      </div>
      {group.items.length === 0 ? (
        <p className="text-xs text-slate-500">No conditions yet: every contact matches.</p>
      ) : null}
      <ul className="space-y-2">
        {group.items.map((item, i) => (
          <li key={i}>
            {item.kind === "group" ? (
              <GroupEditor
                group={item}
                depth={depth + 1}
                onChange={(g) => setItem(i, g)}
                onRemove={() => setItem(i, null)}
              />
            ) : (
              <ConditionEditor
                condition={item}
                onChange={(c) => setItem(i, c)}
                onRemove={() => setItem(i, null)}
              />
            )}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button
          disabled={full}
          onClick={() => onChange({ ...group, items: [...group.items, defaultCondition("label")] })}
          size="sm"
        >
          <PlusIcon className="h-3.5 w-3.5" /> Condition
        </Button>
        {depth < MAX_SEGMENT_DEPTH ? (
          <Button
            disabled={full}
            onClick={() =>
              onChange({
                ...group,
                items: [
                  ...group.items,
                  {
                    kind: "group",
                    op: group.op === "and" ? "or" : "and",
                    items: [defaultCondition("label")],
                  },
                ],
              })
            }
            size="sm"
          >
            <PlusIcon className="h-3.5 w-3.5" /> Group ({group.op === "and" ? "any of" : "all of"})
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}

function ConditionEditor({
  condition: c,
  onChange,
  onRemove,
}: {
  condition: SegmentCondition;
  onChange: (c: SegmentCondition) => void;
  onRemove: () => void;
}) {
  const labels = useQuery({ ...labelsOptions(), enabled: c.kind === "label" });
  const campaigns = useQuery({ ...campaignListOptions(), enabled: c.kind === "campaign" });
  return (
    <div
      className="flex flex-wrap items-center gap-2 rounded-md bg-white p-2 ring-1 ring-slate-200"
      data-testid="segment-condition"
    >
      <select
        aria-label="Condition"
        className={selectCls}
        value={c.kind}
        onChange={(e) => onChange(defaultCondition(e.target.value as SegmentCondition["kind"]))}
      >
        {KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </select>
      {c.kind === "label" ? (
        <>
          <select
            aria-label="Has or lacks"
            className={selectCls}
            value={c.has ? "has" : "lacks"}
            onChange={(e) => onChange({ ...c, has: e.target.value === "has" })}
          >
            <option value="has">is on the customer or conversation</option>
            <option value="lacks">is not on them</option>
          </select>
          <select
            aria-label="Label"
            className={selectCls}
            value={c.labelId}
            onChange={(e) => onChange({ ...c, labelId: e.target.value })}
          >
            <option value="">Pick a label…</option>
            {(labels.data ?? []).map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
            {c.labelId && labels.data && !labels.data.some((l) => l.id === c.labelId) ? (
              <option value={c.labelId}>(deleted label)</option>
            ) : null}
          </select>
        </>
      ) : c.kind === "campaign" ? (
        <>
          <select
            aria-label="Campaign"
            className={`${selectCls} max-w-[14rem]`}
            value={c.campaignId ?? ""}
            onChange={(e) => onChange({ ...c, campaignId: e.target.value || undefined })}
          >
            <option value="">Any campaign</option>
            {(campaigns.data?.campaigns ?? [])
              .filter((x) => x.status !== "DRAFT")
              .map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            {c.campaignId &&
            campaigns.data &&
            !campaigns.data.campaigns.some((x) => x.id === c.campaignId) ? (
              <option value={c.campaignId}>(this campaign)</option>
            ) : null}
          </select>
          <span className="text-sm text-slate-600">: they</span>
          <select
            aria-label="Engagement"
            className={selectCls}
            value={c.engagement}
            onChange={(e) => onChange({ ...c, engagement: e.target.value as Engagement })}
          >
            {ENGAGEMENTS.map((e) => (
              <option key={e} value={e}>
                {ENGAGEMENT_LABELS[e]}
              </option>
            ))}
          </select>
          {c.engagement === "replied" ||
          c.engagement === "not_replied" ||
          c.engagement === "read_not_replied" ? (
            <label className="flex items-center gap-1 text-sm text-slate-600">
              within
              <input
                type="number"
                min={1}
                max={720}
                aria-label="Reply window in hours"
                className={`${selectCls} w-20`}
                value={c.withinHours}
                onChange={(e) =>
                  onChange({
                    ...c,
                    withinHours: Math.min(720, Math.max(1, Math.round(Number(e.target.value) || 72))),
                  })
                }
              />
              h
            </label>
          ) : null}
        </>
      ) : c.kind === "lastInbound" ? (
        <>
          <select
            aria-label="Before or after"
            className={selectCls}
            value={c.op}
            onChange={(e) => onChange({ ...c, op: e.target.value as "before" | "after" })}
          >
            <option value="before">came before</option>
            <option value="after">came on or after</option>
          </select>
          <input
            type="date"
            aria-label="Date"
            className={selectCls}
            value={c.date}
            onChange={(e) => e.target.value && onChange({ ...c, date: e.target.value })}
          />
        </>
      ) : c.kind === "attribute" ? (
        <AttributeConditionEditor condition={c} onChange={onChange} />
      ) : c.kind === "optedOut" ? (
        <select
          aria-label="Opt-out"
          className={selectCls}
          value={c.value ? "yes" : "no"}
          onChange={(e) => onChange({ ...c, value: e.target.value === "yes" })}
        >
          <option value="no">receives campaigns</option>
          <option value="yes">opted out</option>
        </select>
      ) : null}
      <Button
        onClick={onRemove}
        aria-label="Remove condition"
        variant="ghost"
        size="icon"
        className="ml-auto"
      >
        <TrashIcon />
      </Button>
    </div>
  );
}

/** A typed contact field: pick the field, then an operator and a value that fit its type. */
function AttributeConditionEditor({
  condition: c,
  onChange,
}: {
  condition: AttributeCondition;
  onChange: (c: AttributeCondition) => void;
}) {
  const fields = useQuery(contactAttributesOptions());
  const list = fields.data?.attributes ?? [];
  return (
    <>
      <select
        aria-label="Field"
        className={`${selectCls} max-w-[12rem]`}
        value={c.key}
        onChange={(e) => {
          const field = list.find((f) => f.key === e.target.value);
          if (field) onChange(attributeDefault(field.key, field.type));
        }}
      >
        <option value="">Pick a field…</option>
        {list.map((f) => (
          <option key={f.key} value={f.key}>
            {f.label}
          </option>
        ))}
        {c.key && fields.data && !list.some((f) => f.key === c.key) ? (
          <option value={c.key}>(deleted field)</option>
        ) : null}
      </select>
      {c.key === "" ? null : c.type === "TEXT" ? (
        <>
          <select
            aria-label="Operator"
            className={selectCls}
            value={c.op}
            onChange={(e) => onChange({ ...c, op: e.target.value as "equals" | "contains" })}
          >
            <option value="equals">is</option>
            <option value="contains">contains</option>
          </select>
          <input
            aria-label="Value"
            className={`${selectCls} w-40`}
            maxLength={200}
            value={c.value}
            onChange={(e) => onChange({ ...c, value: e.target.value })}
            placeholder="text"
          />
        </>
      ) : c.type === "NUMBER" ? (
        <>
          <select
            aria-label="Operator"
            className={selectCls}
            value={c.op}
            onChange={(e) => onChange({ ...c, op: e.target.value as "lt" | "eq" | "gt" })}
          >
            <option value="lt">is less than</option>
            <option value="eq">equals</option>
            <option value="gt">is greater than</option>
          </select>
          <input
            type="number"
            aria-label="Value"
            className={`${selectCls} w-28`}
            value={Number.isFinite(c.value) ? c.value : 0}
            onChange={(e) => onChange({ ...c, value: e.target.value === "" ? 0 : Number(e.target.value) })}
          />
        </>
      ) : c.type === "DATE" ? (
        <>
          <select
            aria-label="Operator"
            className={selectCls}
            value={c.op}
            onChange={(e) => {
              const op = e.target.value as "before" | "after" | "within";
              onChange(
                op === "within"
                  ? { ...c, op, days: c.days ?? 30, value: undefined }
                  : { ...c, op, value: c.value ?? TODAY(), days: undefined },
              );
            }}
          >
            <option value="within">is within the last</option>
            <option value="before">is before</option>
            <option value="after">is after</option>
          </select>
          {c.op === "within" ? (
            <label className="flex items-center gap-1 text-sm text-slate-600">
              <input
                type="number"
                min={1}
                max={3650}
                aria-label="Days"
                className={`${selectCls} w-20`}
                value={c.days ?? 30}
                onChange={(e) =>
                  onChange({
                    ...c,
                    days: Math.min(3650, Math.max(1, Math.round(Number(e.target.value) || 30))),
                  })
                }
              />
              days
            </label>
          ) : (
            <input
              type="date"
              aria-label="Date"
              className={selectCls}
              value={c.value ?? ""}
              onChange={(e) => e.target.value && onChange({ ...c, value: e.target.value })}
            />
          )}
        </>
      ) : (
        <select
          aria-label="Value"
          className={selectCls}
          value={c.value ? "yes" : "no"}
          onChange={(e) => onChange({ ...c, value: e.target.value === "yes" })}
        >
          <option value="yes">is yes</option>
          <option value="no">is no</option>
        </select>
      )}
    </>
  );
}
