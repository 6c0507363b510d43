import "server-only";
import { env } from "../env";
import type { BucketLimit } from "./bucket";

// Which buckets a send draws from, and their configured rates (lib/env.ts). See bucket.ts for the arithmetic.

/** `campaigns`: flow sendouts (send/campaigns), booked per entry (lib/connectly/flow-sendouts.ts, decision 6). */
export type SendEndpointKind = "template" | "session" | "campaigns";

export type BudgetKey = { key: string; limit: BucketLimit };

export function endpointKey(businessId: string, endpoint: SendEndpointKind): BudgetKey {
  // A flow sendout request carries up to the chunk size of entries, and its bucket counts entries.
  const perRequest = endpoint === "campaigns" ? env().CONNECTLY_FLOW_CHUNK_SIZE : 1;
  return {
    key: `endpoint:${businessId}:${endpoint}`,
    limit: { maxRate: env().SEND_BUDGET_PER_SECOND * perRequest, adaptive: true },
  };
}

/** Meta's throughput for a business number (the account default when `sender` is null). */
export function senderThroughput(sender: string | null): number {
  const config = env();
  return config.SENDER_THROUGHPUT[sender ?? "default"] ?? config.SENDER_THROUGHPUT_PER_SECOND;
}

export function senderKey(sender: string | null): BudgetKey {
  return {
    key: `sender:${sender ?? "default"}`,
    limit: { maxRate: senderThroughput(sender), adaptive: false },
  };
}

export function campaignKey(campaignId: string, ratePerSecond: number): BudgetKey {
  return { key: `campaign:${campaignId}`, limit: { maxRate: ratePerSecond, adaptive: false } };
}
