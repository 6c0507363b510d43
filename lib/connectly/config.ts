import "server-only";
import { getConnectlySettings } from "../settings/get-connectly-settings";
import { createConnectlyClient, type ConnectlyClient } from "./client";

let client: ConnectlyClient | undefined;

/**
 * The process's Connectly client. Its key, business id and base URL are read per request from the settings
 * (saved on the Settings page, else the environment: the real API when CONNECTLY_API_KEY is set, else the
 * built-in simulator), through a short cache that a save clears.
 */
export function connectly(): ConnectlyClient {
  client ??= createConnectlyClient(getConnectlySettings);
  return client;
}
