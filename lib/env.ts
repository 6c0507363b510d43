import { isIP } from "node:net";
import { z } from "zod";
import { DEFAULT_FLOW_CHUNK_SIZE, MAX_FLOW_CHUNK_SIZE } from "./connectly/flow-sendouts";

// The one place that reads process.env. Parsed lazily (first call), so `next build` does not need a database.

const DEFAULT_SIMULATOR_PORT = 4010;
export const SIMULATOR_API_KEY = "sim_test_key";
export const DEV_WEBHOOK_SECRET = "dev_webhook_secret";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string({ error: "is required (npm start sets it to the embedded PostgreSQL when unset)" })
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL"),
    CONNECTLY_API_KEY: optionalString,
    CONNECTLY_BASE_URL: optionalString.pipe(z.url({ error: "must be a URL" }).optional()),
    CONNECTLY_BUSINESS_ID: z.string().trim().min(1).default("demo-business"),
    CONNECTLY_WEBHOOK_SECRET: z.string().min(8, "must be at least 8 characters").default(DEV_WEBHOOK_SECRET),
    CONNECTLY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    CONNECTLY_DEFAULT_SENDER: optionalString,
    SIMULATOR_PORT: z.coerce.number().int().min(1).max(65_535).default(DEFAULT_SIMULATOR_PORT),
    NEXTAUTH_SECRET: optionalString,
    // The app's public URL: https turns on secure cookies and HSTS.
    NEXTAUTH_URL: optionalString.pipe(z.url({ error: "must be a URL" }).optional()),
    APP_URL: optionalString.pipe(z.url({ error: "must be a URL" }).optional()),
    // Encrypts the Connectly API key and webhook secret stored from the Settings page (any string of 32+
    // characters; npm start generates one into .data/settings-encryption-key).
    SETTINGS_ENCRYPTION_KEY: optionalString.pipe(
      z.string().min(32, "must be at least 32 characters").optional(),
    ),
    WEBHOOK_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(256 * 1024),
    // How often templates are re-read from Connectly (lib/templates/sync-scheduler.ts); 0 turns it off.
    TEMPLATE_SYNC_INTERVAL_MS: z.coerce
      .number()
      .int()
      .refine((v) => v === 0 || v >= 10_000, "must be 0 (off) or at least 10000")
      .default(5 * 60_000),
    // How often each sender's quality signals are read from Connectly (lib/quality/quality-scheduler.ts); 0 = off.
    QUALITY_SIGNALS_INTERVAL_MS: z.coerce
      .number()
      .int()
      .refine((v) => v === 0 || v >= 1_000, "must be 0 (off) or at least 1000")
      .default(60_000),
    // A running campaign pauses itself when more than this share (percent) of its recent sends failed on
    // messaging limits (lib/quality/pause-campaigns-on-limit-failures.ts); 0 turns it off.
    CAMPAIGN_LIMIT_FAILURE_PERCENT: z.coerce.number().min(0).max(100).default(10),
    // Campaign worker (scripts/worker.ts): default pace of a new campaign, requests in flight per worker
    // process, and how long a silent worker counts as alive before its in-flight sends are marked UNKNOWN.
    CAMPAIGN_DEFAULT_RATE: z.coerce.number().int().min(1).max(1000).default(80),
    CAMPAIGN_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(5000).default(500),
    CAMPAIGN_WORKER_STALE_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
    CAMPAIGN_WORKER_ID: optionalString,
    // Entries per send/campaigns request of a flow campaign (lib/connectly/flow-sendouts.ts; at most 1000).
    CONNECTLY_FLOW_CHUNK_SIZE: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_FLOW_CHUNK_SIZE)
      .default(DEFAULT_FLOW_CHUNK_SIZE),
    // How often an open event stream (/api/events) re-checks that its session is still live and closes if not.
    EVENTS_SESSION_RECHECK_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    // Reverse proxies whose X-Forwarded-* headers are believed (comma-separated IPs or CIDRs); none by default,
    // so the client address is the socket's (lib/security/trusted-proxy.ts).
    TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((v, ctx) => {
        const entries = v
          .split(",")
          .map((e) => e.trim())
          .filter(Boolean);
        for (const entry of entries) {
          if (!parseProxyEntry(entry))
            ctx.addIssue({ code: "custom", message: `"${entry}" is not an IP address or CIDR` });
        }
        return entries;
      }),
    // Operations (lib/observability/): log level (default info; silent under vitest), the bearer token of
    // /api/metrics (unset = the endpoint answers 404), the campaign worker's own metrics port (unset = none).
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
    // How often old webhook events are deleted (lib/webhooks/retention-scheduler.ts); 0 turns it off.
    WEBHOOK_RETENTION_INTERVAL_MS: z.coerce
      .number()
      .int()
      .refine((v) => v === 0 || v >= 10_000, "must be 0 (off) or at least 10000")
      .default(60 * 60_000),
    // How often the automation round (auto-resolve of idle conversations, lib/automation/scheduler.ts) runs; 0 = off.
    AUTOMATION_INTERVAL_MS: z.coerce
      .number()
      .int()
      .refine((v) => v === 0 || v >= 5_000, "must be 0 (off) or at least 5000")
      .default(60_000),
    // How often Connectly's Reports API is read for new campaign report runs (lib/analytics/report-scheduler.ts);
    // 0 = off (the `report` webhook still imports).
    REPORTS_POLL_INTERVAL_MS: z.coerce
      .number()
      .int()
      .refine((v) => v === 0 || v >= 1_000, "must be 0 (off) or at least 1000")
      .default(10 * 60_000),
    // The send budget (lib/send-budget/): requests/second per send endpoint shared by every sender of the
    // business (Connectly documents 200), and Meta's per-number throughput (80/s by default; upgraded numbers
    // up to 1,000/s), with per-number overrides as "+14155550100=250,+14155550101=1000".
    SEND_BUDGET_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(200),
    SENDER_THROUGHPUT_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(80),
    SENDER_THROUGHPUT: z
      .string()
      .trim()
      .default("")
      .transform((raw, ctx) => {
        const out: Record<string, number> = {};
        for (const part of raw
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean)) {
          const match = /^(\+\d{8,15}|default)=(\d{1,5})$/.exec(part);
          if (!match || Number(match[2]) < 1) {
            ctx.addIssue({
              code: "custom",
              message: `"${part}" is not <E.164 number or default>=<messages per second>`,
            });
            return z.NEVER;
          }
          out[match[1]!] = Number(match[2]);
        }
        return out;
      }),
  })
  .transform((e) => {
    const usingSimulator = !e.CONNECTLY_API_KEY;
    const publicUrl = e.NEXTAUTH_URL ?? e.APP_URL;
    return {
      ...e,
      usingSimulator,
      publicUrl,
      behindTls: publicUrl?.startsWith("https://") ?? false,
      logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === "test" ? "silent" : "info"),
      connectly: {
        baseUrl:
          e.CONNECTLY_BASE_URL ??
          (usingSimulator ? `http://127.0.0.1:${e.SIMULATOR_PORT}` : "https://api.connectly.ai"),
        apiKey: e.CONNECTLY_API_KEY ?? SIMULATOR_API_KEY,
        businessId: e.CONNECTLY_BUSINESS_ID,
        webhookSecret: e.CONNECTLY_WEBHOOK_SECRET,
        timeoutMs: e.CONNECTLY_TIMEOUT_MS,
        defaultSender: e.CONNECTLY_DEFAULT_SENDER,
      },
    };
  });

export type Env = z.output<typeof envSchema>;

/** "10.0.0.0/8", "2001:db8::/32" or a single address, as [address, prefix bits, family]; null when malformed. */
export function parseProxyEntry(
  entry: string,
): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [address = "", bits, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

class EnvError extends Error {
  constructor(issues: z.core.$ZodIssue[]) {
    const lines = issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    super(`Invalid environment configuration:\n${lines.join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) throw new EnvError(result.error.issues);
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** `next build` also evaluates instrumentation while collecting pages: background work must not start then. */
export function isNextBuildPhase(): boolean {
  return process.env.NEXT_PHASE === "phase-production-build";
}
