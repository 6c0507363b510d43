"use client";

import { useQuery } from "@tanstack/react-query";
import { senderQualityOptions } from "@/lib/settings/queries";
import { fmt } from "./format";

// The campaign review: the sending number's quality and messaging-limit tier (as Connectly last reported them),
// with a warning when the audience is larger than the tier allows in 24 hours.

export function SenderQualityNotice({ sender, recipients }: { sender: string | null; recipients: number }) {
  const senders = useQuery(senderQualityOptions());
  if (senders.isPending || senders.isError || senders.data.length === 0) return null;
  // No sender on the campaign: the account's default, which is the only number when Connectly reports one.
  const row = sender
    ? senders.data.find((s) => s.phoneNumber === sender)
    : senders.data.length === 1
      ? senders.data[0]
      : undefined;
  if (!row) return null;
  const over = row.tierLimit !== null && recipients > row.tierLimit;
  const low = row.quality === "LOW";
  return (
    <div
      data-testid="review-sender-quality"
      role={over || low ? "alert" : undefined}
      className={`rounded-lg p-3 text-sm ring-1 ${
        over || low
          ? "bg-amber-50 text-amber-900 ring-amber-200"
          : "bg-slate-50 text-slate-700 ring-slate-200"
      }`}
    >
      <p>
        Sending from <span className="font-mono">{row.phoneNumber}</span>: quality{" "}
        <span className="font-medium">
          {row.quality === "UNKNOWN" ? "not rated" : row.quality.toLowerCase()}
        </span>
        , messaging limit <span className="font-medium">{row.tierLabel}</span>.
      </p>
      {over ? (
        <p className="mt-1 font-medium">
          {fmt(recipients)} recipients is more than this number may reach in 24 hours ({fmt(row.tierLimit!)}{" "}
          unique customers): WhatsApp refuses the rest. Split the audience over several days or send from a
          number on a higher tier.
        </p>
      ) : null}
      {low ? (
        <p className="mt-1 font-medium">
          The quality is low: a running campaign from this number pauses itself. Find out what customers are
          reacting to before sending more.
        </p>
      ) : null}
    </div>
  );
}
