import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// Migrations run in Prisma's bundled WebAssembly schema engine through the pg driver adapter, so the CLI
// works offline (see ../shared/stack-notes.md). The URL comes from the environment; scripts/start.ts and
// the test setup set it (embedded PostgreSQL when DATABASE_URL is unset).

// prisma/orm#27403: the schema engine cannot deserialize PostgreSQL catalog types (name, char, reg*).
// Report them as text / text[] so introspection queries run.
const CATALOG_TEXT_TYPES = new Set([18, 19, 24, 2202, 2203, 2204, 2205, 2206, 4089, 4096]);
const CATALOG_TEXT_ARRAY_TYPES = new Set([1002, 1003, 1008, 2207, 2208, 2209, 2210, 2211, 4090, 4097]);
const TEXT = 25;
const TEXT_ARRAY = 1009;

type Field = { dataTypeID: number };
type QueryResult = { fields?: Field[] } | undefined;
type WithPerformIO = { performIO: (query: unknown) => Promise<QueryResult> };

function patchQueryable<T extends object>(queryable: T): T {
  const target = queryable as unknown as WithPerformIO;
  const original = target.performIO.bind(target);
  target.performIO = async (query) => {
    const result = await original(query);
    for (const field of result?.fields ?? []) {
      if (CATALOG_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT;
      else if (CATALOG_TEXT_ARRAY_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY;
    }
    return result;
  };
  const maybeTx = queryable as unknown as { startTransaction?: (...a: unknown[]) => Promise<object> };
  if (typeof maybeTx.startTransaction === "function") {
    const start = maybeTx.startTransaction.bind(queryable);
    maybeTx.startTransaction = async (...args: unknown[]) => patchQueryable(await start(...args));
  }
  return queryable;
}

function migrationAdapter() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set (npm start and the tests set it for you)");
  const factory = new PrismaPg({ connectionString });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => patchQueryable(await connect());
  return factory;
}

export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => migrationAdapter(),
});
