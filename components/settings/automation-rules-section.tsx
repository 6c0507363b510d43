"use client";

import { controlClass } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError } from "@/lib/api-client/fetch";
import { useRuleMutations } from "@/lib/automation/rules/hooks/use-rule-mutations";
import { rulesOptions } from "@/lib/automation/rules/queries";
import type { RuleAction, RuleBodyInput, RuleCondition, RuleDto } from "@/lib/automation/rules/schemas";
import { campaignListOptions } from "@/lib/campaigns/queries";
import { labelsOptions } from "@/lib/labels/queries";
import { assigneesOptions, cannedResponsesOptions } from "@/lib/messaging/queries";
import { formatDateTime } from "@/lib/format/date-time";

// Settings → Automation rules: "when a customer message matches … then …", in order. Each rule can be moved up or
// down, switched off, edited, previewed over the latest customer messages (a dry run: nothing is sent or changed)
// and deleted. Every change is audit-logged by the server.

const CONDITION_LABELS: Record<RuleCondition["type"], string> = {
  keyword: "Contains a keyword",
  regex: "Matches a pattern",
  first_message: "Is the customer's first message",
  from_campaign: "Replies to a campaign",
  label: "Conversation or customer has a label",
};
const ACTION_LABELS: Record<RuleAction["type"], string> = {
  assign: "Assign to",
  label: "Add a label",
  set_status: "Set the status",
  reply: "Reply with a quick reply",
  notify: "Notify",
};

type Draft = {
  name: string;
  enabled: boolean;
  match: "all" | "any";
  conditions: RuleCondition[];
  actions: RuleAction[];
  cooldownMinutes: number;
  stopAfter: boolean;
};

const EMPTY: Draft = {
  name: "",
  enabled: true,
  match: "all",
  conditions: [{ type: "keyword", keywords: [] }],
  actions: [{ type: "label", labelId: "" }],
  cooldownMinutes: 60,
  stopAfter: false,
};

function newCondition(type: RuleCondition["type"]): RuleCondition {
  switch (type) {
    case "keyword":
      return { type, keywords: [] };
    case "regex":
      return { type, pattern: "" };
    case "first_message":
      return { type };
    case "from_campaign":
      return { type, campaignId: null };
    case "label":
      return { type, labelId: "" };
  }
}
function newAction(type: RuleAction["type"]): RuleAction {
  switch (type) {
    case "assign":
      return { type, userId: "" };
    case "label":
      return { type, labelId: "" };
    case "set_status":
      return { type, status: "PENDING" };
    case "reply":
      return { type, cannedResponseId: "" };
    case "notify":
      return { type, userId: null };
  }
}

type Issue = { path: string; message: string };

export function AutomationRulesSection() {
  const rules = useQuery(rulesOptions());
  const mutations = useRuleMutations();
  const [editing, setEditing] = useState<{ id: string | null; draft: Draft } | null>(null);

  function move(index: number, by: -1 | 1) {
    const list = rules.data ?? [];
    const ids = list.map((r) => r.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    mutations.reorder.mutate(ids);
  }

  return (
    <section
      className="rounded-xl border border-slate-200 bg-white shadow-sm"
      aria-labelledby="rules-heading"
      data-testid="automation-rules"
    >
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
        <div className="min-w-0 flex-1">
          <h2 id="rules-heading" className="text-sm font-semibold text-slate-900">
            Automation rules
          </h2>
          <p className="mt-1 text-xs text-slate-500">
            When a customer&apos;s message matches, then act — top to bottom. A rule fires at most once per
            conversation in its cooldown, and nothing a rule does (its reply included) triggers rules. Replies
            go only while the 24-hour window is open.
          </p>
        </div>
        <Button size="sm" onClick={() => setEditing({ id: null, draft: EMPTY })} disabled={editing !== null}>
          New rule
        </Button>
      </div>
      {rules.isPending ? (
        <div className="h-24 animate-pulse" aria-busy="true" />
      ) : rules.isError ? (
        <p role="alert" className="m-5 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load the rules: {rules.error.message}
        </p>
      ) : (
        <>
          {rules.data.length === 0 && !editing ? (
            <p className="px-5 py-4 text-sm text-slate-500">No rules yet.</p>
          ) : null}
          <ol className="divide-y divide-slate-100">
            {rules.data.map((rule, index) =>
              editing?.id === rule.id ? (
                <li key={rule.id}>
                  <RuleEditor
                    initial={editing.draft}
                    id={rule.id}
                    onDone={() => setEditing(null)}
                    mutations={mutations}
                  />
                </li>
              ) : (
                <li
                  key={rule.id}
                  className="flex flex-wrap items-center gap-3 px-5 py-3"
                  data-testid="rule-row"
                >
                  <span className="w-6 shrink-0 text-xs text-slate-500 tabular-nums">{index + 1}.</span>
                  <div className="min-w-[12rem] flex-1">
                    <p
                      className={`truncate text-sm font-medium ${rule.enabled ? "text-slate-900" : "text-slate-500 line-through"}`}
                    >
                      {rule.name}
                    </p>
                    <p className="truncate text-xs text-slate-500">
                      {rule.conditions
                        .map((c) => CONDITION_LABELS[c.type])
                        .join(rule.match === "all" ? " and " : " or ")}{" "}
                      → {rule.actions.map((a) => ACTION_LABELS[a.type].toLowerCase()).join(", ")}
                      {rule.stopAfter ? " · stops here" : ""} · once per {rule.cooldownMinutes} min
                    </p>
                  </div>
                  <div className="flex shrink-0 flex-wrap items-center gap-1.5">
                    <Button
                      size="sm"
                      aria-label={`Move ${rule.name} up`}
                      disabled={index === 0 || mutations.reorder.isPending}
                      onClick={() => move(index, -1)}
                    >
                      ↑
                    </Button>
                    <Button
                      size="sm"
                      aria-label={`Move ${rule.name} down`}
                      disabled={index === rules.data.length - 1 || mutations.reorder.isPending}
                      onClick={() => move(index, 1)}
                    >
                      ↓
                    </Button>
                    <label className="flex items-center gap-1.5 px-1 text-xs text-slate-700">
                      <input
                        type="checkbox"
                        checked={rule.enabled}
                        onChange={(e) =>
                          mutations.save.mutate({ id: rule.id, body: { enabled: e.target.checked } })
                        }
                        className="h-4 w-4 rounded border-slate-300 text-emerald-600"
                        aria-label={`${rule.name} enabled`}
                      />
                      On
                    </label>
                    <Button
                      size="sm"
                      disabled={editing !== null}
                      onClick={() => setEditing({ id: rule.id, draft: toDraft(rule) })}
                    >
                      Edit
                    </Button>
                    <Button
                      variant="danger"
                      size="sm"
                      onClick={() => {
                        if (window.confirm(`Delete the rule “${rule.name}”?`))
                          mutations.remove.mutate(rule.id);
                      }}
                    >
                      Delete
                    </Button>
                  </div>
                </li>
              ),
            )}
          </ol>
          {editing && editing.id === null ? (
            <RuleEditor
              initial={editing.draft}
              id={null}
              onDone={() => setEditing(null)}
              mutations={mutations}
            />
          ) : null}
        </>
      )}
    </section>
  );
}

function toDraft(rule: RuleDto): Draft {
  return {
    name: rule.name,
    enabled: rule.enabled,
    match: rule.match,
    conditions: rule.conditions,
    actions: rule.actions,
    cooldownMinutes: rule.cooldownMinutes,
    stopAfter: rule.stopAfter,
  };
}

function RuleEditor({
  initial,
  id,
  onDone,
  mutations,
}: {
  initial: Draft;
  id: string | null;
  onDone: () => void;
  mutations: ReturnType<typeof useRuleMutations>;
}) {
  const [draft, setDraft] = useState<Draft>(initial);
  const labels = useQuery(labelsOptions());
  const users = useQuery(assigneesOptions());
  const replies = useQuery(cannedResponsesOptions());
  const campaigns = useQuery(campaignListOptions());
  const { save, preview } = mutations;
  const issues: Issue[] =
    save.error instanceof ApiError
      ? ((save.error.details?.issues as Issue[] | undefined) ?? [])
      : preview.error instanceof ApiError
        ? ((preview.error.details?.issues as Issue[] | undefined) ?? [])
        : [];
  const error = save.error ?? preview.error;

  const update = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }));
    // A change makes the last answer stale: its error (or its dry run) no longer describes the draft.
    if (preview.data || preview.isError) preview.reset();
    if (save.isError) save.reset();
  };
  const setCondition = (i: number, c: RuleCondition) =>
    update({ conditions: draft.conditions.map((x, k) => (k === i ? c : x)) });
  const setAction = (i: number, a: RuleAction) =>
    update({ actions: draft.actions.map((x, k) => (k === i ? a : x)) });
  const body: RuleBodyInput = draft;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ id, body }, { onSuccess: onDone });
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-4 border-t border-slate-100 bg-slate-50/60 px-5 py-5"
      aria-label={id ? "Edit rule" : "New rule"}
    >
      <div className="flex flex-wrap gap-3">
        <label className="block min-w-0 flex-1 text-sm font-medium text-slate-800">
          Name
          <input
            value={draft.name}
            onChange={(e) => update({ name: e.target.value })}
            maxLength={80}
            name="rule-name"
            className={`mt-1 block w-full ${controlClass}`}
          />
        </label>
        <label className="block text-sm font-medium text-slate-800">
          At most once per conversation every
          <span className="mt-1 flex items-center gap-2">
            <input
              type="number"
              min={1}
              max={10080}
              value={draft.cooldownMinutes}
              onChange={(e) => update({ cooldownMinutes: Number(e.target.value) })}
              name="rule-cooldown"
              className={`w-24 ${controlClass}`}
            />
            <span className="text-sm font-normal text-slate-600">minutes</span>
          </span>
        </label>
      </div>

      <fieldset className="min-w-0 space-y-2">
        <legend className="text-sm font-medium text-slate-900">
          When a customer message{" "}
          <select
            value={draft.match}
            onChange={(e) => update({ match: e.target.value as Draft["match"] })}
            name="rule-match"
            className={`mx-1 py-1 ${controlClass}`}
            aria-label="Match"
          >
            <option value="all">matches all of</option>
            <option value="any">matches any of</option>
          </select>
        </legend>
        {draft.conditions.map((c, i) => (
          <div key={i} className="flex flex-wrap items-start gap-2" data-testid="rule-condition">
            <select
              value={c.type}
              onChange={(e) => setCondition(i, newCondition(e.target.value as RuleCondition["type"]))}
              aria-label={`Condition ${i + 1}`}
              className={`min-w-0 ${controlClass}`}
            >
              {Object.entries(CONDITION_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
            {c.type === "keyword" ? (
              <input
                defaultValue={c.keywords.join(", ")}
                onChange={(e) =>
                  setCondition(i, {
                    type: "keyword",
                    keywords: e.target.value
                      .split(",")
                      .map((k) => k.trim())
                      .filter(Boolean),
                  })
                }
                placeholder="price, prices, cost"
                aria-label="Keywords (comma-separated)"
                className={`min-w-0 flex-1 ${controlClass}`}
              />
            ) : c.type === "regex" ? (
              <input
                value={c.pattern}
                onChange={(e) => setCondition(i, { type: "regex", pattern: e.target.value })}
                placeholder="order\s*#?\d{4,}"
                aria-label="Pattern"
                maxLength={200}
                className={`min-w-0 flex-1 font-mono ${controlClass}`}
              />
            ) : c.type === "from_campaign" ? (
              <select
                value={c.campaignId ?? ""}
                onChange={(e) =>
                  setCondition(i, { type: "from_campaign", campaignId: e.target.value || null })
                }
                aria-label="Campaign"
                className={`min-w-0 flex-1 ${controlClass}`}
              >
                <option value="">Any campaign</option>
                {(campaigns.data?.campaigns ?? []).map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
            ) : c.type === "label" ? (
              <select
                value={c.labelId}
                onChange={(e) => setCondition(i, { type: "label", labelId: e.target.value })}
                aria-label="Label"
                className={`min-w-0 flex-1 ${controlClass}`}
              >
                <option value="">Pick a label…</option>
                {(labels.data ?? []).map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            ) : null}
            {draft.conditions.length > 1 ? (
              <Button
                size="sm"
                onClick={() => update({ conditions: draft.conditions.filter((_, k) => k !== i) })}
                aria-label={`Remove condition ${i + 1}`}
              >
                Remove
              </Button>
            ) : null}
            <IssueAt issues={issues} prefix={`conditions[${i}]`} />
          </div>
        ))}
        <Button
          size="sm"
          onClick={() => update({ conditions: [...draft.conditions, newCondition("keyword")] })}
          disabled={draft.conditions.length >= 10}
        >
          Add condition
        </Button>
      </fieldset>

      <fieldset className="min-w-0 space-y-2">
        <legend className="text-sm font-medium text-slate-900">Then</legend>
        {draft.actions.map((a, i) => (
          <div key={i} className="flex flex-wrap items-start gap-2" data-testid="rule-action">
            <select
              value={a.type}
              onChange={(e) => setAction(i, newAction(e.target.value as RuleAction["type"]))}
              aria-label={`Action ${i + 1}`}
              className={`min-w-0 ${controlClass}`}
            >
              {Object.entries(ACTION_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
            {a.type === "assign" || a.type === "notify" ? (
              <select
                value={a.userId ?? ""}
                onChange={(e) =>
                  setAction(
                    i,
                    a.type === "assign"
                      ? { type: "assign", userId: e.target.value }
                      : { type: "notify", userId: e.target.value || null },
                  )
                }
                aria-label={a.type === "assign" ? "Agent" : "Who to notify"}
                className={`min-w-0 flex-1 ${controlClass}`}
              >
                <option value="">
                  {a.type === "assign" ? "Pick an agent…" : "The conversation's assignee"}
                </option>
                {(users.data ?? []).map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            ) : a.type === "label" ? (
              <select
                value={a.labelId}
                onChange={(e) => setAction(i, { type: "label", labelId: e.target.value })}
                aria-label="Label to add"
                className={`min-w-0 flex-1 ${controlClass}`}
              >
                <option value="">Pick a label…</option>
                {(labels.data ?? []).map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            ) : a.type === "set_status" ? (
              <select
                value={a.status}
                onChange={(e) =>
                  setAction(i, {
                    type: "set_status",
                    status: e.target.value as "OPEN" | "PENDING" | "RESOLVED",
                  })
                }
                aria-label="Status"
                className={`min-w-0 flex-1 ${controlClass}`}
              >
                <option value="OPEN">Open</option>
                <option value="PENDING">Pending</option>
                <option value="RESOLVED">Resolved</option>
              </select>
            ) : a.type === "reply" ? (
              <select
                value={a.cannedResponseId}
                onChange={(e) => setAction(i, { type: "reply", cannedResponseId: e.target.value })}
                aria-label="Quick reply"
                className={`min-w-0 flex-1 ${controlClass}`}
              >
                <option value="">Pick a quick reply…</option>
                {(replies.data ?? []).map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title} (/{r.shortcut})
                  </option>
                ))}
              </select>
            ) : null}
            {draft.actions.length > 1 ? (
              <Button
                size="sm"
                onClick={() => update({ actions: draft.actions.filter((_, k) => k !== i) })}
                aria-label={`Remove action ${i + 1}`}
              >
                Remove
              </Button>
            ) : null}
            <IssueAt issues={issues} prefix={`actions[${i}]`} />
          </div>
        ))}
        <Button
          size="sm"
          onClick={() => update({ actions: [...draft.actions, newAction("notify")] })}
          disabled={draft.actions.length >= 10}
        >
          Add action
        </Button>
      </fieldset>

      <div className="flex flex-wrap gap-x-6 gap-y-2">
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            checked={draft.stopAfter}
            onChange={(e) => update({ stopAfter: e.target.checked })}
            className="h-4 w-4 rounded border-slate-300 text-emerald-600"
            name="rule-stop"
          />
          Stop here: rules below are not evaluated when this one fires
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => update({ enabled: e.target.checked })}
            className="h-4 w-4 rounded border-slate-300 text-emerald-600"
            name="rule-enabled"
          />
          Enabled
        </label>
      </div>

      {error ? (
        <div role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {issues.length > 0 ? (
            <ul className="list-disc pl-4">
              {issues.map((i) => (
                <li key={`${i.path}:${i.message}`}>
                  {i.path ? `${i.path}: ` : ""}
                  {i.message}
                </li>
              ))}
            </ul>
          ) : (
            error.message
          )}
        </div>
      ) : null}

      {preview.data ? (
        <div
          className="rounded-lg border border-slate-200 bg-white p-3 text-sm"
          data-testid="rule-preview"
          aria-live="polite"
        >
          <p className="font-medium text-slate-900">
            Dry run: {preview.data.matched.length} of the last {preview.data.evaluated} customer messages
            would match.
          </p>
          <p className="mt-1 text-xs text-slate-600">
            Each time it would: {preview.data.wouldDo.join("; ")}. Nothing was sent or changed.
          </p>
          {preview.data.matched.length > 0 ? (
            <ul className="mt-2 max-h-56 divide-y divide-slate-100 overflow-y-auto">
              {preview.data.matched.map((m) => (
                <li key={m.messageId} className="flex min-w-0 gap-3 py-1.5 text-xs">
                  <span className="w-28 shrink-0 truncate text-slate-500">{formatDateTime(m.at)}</span>
                  <span className="w-28 shrink-0 truncate font-medium text-slate-700">
                    {m.contactName ?? "Unknown"}
                  </span>
                  <span className="min-w-0 flex-1 truncate text-slate-800">{m.text ?? "(no text)"}</span>
                </li>
              ))}
            </ul>
          ) : null}
          {preview.data.regexTimedOut > 0 ? (
            <p className="mt-1 text-xs text-amber-700">
              The pattern ran out of time on {preview.data.regexTimedOut} messages (counted as no match).
            </p>
          ) : null}
        </div>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : id ? "Save rule" : "Add rule"}
        </Button>
        <Button size="sm" onClick={() => preview.mutate(body)} disabled={preview.isPending}>
          {preview.isPending ? "Previewing…" : "Preview on recent messages"}
        </Button>
        <Button
          size="sm"
          onClick={() => {
            save.reset();
            preview.reset();
            onDone();
          }}
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}

function IssueAt({ issues, prefix }: { issues: Issue[]; prefix: string }) {
  const found = issues.filter(
    (i) =>
      i.path === prefix ||
      i.path.startsWith(`${prefix}.`) ||
      i.path === `rule.${prefix}` ||
      i.path.startsWith(`rule.${prefix}.`),
  );
  if (found.length === 0) return null;
  return <p className="basis-full text-xs text-red-700">{found.map((i) => i.message).join("; ")}</p>;
}
