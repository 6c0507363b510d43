import { spawn } from "node:child_process";
import { exitWithParent } from "./lib/exit-with-parent";
import { scriptEnv, workerEnvSchema } from "./lib/script-env";

// The campaign worker process: sends running campaigns (lib/campaigns/engine/campaign-worker.ts). Run as many
// as you like, on any host that reaches the database; `npm start` runs one next to the app.
//
//   node --conditions=react-server --import tsx scripts/worker.ts      (or: npx tsx scripts/worker.ts)
//
// The lib/ services are marked `server-only`, which resolves to an empty module only under the
// react-server condition; started without it, this script re-launches itself with it.

const CONDITION = "--conditions=react-server";
const { SUPERVISOR_PID } = scriptEnv(workerEnvSchema, "worker");

async function main() {
  exitWithParent(SUPERVISOR_PID);
  const { startCampaignWorker } = await import("../lib/campaigns/engine/campaign-worker");
  const { log } = await import("../lib/observability/logger");
  const { env } = await import("../lib/env");
  const logger = log("worker");
  const metricsPort = env().WORKER_METRICS_PORT;
  if (metricsPort) {
    const { startWorkerMetricsServer } = await import("../lib/observability/worker-metrics-server");
    startWorkerMetricsServer(metricsPort);
  }
  const worker = await startCampaignWorker({ log: (line) => logger.info(line) });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: finishing requests in flight");
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "stop failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

if (process.execArgv.includes(CONDITION)) {
  main().catch((error: unknown) => {
    console.error(`[worker] failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
} else {
  exitWithParent(SUPERVISOR_PID);
  // The re-launched worker's parent is this wrapper, which it watches instead.
  const child = spawn(
    process.execPath,
    [CONDITION, "--import", "tsx", __filename, ...process.argv.slice(2)],
    {
      stdio: "inherit",
      env: { ...process.env, ...(SUPERVISOR_PID ? { SUPERVISOR_PID: String(process.pid) } : {}) },
    },
  );
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
