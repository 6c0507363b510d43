"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import {
  Controller,
  useFieldArray,
  useForm,
  useWatch,
  type FieldArray,
  type FieldError as HookFieldError,
  type UseFormReturn,
} from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FieldError, FormError } from "@/components/ui/field";
import { Checkbox, Input, Select } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { useRuleMutations } from "@/lib/automation/rules/hooks/use-rule-mutations";
import { rulesOptions } from "@/lib/automation/rules/queries";
import {
  emptyRuleDraft,
  newActionDraft,
  newConditionDraft,
  ruleDraftSchema,
  toRuleDraft,
  type RuleDraft,
} from "@/lib/automation/rules/rule-draft";
import type { RuleAction, RuleBody, RuleCondition } from "@/lib/automation/rules/schemas";
import { campaignListOptions } from "@/lib/campaigns/queries";
import { labelsOptions } from "@/lib/labels/queries";
import { assigneesOptions, cannedResponsesOptions } from "@/lib/messaging/queries";
import { formatDateTime } from "@/lib/format/date-time";
import { SectionQuery, SettingsSection } from "./settings-section";

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

const RULE_FIELDS = [
  "name",
  "enabled",
  "match",
  "conditions",
  "actions",
  "cooldownMinutes",
  "stopAfter",
] as const;

export function AutomationRulesSection() {
  const rules = useQuery(rulesOptions());
  const mutations = useRuleMutations();
  const [editing, setEditing] = useState<{ id: string | null; draft: RuleDraft } | null>(null);

  function move(index: number, by: -1 | 1) {
    const list = rules.data ?? [];
    const ids = list.map((r) => r.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    mutations.reorder.mutate(ids);
  }

  return (
    <SettingsSection
      headingId="rules-heading"
      title="Automation rules"
      testId="automation-rules"
      description={
        <>
          When a customer&apos;s message matches, then act — top to bottom. A rule fires at most once per
          conversation in its cooldown, and nothing a rule does (its reply included) triggers rules. Replies
          go only while the 24-hour window is open.
        </>
      }
      actions={
        <Button
          size="sm"
          onClick={() => setEditing({ id: null, draft: emptyRuleDraft() })}
          disabled={editing !== null}
        >
          New rule
        </Button>
      }
    >
      <SectionQuery query={rules} what="the rules" placeholderClass="h-24">
        {(list) => (
          <>
            {list.length === 0 && !editing ? (
              <p className="px-5 py-4 text-sm text-slate-500">No rules yet.</p>
            ) : null}
            <ol className="divide-y divide-slate-100">
              {list.map((rule, index) =>
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
                        disabled={index === list.length - 1 || mutations.reorder.isPending}
                        onClick={() => move(index, 1)}
                      >
                        ↓
                      </Button>
                      <Checkbox
                        label="On"
                        className="px-1"
                        checked={rule.enabled}
                        onChange={(e) =>
                          mutations.save.mutate({ id: rule.id, body: { enabled: e.target.checked } })
                        }
                        aria-label={`${rule.name} enabled`}
                      />
                      <Button
                        size="sm"
                        disabled={editing !== null}
                        onClick={() => setEditing({ id: rule.id, draft: toRuleDraft(rule) })}
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
      </SectionQuery>
    </SettingsSection>
  );
}

/** The messages under one list item's fields (a condition or an action), joined. */
function itemError(
  errors: Partial<Record<string, HookFieldError | undefined>> | undefined,
): string | undefined {
  if (!errors) return undefined;
  const messages = Object.values(errors).flatMap((e) => (e?.message ? [e.message] : []));
  return messages.length > 0 ? messages.join("; ") : undefined;
}

function RuleEditor({
  initial,
  id,
  onDone,
  mutations,
}: {
  initial: RuleDraft;
  id: string | null;
  onDone: () => void;
  mutations: ReturnType<typeof useRuleMutations>;
}) {
  const form = useForm<RuleDraft, unknown, RuleBody>({
    resolver: zodResolver(ruleDraftSchema),
    defaultValues: initial,
  });
  const { errors } = form.formState;
  const { save, preview } = mutations;

  // A change makes the last answer stale: its error (or its dry run) no longer describes the draft.
  function stale() {
    if (preview.data || preview.isError) preview.reset();
    if (save.isError) save.reset();
  }
  function submit(body: RuleBody) {
    save.mutate(
      { id, body },
      { onSuccess: onDone, onError: (e) => applyServerErrors(e, form.setError, { fields: RULE_FIELDS }) },
    );
  }
  function runPreview(body: RuleBody) {
    preview.mutate(body, {
      onError: (e) => applyServerErrors(e, form.setError, { fields: RULE_FIELDS, prefix: "rule" }),
    });
  }
  return (
    <form
      onSubmit={(e) => void form.handleSubmit(submit)(e)}
      noValidate
      onChange={stale}
      className="space-y-4 border-t border-slate-100 bg-slate-50/60 px-5 py-5"
      aria-label={id ? "Edit rule" : "New rule"}
    >
      <div className="flex flex-wrap gap-3">
        <div className="min-w-0 flex-1">
          <label htmlFor="rule-name" className="block text-sm font-medium text-slate-800">
            Name
          </label>
          {/* Controlled: the input keeps its own name (rule-name), which register() would replace. */}
          <Controller
            control={form.control}
            name="name"
            render={({ field, fieldState }) => (
              <Input
                id="rule-name"
                {...field}
                name="rule-name"
                maxLength={80}
                invalid={Boolean(fieldState.error)}
                aria-describedby={fieldState.error ? "rule-name-error" : undefined}
                className="mt-1"
              />
            )}
          />
          <FieldError id="rule-name-error" message={errors.name?.message} />
        </div>
        <div>
          <label htmlFor="rule-cooldown" className="block text-sm font-medium text-slate-800">
            At most once per conversation every
          </label>
          <span className="mt-1 flex items-center gap-2">
            <Input
              id="rule-cooldown"
              type="number"
              min={1}
              max={10080}
              className="max-w-24"
              invalid={Boolean(errors.cooldownMinutes)}
              aria-describedby={errors.cooldownMinutes ? "rule-cooldown-error" : undefined}
              {...form.register("cooldownMinutes", { valueAsNumber: true })}
            />
            <span className="text-sm font-normal text-slate-600">minutes</span>
          </span>
          <FieldError id="rule-cooldown-error" message={errors.cooldownMinutes?.message} />
        </div>
      </div>

      <DraftItems
        form={form}
        name="conditions"
        legend={
          <>
            When a customer message{" "}
            <Select compact aria-label="Match" className="mx-1" {...form.register("match")}>
              <option value="all">matches all of</option>
              <option value="any">matches any of</option>
            </Select>
          </>
        }
        addLabel="Add condition"
        newItem={() => newConditionDraft("keyword")}
        Row={ConditionRow}
        onChange={stale}
      />
      <DraftItems
        form={form}
        name="actions"
        legend="Then"
        addLabel="Add action"
        newItem={() => newActionDraft("notify")}
        Row={ActionRow}
        onChange={stale}
      />

      <div className="flex flex-wrap gap-x-6 gap-y-2">
        <Checkbox
          label="Stop here: rules below are not evaluated when this one fires"
          {...form.register("stopAfter")}
        />
        <Checkbox label="Enabled" {...form.register("enabled")} />
      </div>

      <FormError message={errors.root?.server?.message} />

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
        <Button type="submit" variant="primary" pending={save.isPending}>
          {save.isPending ? "Saving…" : id ? "Save rule" : "Add rule"}
        </Button>
        <Button size="sm" onClick={() => void form.handleSubmit(runPreview)()} pending={preview.isPending}>
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

function ConditionRow({ form, index: i, error, onRemove }: RowProps) {
  const type = useWatch({ control: form.control, name: `conditions.${i}.type` });
  const campaigns = useQuery(campaignListOptions());
  const describedBy = error ? itemErrorId("condition", i) : undefined;
  return (
    <ItemRow
      noun="condition"
      index={i}
      error={error}
      onRemove={onRemove}
      kind={
        <Select
          aria-label={`Condition ${i + 1}`}
          className="min-w-0"
          {...form.register(`conditions.${i}.type`)}
        >
          <KindOptions labels={CONDITION_LABELS} />
        </Select>
      }
    >
      {type === "keyword" ? (
        <Input
          placeholder="price, prices, cost"
          aria-label="Keywords (comma-separated)"
          aria-describedby={describedBy}
          invalid={Boolean(error)}
          className="min-w-0 flex-1"
          {...form.register(`conditions.${i}.keywords`)}
        />
      ) : type === "regex" ? (
        <Input
          placeholder="order\s*#?\d{4,}"
          aria-label="Pattern"
          aria-describedby={describedBy}
          invalid={Boolean(error)}
          maxLength={200}
          className="min-w-0 flex-1 font-mono"
          {...form.register(`conditions.${i}.pattern`)}
        />
      ) : type === "from_campaign" ? (
        <Select
          aria-label="Campaign"
          className="min-w-0 flex-1"
          {...form.register(`conditions.${i}.campaignId`)}
        >
          <option value="">Any campaign</option>
          {(campaigns.data?.campaigns ?? []).map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </Select>
      ) : type === "label" ? (
        <Select
          aria-label="Label"
          aria-describedby={describedBy}
          invalid={Boolean(error)}
          className="min-w-0 flex-1"
          {...form.register(`conditions.${i}.labelId`)}
        >
          <LabelOptions />
        </Select>
      ) : null}
    </ItemRow>
  );
}

function ActionRow({ form, index: i, error, onRemove }: RowProps) {
  const type = useWatch({ control: form.control, name: `actions.${i}.type` });
  const users = useQuery(assigneesOptions());
  const replies = useQuery(cannedResponsesOptions());
  const control = {
    "aria-describedby": error ? itemErrorId("action", i) : undefined,
    invalid: Boolean(error),
  };
  return (
    <ItemRow
      noun="action"
      index={i}
      error={error}
      onRemove={onRemove}
      kind={
        <Select aria-label={`Action ${i + 1}`} className="min-w-0" {...form.register(`actions.${i}.type`)}>
          <KindOptions labels={ACTION_LABELS} />
        </Select>
      }
    >
      {type === "assign" || type === "notify" ? (
        <Select
          aria-label={type === "assign" ? "Agent" : "Who to notify"}
          className="min-w-0 flex-1"
          {...control}
          {...form.register(`actions.${i}.userId`)}
        >
          <option value="">{type === "assign" ? "Pick an agent…" : "The conversation's assignee"}</option>
          {(users.data ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </Select>
      ) : type === "label" ? (
        <Select
          aria-label="Label to add"
          className="min-w-0 flex-1"
          {...control}
          {...form.register(`actions.${i}.labelId`)}
        >
          <LabelOptions />
        </Select>
      ) : type === "set_status" ? (
        <Select aria-label="Status" className="min-w-0 flex-1" {...form.register(`actions.${i}.status`)}>
          <option value="OPEN">Open</option>
          <option value="PENDING">Pending</option>
          <option value="RESOLVED">Resolved</option>
        </Select>
      ) : type === "reply" ? (
        <Select
          aria-label="Quick reply"
          className="min-w-0 flex-1"
          {...control}
          {...form.register(`actions.${i}.cannedResponseId`)}
        >
          <option value="">Pick a quick reply…</option>
          {(replies.data ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {r.title} (/{r.shortcut})
            </option>
          ))}
        </Select>
      ) : null}
    </ItemRow>
  );
}

const itemErrorId = (noun: "condition" | "action", index: number) => `rule-${noun}-${index}-error`;

/** One condition or action: its kind, its own controls, Remove, and its error under them. */
function ItemRow({
  noun,
  index,
  kind,
  error,
  onRemove,
  children,
}: {
  noun: "condition" | "action";
  index: number;
  kind: ReactNode;
  error: string | undefined;
  onRemove: (() => void) | null;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-start gap-2" data-testid={`rule-${noun}`}>
      {kind}
      {children}
      {onRemove ? (
        <Button size="sm" onClick={onRemove} aria-label={`Remove ${noun} ${index + 1}`}>
          Remove
        </Button>
      ) : null}
      {error ? (
        <p id={itemErrorId(noun, index)} role="alert" className="basis-full text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function KindOptions({ labels }: { labels: Record<string, string> }) {
  return Object.entries(labels).map(([value, label]) => (
    <option key={value} value={value}>
      {label}
    </option>
  ));
}

function LabelOptions() {
  const labels = useQuery(labelsOptions());
  return (
    <>
      <option value="">Pick a label…</option>
      {(labels.data ?? []).map((l) => (
        <option key={l.id} value={l.id}>
          {l.name}
        </option>
      ))}
    </>
  );
}

type RuleForm = UseFormReturn<RuleDraft, unknown, RuleBody>;
type RowProps = {
  form: RuleForm;
  index: number;
  error: string | undefined;
  onRemove: (() => void) | null;
};

/**
 * A rule's conditions or actions: the legend, a row each, the list's own error and Add (at most 10 rows). The last
 * row has no Remove: a rule needs one condition and one action.
 */
function DraftItems<N extends "conditions" | "actions">({
  form,
  name,
  legend,
  addLabel,
  newItem,
  Row,
  onChange,
}: {
  form: RuleForm;
  name: N;
  legend: ReactNode;
  addLabel: string;
  newItem: () => FieldArray<RuleDraft, N>;
  Row: (props: RowProps) => ReactNode;
  /** A row added or removed (the form's own onChange sees only typing). */
  onChange: () => void;
}) {
  const list = useFieldArray({ control: form.control, name });
  const errors = form.formState.errors[name];
  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-sm font-medium text-slate-900">{legend}</legend>
      {list.fields.map((field, i) => (
        <Row
          key={field.id}
          form={form}
          index={i}
          error={itemError(errors?.[i] as Partial<Record<string, HookFieldError>> | undefined)}
          onRemove={
            list.fields.length > 1
              ? () => {
                  onChange();
                  list.remove(i);
                }
              : null
          }
        />
      ))}
      <FieldError message={errors?.message ?? errors?.root?.message} />
      <Button
        size="sm"
        onClick={() => {
          onChange();
          list.append(newItem());
        }}
        disabled={list.fields.length >= 10}
      >
        {addLabel}
      </Button>
    </fieldset>
  );
}
