import pino, { type DestinationStream, type Level, type Logger } from "pino";
import { env } from "../env";

// Structured JSON logs, one object per line on stdout: {"level":"info","time":"…","pid":…,"msg":"…", …fields}.
// One root logger per process, on globalThis because the production server loads lib/ twice (tsx for the direct
// webhook path, Next's bundle for the routes). Child loggers carry a `component` and, per request, a `requestId`.

type LevelName = Level | "silent";
const globalForLogger = globalThis as unknown as { appLogger?: Logger };

function configuredLevel(): LevelName {
  try {
    return env().logLevel ?? "info";
  } catch {
    return "info"; // an invalid environment is itself about to be logged
  }
}

export function createLogger(destination?: DestinationStream, level: LevelName = configuredLevel()): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Credentials never reach a log line under these names (exact paths: wildcards cost ~30% per line).
      redact: {
        paths: ["apiKey", "password", "token", "headers.authorization", "headers.cookie"],
        censor: "[redacted]",
      },
    },
    // Asynchronous writes: a webhook never waits on stdout; lines written while one write is in flight go out
    // together in the next (pino flushes what is left when the process exits).
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

function logger(): Logger {
  globalForLogger.appLogger ??= createLogger();
  return globalForLogger.appLogger;
}

// One child per component and root logger, made on first use (the webhook path logs on every request).
const children = new WeakMap<Logger, Map<string, Logger>>();

/** A logger for one part of the system: `log("webhooks").info({ requestId }, "…")`. */
export function log(component: string): Logger {
  const root = logger();
  let byComponent = children.get(root);
  if (!byComponent) children.set(root, (byComponent = new Map()));
  let child = byComponent.get(component);
  if (!child) byComponent.set(component, (child = root.child({ component })));
  return child;
}

/** Replaces the process's root logger (tests capture lines with it); returns a function that puts the old one back. */
export function replaceLogger(next: Logger): () => void {
  const previous = globalForLogger.appLogger;
  globalForLogger.appLogger = next;
  return () => {
    globalForLogger.appLogger = previous;
  };
}

/** An error as loggable fields (pino's `err` serializer keeps the stack). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
