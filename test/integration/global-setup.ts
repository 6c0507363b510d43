import type { TestProject } from "vitest/node";
import { createDatabaseIfMissing, dropDatabase, ensureDatabase } from "../../scripts/lib/database";
import { migrateDeploy } from "../../scripts/lib/prisma-cli";

// A real PostgreSQL for the integration suite: TEST_DATABASE_URL, else the machine's server on 127.0.0.1:5432,
// else an embedded one. The database is created fresh for each run and migrated with the committed migrations.

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

const LOCAL_URL = "postgresql://postgres@127.0.0.1:5432/connectly_test";

export default async function setup(project: TestProject) {
  let url = process.env.TEST_DATABASE_URL ?? LOCAL_URL;
  let stop = async () => {};
  try {
    await dropDatabase(url);
  } catch (error) {
    if (process.env.TEST_DATABASE_URL) throw error;
    const embedded = await ensureDatabase({
      dataDir: ".data/test",
      embeddedPort: 5434,
      databaseName: "connectly_test",
      log: console.log,
    });
    url = embedded.url;
    stop = embedded.stop;
    await dropDatabase(url);
  }
  await createDatabaseIfMissing(url);
  migrateDeploy(url);
  project.provide("databaseUrl", url);
  return stop;
}
