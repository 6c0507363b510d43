import "server-only";
import { db } from "../db";
import { env } from "../env";
import { inboxListener } from "../realtime/listener";
import { log } from "./logger";

// Whether this app process can do its job: the database answers, its LISTEN connection (live updates) is up,
// and some campaign worker has beaten recently (lib/campaigns/engine/maintenance.ts writes CampaignWorker
// .heartbeatAt every few seconds). One query for the database and the heartbeat; results are shared for a
// second, so a flood of probes costs one query a second.

type Check = { ok: boolean; detail: string };
export type Readiness = { ready: boolean; checks: { database: Check; listener: Check; worker: Check } };

const TIMEOUT_MS = 2000;
const CACHE_MS = 1000;

const globalForReadiness = globalThis as unknown as {
  readiness?: { at: number; result: Promise<Readiness> };
};

export function checkReadiness(): Promise<Readiness> {
  const cached = globalForReadiness.readiness;
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.result;
  const result = evaluate();
  globalForReadiness.readiness = { at: Date.now(), result };
  return result;
}

async function evaluate(): Promise<Readiness> {
  const [database, listener] = await Promise.all([databaseAndHeartbeat(), listening()]);
  const checks = { database: database.database, listener, worker: database.worker };
  return { ready: checks.database.ok && checks.listener.ok && checks.worker.ok, checks };
}

async function databaseAndHeartbeat(): Promise<{ database: Check; worker: Check }> {
  const staleMs = env().CAMPAIGN_WORKER_STALE_MS;
  try {
    const rows = await withTimeout(
      db.$queryRaw<{ age_ms: number | null; alive: bigint }[]>`
        SELECT (extract(epoch FROM now() - max("heartbeatAt")) * 1000)::float8 AS age_ms,
          count(*) FILTER (WHERE "heartbeatAt" > now() - ${`${staleMs} milliseconds`}::interval) AS alive
        FROM "CampaignWorker"`,
      "the database did not answer",
    );
    const ageMs = rows[0]?.age_ms ?? null;
    const alive = Number(rows[0]?.alive ?? 0);
    const worker: Check =
      ageMs === null
        ? { ok: false, detail: "no campaign worker has registered (is scripts/worker.ts running?)" }
        : alive > 0
          ? { ok: true, detail: `${alive} worker(s) alive, last heartbeat ${Math.round(ageMs)} ms ago` }
          : {
              ok: false,
              detail: `no campaign worker heartbeat for ${Math.round(ageMs / 1000)} s (limit ${staleMs / 1000} s)`,
            };
    return { database: { ok: true, detail: "reachable" }, worker };
  } catch (error) {
    // The reason goes to the log, not to this unauthenticated answer (it names hosts and ports).
    log("ready").warn({ err: error }, "readiness: database check failed");
    return {
      database: { ok: false, detail: "unreachable (see the server log)" },
      worker: { ok: false, detail: "unknown (the database is unreachable)" },
    };
  }
}

async function listening(): Promise<Check> {
  const listener = inboxListener(); // started on first use: a fresh process gets its LISTEN connection here
  if (!listener.listening()) await withTimeout(listener.ready, "").catch(() => {});
  return listener.listening()
    ? { ok: true, detail: "LISTEN connection up" }
    : { ok: false, detail: "LISTEN connection down (live updates paused; reconnecting)" };
}

function withTimeout<T>(promise: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
