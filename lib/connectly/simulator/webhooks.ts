import http from "node:http";
import https from "node:https";
import { SIGNATURE_HEADER, signWebhookBody } from "../signature";
import { Deque, type RingBuffer } from "./collections";
import type { WebhookRegistry } from "./registrations";
import type { Scheduler } from "./scheduler";

export type WebhookTopic = "messages" | "delivery_status" | "report";

export interface DeliveryLogEntry {
  seq: number;
  topic: WebhookTopic;
  /** delivery_status only: the message id and the status carried. */
  statusUpdateId?: string;
  status?: string;
  /** messages only: the inbound `message.id`. */
  inboundMessageId?: string;
  /** report only: the report run id. */
  reportRunId?: string;
  state: "queued" | "in_flight" | "retrying" | "delivered" | "failed";
  attempts: number;
  lastHttpStatus: number | null;
  ok: boolean;
  error?: string;
}

export interface AttemptResult {
  status: number | null;
  error?: string;
}

export interface WebhookJob {
  entry: DeliveryLogEntry;
  payload: unknown;
  /** delivery_status: the send's campaign name, matched against the registration's filters. */
  campaignName?: string;
  /** Called once, after the first attempt (inbound control calls await this). */
  onFirstAttempt?: (result: AttemptResult) => void;
  /** Called once, when the job is delivered or out of retries. */
  onSettled?: (ok: boolean) => void;
}

interface QueuedJob extends WebhookJob {
  // Serialised once so every retry carries the same bytes and signature.
  body?: string;
  /** When the status happened here (queued for delivery) and when the current attempt went out (ms). */
  queuedAt?: number;
  attemptAt?: number;
  /** The address registered for the topic when the event was produced; retries go there too. */
  target: URL;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * How long delivered delivery-status webhooks took (benchmarks read it): from the attempt that succeeded going out
 * to its answer (the receiver answers once the status is applied, so: arrival to effect), and from the status
 * being queued here to that answer (adds the wait behind this side's bounded concurrency). Kept for the last
 * `capacity` deliveries.
 */
export class WebhookTimings {
  private applied: number[] = [];
  private endToEnd: number[] = [];
  private count = 0;
  private lastAnsweredAt: number | null = null;

  constructor(private readonly capacity = 1_000_000) {}

  record(queuedAt: number, attemptAt: number, answeredAt: number): void {
    const i = this.count++ % this.capacity;
    this.applied[i] = answeredAt - attemptAt;
    this.endToEnd[i] = answeredAt - queuedAt;
    this.lastAnsweredAt = answeredAt;
  }

  clear(): void {
    this.applied = [];
    this.endToEnd = [];
    this.count = 0;
    this.lastAnsweredAt = null;
  }

  summary() {
    const stats = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return {
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? null,
      };
    };
    return {
      delivered: this.count,
      lastAnsweredAt: this.lastAnsweredAt === null ? null : new Date(this.lastAnsweredAt).toISOString(),
      arrivalToAnswerMs: stats(this.applied),
      queuedToAnswerMs: stats(this.endToEnd),
    };
  }
}

export interface WebhookDispatcherOptions {
  /** Where each topic goes (§5.2): nothing is posted for a topic without a registration. */
  registry: WebhookRegistry;
  secret: string;
  concurrency: number;
  retries: number;
  backoffMs: number;
  timeoutMs: number;
  /** Only an exact 200 counts as delivered (strict profile); otherwise any 2xx. */
  exact200?: boolean;
  scheduler: Scheduler;
  deliveryLog: RingBuffer<DeliveryLogEntry>;
  timings?: WebhookTimings;
  log: (line: string) => void;
}

/**
 * Signed webhook POSTs with bounded concurrency: at most `concurrency` requests in flight over a
 * keep-alive agent; everything else waits in a FIFO (inbound events jump the queue so the control
 * endpoint answers quickly even during a campaign).
 */
export class WebhookDispatcher {
  private readonly queue = new Deque<QueuedJob>();
  private readonly priority = new Deque<QueuedJob>();
  // One keep-alive agent per origin (a re-pointed registration gets a fresh one).
  private readonly agents = new Map<string, http.Agent>();
  private inFlight = 0;
  private retrying = 0;
  private seq = 0;
  private unregistered = 0;
  private closed = false;

  constructor(private readonly options: WebhookDispatcherOptions) {}

  get stats(): { queued: number; inFlight: number; retrying: number; unregistered: number } {
    return {
      queued: this.queue.length + this.priority.length,
      inFlight: this.inFlight,
      retrying: this.retrying,
      unregistered: this.unregistered,
    };
  }

  private agentFor(target: URL): http.Agent {
    let agent = this.agents.get(target.origin);
    if (!agent) {
      const AgentClass = target.protocol === "https:" ? https.Agent : http.Agent;
      agent = new AgentClass({ keepAlive: true, maxSockets: this.options.concurrency });
      this.agents.set(target.origin, agent);
    }
    return agent;
  }

  newEntry(
    fields: Pick<
      DeliveryLogEntry,
      "topic" | "statusUpdateId" | "status" | "inboundMessageId" | "reportRunId"
    >,
  ) {
    const entry: DeliveryLogEntry = {
      seq: ++this.seq,
      ...fields,
      state: "queued",
      attempts: 0,
      lastHttpStatus: null,
      ok: false,
    };
    return entry;
  }

  enqueue(job: WebhookJob, options: { priority?: boolean } = {}): void {
    const address = this.closed ? null : this.options.registry.addressFor(job.entry.topic, job.campaignName);
    if (!address) {
      // Not logged as a delivery: nothing was posted (GET /sim/webhooks counts them as `unregistered`).
      if (!this.closed) this.unregistered++;
      job.onFirstAttempt?.({
        status: null,
        error: this.closed ? "simulator closed" : `no webhook registered for topic ${job.entry.topic}`,
      });
      job.onSettled?.(false);
      return;
    }
    this.options.deliveryLog.push(job.entry);
    (options.priority ? this.priority : this.queue).push({
      ...job,
      target: new URL(address),
      queuedAt: Date.now(),
    });
    this.pump();
  }

  close(): void {
    this.closed = true;
    for (const job of [...this.priority.clear(), ...this.queue.clear()]) {
      job.onFirstAttempt?.({ status: null, error: "simulator closed" });
    }
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.options.concurrency) {
      const job = this.priority.shift() ?? this.queue.shift();
      if (!job) return;
      this.inFlight++;
      this.attempt(job);
    }
  }

  private attempt(job: QueuedJob): void {
    job.body ??= JSON.stringify(job.payload);
    job.entry.state = "in_flight";
    job.entry.attempts++;
    job.attemptAt = Date.now();
    this.post(job.target, job.body, (result) => {
      this.inFlight--;
      this.finishAttempt(job, result);
      this.pump();
    });
  }

  private finishAttempt(job: QueuedJob, result: AttemptResult): void {
    const { entry } = job;
    const firstAttempt = entry.attempts === 1;
    entry.lastHttpStatus = result.status;
    entry.ok = this.options.exact200
      ? result.status === 200
      : result.status !== null && result.status >= 200 && result.status < 300;
    if (result.error) entry.error = result.error;
    else delete entry.error;
    if (firstAttempt) job.onFirstAttempt?.(result);
    if (this.closed) return;

    if (entry.ok) {
      entry.state = "delivered";
      if (entry.topic === "delivery_status" && job.queuedAt !== undefined && job.attemptAt !== undefined) {
        this.options.timings?.record(job.queuedAt, job.attemptAt, Date.now());
      }
      job.onSettled?.(true);
      return;
    }
    if (entry.attempts > this.options.retries) {
      entry.state = "failed";
      this.options.log(
        `webhook ${entry.topic} ${entry.statusUpdateId ?? entry.inboundMessageId ?? ""} failed after ${entry.attempts} attempts: ${result.error ?? `HTTP ${result.status}`}`,
      );
      job.onSettled?.(false);
      return;
    }
    // Exponential backoff: base, 2x, 4x ... The slot is released while waiting.
    entry.state = "retrying";
    this.retrying++;
    this.options.scheduler.schedule(this.options.backoffMs * 2 ** (entry.attempts - 1), () => {
      this.retrying--;
      if (this.closed) return;
      this.queue.push(job);
      this.pump();
    });
  }

  private post(target: URL, body: string, done: (result: AttemptResult) => void): void {
    let settled = false;
    const settle = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      done(result);
    };
    const transport = target.protocol === "https:" ? https : http;
    const request = transport.request(
      target,
      {
        method: "POST",
        agent: this.agentFor(target),
        timeout: this.options.timeoutMs,
        headers: {
          "content-type": "text/plain; charset=utf-8",
          "content-length": Buffer.byteLength(body),
          "user-agent": "connectly-simulator/1.0",
          [SIGNATURE_HEADER]: signWebhookBody(this.options.secret, body),
        },
      },
      (response) => {
        const status = response.statusCode ?? null;
        // Drain the body so the keep-alive socket can be reused.
        response.resume();
        response.on("end", () => settle({ status }));
        response.on("error", (error) => settle({ status, error: error.message }));
        response.on("close", () => settle({ status }));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`timed out after ${this.options.timeoutMs} ms`)));
    request.on("error", (error) => settle({ status: null, error: error.message }));
    request.end(body);
  }
}
