import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runPrisma } from "./lib/prisma-cli";

// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql from the
// difference between the last committed schema and the working one. No shadow database needed
// (`prisma migrate dev` cannot run offline here; see ../shared/stack-notes.md).

const name = (process.argv[2] ?? "").toLowerCase().replace(/[^a-z0-9_]+/g, "_");
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const root = path.resolve(__dirname, "..");
const migrationsDir = path.join(root, "prisma/migrations");
const hasMigrations = readdirSync(migrationsDir, { withFileTypes: true }).some((d) => d.isDirectory());

let from = ["--from-empty"];
if (hasMigrations) {
  const previous = execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: root, encoding: "utf8" });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "schema-")), "schema.prisma");
  writeFileSync(file, previous);
  from = ["--from-schema-datamodel", file];
}
const sql = runPrisma(
  ["migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  // migrate diff connects through the driver adapter even between two schema files: any reachable server will do.
  { quiet: true, databaseUrl: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
);
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.log("schema.prisma matches the last committed schema: no migration written");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
