import {
  closeSync,
  cpSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { runPrisma } from "./lib/prisma-cli";
import { newMigrationEnvSchema, scriptEnv } from "./lib/script-env";

// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql from the
// difference between the schema as of the last migration (prisma/schema-snapshot/, updated here) and the
// working schema (prisma/schema/). Fully offline: `prisma migrate dev` needs a shadow database, which cannot
// run here (see ../shared/stack-notes.md). A lock file serialises concurrent runs.

const name = (process.argv[2] ?? "").toLowerCase().replace(/[^a-z0-9_]+/g, "_");
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const root = path.resolve(__dirname, "..");
const schemaDir = path.join(root, "prisma/schema");
const snapshotDir = path.join(root, "prisma/schema-snapshot");
const migrationsDir = path.join(root, "prisma/migrations");
const lockFile = path.join(root, "prisma/.migration.lock");
const databaseUrl = scriptEnv(newMigrationEnvSchema, "new-migration").DATABASE_URL;

async function withLock<T>(work: () => T): Promise<T> {
  for (let waited = 0; ; waited += 200) {
    try {
      closeSync(openSync(lockFile, "wx"));
      break;
    } catch {
      if (waited > 60_000)
        throw new Error(`${lockFile} is held for over a minute; delete it if no migration is being written`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return work();
  } finally {
    unlinkSync(lockFile);
  }
}

void withLock(() => {
  const hasSnapshot = readdirSync(snapshotDir, { withFileTypes: true }).some((f) =>
    f.name.endsWith(".prisma"),
  );
  const from = hasSnapshot ? ["--from-schema-datamodel", snapshotDir] : ["--from-empty"];
  const sql = runPrisma(["migrate", "diff", ...from, "--to-schema-datamodel", schemaDir, "--script"], {
    quiet: true,
    databaseUrl,
  });
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    console.log("prisma/schema matches the last migration: nothing to write");
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  rmSync(snapshotDir, { recursive: true, force: true });
  cpSync(schemaDir, snapshotDir, { recursive: true });
  console.log(`wrote ${path.relative(root, dir)}/migration.sql (and updated prisma/schema-snapshot/)`);
});
