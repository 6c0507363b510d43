import path from "node:path";
import type { BenchSource } from "./app-server";

// Every knob of `npm run bench:webhooks`, read once from the environment (bench scripts are plain Node, like
// scripts/, so they may read process.env directly).

export type BenchConfig = {
  /** The repository (the app under test). */
  root: string;
  port: number;
  simulatorPort: number;
  databaseUrl: string;
  webhookSecret: string;
  /** Reuse an existing `.next` in the repository instead of building a private copy. */
  skipBuild: boolean;
  /** Build the working tree (default) or the last commit (BENCH_SOURCE=head). */
  source: BenchSource;
  /** Outbound messages seeded with known upstream ids. */
  messages: number;
  /** In-flight requests per level, in the order run. */
  levels: number[];
  eventsPerLevel: number;
  /** Each level runs this long (it stops issuing requests then), so a level is sustained load, not a burst. */
  levelSeconds: number;
  /** The headline run at the best level's concurrency (0 = none), quoted with the raw ceiling of the same run. */
  headlineSeconds: number;
  headlineEvents: number;
  /**
   * Events sent before the measured levels, not ranked: the server's first ~1,000 requests run at half speed
   * while V8 optimises Next's request path, which would otherwise be charged to the first level.
   */
  warmupEvents: number;
  rawInserts: number;
  /** Seed of the event plan's PRNG, so a run can be repeated with the same statuses and order. */
  seed: number;
  /** Upper bound on one level's wall time; the level stops issuing requests after it. */
  levelTimeoutMs: number;
  requestTimeoutMs: number;
  serverReadyTimeoutMs: number;
  resultsDir: string;
};

// Other people's servers run on these; the bench must never bind or hit them.
const RESERVED_PORTS = new Set([3000, 3100, 4010, 4110]);

function int(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
  }
  return value;
}

function port(name: string, fallback: number): number {
  const value = int(name, fallback, 1024, 65_535);
  if (RESERVED_PORTS.has(value)) throw new Error(`${name}=${value} is reserved for another server`);
  return value;
}

function readSource(): BenchSource {
  const raw = process.env.BENCH_SOURCE ?? "worktree";
  if (raw !== "worktree" && raw !== "head")
    throw new Error(`BENCH_SOURCE must be "worktree" or "head", got "${raw}"`);
  return raw;
}

export function readConfig(): BenchConfig {
  const root = path.resolve(__dirname, "../..");
  const levels = (process.env.BENCH_LEVELS ?? "1,8,32,64").split(",").map((s) => Number(s.trim()));
  if (levels.length === 0 || levels.some((n) => !Number.isInteger(n) || n < 1 || n > 512)) {
    throw new Error(`BENCH_LEVELS must be a comma-separated list of integers in [1, 512]`);
  }
  // Events are planned before the run (each (message, status) once, about 2.3 per message): enough for each level to last its time at up
  // to BENCH_MAX_RATE events/s; a faster level runs out early and says so.
  const levelSeconds = int("BENCH_LEVEL_SECONDS", 20, 1, 3_600);
  const headlineSeconds = int("BENCH_HEADLINE_SECONDS", 60, 0, 3_600);
  const maxRate = int("BENCH_MAX_RATE", 6_000, 100, 100_000);
  const eventsPerLevel = int("BENCH_EVENTS_PER_LEVEL", levelSeconds * maxRate, 1, 10_000_000);
  const headlineEvents = headlineSeconds * maxRate;
  const warmupEvents = int("BENCH_WARMUP_EVENTS", 2_000, 0, 100_000);
  const needed = warmupEvents + levels.length * eventsPerLevel + headlineEvents;
  const messages = int("BENCH_MESSAGES", Math.max(20_000, Math.ceil(needed / 2) + 1_000), 10, 5_000_000);
  const databaseUrl =
    process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_bench";
  const host = new URL(databaseUrl).hostname;
  if (host !== "127.0.0.1" && host !== "localhost") throw new Error("BENCH_DATABASE_URL must be on loopback");
  return {
    root,
    port: port("BENCH_PORT", 3200),
    simulatorPort: port("BENCH_SIMULATOR_PORT", 4210),
    databaseUrl,
    webhookSecret: "bench_webhook_secret",
    skipBuild: process.env.BENCH_SKIP_BUILD === "1",
    source: readSource(),
    messages,
    levels,
    eventsPerLevel,
    levelSeconds,
    headlineSeconds,
    headlineEvents,
    warmupEvents,
    rawInserts: int("BENCH_RAW_INSERTS", 10_000, 1, 1_000_000),
    seed: int("BENCH_SEED", 20_261_125, 0, 2 ** 31 - 1),
    levelTimeoutMs: int("BENCH_LEVEL_TIMEOUT_S", 300, 1, 3_600) * 1000,
    requestTimeoutMs: 30_000,
    serverReadyTimeoutMs: int("BENCH_SERVER_TIMEOUT_S", 900, 10, 3_600) * 1000,
    resultsDir: path.join(root, "bench", "results"),
  };
}
