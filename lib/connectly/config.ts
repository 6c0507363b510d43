import "server-only";
import { env } from "../env";
import { createConnectlyClient, type ConnectlyClient } from "./client";

let client: ConnectlyClient | undefined;

/** The process's Connectly client: the real API when CONNECTLY_API_KEY is set, else the built-in simulator. */
export function connectly(): ConnectlyClient {
  client ??= createConnectlyClient(env().connectly);
  return client;
}
