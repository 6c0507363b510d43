// Helpers shared by the simulator's Vitest files (not imported by runtime code).
import http from "node:http";
import type { AddressInfo } from "node:net";

interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Highest number of requests the receiver was handling at once. */
  maxConcurrent: number;
  close(): Promise<void>;
}

/** A tiny webhook receiver; `respond` picks the status for the n-th request (0-based). */
export async function startReceiver(
  respond: (index: number) => number = () => 200,
  delayMs = 0,
): Promise<Receiver> {
  let active = 0;
  const receiver: Omit<Receiver, "url" | "close"> = { received: [], maxConcurrent: 0 };
  const server = http.createServer((req, res) => {
    active++;
    receiver.maxConcurrent = Math.max(receiver.maxConcurrent, active);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const index = receiver.received.length;
      receiver.received.push({ headers: req.headers, raw, body: JSON.parse(raw) as Record<string, unknown> });
      setTimeout(() => {
        active--;
        res.writeHead(respond(index)).end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/webhooks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { "x-api-key": "sim_test_key" },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Polls until `check` returns a value (not undefined/false) or the timeout passes. */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("waitFor: timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
