import type { PlannedEvent } from "./event-plan";

// Messages between the orchestrator (bench/webhooks.ts) and the load worker (bench/lib/webhook-load.ts) over
// the IPC channel of child_process.fork.

export type RunLevelRequest = {
  type: "run";
  label: string;
  url: string;
  secret: string;
  concurrency: number;
  events: PlannedEvent[];
  requestTimeoutMs: number;
  /** The level stops issuing new requests after this long; what was not sent is reported as not sent. */
  maxDurationMs: number;
};

export type LevelResult = {
  type: "result";
  label: string;
  concurrency: number;
  /** Per planned event, in plan order: HTTP status, 0 for a network error or timeout, -1 when never sent. */
  codes: number[];
  /** Per planned event: request start to full response, in ms (NaN when never sent). */
  latenciesMs: number[];
  /** The `state` field of 2xx answers (PROCESSED, PENDING, DUPLICATE, ...) → count. */
  states: Record<string, number>;
  /** First few distinct failure descriptions (non-2xx bodies, network errors). */
  failures: string[];
  /** First request start to last response end. */
  wallMs: number;
  timedOut: boolean;
};

export type WorkerMessage = LevelResult | { type: "error"; message: string };
