"use client";

import { Input, Select } from "@/components/ui/input";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";
import { PlusIcon, TrashIcon } from "@/components/ui/icons";
import { campaignListOptions } from "@/lib/campaigns/queries";
import { contactAttributesOptions } from "@/lib/contacts/queries";
import { labelsOptions } from "@/lib/labels/queries";
import { segmentCountOptions } from "@/lib/segments/queries";
import {
  addCondition,
  addGroup,
  attributeDefault,
  canAddItem,
  canNest,
  clampWhole,
  completeFilter,
  defaultCondition,
  removeItem,
  replaceItem,
  withDateOp,
} from "@/lib/segments/segment-draft";
import {
  ENGAGEMENT_LABELS,
  ENGAGEMENTS,
  MAX_SEGMENT_DEPTH,
  type AttributeCondition,
  type Engagement,
  type SegmentCondition,
  type SegmentFilter,
  type SegmentGroup,
} from "@/lib/segments/schemas";

// The segment builder: a root AND/OR group of conditions and nested groups (bounded depth), with a live count
// that follows the edits (debounced). The edits are the draft model's operations (lib/segments/segment-draft.ts);
// the form (segments-page.tsx) checks the result with the route's schema and hands its issues down by path.

const KINDS: { kind: SegmentCondition["kind"]; label: string }[] = [
  { kind: "label", label: "Label" },
  { kind: "campaign", label: "Campaign engagement" },
  { kind: "neverWrote", label: "Never wrote to us" },
  { kind: "lastInbound", label: "Last message from them" },
  { kind: "optedOut", label: "Campaign opt-out" },
  { kind: "attribute", label: "Contact field" },
];

/** The form's issues by dotted path ("filter.items.0.labelId"), flattened from react-hook-form's error tree. */
export type IssueMap = Record<string, string>;

/** react-hook-form's error tree ({ filter: { items: [{ labelId: { message } }] } }) as an IssueMap. */
export function issuesOf(errors: unknown, prefix = ""): IssueMap {
  const out: IssueMap = {};
  if (typeof errors !== "object" || errors === null) return out;
  for (const [key, value] of Object.entries(errors as Record<string, unknown>)) {
    if (key === "ref" || key === "types" || typeof value !== "object" || value === null) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const message = (value as { message?: unknown }).message;
    if (typeof message === "string" && message) out[path] = message;
    Object.assign(out, issuesOf(value, path));
  }
  return out;
}

/** The issue of a condition (the first under its path) and the field it is about. */
function conditionIssue(issues: IssueMap, path: string): { field: string; message: string } | null {
  for (const [key, message] of Object.entries(issues)) {
    if (key === path) return { field: "", message };
    if (key.startsWith(`${path}.`)) return { field: key.slice(path.length + 1), message };
  }
  return null;
}

/** A schema message as a sentence; a missing field key reads as the control it is ("Pick a field."). */
function sentence(issue: { field: string; message: string }): string {
  const text = issue.field === "key" && issue.message === "key is required" ? "pick a field" : issue.message;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
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
  path,
  issues,
  depth = 1,
  onRemove,
}: {
  group: SegmentGroup;
  onChange: (g: SegmentGroup) => void;
  /** The group's path in the form ("filter", "filter.items.2"): issues are looked up under it. */
  path: string;
  issues: IssueMap;
  depth?: number;
  onRemove?: () => void;
}) {
  const groupIssue = issues[`${path}.items`];
  return (
    <fieldset
      className={`space-y-2 rounded-lg border p-3 ${depth === 1 ? "border-slate-200" : "border-dashed border-slate-300 bg-slate-50/60"}`}
      data-testid="segment-group"
    >
      <legend className="sr-only">{depth === 1 ? "Conditions" : "Group of conditions"}</legend>
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
        <span>Contacts matching</span>
        <Select
          compact
          aria-label="Match all or any"
          value={group.op}
          onChange={(e) => onChange({ ...group, op: e.target.value as "and" | "or" })}
        >
          <option value="and">all</option>
          <option value="or">any</option>
        </Select>
        <span>of these:</span>
        {onRemove ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={onRemove}
            className="hover:text-danger ml-auto"
            aria-label="Remove this group"
          >
            Remove group
          </Button>
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
                path={`${path}.items.${i}`}
                issues={issues}
                depth={depth + 1}
                onChange={(g) => onChange(replaceItem(group, i, g))}
                onRemove={() => onChange(removeItem(group, i))}
              />
            ) : (
              <ConditionEditor
                condition={item}
                issue={conditionIssue(issues, `${path}.items.${i}`)}
                onChange={(c) => onChange(replaceItem(group, i, c))}
                onRemove={() => onChange(removeItem(group, i))}
              />
            )}
          </li>
        ))}
      </ul>
      <FieldError message={groupIssue ? sentence({ field: "", message: groupIssue }) : undefined} />
      <div className="flex flex-wrap gap-2">
        <Button disabled={!canAddItem(group)} onClick={() => onChange(addCondition(group))} size="sm">
          <PlusIcon className="h-3.5 w-3.5" /> Condition
        </Button>
        {depth < MAX_SEGMENT_DEPTH ? (
          <Button
            disabled={!canNest(group, depth)}
            onClick={() => onChange(addGroup(group, depth))}
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
  issue,
  onChange,
  onRemove,
}: {
  condition: SegmentCondition;
  issue: { field: string; message: string } | null;
  onChange: (c: SegmentCondition) => void;
  onRemove: () => void;
}) {
  const labels = useQuery({ ...labelsOptions(), enabled: c.kind === "label" });
  const campaigns = useQuery({ ...campaignListOptions(), enabled: c.kind === "campaign" });
  const errorId = useId();
  /** The control an issue is about: marked invalid and described by the message. */
  const about = (field: string) =>
    issue?.field === field ? { invalid: true, "aria-describedby": errorId } : {};
  return (
    <div className="rounded-md bg-white p-2 ring-1 ring-slate-200" data-testid="segment-condition">
      <div className="flex flex-wrap items-center gap-2">
        <Select
          compact
          aria-label="Condition"
          value={c.kind}
          onChange={(e) => onChange(defaultCondition(e.target.value as SegmentCondition["kind"]))}
        >
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </Select>
        {c.kind === "label" ? (
          <>
            <Select
              compact
              aria-label="Has or lacks"
              value={c.has ? "has" : "lacks"}
              onChange={(e) => onChange({ ...c, has: e.target.value === "has" })}
            >
              <option value="has">is on the customer or conversation</option>
              <option value="lacks">is not on them</option>
            </Select>
            <Select
              compact
              aria-label="Label"
              value={c.labelId}
              onChange={(e) => onChange({ ...c, labelId: e.target.value })}
              {...about("labelId")}
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
            </Select>
          </>
        ) : c.kind === "campaign" ? (
          <>
            <Select
              compact
              aria-label="Campaign"
              className="max-w-[14rem]"
              value={c.campaignId ?? ""}
              onChange={(e) => onChange({ ...c, campaignId: e.target.value || undefined })}
              {...about("campaignId")}
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
            </Select>
            <span className="text-sm text-slate-600">: they</span>
            <Select
              compact
              aria-label="Engagement"
              value={c.engagement}
              onChange={(e) => onChange({ ...c, engagement: e.target.value as Engagement })}
            >
              {ENGAGEMENTS.map((e) => (
                <option key={e} value={e}>
                  {ENGAGEMENT_LABELS[e]}
                </option>
              ))}
            </Select>
            {c.engagement === "replied" ||
            c.engagement === "not_replied" ||
            c.engagement === "read_not_replied" ? (
              <label className="flex items-center gap-1 text-sm text-slate-600">
                within
                <Input
                  compact
                  type="number"
                  min={1}
                  max={720}
                  aria-label="Reply window in hours"
                  className="w-20"
                  value={c.withinHours}
                  onChange={(e) => onChange({ ...c, withinHours: clampWhole(e.target.value, 1, 720, 72) })}
                  {...about("withinHours")}
                />
                h
              </label>
            ) : null}
          </>
        ) : c.kind === "lastInbound" ? (
          <>
            <Select
              compact
              aria-label="Before or after"
              value={c.op}
              onChange={(e) => onChange({ ...c, op: e.target.value as "before" | "after" })}
            >
              <option value="before">came before</option>
              <option value="after">came on or after</option>
            </Select>
            <Input
              compact
              type="date"
              aria-label="Date"
              value={c.date}
              onChange={(e) => e.target.value && onChange({ ...c, date: e.target.value })}
              {...about("date")}
            />
          </>
        ) : c.kind === "attribute" ? (
          <AttributeConditionEditor condition={c} onChange={onChange} about={about} />
        ) : c.kind === "optedOut" ? (
          <Select
            compact
            aria-label="Opt-out"
            value={c.value ? "yes" : "no"}
            onChange={(e) => onChange({ ...c, value: e.target.value === "yes" })}
          >
            <option value="no">receives campaigns</option>
            <option value="yes">opted out</option>
          </Select>
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
      <FieldError id={errorId} message={issue ? sentence(issue) : undefined} />
    </div>
  );
}

/** A typed contact field: pick the field, then an operator and a value that fit its type. */
function AttributeConditionEditor({
  condition: c,
  onChange,
  about,
}: {
  condition: AttributeCondition;
  onChange: (c: AttributeCondition) => void;
  about: (field: string) => { invalid?: boolean; "aria-describedby"?: string };
}) {
  const fields = useQuery(contactAttributesOptions());
  const list = fields.data?.attributes ?? [];
  return (
    <>
      <Select
        compact
        aria-label="Field"
        className="max-w-[12rem]"
        value={c.key}
        onChange={(e) => {
          const field = list.find((f) => f.key === e.target.value);
          if (field) onChange(attributeDefault(field.key, field.type));
        }}
        {...about("key")}
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
      </Select>
      {c.key === "" ? null : c.type === "TEXT" ? (
        <>
          <Select
            compact
            aria-label="Operator"
            value={c.op}
            onChange={(e) => onChange({ ...c, op: e.target.value as "equals" | "contains" })}
          >
            <option value="equals">is</option>
            <option value="contains">contains</option>
          </Select>
          <Input
            compact
            aria-label="Value"
            className="w-40"
            maxLength={200}
            value={c.value}
            onChange={(e) => onChange({ ...c, value: e.target.value })}
            placeholder="text"
            {...about("value")}
          />
        </>
      ) : c.type === "NUMBER" ? (
        <>
          <Select
            compact
            aria-label="Operator"
            value={c.op}
            onChange={(e) => onChange({ ...c, op: e.target.value as "lt" | "eq" | "gt" })}
          >
            <option value="lt">is less than</option>
            <option value="eq">equals</option>
            <option value="gt">is greater than</option>
          </Select>
          <Input
            compact
            type="number"
            aria-label="Value"
            className="w-28"
            value={Number.isFinite(c.value) ? c.value : 0}
            onChange={(e) => onChange({ ...c, value: e.target.value === "" ? 0 : Number(e.target.value) })}
            {...about("value")}
          />
        </>
      ) : c.type === "DATE" ? (
        <>
          <Select
            compact
            aria-label="Operator"
            value={c.op}
            onChange={(e) => onChange(withDateOp(c, e.target.value as "before" | "after" | "within"))}
          >
            <option value="within">is within the last</option>
            <option value="before">is before</option>
            <option value="after">is after</option>
          </Select>
          {c.op === "within" ? (
            <label className="flex items-center gap-1 text-sm text-slate-600">
              <Input
                compact
                type="number"
                min={1}
                max={3650}
                aria-label="Days"
                className="w-20"
                value={c.days ?? 30}
                onChange={(e) => onChange({ ...c, days: clampWhole(e.target.value, 1, 3650, 30) })}
                {...about("days")}
              />
              days
            </label>
          ) : (
            <Input
              compact
              type="date"
              aria-label="Date"
              value={c.value ?? ""}
              onChange={(e) => e.target.value && onChange({ ...c, value: e.target.value })}
              {...about("value")}
            />
          )}
        </>
      ) : (
        <Select
          compact
          aria-label="Value"
          value={c.value ? "yes" : "no"}
          onChange={(e) => onChange({ ...c, value: e.target.value === "yes" })}
        >
          <option value="yes">is yes</option>
          <option value="no">is no</option>
        </Select>
      )}
    </>
  );
}
