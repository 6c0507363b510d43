// A child of `npm start` (scripts/start.ts) runs in its own process group, so that the supervisor can stop it and
// whatever it started as a whole. The price: when the start command itself dies without stopping it (SIGKILL, a
// test runner that kills only its own process group), nothing else would. Such a child is re-parented; this
// notices within `intervalMs` and ends the child the normal way (SIGTERM to itself, so its own shutdown runs).
//
// Only for children started by the supervisor (SUPERVISOR_PID set by scripts/start.ts): a worker started by hand
// with nohup keeps running after its shell exits.

export function exitWithParent(
  supervisorPid: string | undefined,
  options: { intervalMs?: number; parentPid?: () => number; onOrphaned?: () => void } = {},
): NodeJS.Timeout | null {
  const expected = Number(supervisorPid);
  if (!supervisorPid || !Number.isInteger(expected) || expected <= 0) return null;
  const parentPid = options.parentPid ?? (() => process.ppid);
  const onOrphaned = options.onOrphaned ?? (() => process.kill(process.pid, "SIGTERM"));
  const timer = setInterval(() => {
    if (parentPid() === expected) return;
    clearInterval(timer);
    onOrphaned();
  }, options.intervalMs ?? 1000);
  timer.unref();
  return timer;
}
