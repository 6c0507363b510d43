import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";

// Where the time goes during a level, from outside the app: CPU used by each party (app process group,
// PostgreSQL, load generator, whole machine), read from /proc, and what the app's database connections are
// doing, sampled from pg_stat_activity. Linux only; without /proc the CPU part reports nothing.

export type CpuUsage = { app: number; postgres: number; client: number; machine: number };
export type LevelObservation = {
  /** Average cores busy during the level (1.0 = one core fully used). */
  cpu: CpuUsage | null;
  /** Average number of the bench database's client connections in each state ("idle", "running", "IO:WALSync"...). */
  connections: Record<string, number>;
  samples: number;
};

type ProcSample = {
  ticks: Map<number, { ppid: number; pgrp: number; ticks: number }>;
  busy: number;
  total: number;
};

const clockTicks = (() => {
  const out = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  const n = Number(out.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

function readProcs(): ProcSample | null {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return null;
  }
  const ticks = new Map<number, { ppid: number; pgrp: number; ticks: number }>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name (field 2) may contain spaces and parentheses: fields are counted after the last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      const pgrp = Number(fields[2]);
      const cpu = Number(fields[11]) + Number(fields[12]); // utime + stime
      ticks.set(Number(entry), { ppid, pgrp, ticks: cpu });
    } catch {
      // exited while we looked
    }
  }
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
  return { ticks, busy: total - idle, total };
}

export class LevelObserver {
  private before: ProcSample | null = null;
  private startedAt = 0;
  private counts: Record<string, number> = {};
  private samples = 0;
  private timer: NodeJS.Timeout | null = null;
  private sampling: Promise<void> | null = null;

  private constructor(
    private readonly client: pg.Client,
    private readonly appPgid: number,
    private readonly postmasterPid: number | null,
    private readonly workerPid: number,
  ) {}

  static async create(databaseUrl: string, appPgid: number, workerPid: number): Promise<LevelObserver> {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: "bench-observer" });
    await client.connect();
    // Our own backend's parent is the postmaster: PostgreSQL's CPU is that process and its children.
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    let postmasterPid: number | null = null;
    try {
      const stat = readFileSync(`/proc/${rows[0]?.pid}/stat`, "utf8");
      postmasterPid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      // PostgreSQL is not a local process we can see (container, other host): report no database CPU.
    }
    return new LevelObserver(client, appPgid, postmasterPid, workerPid);
  }

  start(): void {
    this.before = readProcs();
    this.startedAt = performance.now();
    this.counts = {};
    this.samples = 0;
    // Every 100 ms, skipping a tick while the previous sample is still running.
    this.timer = setInterval(() => {
      if (this.sampling) return;
      this.sampling = this.sample().finally(() => (this.sampling = null));
    }, 100);
  }

  private async sample(): Promise<void> {
    const { rows } = await this.client.query<{ k: string; n: number }>(`
      SELECT CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'running')
                  ELSE coalesce(state, 'unknown') END AS k,
             count(*)::int AS n
      FROM pg_stat_activity
      WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
      GROUP BY 1`);
    for (const row of rows) this.counts[row.k] = (this.counts[row.k] ?? 0) + row.n;
    this.samples++;
  }

  async stop(): Promise<LevelObservation> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sampling;
    const seconds = (performance.now() - this.startedAt) / 1000;
    const after = readProcs();
    const connections: Record<string, number> = {};
    for (const [k, n] of Object.entries(this.counts))
      connections[k] = this.samples > 0 ? n / this.samples : 0;
    return { cpu: this.cpu(this.before, after, seconds), connections, samples: this.samples };
  }

  private cpu(before: ProcSample | null, after: ProcSample | null, seconds: number): CpuUsage | null {
    if (!before || !after || seconds <= 0) return null;
    const cores = (select: (pid: number, p: { ppid: number; pgrp: number }) => boolean) => {
      let ticks = 0;
      for (const [pid, p] of after.ticks) {
        if (!select(pid, p)) continue;
        ticks += p.ticks - (before.ticks.get(pid)?.ticks ?? 0);
      }
      return ticks / clockTicks / seconds;
    };
    const machineTicks = after.total - before.total;
    // The app is the process group started by the bench and every process below it: scripts/start.ts starts the
    // Next server and the worker detached (process groups of their own), so the group alone counted none of them
    // (the app column read 0.00 while the machine was busy).
    const children = new Map<number, number[]>();
    for (const [pid, p] of after.ticks) {
      const siblings = children.get(p.ppid);
      if (siblings) siblings.push(pid);
      else children.set(p.ppid, [pid]);
    }
    const appTree = new Set<number>();
    const stack = [...after.ticks].filter(([, p]) => p.pgrp === this.appPgid).map(([pid]) => pid);
    for (let pid = stack.pop(); pid !== undefined; pid = stack.pop()) {
      if (appTree.has(pid)) continue;
      appTree.add(pid);
      stack.push(...(children.get(pid) ?? []));
    }
    return {
      app: cores((pid) => appTree.has(pid)),
      postgres:
        this.postmasterPid === null
          ? NaN
          : cores((pid, p) => pid === this.postmasterPid || p.ppid === this.postmasterPid),
      client: cores((pid) => pid === this.workerPid),
      // /proc/stat counts all CPUs: busy share of the total, times the number of CPUs = busy cores.
      machine: machineTicks > 0 ? ((after.busy - before.busy) / machineTicks) * cpuCount() : NaN,
    };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sampling;
    await this.client.end().catch(() => {});
  }
}

function cpuCount(): number {
  const lines = readFileSync("/proc/stat", "utf8").split("\n");
  return Math.max(1, lines.filter((l) => /^cpu\d+\s/.test(l)).length);
}
