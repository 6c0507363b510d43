// What a campaign's requested pace becomes under the send budget. Pure: shared by the read model and the
// review step.

export type PaceLimits = {
  endpointPerSecond: number;
  currentEndpointPerSecond: number;
  senderPerSecond: number;
};

export type EffectivePace = {
  perSecond: number;
  /** What caps it: the campaign's own setting, the sender number's throughput, or Connectly's endpoint limit. */
  limitedBy: "campaign" | "sender" | "endpoint";
};

export function effectivePace(requested: number, limits: PaceLimits): EffectivePace {
  const endpoint = Math.min(limits.endpointPerSecond, limits.currentEndpointPerSecond);
  if (requested <= limits.senderPerSecond && requested <= endpoint)
    return { perSecond: requested, limitedBy: "campaign" };
  if (limits.senderPerSecond <= endpoint) return { perSecond: limits.senderPerSecond, limitedBy: "sender" };
  return { perSecond: Math.max(1, endpoint), limitedBy: "endpoint" };
}

/** Seconds to send `count` messages at the pace the campaign will really get (its own, unless a limit caps it). */
export function estimateSendSeconds(count: number, requested: number, limits: PaceLimits): number {
  return count / Math.max(1, effectivePace(requested, limits).perSecond);
}
