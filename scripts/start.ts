import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startSimulator } from "../lib/connectly/simulator/server";
import { DEV_WEBHOOK_SECRET, SIMULATOR_API_KEY } from "../lib/env";
import { ensureDatabase } from "./lib/database";
import { migrateDeploy } from "./lib/prisma-cli";
import { scriptEnv, startEnvSchema } from "./lib/script-env";
import { supervise } from "./lib/supervisor";
import { DEFAULT_ADMIN_PASSWORD, seed } from "./lib/seed";

// `npm start`: everything the app needs, on embedded defaults, in one command.
//   database   DATABASE_URL, else an embedded PostgreSQL in .data/postgres (kept across restarts)
//   schema     prisma migrate deploy
//   seed       demo workspace + admin user (credentials printed below)
//   upstream   CONNECTLY_API_KEY, else the built-in Connectly simulator on 127.0.0.1:SIMULATOR_PORT
//   app        next build + scripts/server.ts (Next + the direct webhook path), or next dev with --dev

const root = path.resolve(__dirname, "..");
const env = scriptEnv(startEnvSchema, "start");
const dev = process.argv.includes("--dev");
const skipBuild = process.argv.includes("--no-build") || env.SKIP_BUILD === "1";
const port = env.PORT;
const appUrl = env.APP_URL ?? `http://localhost:${port}`;
const simulatorPort = env.SIMULATOR_PORT;
const dataDir = path.resolve(root, env.DATA_DIR);
const log = (line: string) => console.log(`[start] ${line}`);

const children: ChildProcess[] = [];
const stops: (() => Promise<void>)[] = [];

async function main() {
  const t0 = Date.now();
  mkdirSync(dataDir, { recursive: true });

  const database = await ensureDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir,
    embeddedPort: env.EMBEDDED_PG_PORT,
    databaseName: "connectly",
    log,
  });
  stops.push(database.stop);
  log(
    database.embedded
      ? `embedded PostgreSQL on ${redact(database.url)}`
      : `PostgreSQL from DATABASE_URL (${redact(database.url)})`,
  );

  migrateDeploy(database.url);
  log("migrations applied");

  const admin = await seed(database.url, { adminEmail: env.ADMIN_EMAIL, adminPassword: env.ADMIN_PASSWORD });

  const webhookSecret = env.CONNECTLY_WEBHOOK_SECRET ?? DEV_WEBHOOK_SECRET;
  if (env.CONNECTLY_API_KEY && webhookSecret === DEV_WEBHOOK_SECRET) {
    log(
      "WARNING: CONNECTLY_API_KEY is set but CONNECTLY_WEBHOOK_SECRET is not: webhooks are refused (503) until a real secret is set here or saved on the Settings page",
    );
  }
  if (!env.CONNECTLY_API_KEY) {
    const simulator = await startSimulator({
      port: simulatorPort,
      apiKey: SIMULATOR_API_KEY,
      // No webhookUrl: the simulator delivers only to registered addresses, and the app registers its own
      // (APP_URL + /api/webhooks/connectly) at start-up (lib/settings/auto-connect-webhooks.ts).
      webhookSecret,
      statusDelayMs: env.SIMULATOR_STATUS_DELAY_MS,
      rateLimitPerSecond: env.SIMULATOR_RATE_LIMIT,
      profile: env.SIMULATOR_PROFILE,
    });
    stops.push(() => simulator.close());
    log(`Connectly simulator on ${simulator.url} (set CONNECTLY_API_KEY to use the real API)`);
  } else {
    log("using the real Connectly API (CONNECTLY_API_KEY is set)");
  }

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    // Supervised children end themselves if this process dies without stopping them (scripts/lib/exit-with-parent.ts).
    SUPERVISOR_PID: String(process.pid),
    DATABASE_URL: database.url,
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? appUrl,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? persistentSecret("nextauth-secret"),
    // Encrypts the secrets saved on the Settings page; losing it means entering them again.
    SETTINGS_ENCRYPTION_KEY: env.SETTINGS_ENCRYPTION_KEY ?? persistentSecret("settings-encryption-key"),
    CONNECTLY_WEBHOOK_SECRET: webhookSecret,
    SIMULATOR_PORT: String(simulatorPort),
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
  };
  const nextBin = path.join(root, "node_modules/next/dist/bin/next");
  if (!dev && !skipBuild) {
    log("building the app (next build)...");
    await run(process.execPath, [nextBin, "build"], { ...childEnv, NODE_ENV: "production" });
  }
  // Production: scripts/server.ts (Next's handler + the direct webhook path); development: `next dev`.
  // APP_NODE_ARGS: extra Node flags for the app server only (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", "--inspect").
  const nodeArgs = (env.APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const serverArgs = [
    ...nodeArgs,
    ...(dev ? [nextBin, "dev", "-p", String(port)] : ["--import", "tsx", "scripts/server.ts"]),
  ];
  // Restarted when it dies (an out-of-memory crash must not take the worker, simulator and database with it);
  // a crash loop (more than 5 restarts in 5 minutes) stops the stack.
  const server = supervise({
    name: "app server",
    spawn: () =>
      spawn(process.execPath, serverArgs, {
        cwd: root,
        env: { ...childEnv, NODE_ENV: dev ? "development" : "production" },
        stdio: "inherit",
        detached: true, // its own process group, stopped as a whole (scripts/lib/supervisor.ts)
      }),
    log,
    keepRunning: () => !stopping,
    onGiveUp: (code) => void shutdown(code),
    stopGraceMs: 15_000,
  });
  stops.push(server.stop);
  startCampaignWorker({ ...childEnv, NODE_ENV: dev ? "development" : "production" });
  await waitForHttp(`http://127.0.0.1:${port}/login`, 120_000);

  console.log(
    [
      "",
      `  Connectly dashboard ready on ${appUrl}  (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
      `  Sign in as ${admin.email} / ${admin.password ?? `(unchanged; default ${DEFAULT_ADMIN_PASSWORD}, or set ADMIN_PASSWORD)`}`,
      env.CONNECTLY_API_KEY
        ? ""
        : `  Simulate a customer: curl -X POST localhost:${simulatorPort}/sim/inbound -H 'content-type: application/json' -d '{"from":"+447700900123","name":"Sam Lee","text":"Where is my order?"}'`,
      "",
    ].join("\n"),
  );
}

/**
 * The campaign worker (scripts/worker.ts) next to the app, with the same environment. Restarted when it
 * dies (backoff 1 s doubling to 30 s, reset after a minute of uptime): its claims are settled by the next
 * incarnation, so a crash never double-sends. On shutdown it gets SIGTERM and up to 15 s to finish requests
 * in flight before the database stops.
 */
function startCampaignWorker(workerEnv: NodeJS.ProcessEnv) {
  const worker = supervise({
    name: "campaign worker",
    spawn: () =>
      spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
        cwd: root,
        env: workerEnv,
        stdio: "inherit",
        detached: true,
      }),
    log,
    keepRunning: () => !stopping,
    // The app keeps serving without a worker; only sends wait. Keep trying, at the slowest pace.
    maxRestarts: Number.POSITIVE_INFINITY,
    onGiveUp: () => {},
    stopGraceMs: 15_000,
  });
  stops.push(worker.stop);
}

function persistentSecret(name: string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function run(cmd: string, args: string[], childEnv: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env: childEnv, stdio: "inherit" });
    children.push(child);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? cmd)} exited with ${code}`)),
    );
  });
}

async function waitForHttp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function redact(url: string) {
  return url.replace(/:\/\/([^:@/]+):[^@/]+@/, "://$1:***@");
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  for (const stop of stops.reverse()) await stop().catch(() => {});
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
main().catch(async (error) => {
  console.error(`[start] failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
