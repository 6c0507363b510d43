import http from "node:http";
import { performance } from "node:perf_hooks";
import { SIGNATURE_HEADER, signWebhookBody } from "../../lib/connectly/signature";
import type { PlannedEvent } from "./event-plan";
import type { LevelResult, RunLevelRequest, WorkerMessage } from "./load-protocol";

// The load generator: a separate process (child_process.fork from bench/webhooks.ts) so the client's CPU is
// its own and shows up as such. It runs one level per "run" message: a fixed number of lanes, each sending
// the next unsent event as soon as its previous request is answered (closed loop, `concurrency` in flight).
// Bodies and signatures are built before the clock starts; the timed loop only writes bytes and reads answers.

type Prepared = { body: Buffer; signature: string };

function prepare(event: PlannedEvent, secret: string, timestamp: string): Prepared {
  // Contract §5.7 delivery_status payload.
  const body = Buffer.from(
    JSON.stringify({
      topic: "delivery_status",
      timestamp,
      sender: { id: "+14155550100", channelType: "whatsapp", name: "bench" },
      recipient: { id: event.recipient, channelType: "whatsapp", name: null },
      statusUpdate: { id: event.upstreamId, status: event.status, error: null },
    }),
    "utf8",
  );
  return { body, signature: signWebhookBody(secret, body) };
}

type Answer = { code: number; body: string };

function post(agent: http.Agent, url: URL, prepared: Prepared, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: {
          "content-type": "text/plain; charset=utf-8",
          "content-length": prepared.body.length,
          [SIGNATURE_HEADER]: prepared.signature,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ code: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", (error) => resolve({ code: 0, body: `response error: ${error.message}` }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (error) => resolve({ code: 0, body: `request error: ${error.message}` }));
    req.end(prepared.body);
  });
}

function stateOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { state?: unknown };
    return typeof parsed.state === "string" ? parsed.state : "(no state)";
  } catch {
    return "(not JSON)";
  }
}

async function runLevel(request: RunLevelRequest): Promise<LevelResult> {
  const url = new URL(request.url);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const prepared = request.events.map((event) => prepare(event, request.secret, timestamp));
  const codes = new Array<number>(prepared.length).fill(-1);
  const latenciesMs = new Array<number>(prepared.length).fill(Number.NaN);
  const states: Record<string, number> = {};
  const failures = new Set<string>();
  // One socket per lane, kept alive for the whole level: no connection set-up in the measured latencies.
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: request.concurrency,
    maxFreeSockets: request.concurrency,
  });

  let next = 0;
  let timedOut = false;
  const started = performance.now();
  const deadline = started + request.maxDurationMs;
  const lane = async () => {
    for (;;) {
      if (performance.now() > deadline) {
        timedOut = true;
        return;
      }
      const index = next++;
      const item = prepared[index];
      if (item === undefined) return;
      const t0 = performance.now();
      const answer = await post(agent, url, item, request.requestTimeoutMs);
      latenciesMs[index] = performance.now() - t0;
      codes[index] = answer.code;
      if (answer.code >= 200 && answer.code < 300) {
        const state = stateOf(answer.body);
        states[state] = (states[state] ?? 0) + 1;
      } else if (failures.size < 10) {
        failures.add(`${answer.code}: ${answer.body.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, lane));
  const wallMs = performance.now() - started;
  agent.destroy();
  return {
    type: "result",
    label: request.label,
    concurrency: request.concurrency,
    codes,
    latenciesMs,
    states,
    failures: [...failures],
    wallMs,
    timedOut,
  };
}

function send(message: WorkerMessage) {
  process.send?.(message);
}

if (!process.send) {
  console.error("bench/lib/webhook-load.ts is a worker: run `npm run bench:webhooks` instead");
  process.exit(2);
}

process.on("message", (message: RunLevelRequest) => {
  if (message.type !== "run") return;
  runLevel(message).then(send, (error: unknown) =>
    send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
// The orchestrator going away (crash, Ctrl-C) ends the worker too.
process.on("disconnect", () => process.exit(0));
