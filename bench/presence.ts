import "../scripts/lib/allow-server-only";
import pg from "pg";
import { createDatabaseIfMissing, dropDatabase } from "../scripts/lib/database";
import { migrateDeploy } from "../scripts/lib/prisma-cli";
import { fmtInt, fmtMs, summarize, table } from "./lib/stats";

// `npm run bench:presence`: what presence costs the database, through the real services (lib/presence).
//   1. BENCH_STREAMS open tabs (presence rows), as many users
//   2. typing reports (notify only, no write): report → the event on a LISTEN connection, p50/p95
//   3. a stream heartbeat (sweep + upsert + notify) at that many rows, p50/p95
//   4. a view change (UPDATE + notify in one statement), p50/p95
//   5. the snapshot a browser starts from (GET /api/presence's query), p50/p95
// Prints numbers only. Environment: BENCH_STREAMS (500), BENCH_ITERATIONS (300), BENCH_PRESENCE_DATABASE_URL
// (postgresql://postgres@127.0.0.1:5432/connectly_bench_presence; dropped and recreated).

const DATABASE_URL =
  process.env.BENCH_PRESENCE_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_bench_presence";
const STREAMS = Number(process.env.BENCH_STREAMS ?? 500);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function main() {
  await dropDatabase(DATABASE_URL);
  await createDatabaseIfMissing(DATABASE_URL);
  migrateDeploy(DATABASE_URL);
  process.env.DATABASE_URL = DATABASE_URL;
  const { db } = await import("../lib/db");
  const { trackPresenceStream } = await import("../lib/presence/track-presence-stream");
  const { reportPresence } = await import("../lib/presence/report-presence");
  const { listPresence } = await import("../lib/presence/list-presence");
  const { PRESENCE_CHANNEL } = await import("../lib/realtime/events");

  const users = await db.user.createManyAndReturn({
    data: Array.from({ length: STREAMS }, (_, i) => ({
      email: `agent${i}@bench.test`,
      name: `Agent ${i}`,
      passwordHash: "x",
    })),
    select: { id: true, name: true },
  });
  const streams = users.map((u) => ({ user: u, stream: trackPresenceStream(u) }));
  for (const s of streams) await s.stream.open();

  const listener = new pg.Client({ connectionString: DATABASE_URL });
  await listener.connect();
  const waiting = new Map<string, () => void>();
  listener.on("notification", (m) => {
    const e = JSON.parse(m.payload ?? "{}") as { conversationId?: string };
    if (e.conversationId) waiting.get(e.conversationId)?.();
  });
  await listener.query(`LISTEN ${PRESENCE_CHANNEL}`);

  const first = streams[0]!;
  const typing = await timed(ITERATIONS, async (i) => {
    const conversationId = `c-typing-${i}`;
    const heard = new Promise<void>((resolve) => waiting.set(conversationId, resolve));
    await reportPresence(first.user, {
      streamId: first.stream.streamId,
      conversationId,
      active: true,
      typing: true,
    });
    await heard;
    waiting.delete(conversationId);
  });
  const beats = await timed(ITERATIONS, (i) => streams[i % streams.length]!.stream.beat());
  const views = await timed(ITERATIONS, (i) => {
    const s = streams[i % streams.length]!;
    return reportPresence(s.user, {
      streamId: s.stream.streamId,
      conversationId: `c-${i % 50}`,
      active: i % 3 !== 0,
    });
  });
  const snapshot = await timed(Math.min(ITERATIONS, 100), () => listPresence());
  const rowsWritten = await db.agentPresence.count();

  console.log(
    `\npresence with ${fmtInt(STREAMS)} open tabs (${fmtInt(rowsWritten)} rows), ${fmtInt(ITERATIONS)} iterations\n`,
  );
  const row = (name: string, v: number[]) => {
    const s = summarize(v);
    return [name, fmtInt(s.n), fmtMs(s.p50), fmtMs(s.p95), fmtMs(s.max)];
  };
  console.log(
    table(
      ["operation", "n", "p50", "p95", "max"],
      [
        row("typing report → heard on LISTEN (no write)", typing),
        row("stream heartbeat (sweep + upsert + notify)", beats),
        row("view / active change (update + notify)", views),
        row(`snapshot of ${STREAMS} tabs`, snapshot),
      ],
    ),
  );
  await listener.end();
  for (const s of streams) await s.stream.close();
  await db.$disconnect();
  await dropDatabase(DATABASE_URL);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
