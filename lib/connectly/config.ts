import "server-only";
import { getConnectlySettings } from "../settings/get-connectly-settings";
import { createConnectlyClient, type ConnectlyClient } from "./client";

let client: ConnectlyClient | undefined;
let sendClient: ConnectlyClient | undefined;

/**
 * The process's Connectly client. Its key, business id and base URL are read per request from the settings
 * (saved on the Settings page, else the environment: the real API when CONNECTLY_API_KEY is set, else the
 * built-in simulator), through a short cache that a save clears.
 */
export function connectly(): ConnectlyClient {
  client ??= createConnectlyClient(getConnectlySettings);
  return client;
}

/**
 * The same client for sends that go through the send budget (lib/send-budget/): no retries of its own, the
 * budget decides when a refused send may go again.
 */
export function connectlyForBudgetedSends(): ConnectlyClient {
  sendClient ??= createConnectlyClient(async () => ({ ...(await getConnectlySettings()), maxRetries: 0 }));
  return sendClient;
}
