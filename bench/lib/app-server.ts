import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, type WriteStream } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

// Starts the app as `npm start` runs it (scripts/e2e-server.ts: fresh database, migrate, seed, simulator,
// `next build`, the app server scripts/server.ts) on the bench's own ports, in its own process group so one signal stops it all.
//
// Where it runs: `next build` rewrites `.next` from scratch, and the repository's `.next` is served by another
// engineer's `next start` (port 3000); building into NEXT_DIST_DIR instead makes Next rewrite the tracked
// tsconfig.json (it adds the dist dir's types to "include"). So the build happens in a private copy in the OS
// temp dir (kept between runs so syncs are incremental), of the working tree or, with BENCH_SOURCE=head, of
// the last commit (when colleagues' half-done edits do not build). With BENCH_SKIP_BUILD=1 the repository
// itself runs the app server on its existing `.next`, read-only.

export type AppServerOptions = {
  root: string;
  port: number;
  simulatorPort: number;
  databaseUrl: string;
  webhookSecret: string;
  skipBuild: boolean;
  /** What the private copy is built from (ignored with skipBuild). */
  source: BenchSource;
  readyTimeoutMs: number;
  logFile: string;
  log: (line: string) => void;
  /** Keep the database as it is (a seeded one, BENCH_REUSE) instead of starting from a fresh one. */
  keepDatabase?: boolean;
  /** Called as soon as the process group exists, so a Ctrl-C during the build can stop it too. */
  onSpawned: (stop: () => Promise<void>) => void;
};

export type BenchSource = "worktree" | "head";

export type AppServer = {
  pid: number;
  /** What code runs: the working tree, a commit, or the repository's existing build. */
  description: string;
  /** Directory the app runs from (the private copy, or the repository with BENCH_SKIP_BUILD=1). */
  appDir: string;
  /** Server output lines written after `markLoadStart()` that look like errors or warnings. */
  suspiciousLines: () => string[];
  markLoadStart: () => void;
  stop: () => Promise<void>;
};

const COPY_DIR = path.join(os.tmpdir(), "connectly-bench-app");
// Build output, local data and reports are never copied: the copy builds its own.
const COPY_EXCLUDES = [
  ".git",
  ".next",
  ".next-*",
  ".data",
  "test-results",
  "playwright-report",
  "bench/results",
  "tsconfig.tsbuildinfo",
];
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
  if (inUse)
    throw new Error(`port ${port} on 127.0.0.1 is already in use; set BENCH_PORT / BENCH_SIMULATOR_PORT`);
}

function run(cmd: string, args: string[], options: { cwd?: string; input?: Buffer } = {}): Buffer {
  const result = spawnSync(cmd, args, { ...options, timeout: 300_000, maxBuffer: 1 << 30 });
  if (result.status !== 0) {
    const detail = result.stderr?.toString("utf8").trim() || String(result.error ?? "");
    throw new Error(
      `${path.basename(cmd)} ${args.join(" ")} failed (${result.status}): ${detail.slice(-2_000)}`,
    );
  }
  return result.stdout;
}

/** Fills the private copy with `source` and returns a description of what it holds. */
function preparePrivateCopy(root: string, source: BenchSource, log: (line: string) => void): string {
  mkdirSync(COPY_DIR, { recursive: true });
  // Dependencies as installed in the repository (the copy never runs npm install); incremental after run one.
  run("rsync", ["-a", "--delete", `${root}/node_modules/`, `${COPY_DIR}/node_modules/`]);
  let description: string;
  if (source === "worktree") {
    description = `the working tree of ${root}`;
    log(`copying ${description} into ${COPY_DIR} (the build must not touch the shared .next)`);
    const excludes = [...COPY_EXCLUDES, "node_modules", "lib/generated"].flatMap((e) => [
      "--exclude",
      `/${e}`,
    ]);
    run("rsync", ["-a", "--delete", ...excludes, `${root}/`, `${COPY_DIR}/`]);
  } else {
    const commit = run("git", ["-C", root, "rev-parse", "--short", "HEAD"]).toString("utf8").trim();
    description = `commit ${commit} (HEAD of ${root}, without uncommitted changes)`;
    log(`unpacking ${description} into ${COPY_DIR}`);
    for (const entry of readdirSync(COPY_DIR)) {
      if (entry !== "node_modules") rmSync(path.join(COPY_DIR, entry), { recursive: true, force: true });
    }
    // git archive only reads the repository: no checkout, index or worktree of the shared clone is touched.
    run("tar", ["-x", "-C", COPY_DIR], {
      input: run("git", ["-C", root, "archive", "--format=tar", "HEAD"]),
    });
  }
  // The Prisma client from the copy's own schema: the repository's lib/generated may lag behind (or ahead of) it.
  run(path.join(COPY_DIR, "node_modules", ".bin", "tsx"), ["scripts/prisma.ts", "generate"], {
    cwd: COPY_DIR,
  });
  return description;
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { log } = options;
  let appDir = options.root;
  let description = `the existing build in ${options.root}/.next`;
  if (options.skipBuild) {
    if (!existsSync(path.join(options.root, ".next", "BUILD_ID"))) {
      throw new Error("BENCH_SKIP_BUILD=1 but the repository has no .next build to reuse");
    }
    log("BENCH_SKIP_BUILD=1: reusing the repository's existing .next (no build)");
  } else {
    appDir = COPY_DIR;
    description = preparePrivateCopy(options.root, options.source, log);
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
  if (options.keepDatabase) env.E2E_KEEP_DATABASE = "1";
  else delete env.E2E_KEEP_DATABASE;
  if (options.skipBuild) env.SKIP_BUILD = "1";
  else delete env.SKIP_BUILD;

  // detached: the child leads a new process group (tsx → start.ts → next build / scripts/server.ts), so a signal to
  // -pid reaches every process of the app and nothing else.
  const child: ChildProcess = spawn(
    path.join(appDir, "node_modules", ".bin", "tsx"),
    ["scripts/e2e-server.ts"],
    {
      cwd: appDir,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
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

  options.onSpawned(stop);

  const server: AppServer = {
    pid,
    description,
    appDir,
    suspiciousLines: () => [...suspicious],
    markLoadStart: () => {
      loadStarted = true;
    },
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

async function waitForLogin(
  url: string,
  timeoutMs: number,
  exited: () => number | string | null,
): Promise<void> {
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
