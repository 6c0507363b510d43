"use client";

import { formatDateTime } from "@/lib/format/date-time";
import type { CampaignPolicySummaryDto } from "@/lib/campaigns/policies/policy-summary";
import { fmt } from "./format";
import { cardClass, hintClass } from "./ui";

// The workspace's campaign send policies as they apply to this campaign: on the review step, how many recipients
// are in their quiet hours right now and when each group is released; while sending, how many are held (quiet
// hours, a delayed 131049 retry) and when the first goes.

export function SendPoliciesPanel({
  policy,
  mode,
}: {
  policy: CampaignPolicySummaryDto;
  mode: "review" | "progress";
}) {
  const { quietHours, contactCap, limitRetry } = policy.policies;
  const anyOn = quietHours.enabled || contactCap.enabled || limitRetry.enabled;
  if (
    mode === "progress" &&
    policy.heldForQuietHours === 0 &&
    policy.retryScheduled === 0 &&
    policy.inQuietHoursNow === 0
  )
    return null;
  return (
    <section
      className={cardClass}
      aria-labelledby={`policies-${mode}-heading`}
      data-testid={`send-policies-${mode}`}
    >
      <h2 id={`policies-${mode}-heading`} className="font-medium text-slate-900">
        Send policies
      </h2>
      {!anyOn ? (
        <p className={hintClass}>
          None on: every recipient is sent at the campaign&apos;s pace. Quiet hours and caps are set in
          Settings → Automation.
        </p>
      ) : (
        <ul className="mt-2 space-y-2 text-sm text-slate-700">
          {quietHours.enabled ? (
            <li>
              <span className="font-medium text-slate-900">
                Quiet hours {quietHours.start}–{quietHours.end}
              </span>{" "}
              in each recipient&apos;s local time.
              {mode === "progress" && policy.heldForQuietHours > 0 ? (
                <span className="ml-1 font-medium text-amber-800" data-testid="held-quiet-hours">
                  Held for quiet hours: {fmt(policy.heldForQuietHours)}
                  {policy.nextQuietRelease
                    ? ` (next release ${formatDateTime(policy.nextQuietRelease)})`
                    : ""}
                  .
                </span>
              ) : null}
              {policy.inQuietHoursNow > 0 ? (
                <>
                  <span className="ml-1" data-testid="quiet-now">
                    {fmt(policy.inQuietHoursNow)}{" "}
                    {policy.inQuietHoursNow === 1 ? "recipient is" : "recipients are"} in quiet hours now and
                    will be held until:
                  </span>
                  <ul className="mt-1 space-y-0.5 pl-4 text-xs text-slate-600">
                    {policy.quietGroups.slice(0, 8).map((g) => (
                      <li key={g.timeZone} className="list-disc">
                        {fmt(g.count)} in {g.timeZone.replace(/_/g, " ")}: {formatDateTime(g.releaseAt)} (your
                        time)
                      </li>
                    ))}
                    {policy.quietGroups.length > 8 ? (
                      <li className="list-disc">and {policy.quietGroups.length - 8} more zones</li>
                    ) : null}
                  </ul>
                </>
              ) : mode === "review" ? (
                <span className="ml-1">No recipient is in quiet hours right now.</span>
              ) : null}
            </li>
          ) : null}
          {contactCap.enabled ? (
            <li>
              <span className="font-medium text-slate-900">
                At most {fmt(contactCap.maxMessages)} marketing{" "}
                {contactCap.maxMessages === 1 ? "message" : "messages"} per contact in{" "}
                {fmt(contactCap.windowHours)} h
              </span>
              , across campaigns; recipients over it are skipped with the reason “per-contact cap”.
            </li>
          ) : null}
          <li>
            <span className="font-medium text-slate-900">
              WhatsApp&apos;s per-user marketing limit (131049):
            </span>{" "}
            {limitRetry.enabled
              ? `retried once after ${fmt(limitRetry.delayHours)} h, never at once.`
              : "not retried."}
            {policy.retryScheduled > 0 ? (
              <span className="ml-1 font-medium text-amber-800">
                {fmt(policy.retryScheduled)} waiting for their retry
                {policy.nextRetryAt ? ` (first ${formatDateTime(policy.nextRetryAt)})` : ""}.
              </span>
            ) : null}
          </li>
        </ul>
      )}
    </section>
  );
}
