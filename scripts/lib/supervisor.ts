import type { ChildProcess } from "node:child_process";

// Keeps one child process running for `npm start` (the app server, the campaign worker): restarted when it dies,
// after a backoff that doubles from `initialBackoffMs` up to `maxBackoffMs` and starts over once a child has
// stayed up for `resetAfterMs`. A child that keeps dying (more than `maxRestarts` restarts within `windowMs`) is
// not restarted forever: the supervisor gives up and `onGiveUp` decides (start.ts stops the stack and exits).
// Children run in their own process group (spawn them with `detached: true`): when one dies, whatever it started
// (`next dev` runs the server in a grandchild) is killed with it, or an orphan would keep the port and every
// restart would fail with EADDRINUSE.

export type SupervisorOptions = {
  name: string;
  spawn: () => ChildProcess;
  log: (line: string) => void;
  onGiveUp: (exitCode: number) => void;
  /** False while the whole stack shuts down: a child that exits then (a terminal's Ctrl-C reaches it too) stays down. */
  keepRunning?: () => boolean;
  /** Called with each new child (the first one included). */
  onStart?: (child: ChildProcess) => void;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  resetAfterMs?: number;
  maxRestarts?: number;
  windowMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  stopGraceMs?: number;
};

export type Supervisor = {
  current: () => ChildProcess | null;
  restarts: () => number;
  /** SIGTERM (then SIGKILL after the grace period) and no more restarts; resolves when the child has exited. */
  stop: () => Promise<void>;
};

export function supervise(options: SupervisorOptions): Supervisor {
  const initial = options.initialBackoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const resetAfter = options.resetAfterMs ?? 60_000;
  const maxRestarts = options.maxRestarts ?? 5;
  const windowMs = options.windowMs ?? 5 * 60_000;
  let backoff = initial;
  let stopped = false;
  let child: ChildProcess | null = null;
  let timer: NodeJS.Timeout | null = null;
  let total = 0;
  const recent: number[] = [];

  const launch = () => {
    timer = null;
    if (stopped || options.keepRunning?.() === false) return;
    const startedAt = Date.now();
    const current = options.spawn();
    child = current;
    options.onStart?.(current);
    current.once("exit", (code, signal) => {
      signalGroup(current, "SIGKILL");
      if (stopped || options.keepRunning?.() === false) return;
      const now = Date.now();
      if (now - startedAt >= resetAfter) backoff = initial;
      while (recent.length > 0 && now - recent[0]! > windowMs) recent.shift();
      const how = code ?? signal ?? "unknown";
      if (recent.length >= maxRestarts) {
        options.log(
          `${options.name} exited (${how}) after ${recent.length} restarts within ${Math.round(windowMs / 1000)} s; giving up`,
        );
        options.onGiveUp(typeof code === "number" && code !== 0 ? code : 1);
        return;
      }
      recent.push(now);
      total++;
      options.log(`${options.name} exited (${how}); restarting in ${backoff / 1000} s`);
      timer = setTimeout(launch, backoff);
      backoff = Math.min(maxBackoff, backoff * 2);
    });
  };
  launch();

  return {
    current: () => child,
    restarts: () => total,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      const last = child;
      if (!last || last.exitCode !== null || last.signalCode !== null) return;
      const exited = new Promise((resolve) => last.once("exit", resolve));
      signalGroup(last, "SIGTERM");
      const grace = setTimeout(() => signalGroup(last, "SIGKILL"), options.stopGraceMs ?? 15_000);
      await exited;
      clearTimeout(grace);
    },
  };
}

/** The child's whole process group when it leads one (spawned detached), else the child alone. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // not a group leader (or the group is gone): the child itself
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}
