import "../scripts/lib/allow-server-only";
import { createHash } from "node:crypto";
import { createDatabaseIfMissing, dropDatabase } from "../scripts/lib/database";
import { migrateDeploy } from "../scripts/lib/prisma-cli";
import { fmtInt, fmtMs, summarize, table, type LatencySummary } from "./lib/stats";

// `npm run bench:contacts`: the contacts page at scale. Seeds BENCH_CONTACTS (200,000) contacts into a fresh database
// of its own (generated inside PostgreSQL: names, UK phones, a BSUID on every third, two custom fields), then times
// the page's read model (lib/contacts/list-contacts.ts: the SQL and the DTOs, in process; no HTTP or sign-in) for
// the first page, a deep page (cursor), and searches of each kind. Prints p50/p95 per case (target p95 < 50 ms);
// asserts nothing. To measure another read (segment counts…), add an entry to CASES.

function int(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const contacts = int("BENCH_CONTACTS", 200_000);
const samples = int("BENCH_SAMPLES", 100);
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_bench_contacts";
if (!/^postgres(ql)?:\/\/[^/]*(127\.0\.0\.1|localhost)[:/]/.test(databaseUrl))
  throw new Error("BENCH_DATABASE_URL must be on loopback");
const log = (line: string) => console.log(`[bench:contacts] ${line}`);

type Case = { name: string; run: (i: number) => Promise<unknown> };

async function main() {
  await dropDatabase(databaseUrl);
  await createDatabaseIfMissing(databaseUrl);
  migrateDeploy(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  const { db } = await import("../lib/db");
  const { listContacts } = await import("../lib/contacts/list-contacts");

  const t0 = Date.now();
  await db.$executeRaw`
    INSERT INTO "Contact" (id, name, phone, bsuid, "optedOut", attributes, "createdAt", "updatedAt")
    SELECT 'bench-' || i,
      (ARRAY['Ana','Bruno','Carla','Diego','Eva','Farah','Gus','Hana','Ivo','Jun'])[1 + i % 10] || ' ' ||
        (ARRAY['Lima','Silva','Okafor','Nguyen','Smith','Kowalski','Haddad','Tanaka','Moreau','Rossi','Costa','Berg'])[1 + (i / 10) % 12] || ' ' || i,
      '+447' || lpad((400000000 + i * 7)::text, 9, '0'),
      CASE WHEN i % 3 = 0 THEN 'GB.' || md5(i::text) END,
      i % 50 = 0,
      jsonb_build_object('plan', (ARRAY['free','pro','team','enterprise'])[1 + i % 4], 'city', 'City' || (i % 997)),
      now() - make_interval(secs => i * 13), now()
    FROM generate_series(1, ${contacts}::int) i`;
  await db.$executeRawUnsafe('ANALYZE "Contact"');
  log(`${fmtInt(contacts)} contacts seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const first = await listContacts({ limit: 50 });
  // A cursor about 100 pages deep, taken from a real page.
  const deepRow = await db.$queryRaw<{ id: string; createdAt: Date }[]>`
    SELECT id, "createdAt" FROM "Contact" ORDER BY "createdAt" DESC, id DESC OFFSET 5000 LIMIT 1`;
  const { encodeCursor } = await import("../lib/contacts/list-contacts");
  const deepCursor = deepRow[0] ? encodeCursor(deepRow[0]) : first.nextCursor!;
  const somePhone = (i: number) => 400000000 + ((i * 7919) % contacts) * 7;

  const CASES: Case[] = [
    { name: "list, first page", run: () => listContacts({ limit: 50 }) },
    { name: "list, page 100 (cursor)", run: () => listContacts({ limit: 50, cursor: deepCursor }) },
    { name: "list, opted out only", run: () => listContacts({ limit: 50, optedOut: true }) },
    { name: "search name (common: 'ana')", run: () => listContacts({ limit: 50, q: "ana" }) },
    {
      name: "search name (rare: 'okafor 12')",
      run: (i) => listContacts({ limit: 50, q: `okafor ${12 + (i % 50)}` }),
    },
    { name: "search phone E.164", run: (i) => listContacts({ limit: 50, q: `+447${somePhone(i)}` }) },
    {
      name: "search phone national (07…)",
      run: (i) =>
        listContacts({
          limit: 50,
          q: `07${String(somePhone(i)).slice(0, 3)} ${String(somePhone(i)).slice(3)}`,
        }),
    },
    {
      name: "search BSUID (part of one)",
      run: (i) =>
        listContacts({
          limit: 50,
          q: createHash("md5")
            .update(String(3 * (1 + ((i * 7919) % Math.floor(contacts / 3)))))
            .digest("hex")
            .slice(4, 16),
        }),
    },
    {
      name: "search attribute value ('City42')",
      run: (i) => listContacts({ limit: 50, q: `City${100 + (i % 800)}` }),
    },
    { name: "search no match", run: (i) => listContacts({ limit: 50, q: `zzqx${i}` }) },
  ];

  const results: [string, LatencySummary][] = [];
  for (const c of CASES) {
    for (let i = 0; i < 5; i++) await c.run(i); // warm-up
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      await c.run(i);
      times.push(performance.now() - start);
    }
    results.push([c.name, summarize(times)]);
  }
  console.log(
    table(
      ["case", "n", "p50", "p95", "max"],
      results.map(([name, s]) => [name, fmtInt(s.n), fmtMs(s.p50), fmtMs(s.p95), fmtMs(s.max)]),
    ),
  );
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
