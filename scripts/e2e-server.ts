import { createDatabaseIfMissing, dropDatabase } from "./lib/database";
import { e2eServerEnvSchema, scriptEnv } from "./lib/script-env";

// The app as `npm start` runs it, on a fresh database of its own (kept as it is with E2E_KEEP_DATABASE=1: a
// benchmark's seeded one), for Playwright's webServer.
// E2E_DATABASE_URL overrides; otherwise the machine's PostgreSQL, or an embedded one when none is running.
const { E2E_DATABASE_URL: url, E2E_KEEP_DATABASE: keep } = scriptEnv(e2eServerEnvSchema, "e2e-server");

async function main() {
  try {
    if (keep === "1") await createDatabaseIfMissing(url);
    else await dropDatabase(url);
    process.env.DATABASE_URL = url;
  } catch {
    // No server there: npm start's embedded PostgreSQL, in a data folder of its own.
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = ".data/e2e";
    process.env.EMBEDDED_PG_PORT = "5435";
  }
  delete process.env.CONNECTLY_API_KEY;
  await import("./start");
}

void main();
