import { describe, expect, it } from "vitest";
import {
  parseScriptEnv,
  serverEnvSchema,
  simulatorEnvSchema,
  startEnvSchema,
  workerEnvSchema,
} from "./script-env";

describe("start-up script variables", () => {
  it("applies the defaults, an empty value counting as unset", () => {
    const result = parseScriptEnv(startEnvSchema, { PORT: "", DATABASE_URL: "" });
    expect(result).toMatchObject({
      ok: true,
      env: {
        PORT: 3000,
        SIMULATOR_PORT: 4010,
        EMBEDDED_PG_PORT: 5433,
        DATA_DIR: ".data",
        SIMULATOR_PROFILE: "default",
        DATABASE_URL: undefined,
      },
    });
  });

  it("parses numbers and keeps what it does not know out", () => {
    const result = parseScriptEnv(startEnvSchema, {
      PORT: "3700",
      SIMULATOR_STATUS_DELAY_MS: "20",
      SIMULATOR_RATE_LIMIT: "0",
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x",
      UNRELATED: "anything",
    });
    expect(result.ok && result.env).toMatchObject({
      PORT: 3700,
      SIMULATOR_STATUS_DELAY_MS: 20,
      SIMULATOR_RATE_LIMIT: 0,
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x",
    });
    expect(result.ok && "UNRELATED" in result.env).toBe(false);
  });

  it.each([
    [serverEnvSchema, { PORT: "abc" }, 'PORT must be a port number (got "abc")'],
    [serverEnvSchema, { PORT: "70000" }, 'PORT must be a port number (got "70000")'],
    [serverEnvSchema, { PORT: "80.5" }, 'PORT must be a port number (got "80.5")'],
    [workerEnvSchema, { SUPERVISOR_PID: "-3" }, 'SUPERVISOR_PID must be a process id (got "-3")'],
    [
      startEnvSchema,
      { DATABASE_URL: "mysql://x" },
      'DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://x")',
    ],
    [
      startEnvSchema,
      { APP_URL: "localhost:3000" },
      'APP_URL must be an http:// or https:// URL (got "localhost:3000")',
    ],
    [startEnvSchema, { SKIP_BUILD: "yes" }, 'SKIP_BUILD must be "1" (skip) or "0" (got "yes")'],
    [
      simulatorEnvSchema,
      { SIMULATOR_STATUS_DELAY_MS: "-1" },
      'SIMULATOR_STATUS_DELAY_MS must be a non-negative number (got "-1")',
    ],
    [
      simulatorEnvSchema,
      { SIMULATOR_PROFILE: "fast" },
      'SIMULATOR_PROFILE must be "default" or "strict" (got "fast")',
    ],
  ] as const)("%#: a bad value is named with what it must be and what it got", (schema, env, line) => {
    expect(parseScriptEnv(schema, env)).toEqual({ ok: false, errors: [line] });
  });

  it("reports every bad variable at once", () => {
    const result = parseScriptEnv(startEnvSchema, { PORT: "x", SIMULATOR_PORT: "0" });
    expect(result).toEqual({
      ok: false,
      errors: ['SIMULATOR_PORT must be a port number (got "0")', 'PORT must be a port number (got "x")'],
    });
  });
});
