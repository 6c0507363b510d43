import path from "node:path";
import { ensureDatabase } from "./lib/database";
import { migrateDeploy } from "./lib/prisma-cli";
import { migrateEnvSchema, scriptEnv } from "./lib/script-env";

// `npm run db:migrate`: apply the committed migrations (and prisma/sql functions) to DATABASE_URL, or to the
// embedded PostgreSQL that `npm start` uses. `npm start` does this itself; this is for deploy pipelines.
async function main() {
  const root = path.resolve(__dirname, "..");
  const env = scriptEnv(migrateEnvSchema, "migrate");
  const database = await ensureDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: path.resolve(root, env.DATA_DIR),
    embeddedPort: env.EMBEDDED_PG_PORT,
    databaseName: "connectly",
    log: (line) => console.log(`[migrate] ${line}`),
  });
  try {
    migrateDeploy(database.url);
    console.log("[migrate] migrations applied");
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`[migrate] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
