import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect } from "vitest";
import { db } from "../../lib/db";
import { expectedState, waitFor, webhooksIdle, type Harness } from "./campaign-helpers";

// The crash scenario shared by campaign-crash.test.ts (template) and campaign-flows-crash.test.ts (flow): the
// worker as a real process (scripts/worker.ts), killed with SIGKILL mid-campaign and started again. No recipient
// may be sent twice; one whose request may have been in flight is not resent blindly: its webhooks settle it, and
// one that never reached the simulator stays UNKNOWN.

const root = path.resolve(__dirname, "../..");

function workerProcesses(env: Record<string, string> = {}) {
  const children: ChildProcess[] = [];
  return {
    start(name: string): ChildProcess {
      const child = spawn(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"],
        {
          cwd: root,
          env: {
            ...process.env,
            CAMPAIGN_WORKER_ID: name,
            // Short, so the restarted worker settles the dead one's claims quickly.
            CAMPAIGN_WORKER_STALE_MS: "1500",
            ...env,
          },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[${name}] ${d.toString()}`));
      children.push(child);
      return child;
    },
    killAll() {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

/**
 * The count once the frozen worker's last statements have landed: SIGSTOP stops the process, not the bytes it
 * already wrote, so a COMMIT sent just before the stop can still apply after a first read (the count then dropped
 * between "at kill" and "after the kill"). Waits until no other backend of this database is running a statement
 * and two reads agree.
 */
async function settled(count: () => Promise<number>): Promise<number> {
  for (let tries = 0; ; tries++) {
    const [row] = await db.$queryRaw<{ busy: number }[]>`
      SELECT count(*)::int AS busy FROM pg_stat_activity
      WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`;
    const before = await count();
    await new Promise((r) => setTimeout(r, 50));
    const after = await count();
    if ((row?.busy === 0 && before === after) || tries >= 40) return after;
  }
}

/**
 * Runs a launched 1,000-recipient campaign through a worker killed mid-campaign and its successor, and checks the
 * outcome. `sentIds` lists the recipient ids the simulator received, in arrival order.
 */
export async function expectCrashSafe(
  harness: Harness,
  campaignId: string,
  sentIds: () => Promise<string[]>,
  env: Record<string, string> = {},
): Promise<void> {
  const workers = workerProcesses(env);
  try {
    await crashAndRestart(harness, campaignId, sentIds, workers);
  } finally {
    workers.killAll();
  }
}

async function crashAndRestart(
  harness: Harness,
  campaignId: string,
  sentIds: () => Promise<string[]>,
  workers: ReturnType<typeof workerProcesses>,
): Promise<void> {
  // No status webhook is applied until after the dead worker's claims are swept: a recipient the killed worker
  // attempted stays SENDING (its outcome died with the process) and is not settled early by its webhooks.
  harness.holdWebhooks();
  const first = workers.start("crash-worker-1");
  // The strict simulator's 200 requests/s (and the send budget) cap the pace at 200/s, and the process has to start.
  const inFlight = () =>
    db.campaignRecipient.count({
      where: { campaignId, workerId: "crash-worker-1", state: "SENDING", sendingAt: { not: null } },
    });
  await waitFor(
    "the first worker to send some, with attempts not yet recorded",
    async () => (await sentIds()).length >= 300 && (await inFlight()) > 0,
    45_000, // the worker process boots first (tsx), slow on a busy machine
    20,
  );
  // Frozen first (SIGSTOP: no more flushes), so the count of attempts without an outcome is the one the kill leaves;
  // a worker caught just after a flush (none in flight) is let go on for a moment and frozen again.
  let unsettledAtKill = 0;
  for (let tries = 0; tries < 100 && unsettledAtKill === 0; tries++) {
    first.kill("SIGSTOP");
    unsettledAtKill = await settled(inFlight);
    if (unsettledAtKill === 0) {
      first.kill("SIGCONT");
      await new Promise((r) => setTimeout(r, 15));
    }
  }
  first.kill("SIGKILL");
  await new Promise((r) => first.once("exit", r));
  // Requests the dead process had already written may still be read by the simulator: let them land.
  await new Promise((r) => setTimeout(r, 300));
  const sentByFirst = await sentIds();
  expect(sentByFirst.length).toBeLessThan(1000);
  // Everything the killed worker attempted (marked sendingAt before its request went out), sent or not.
  const attemptedByFirst = new Set(
    (
      await db.campaignRecipient.findMany({
        where: { campaignId, workerId: "crash-worker-1", sendingAt: { not: null } },
        select: { id: true },
      })
    ).map((r) => r.id),
  );
  expect(
    unsettledAtKill,
    "recipients attempted by the killed worker with no recorded outcome",
  ).toBeGreaterThan(0);
  expect(await inFlight(), "nothing recorded for them after the kill").toBe(unsettledAtKill);

  workers.start("crash-worker-2");
  // The successor's sweep settles the dead worker's claims; none of them is SENDING afterwards.
  await waitFor("the dead worker's claims to be swept", async () => (await inFlight()) === 0, 20_000);
  const leftUnknown = await db.campaignRecipient.findMany({
    where: { campaignId, workerId: "crash-worker-1", state: "UNKNOWN", errorCode: "WORKER_INTERRUPTED" },
    select: { id: true },
  });
  // Attempted, outcome unknown: UNKNOWN, not back in the queue (all of them, so more than zero).
  expect(leftUnknown.length, "attempted claims of the dead worker left UNKNOWN by the sweep").toBe(
    unsettledAtKill,
  );
  expect(leftUnknown.every((r) => attemptedByFirst.has(r.id))).toBe(true);

  await waitFor(
    "the campaign to complete",
    async () => (await db.campaign.findUnique({ where: { id: campaignId } }))?.status === "COMPLETED",
    30_000,
  );
  const held = harness.heldWebhooks();
  expect(held).toBeGreaterThan(0);
  const statuses = await harness.releaseWebhooks();
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
  await waitFor("webhooks to drain", () => webhooksIdle(harness.simulator), 20_000);

  const sent = await sentIds();
  expect(new Set(sent).size).toBe(sent.length); // nobody twice
  // No recipient the killed worker attempted went out again from its successor, whether or not its first
  // request had reached Connectly.
  const sentBySecond = sent.slice(sentByFirst.length);
  expect(sentBySecond.length).toBeGreaterThan(0);
  expect(
    sentBySecond.filter((id) => attemptedByFirst.has(id)),
    "attempted by the killed worker, resent by its successor",
  ).toEqual([]);

  const recipients = await db.campaignRecipient.findMany({ where: { campaignId } });
  const sentSet = new Set(sent);
  expect(recipients.filter((r) => r.state === "PENDING" || r.state === "SENDING")).toEqual([]);
  // Everything that reached the simulator ends in the state its webhooks dictate, including the ones the
  // killed worker never recorded (settled once the held webhooks arrived).
  const wrong = recipients.filter((r) => sentSet.has(r.id) && r.state !== expectedState(r.phone ?? "").state);
  expect(wrong.map((r) => `${r.phone} ${r.state}`)).toEqual([]);
  // What did not reach it is UNKNOWN (attempted when the worker died), never silently dropped or resent.
  const notSent = recipients.filter((r) => !sentSet.has(r.id));
  expect(notSent.filter((r) => !(r.state === "UNKNOWN" && r.errorCode === "WORKER_INTERRUPTED"))).toEqual([]);
  expect(sent.length + notSent.length).toBe(1000);
  // Both processes sent a share.
  expect(new Set(recipients.map((r) => r.workerId)).size).toBe(2);
}
