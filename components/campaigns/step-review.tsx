"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { TemplatePreview } from "@/components/templates/template-preview";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FieldError, FormError } from "@/components/ui/field";
import { ClockIcon, DownloadIcon, SendIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Radio } from "@/components/ui/radio";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { useCampaignActions } from "@/lib/campaigns/hooks/use-campaign-actions";
import { plannedSegmentCountsOptions, testPhoneOptions } from "@/lib/campaigns/queries";
import type { CampaignDetailDto } from "@/lib/campaigns/read-models";
import {
  campaignLaunchFormSchema,
  campaignRateFormSchema,
  campaignTestFormSchema,
  MAX_RATE_PER_SECOND,
  type LaunchCampaignInput,
  type SendCampaignTestInput,
} from "@/lib/campaigns/schemas";
import { formatDateTime, formatDuration } from "@/lib/format/date-time";
import { REJECT_REASON_LABELS, REJECT_REASONS } from "@/lib/campaigns/states";
import { effectivePace, estimateSendSeconds } from "@/lib/send-budget/effective-pace";
import { fmt } from "./format";
import { FlowValues, flowLabel } from "./step-flow";
import { SendPoliciesPanel } from "./send-policies-panel";
import { SenderQualityNotice } from "./sender-quality-notice";
import { cardClass, hintClass, labelClass } from "./ui";

type LaunchForm = z.input<typeof campaignLaunchFormSchema>;
type RateForm = z.input<typeof campaignRateFormSchema>;
type TestForm = z.input<typeof campaignTestFormSchema>;

/** A datetime-local value for "in an hour", in the browser's zone. */
function inAnHour(): string {
  const d = new Date(Date.now() + 3_600_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset(), 0, 0);
  return d.toISOString().slice(0, 16);
}

export function StepReview({
  campaign,
  onEditAudience,
  onLaunched,
}: {
  campaign: CampaignDetailDto;
  onEditAudience: () => void;
  onLaunched: (id: string) => void;
}) {
  const { launch, update, acceptUnverified, sendTest } = useCampaignActions(campaign.id);
  // The launch body, once the form is valid: launching is confirmed in a dialog first.
  const [confirming, setConfirming] = useState<LaunchCampaignInput | null>(null);
  const form = useForm<LaunchForm, unknown, LaunchCampaignInput>({
    resolver: zodResolver(campaignLaunchFormSchema),
    defaultValues: { when: "now", scheduledAt: inAnHour() },
  });
  const when = useWatch({ control: form.control, name: "when" });
  const { errors } = form.formState;
  // The pace is its own small form, saved when the box is left (or on Enter).
  const rateForm = useForm<RateForm, unknown, { ratePerSecond: number }>({
    resolver: zodResolver(campaignRateFormSchema),
    defaultValues: { ratePerSecond: String(campaign.ratePerSecond) },
    // It is checked as the box is left: focus goes where the user moved it, never back to the box.
    shouldFocusError: false,
  });
  const rate = useWatch({ control: rateForm.control, name: "ratePerSecond" });
  // Planned segments are counted live (their recipients are picked at launch, opt-outs left out).
  const planned = campaign.sources.filter((s) => s.status === "PLANNED");
  const plannedCounts = useQuery(
    plannedSegmentCountsOptions(
      campaign.id,
      planned.map((s) => s.id),
    ),
  );
  const fromSegments = planned.reduce((n, s) => {
    const c = plannedCounts.data?.counts[s.id];
    return n + (c ? c.matching - c.optedOut : 0);
  }, 0);
  const recipients = campaign.counts.byState.PENDING + fromSegments;
  const rejected = REJECT_REASONS.filter((r) => campaign.rejected.byReason[r] > 0);
  const requested =
    campaignRateFormSchema.safeParse({ ratePerSecond: rate }).data?.ratePerSecond ?? campaign.ratePerSecond;
  const budget = campaign.sendBudget;
  const pace = effectivePace(requested, budget);

  const saveRate = rateForm.handleSubmit(({ ratePerSecond }) => {
    if (ratePerSecond === campaign.ratePerSecond) return;
    update.mutate(
      { ratePerSecond },
      { onError: (error) => applyServerErrors(error, rateForm.setError, { fields: ["ratePerSecond"] }) },
    );
  });

  // Launching is irreversible: it is confirmed in a dialog that names how many people get the message.
  function confirmLaunch() {
    if (!confirming) return;
    launch.mutate(confirming, {
      onSuccess: (d) => onLaunched(d.campaign.id),
      onError: (error) => applyServerErrors(error, form.setError, { fields: ["scheduledAt"] }),
      onSettled: () => setConfirming(null),
    });
  }

  return (
    <form onSubmit={(e) => void form.handleSubmit(setConfirming)(e)} className="space-y-5" noValidate>
      <SenderQualityNotice sender={campaign.sender} recipients={recipients} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <div className={cardClass}>
          <p className="text-sm text-slate-500">Recipients</p>
          <p
            className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums"
            data-testid="review-recipients"
          >
            {fmt(recipients)}
          </p>
          <p className={hintClass}>
            {campaign.kind === "FLOW"
              ? `Flow ${flowLabel(campaign)}`
              : `${campaign.templateName} · ${campaign.templateLanguage}`}
          </p>
          {planned.length > 0 ? (
            <p className={hintClass} data-testid="review-segments">
              {plannedCounts.isPending
                ? "Counting the segment…"
                : plannedCounts.isError
                  ? `Could not count the segment: ${plannedCounts.error.message}`
                  : `${fmt(fromSegments)} from ${planned.length === 1 ? `segment “${planned[0]?.fileName ?? ""}”` : `${planned.length} segments`}, counted now; picked again when you send (opted-out customers are left out).`}
            </p>
          ) : null}
        </div>
        <div className={cardClass}>
          <p className="text-sm text-slate-500">Left out</p>
          <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">
            {fmt(campaign.rejected.total)}
          </p>
          {rejected.length > 0 ? (
            <ul className="mt-1 space-y-1.5 text-xs text-slate-600" data-testid="rejection-summary">
              {rejected.map((r) => (
                <li key={r}>
                  <span className="font-medium text-slate-800">
                    {fmt(campaign.rejected.byReason[r])} {REJECT_REASON_LABELS[r].toLowerCase()}
                  </span>
                  <ul className="mt-0.5 space-y-0.5 text-slate-500">
                    {campaign.rejected.examples
                      .filter((e) => e.reason === r)
                      .map((e) => (
                        <li key={e.rowNumber} className="break-words">
                          Row {fmt(e.rowNumber)}: {e.detail}
                        </li>
                      ))}
                  </ul>
                </li>
              ))}
            </ul>
          ) : (
            <p className={hintClass}>No row was rejected.</p>
          )}
          {campaign.rejected.total > 0 ? (
            <a
              href={`/api/campaigns/${campaign.id}/rejected-rows`}
              download
              className="mt-2 inline-flex items-center gap-1 text-xs font-medium text-emerald-700 hover:underline"
            >
              <DownloadIcon className="h-3.5 w-3.5" /> Rejected rows (CSV)
            </a>
          ) : null}
          <p className={hintClass}>Customers who opt out before their turn are skipped at send time.</p>
        </div>
        <div className={cardClass}>
          <label htmlFor="rate" className="text-sm text-slate-500">
            Pace (messages per second)
          </label>
          <Input
            id="rate"
            type="number"
            min={1}
            max={MAX_RATE_PER_SECOND}
            {...rateForm.register("ratePerSecond", { onBlur: () => void saveRate() })}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                void saveRate();
              }
            }}
            invalid={Boolean(rateForm.formState.errors.ratePerSecond)}
            aria-describedby={rateForm.formState.errors.ratePerSecond ? "rate-error" : undefined}
            className="mt-1 w-28 tabular-nums"
          />
          <FieldError id="rate-error" message={rateForm.formState.errors.ratePerSecond?.message} />
          <p className="mt-2 text-sm text-slate-700">
            About{" "}
            <span className="font-medium">
              {formatDuration(estimateSendSeconds(recipients, requested, budget))}
            </span>{" "}
            to send
          </p>
          {pace.limitedBy === "campaign" ? (
            <p className={hintClass}>
              Within your limits: {fmt(budget.senderPerSecond)}/s for this number,{" "}
              {fmt(budget.endpointPerSecond)} requests/s for the whole business.
            </p>
          ) : (
            <p
              role="status"
              data-testid="pace-over-budget"
              className="mt-2 rounded-md bg-amber-50 p-2 text-xs text-amber-900 ring-1 ring-amber-200"
            >
              {fmt(requested)}/s is more than{" "}
              {pace.limitedBy === "sender"
                ? `this number allows (${fmt(budget.senderPerSecond)}/s, WhatsApp's throughput for it)`
                : `the business's send budget (${fmt(budget.endpointPerSecond)} requests/s, Connectly's limit, shared with the inbox)`}
              {pace.limitedBy === "endpoint" && budget.currentEndpointPerSecond < budget.endpointPerSecond
                ? `, lowered to ${fmt(budget.currentEndpointPerSecond)}/s for now after Connectly asked to slow down`
                : ""}
              . It will send at about {fmt(pace.perSecond)}/s; inbox replies always go first.
            </p>
          )}
        </div>
      </div>

      <SendPoliciesPanel policy={campaign.policy} mode="review" />

      {campaign.rejected.byReason.UNVERIFIED_NUMBER > 0 ? (
        <div
          role="status"
          className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200"
          data-testid="unverified-warning"
        >
          <p className="font-medium">
            {campaign.rejected.byReason.UNVERIFIED_NUMBER === 1
              ? "1 number has the right length but is not in a range the phone library knows to be assigned."
              : `${fmt(campaign.rejected.byReason.UNVERIFIED_NUMBER)} numbers have the right length but are not in a range the phone library knows to be assigned.`}
          </p>
          <p className="mt-0.5 text-xs">
            New number ranges reach the library late. Include them if you know these customers; WhatsApp
            reports any that do not exist.
          </p>
          <Button
            className="mt-2"
            disabled={acceptUnverified.isPending}
            onClick={() => acceptUnverified.mutate()}
          >
            {acceptUnverified.isPending ? "Including…" : "Include them anyway"}
          </Button>
          {acceptUnverified.error ? (
            <p className="mt-1 text-xs text-red-700">{acceptUnverified.error.message}</p>
          ) : null}
        </div>
      ) : null}
      <section className={cardClass} aria-labelledby="previews-heading">
        <div className="flex items-center justify-between">
          <h2 id="previews-heading" className="font-medium text-slate-900">
            What the first recipients will get
          </h2>
          <Button onClick={onEditAudience}>Change audience</Button>
        </div>
        {campaign.previews.length === 0 && planned.length > 0 ? (
          <p className="mt-3 text-sm text-slate-500">
            The segment&apos;s recipients are picked when you send; their messages follow the variables you
            mapped.
          </p>
        ) : campaign.previews.length === 0 ? (
          <p className="mt-3 text-sm text-slate-500">
            The audience is empty. Add a list or pick contacts first.
          </p>
        ) : (
          <div className="mt-4 grid grid-cols-1 gap-4 md:grid-cols-3">
            {campaign.previews.map((p) => (
              <div key={p.address} data-testid="recipient-preview">
                <p className="mb-1.5 text-xs font-medium text-slate-600">
                  {p.address.replace(/^bsuid:/, "BSUID ")}{" "}
                  {p.country ? <span className="text-slate-500">· {p.country}</span> : null}
                </p>
                {campaign.kind === "FLOW" ? (
                  <FlowValues names={campaign.variables} values={p.variables} />
                ) : (
                  <TemplatePreview components={campaign.templateComponents} values={p.variables} />
                )}
              </div>
            ))}
          </div>
        )}
      </section>

      <section className={cardClass} aria-labelledby="send-heading">
        <h2 id="send-heading" className="font-medium text-slate-900">
          Send
        </h2>
        <div role="radiogroup" aria-label="When to send" className="mt-3 flex flex-wrap gap-4">
          <Radio value="now" label="Now" {...form.register("when")} />
          <Radio value="later" label="Later" {...form.register("when")} />
          {when === "later" ? (
            <Field id="scheduled-at" label="Send at" labelHidden error={errors.scheduledAt?.message}>
              <Input type="datetime-local" className="w-56" {...form.register("scheduledAt")} />
            </Field>
          ) : null}
        </div>
        {campaign.kind === "FLOW" ? (
          <p className="mt-4 rounded-lg bg-slate-50 p-3 text-xs text-slate-600">
            Test the flow from Connectly&apos;s Flow Builder (its test send to yourself). Sent in batches of
            entries per request; recipients whose flow Connectly refuses are marked failed with its reason.
          </p>
        ) : (
          <TestSend campaignId={campaign.id} disabled={recipients === 0} sendTest={sendTest} />
        )}
        <FormError message={errors.root?.server?.message} className="mt-3 p-3" />
        <div className="mt-5 flex items-center justify-end gap-3">
          <p className={`${labelClass} font-normal text-slate-500`}>
            Once sent, a message cannot be recalled.
          </p>
          <Button type="submit" variant="primary" disabled={launch.isPending || recipients === 0}>
            {when === "now" ? <SendIcon /> : <ClockIcon />}
            {launch.isPending
              ? "Starting…"
              : when === "now"
                ? `Send to ${fmt(recipients)} recipients`
                : "Schedule"}
          </Button>
        </div>
      </section>
      <Dialog
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        title={
          confirming?.scheduledAt
            ? `Schedule for ${fmt(recipients)} recipients?`
            : `Send to ${fmt(recipients)} recipients now?`
        }
        description={
          confirming?.scheduledAt
            ? `"${campaign.kind === "FLOW" ? campaign.flowName : campaign.templateName}" goes out on ${formatDateTime(confirming.scheduledAt)}, at about ${fmt(pace.perSecond)} per second. You can cancel it until then.`
            : `"${campaign.kind === "FLOW" ? campaign.flowName : campaign.templateName}" starts going out at once, at about ${fmt(pace.perSecond)} per second (about ${formatDuration(estimateSendSeconds(recipients, requested, budget))}). Sent messages cannot be recalled.`
        }
      >
        <div className="flex justify-end gap-2">
          <Button onClick={() => setConfirming(null)}>Not yet</Button>
          <Button
            variant="primary"
            onClick={confirmLaunch}
            disabled={launch.isPending}
            data-testid="confirm-launch"
          >
            {launch.isPending
              ? "Starting…"
              : confirming?.scheduledAt
                ? `Schedule for ${fmt(recipients)}`
                : `Send to ${fmt(recipients)}`}
          </Button>
        </div>
      </Dialog>
    </form>
  );
}

/** "Send a test to me": the template with the first recipient's values, to the manager's own number. */
function TestSend({
  campaignId,
  disabled,
  sendTest,
}: {
  campaignId: string;
  disabled: boolean;
  sendTest: ReturnType<typeof useCampaignActions>["sendTest"];
}) {
  const saved = useQuery(testPhoneOptions(campaignId));
  // Not a <form>: it sits inside the launch form. Enter in the box sends the test, as the button does.
  const form = useForm<TestForm, unknown, SendCampaignTestInput>({
    resolver: zodResolver(campaignTestFormSchema),
    defaultValues: { phone: "" },
    // The number remembered from the last test fills the box once it loads, unless something was typed already.
    values: saved.data?.phone ? { phone: saved.data.phone } : undefined,
    resetOptions: { keepDirtyValues: true },
  });
  const phone = useWatch({ control: form.control, name: "phone" });
  const { errors } = form.formState;
  const send = form.handleSubmit((input) =>
    sendTest.mutate(input, {
      onError: (error) => applyServerErrors(error, form.setError, { fields: ["phone"] }),
    }),
  );
  // The schema's message is the server's fragment ("must be a number …"): shown as a sentence under the box.
  const fieldError = errors.phone?.message;
  const error = fieldError
    ? `${fieldError.charAt(0).toUpperCase()}${fieldError.slice(1)}.`
    : errors.root?.server?.message;
  return (
    <div className="mt-4 rounded-lg bg-slate-50 p-3" data-testid="test-send">
      <label htmlFor="test-phone" className="text-sm font-medium text-slate-700">
        Send a test to me first
      </label>
      <p id="test-phone-hint" className="text-xs text-slate-500">
        The first recipient&apos;s message, to your own WhatsApp number; remembered for next time.
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <Input
          id="test-phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          placeholder="+447700900123"
          {...form.register("phone")}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void send();
            }
          }}
          invalid={Boolean(error)}
          aria-describedby={error ? "test-phone-hint test-phone-error" : "test-phone-hint"}
          className="min-w-0 flex-1 sm:max-w-56"
        />
        <Button onClick={() => void send()} disabled={disabled || sendTest.isPending || phone.trim() === ""}>
          <SendIcon /> {sendTest.isPending ? "Sending…" : "Send test"}
        </Button>
      </div>
      <p aria-live="polite" className="mt-1 text-xs">
        {error ? (
          <span id="test-phone-error" className="text-red-700">
            {error}
          </span>
        ) : sendTest.isSuccess ? (
          <span className="text-emerald-700" data-testid="test-sent">
            Test sent to {sendTest.data.phone}. Check your WhatsApp.
          </span>
        ) : null}
      </p>
    </div>
  );
}
