import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDatabaseIfMissing,
  dropDatabase,
  ensureDatabase,
  type DatabaseHandle,
} from "../../scripts/lib/database";
import { migrateDeploy } from "../../scripts/lib/prisma-cli";
import { signWebhookBody } from "../../lib/connectly/signature";

// PostgreSQL restarts under webhook traffic. An embedded PostgreSQL of this test's own (port 5455, data in
// .data/test-restart-5455) is stopped and started while the real route handler, in a child process, keeps receiving
// signed webhooks. During the outage it must answer 503 (so Connectly retries), recover by itself afterwards,
// and have stored every delivery it acknowledged with 200.

// Derived from the per-developer TEST_SIMULATOR_PORT, so parallel suites on one machine get clusters of their own
// (5455 when it is unset).
const PORT = 1100 + Number(process.env.TEST_SIMULATOR_PORT ?? 4355);
const SECRET = "pg_restart_test_secret";
const root = path.resolve(__dirname, "../..");
let database: DatabaseHandle;
let child: ChildProcess;
let appUrl: string;
const childErrors: string[] = [];

const startDatabase = () =>
  ensureDatabase({
    dataDir: path.join(root, `.data/test-restart-${PORT}`),
    embeddedPort: PORT,
    databaseName: "connectly_restart",
    log: () => {},
  });

beforeAll(async () => {
  database = await startDatabase();
  await dropDatabase(database.url);
  await createDatabaseIfMissing(database.url);
  migrateDeploy(database.url);
  child = spawn(process.execPath, ["--import", "tsx", "test/integration/pg-restart-server.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      CONNECTLY_WEBHOOK_SECRET: SECRET,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (c: Buffer) => {
    const text = c.toString();
    // "[api] unhandled error" is the route's log line for a 500: its cause is the finding.
    if (/route threw|unhandled|uncaught/i.test(text)) childErrors.push(text.slice(0, 2000));
  });
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the webhook server did not start within 20 s")), 20_000);
    child.once("exit", (code) => reject(new Error(`the webhook server exited (${code})`)));
    createInterface({ input: child.stdout! }).once("line", (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
  });
  appUrl = `http://127.0.0.1:${port}/api/webhooks/connectly`;
}, 90_000);

afterAll(async () => {
  child?.kill("SIGTERM");
  await database?.stop();
});

let seq = 0;
function inbound(id: string) {
  return JSON.stringify({
    topic: "messages",
    timestamp: String(Math.floor(Date.now() / 1000)),
    sender: { id: `+4477009${String(++seq).padStart(5, "0")}0`, channelType: "whatsapp" },
    recipient: { id: "+14155550100", channelType: "whatsapp" },
    message: { id, text: `message ${id}` },
  });
}

async function deliver(id: string): Promise<number> {
  const raw = inbound(id);
  try {
    const res = await fetch(appUrl, {
      method: "POST",
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "x-connectly-hmac-sha256": signWebhookBody(SECRET, raw),
      },
      body: raw,
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0; // no answer at all: the server crashed or hung
  }
}

describe("PostgreSQL restart during webhook traffic", () => {
  it("answers 503 while it is down, recovers by itself, and loses nothing it acknowledged", async () => {
    const results = new Map<string, number[]>();
    const record = (id: string, status: number) => results.set(id, [...(results.get(id) ?? []), status]);
    let next = 0;
    let running = true;

    // Four concurrent senders, like Connectly's delivery workers, for the whole test.
    const senders = Array.from({ length: 4 }, async () => {
      while (running) {
        const id = `01RESTART${String(next++).padStart(6, "0")}`;
        record(id, await deliver(id));
      }
    });
    const waitFor = async (predicate: () => boolean, ms: number, what: string) => {
      const deadline = Date.now() + ms;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const statuses = () => [...results.values()].flat();

    await waitFor(
      () => statuses().filter((s) => s === 200).length >= 20,
      15_000,
      "20 deliveries before the outage",
    );
    await database.stop();
    const stoppedAt = statuses().length;
    await waitFor(
      () =>
        statuses()
          .slice(stoppedAt)
          .filter((s) => s === 503).length >= 10,
      15_000,
      "503s during the outage",
    );
    const during = statuses().slice(stoppedAt);

    database = await startDatabase();
    const restartedAt = statuses().length;
    // No restart of the app: its pool must find the database again on its own.
    await waitFor(
      () =>
        statuses()
          .slice(restartedAt)
          .filter((s) => s === 200).length >= 20,
      20_000,
      "recovery after the restart",
    );
    running = false;
    await Promise.all(senders);

    // Connectly retries what was not acknowledged; those deliveries now succeed.
    for (const [id, history] of results) if (history.at(-1) !== 200) record(id, await deliver(id));

    const all = statuses();
    expect(childErrors).toEqual([]);
    expect(
      all.filter((s) => s !== 200 && s !== 503),
      "only 200 or 503, never a 500, a crash or a hang",
    ).toEqual([]);
    expect(during.filter((s) => s === 503).length).toBeGreaterThanOrEqual(10);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const stored = await client.query<{ id: string; n: number }>(
        `SELECT "upstreamId" AS id, count(*)::int AS n FROM "Message" WHERE "upstreamId" LIKE '01RESTART%' GROUP BY 1`,
      );
      const byId = new Map(stored.rows.map((r) => [r.id, r.n]));
      const acknowledged = [...results.entries()].filter(([, h]) => h.includes(200)).map(([id]) => id);
      expect(acknowledged.length).toBe(results.size);
      expect(
        acknowledged.filter((id) => byId.get(id) !== 1),
        "acknowledged but not stored exactly once",
      ).toEqual([]);
      expect(byId.size).toBe(results.size);
    } finally {
      await client.end();
    }
  }, 60_000);
});
