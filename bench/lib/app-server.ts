import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

// Starts the app as `npm start` runs it (scripts/e2e-server.ts: fresh database, migrate, seed, simulator,
// `next build`, `next start`) on the bench's own ports, in its own process group so one signal stops it all.
//
// Where it runs: `next build` rewrites `.next` from scratch, and the repository's `.next` is served by another
// engineer's `next start` (port 3000) while others edit files. So a build happens in a private copy of the
// working tree (rsync'd to the OS temp dir, kept between runs so later syncs are incremental); with
// BENCH_SKIP_BUILD=1 the repository itself runs `next start` on its existing `.next`, read-only.

export type AppServerOptions = {
  root: string;
  port: number;
  simulatorPort: number;
  databaseUrl: string;
  webhookSecret: string;
  skipBuild: boolean;
  readyTimeoutMs: number;
  logFile: string;
  log: (line: string) => void;
};

export type AppServer = {
  pid: number;
  /** Directory the app runs from (the private copy, or the repository with BENCH_SKIP_BUILD=1). */
  appDir: string;
  /** Server output lines written after `markLoadStart()` that look like errors or warnings. */
  suspiciousLines: () => string[];
  markLoadStart: () => void;
  tail: (lines: number) => string[];
  stop: () => Promise<void>;
};

const COPY_DIR = path.join(os.tmpdir(), "connectly-bench-app");
// Build output, local data and reports are never copied: the copy builds its own.
const COPY_EXCLUDES = [".git", ".next", ".data", "test-results", "playwright-report", "bench/results", "tsconfig.tsbuildinfo"];
const SUSPICIOUS = /error|warn|⨯|unhandled|exception|timeout|ECONN|too many/i;
const TAIL_LINES = 200;

/** Fails fast when the PostgreSQL server is not there: e2e-server.ts would silently fall back to an embedded one. */
export async function assertPostgresReachable(databaseUrl: string): Promise<void> {
  const admin = new URL(databaseUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(`PostgreSQL at ${admin.host} is not reachable (${String(error)})`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Refuses a port someone already listens on: the readiness probe would otherwise benchmark their server. */
export async function assertPortFree(port: number): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(2_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
  if (inUse) throw new Error(`port ${port} on 127.0.0.1 is already in use; set BENCH_PORT / BENCH_SIMULATOR_PORT`);
}

function syncPrivateCopy(root: string, log: (line: string) => void): string {
  log(`syncing the working tree into ${COPY_DIR} (the build must not touch the shared .next)`);
  mkdirSync(COPY_DIR, { recursive: true });
  const args = ["-a", "--delete", ...COPY_EXCLUDES.flatMap((e) => ["--exclude", `/${e}`]), `${root}/`, `${COPY_DIR}/`];
  const result = spawnSync("rsync", args, { encoding: "utf8", timeout: 300_000 });
  if (result.status !== 0) throw new Error(`rsync failed (${result.status}): ${result.stderr || String(result.error)}`);
  return COPY_DIR;
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { log } = options;
  let appDir = options.root;
  if (options.skipBuild) {
    if (!existsSync(path.join(options.root, ".next", "BUILD_ID"))) {
      throw new Error("BENCH_SKIP_BUILD=1 but the repository has no .next build to reuse");
    }
    log("BENCH_SKIP_BUILD=1: reusing the repository's existing .next (no build)");
  } else {
    appDir = syncPrivateCopy(options.root, log);
  }

  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const logStream: WriteStream = createWriteStream(options.logFile, { flags: "w" });
  const tailBuffer: string[] = [];
  const suspicious: string[] = [];
  let loadStarted = false;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    SIMULATOR_PORT: String(options.simulatorPort),
    E2E_DATABASE_URL: options.databaseUrl,
    CONNECTLY_WEBHOOK_SECRET: options.webhookSecret,
    NEXTAUTH_SECRET: "bench-secret",
    ADMIN_PASSWORD: "bench-admin-pw",
    SIMULATOR_RATE_LIMIT: "0",
    APP_URL: `http://127.0.0.1:${options.port}`,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.DATABASE_URL; // e2e-server.ts sets it from E2E_DATABASE_URL
  delete env.CONNECTLY_API_KEY; // always the simulator, never the real API
  if (options.skipBuild) env.SKIP_BUILD = "1";
  else delete env.SKIP_BUILD;

  // detached: the child leads a new process group (tsx → start.ts → next build / next start), so a signal to
  // -pid reaches every process of the app and nothing else.
  const child: ChildProcess = spawn(path.join(appDir, "node_modules", ".bin", "tsx"), ["scripts/e2e-server.ts"], {
    cwd: appDir,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("could not spawn scripts/e2e-server.ts");
  const pid = child.pid;

  let pending = "";
  const onData = (chunk: Buffer) => {
    logStream.write(chunk);
    const text = pending + chunk.toString("utf8");
    const lines = text.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      tailBuffer.push(line);
      if (tailBuffer.length > TAIL_LINES) tailBuffer.shift();
      if (line.startsWith("[start]")) log(`  ${line}`);
      if (loadStarted && SUSPICIOUS.test(line) && suspicious.length < 1_000) suspicious.push(line);
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);

  let exited: number | string | null = null;
  const exitPromise = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      exited = code ?? signal ?? "unknown";
      resolve();
    });
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is already gone
    }
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    signalGroup("SIGTERM");
    // start.ts closes the simulator and its children on SIGTERM; give it a bounded moment, then force.
    const forced = setTimeout(() => signalGroup("SIGKILL"), 10_000);
    await Promise.race([exitPromise, new Promise((r) => setTimeout(r, 15_000))]);
    clearTimeout(forced);
    signalGroup("SIGKILL"); // stragglers whose parent already exited (e.g. next-server)
    await new Promise<void>((resolve) => logStream.end(resolve));
  };

  const server: AppServer = {
    pid,
    appDir,
    suspiciousLines: () => [...suspicious],
    markLoadStart: () => {
      loadStarted = true;
    },
    tail: (n) => tailBuffer.slice(-n),
    stop,
  };

  try {
    await waitForLogin(`http://127.0.0.1:${options.port}/login`, options.readyTimeoutMs, () => exited);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- last app output ---\n${tailBuffer.slice(-40).join("\n")}`);
  }
  return server;
}

async function waitForLogin(url: string, timeoutMs: number, exited: () => number | string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const code = exited();
    if (code !== null) throw new Error(`the app exited (${code}) before ${url} answered`);
    try {
      const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}
