import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { supervise, type Supervisor, type SupervisorOptions } from "./supervisor";

// The supervisor `npm start` runs the app server and the campaign worker under, with real child processes
// (node -e …): a killed child comes back, a crash loop backs off and then gives up, stop() ends it for good.

const node = (code: string) => () => spawn(process.execPath, ["-e", code], { stdio: "ignore" });
const FOREVER = "setInterval(() => {}, 1000)";

let running: Supervisor | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

function start(options: Partial<SupervisorOptions> & Pick<SupervisorOptions, "spawn">) {
  const logs: string[] = [];
  const gaveUp: number[] = [];
  const started: ChildProcess[] = [];
  running = supervise({
    name: "test child",
    log: (line) => logs.push(line),
    onGiveUp: (code) => gaveUp.push(code),
    onStart: (child) => started.push(child),
    initialBackoffMs: 20,
    maxBackoffMs: 80,
    stopGraceMs: 300,
    ...options,
  });
  return { supervisor: running, logs, gaveUp, started };
}

async function until(what: string, probe: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const alive = (child: ChildProcess | null | undefined) =>
  Boolean(child?.pid) && child!.exitCode === null && child!.signalCode === null;

// Real processes: each spawn of node costs up to a second or two on a busy machine.
describe("supervise", { timeout: 30_000 }, () => {
  it("restarts a child that was killed (as by the out-of-memory killer), with a new process", async () => {
    const { supervisor, logs, started } = start({ spawn: node(FOREVER) });
    await until("the first child", () => alive(started[0]));
    const first = started[0]!;
    first.kill("SIGKILL");
    await until("a second child", () => started.length === 2 && alive(started[1]));
    expect(started[1]!.pid).not.toBe(first.pid);
    expect(first.signalCode).toBe("SIGKILL");
    expect(supervisor.restarts()).toBe(1);
    expect(logs).toEqual(["test child exited (SIGKILL); restarting in 0.02 s"]);
  });

  it("kills what a dead child started (its process group), so a restart finds the port free", async () => {
    const parentOfOrphan = `const { spawn } = require("node:child_process");
      const grandchild = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
      console.log(grandchild.pid); ${FOREVER}`;
    const { started } = start({
      spawn: () =>
        spawn(process.execPath, ["-e", parentOfOrphan], {
          stdio: ["ignore", "pipe", "ignore"],
          detached: true,
        }),
    });
    await until("the child", () => alive(started[0]));
    const grandchildPid = Number(
      await new Promise<string>((r) => started[0]!.stdout!.once("data", (d: Buffer) => r(d.toString()))),
    );
    const isRunning = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(isRunning(grandchildPid)).toBe(true);
    started[0]!.kill("SIGKILL"); // as the out-of-memory killer would: the grandchild gets no signal from it
    await until("the grandchild gone", () => !isRunning(grandchildPid));
    await until("a restarted child", () => started.length === 2 && alive(started[1]));
  });

  it("backs off (doubling, capped) in a crash loop and gives up after maxRestarts", async () => {
    const { logs, gaveUp, started } = start({ spawn: node("process.exit(3)"), maxRestarts: 4 });
    await until("giving up", () => gaveUp.length === 1);
    expect(gaveUp).toEqual([3]);
    expect(started).toHaveLength(5); // the first run and 4 restarts
    expect(logs).toEqual([
      "test child exited (3); restarting in 0.02 s",
      "test child exited (3); restarting in 0.04 s",
      "test child exited (3); restarting in 0.08 s",
      "test child exited (3); restarting in 0.08 s",
      "test child exited (3) after 4 restarts within 300 s; giving up",
    ]);
    await new Promise((r) => setTimeout(r, 200));
    expect(started).toHaveLength(5); // nothing after giving up
  });

  it("starts the backoff over after a child stayed up, and forgets restarts outside the window", async () => {
    const { logs, gaveUp, started } = start({
      spawn: node("setTimeout(() => process.exit(1), 150)"),
      resetAfterMs: 100,
      maxRestarts: 2,
      windowMs: 100,
    });
    await until("five runs", () => started.length >= 5);
    expect(gaveUp).toEqual([]);
    expect(logs.slice(0, 4)).toEqual(Array(4).fill("test child exited (1); restarting in 0.02 s"));
  });

  it("stop(): SIGTERM, SIGKILL after the grace period, and no restart", async () => {
    const { supervisor, started } = start({
      spawn: () =>
        spawn(process.execPath, ["-e", `process.on("SIGTERM", () => {}); console.log("ready"); ${FOREVER}`], {
          stdio: ["ignore", "pipe", "ignore"],
        }),
    });
    await until("the child", () => alive(started[0]));
    await new Promise((r) => started[0]!.stdout!.once("data", r)); // its SIGTERM handler installed
    const t0 = Date.now();
    await supervisor.stop();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(started[0]!.signalCode).toBe("SIGKILL");
    await new Promise((r) => setTimeout(r, 100));
    expect(started).toHaveLength(1);
  });

  it("does not restart while the whole stack is shutting down", async () => {
    let stopping = false;
    const { started, logs } = start({ spawn: node(FOREVER), keepRunning: () => !stopping });
    await until("the child", () => alive(started[0]));
    stopping = true;
    started[0]!.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 150));
    expect(started).toHaveLength(1);
    expect(logs).toEqual([]);
  });
});
