import { z } from "zod";

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
    WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1024).default(256 * 1024),
  })
  .transform((e) => {
    const usingSimulator = !e.CONNECTLY_API_KEY;
    return {
      ...e,
      usingSimulator,
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

export class EnvError extends Error {
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

/** Raw process environment, for the launch scripts that must pass it on to child processes. */
export function processEnv(): NodeJS.ProcessEnv {
  return process.env;
}
