import "server-only";
import { db } from "../db";
import { getConnectlySettings } from "../settings/get-connectly-settings";
import { currentRate } from "./bucket";
import { endpointKey, senderThroughput } from "./limits";

export type SendBudgetDto = {
  /** Connectly's limit per send endpoint, shared by the whole business (inbox first). */
  endpointPerSecond: number;
  /** What the endpoint budget allows right now (lower for a while after Connectly answered 429). */
  currentEndpointPerSecond: number;
  /** Meta's throughput for the campaign's sender number. */
  senderPerSecond: number;
  sender: string | null;
};

/** The limits a campaign from `sender` sends under, for its review step and detail page. */
export async function readSendBudget(sender: string | null): Promise<SendBudgetDto> {
  const settings = await getConnectlySettings();
  const resolved = sender ?? settings.defaultSender ?? null;
  const key = endpointKey(settings.businessId, "template");
  const row = await db.sendBudget.findUnique({
    where: { key: key.key },
    select: { rate: true, rateAt: true, nextSlotAt: true },
  });
  const current = row
    ? currentRate(
        {
          tatMs: row.nextSlotAt.getTime(),
          rate: row.rate,
          rateAtMs: row.rateAt?.getTime() ?? null,
          lastDecreaseMs: null,
        },
        key.limit,
        Date.now(),
      )
    : key.limit.maxRate;
  return {
    endpointPerSecond: key.limit.maxRate,
    currentEndpointPerSecond: Math.floor(current),
    senderPerSecond: senderThroughput(resolved),
    sender: resolved,
  };
}
