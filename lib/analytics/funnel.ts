import { RECIPIENT_STATES, type RecipientState } from "../campaigns/states";

// The campaign funnel from the trigger-kept counters (pure: shared by the services and their unit tests).

export type FunnelDto = {
  total: number;
  /** Waiting or being sent (PENDING + SENDING). */
  pending: number;
  /** The worker stopped mid-send: maybe sent, never resent automatically. */
  unknown: number;
  /** Reached "sent": SENT, DELIVERED, READ, and FAILED after WhatsApp reported it sent (not merely accepted). */
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  skipped: number;
  /** Delivered recipients who wrote back within 24 hours. */
  replied: number;
  /** Recipients who clicked a button or link (Connectly's campaign report, imported). */
  clicked: number;
  byState: Record<RecipientState, number>;
  rates: {
    /** sent / attempted (attempted = everyone not pending or skipped). */
    sent: number | null;
    /** delivered / sent */
    delivered: number | null;
    /** read / delivered */
    read: number | null;
    /** failed / attempted */
    failed: number | null;
    /** replied / delivered */
    replied: number | null;
    /** clicked / delivered */
    clicked: number | null;
  };
};

export type CounterRow = { metric: string; count: number };

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function emptyByState(): Record<RecipientState, number> {
  return Object.fromEntries(RECIPIENT_STATES.map((s) => [s, 0])) as Record<RecipientState, number>;
}

export function funnelFromCounters(rows: readonly CounterRow[]): FunnelDto {
  const byState = emptyByState();
  let acceptedFailed = 0;
  let replied = 0;
  let clicked = 0;
  for (const { metric, count } of rows) {
    if (metric === "ACCEPTED_FAILED") acceptedFailed += count;
    else if (metric === "REPLIED") replied += count;
    else if (metric === "CLICKED") clicked += count;
    else if (metric in byState) byState[metric as RecipientState] += count;
  }
  const total = Object.values(byState).reduce((a, b) => a + b, 0);
  const pending = byState.PENDING + byState.SENDING;
  const delivered = byState.DELIVERED + byState.READ;
  const sent = byState.SENT + delivered + acceptedFailed;
  const attempted = total - pending - byState.SKIPPED;
  return {
    total,
    pending,
    unknown: byState.UNKNOWN,
    sent,
    delivered,
    read: byState.READ,
    failed: byState.FAILED,
    skipped: byState.SKIPPED,
    replied,
    clicked,
    byState,
    rates: {
      sent: ratio(sent, attempted),
      delivered: ratio(delivered, sent),
      read: ratio(byState.READ, delivered),
      failed: ratio(byState.FAILED, attempted),
      replied: ratio(replied, delivered),
      clicked: ratio(clicked, delivered),
    },
  };
}
