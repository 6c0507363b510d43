import { spawn } from "node:child_process";

// The campaign worker process: sends running campaigns (lib/campaigns/engine/campaign-worker.ts). Run as many
// as you like, on any host that reaches the database; `npm start` runs one next to the app.
//
//   node --conditions=react-server --import tsx scripts/worker.ts      (or: npx tsx scripts/worker.ts)
//
// The lib/ services are marked `server-only`, which resolves to an empty module only under the
// react-server condition; started without it, this script re-launches itself with it.

const CONDITION = "--conditions=react-server";

async function main() {
  const { startCampaignWorker } = await import("../lib/campaigns/engine/campaign-worker");
  const worker = await startCampaignWorker({ log: (line) => console.log(`[worker] ${line}`) });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing requests in flight`);
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[worker] stop failed: ${String(error)}`);
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
  const child = spawn(process.execPath, [CONDITION, "--import", "tsx", __filename, ...process.argv.slice(2)], { stdio: "inherit" });
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
