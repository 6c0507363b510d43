import { z } from "zod";

// The variables the start-up scripts read themselves (the app's own are lib/env.ts's), one schema per script.
// Parsed before anything starts: a bad value stops the script with one line per variable, naming what it must be
// and what it got (`PORT must be a port number (got "abc")`), instead of a NaN port or a database in the wrong place.
// An empty value counts as unset, as in lib/env.ts.

const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: string) =>
  z.preprocess((value) => unsetIfEmpty(value) ?? fallback, schema);

const isInteger = (s: string) => /^\d+$/.test(s.trim());
const port = z
  .string()
  .refine((s) => isInteger(s) && Number(s) >= 1 && Number(s) <= 65_535, "must be a port number")
  .transform(Number);
const nonNegative = z
  .string()
  .refine(
    (s) => s.trim() !== "" && Number.isFinite(Number(s)) && Number(s) >= 0,
    "must be a non-negative number",
  )
  .transform(Number);
const processId = z.string().refine((s) => isInteger(s) && Number(s) > 0, "must be a process id");
const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL");
const url = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });
const text = z.string();

/** The database `npm start` and `npm run db:migrate` use: DATABASE_URL, else an embedded PostgreSQL. */
const databaseVariables = {
  DATABASE_URL: optional(postgresUrl),
  DATA_DIR: withDefault(text, ".data"),
  EMBEDDED_PG_PORT: withDefault(port, "5433"),
};

/** The built-in simulator's settings, shared by `npm start` and `npm run simulator`. */
const simulatorVariables = {
  SIMULATOR_PORT: withDefault(port, "4010"),
  SIMULATOR_STATUS_DELAY_MS: optional(nonNegative),
  SIMULATOR_RATE_LIMIT: optional(nonNegative),
  SIMULATOR_PROFILE: withDefault(
    z.enum(["default", "strict"], { error: 'must be "default" or "strict"' }),
    "default",
  ),
  CONNECTLY_WEBHOOK_SECRET: optional(text),
};

export const startEnvSchema = z.object({
  ...databaseVariables,
  ...simulatorVariables,
  PORT: withDefault(port, "3000"),
  APP_URL: optional(url),
  NEXTAUTH_URL: optional(url),
  NEXTAUTH_SECRET: optional(text),
  SETTINGS_ENCRYPTION_KEY: optional(text),
  CONNECTLY_API_KEY: optional(text),
  ADMIN_EMAIL: optional(text),
  ADMIN_PASSWORD: optional(text),
  SKIP_BUILD: optional(z.enum(["0", "1"], { error: 'must be "1" (skip) or "0"' })),
  APP_NODE_ARGS: optional(text),
});

export const serverEnvSchema = z.object({
  PORT: withDefault(port, "3000"),
  SUPERVISOR_PID: optional(processId),
});

export const workerEnvSchema = z.object({ SUPERVISOR_PID: optional(processId) });

export const simulatorEnvSchema = z.object({
  ...simulatorVariables,
  SIMULATOR_HOST: withDefault(text, "127.0.0.1"),
  SIMULATOR_API_KEY: withDefault(text, "sim_test_key"),
  SIMULATOR_WEBHOOK_URL: withDefault(url, "http://127.0.0.1:3000/api/webhooks/connectly"),
});

export const migrateEnvSchema = z.object(databaseVariables);

export const e2eServerEnvSchema = z.object({
  E2E_DATABASE_URL: withDefault(postgresUrl, "postgresql://postgres@127.0.0.1:5432/connectly_e2e"),
  /** "1": keep the database as it is (a benchmark's seeded one) instead of dropping it first. */
  E2E_KEEP_DATABASE: z.enum(["0", "1"]).optional(),
});

export const newMigrationEnvSchema = z.object({
  // migrate diff connects through the driver adapter even between two schema files: any reachable server will do.
  DATABASE_URL: withDefault(postgresUrl, "postgresql://postgres@127.0.0.1:5432/postgres"),
});

/** One line per bad variable, or the parsed values. */
export function parseScriptEnv<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined>,
): { ok: true; env: z.output<T> } | { ok: false; errors: string[] } {
  const result = schema.safeParse(env);
  if (result.success) return { ok: true, env: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "(environment)");
      const value = env[name];
      return `${name} ${issue.message}${value === undefined ? "" : ` (got ${JSON.stringify(value)})`}`;
    }),
  };
}

/** The script's variables from process.env; on a bad value prints why and exits 1. */
export function scriptEnv<T extends z.ZodType>(schema: T, script: string): z.output<T> {
  const result = parseScriptEnv(schema, process.env);
  if (result.ok) return result.env;
  for (const line of result.errors) console.error(`[${script}] ${line}`);
  process.exit(1);
}
