import "server-only";
import { getConnectlySettings } from "../settings/get-connectly-settings";
import { decrease } from "./bucket";
import { withBuckets } from "./budget-store";
import { endpointKey, type SendEndpointKind } from "./limits";

/** Connectly answered 429: the endpoint's budget shrinks for every sender (once per burst of refusals). */
export async function reportRateLimited(endpoint: SendEndpointKind, refusals = 1): Promise<void> {
  const { businessId } = await getConnectlySettings();
  const key = endpointKey(businessId, endpoint);
  await withBuckets([key], ([state], nowMs) => ({
    states: [decrease(state!, key.limit, nowMs)],
    result: null,
    refusals,
  }));
}
