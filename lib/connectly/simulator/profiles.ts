// Simulator profiles. `default` is friendly, for `npm start` and demos. `strict` plays the real API at its
// least convenient, within what the contract allows, so the app meets on day one what a real key would show:
// the integration and e2e suites run against it (test/integration/helpers.ts, playwright.config.ts).

export type SimulatorProfile = "default" | "strict";

export interface ProfileSettings {
  /** Session sends must name `recipient.channelType` (the swagger default is channel_type_unspecified). */
  requireChannelType: boolean;
  /** Only an exact HTTP 200 from the webhook receiver counts as delivered; anything else is retried. */
  exact200: boolean;
  /** Every Nth webhook event is posted twice (0 = never). */
  duplicateEvery: number;
  /** Every Nth accepted message has its first two statuses posted in swapped order (0 = never). */
  swapEvery: number;
  /** Numbers ending in 81–84 fail at send time (SYNC_FAILURE_RULES), next to the webhook failures (91–96). */
  syncFailures: boolean;
  /** Sends to phone-less customers (BSUID only) are accepted; [GB] says they return 400 until enabled. */
  bsuidSends: boolean;
  /** Requests/second per send endpoint (§1.3); 0 = off. */
  rateLimitPerSecond: number;
}

export const PROFILES: Record<SimulatorProfile, ProfileSettings> = {
  default: {
    requireChannelType: false,
    exact200: false,
    duplicateEvery: 0,
    swapEvery: 0,
    syncFailures: false,
    bsuidSends: true,
    rateLimitPerSecond: 200,
  },
  strict: {
    requireChannelType: true,
    exact200: true,
    duplicateEvery: 10,
    swapEvery: 7,
    syncFailures: true,
    bsuidSends: false,
    rateLimitPerSecond: 200,
  },
};

export function parseProfile(raw: string | undefined): SimulatorProfile {
  if (raw === undefined || raw === "" || raw === "default") return "default";
  if (raw === "strict") return "strict";
  throw new Error(`SIMULATOR_PROFILE must be "default" or "strict", got "${raw}"`);
}
