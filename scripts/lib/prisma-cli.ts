import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

// Runs the Prisma CLI offline. The schema's datasource needs *some* DATABASE_URL even for commands that
// never connect (generate, migrate diff), so a placeholder stands in when none is given.
const PLACEHOLDER_URL = "postgresql://placeholder@127.0.0.1:5432/placeholder";

export function runPrisma(args: string[], options: { databaseUrl?: string; quiet?: boolean } = {}): string {
  const bin = path.resolve(__dirname, "../../node_modules/prisma/build/index.js");
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: path.resolve(__dirname, "../.."),
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl ?? process.env.DATABASE_URL ?? PLACEHOLDER_URL,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`prisma ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  }
  if (!options.quiet) process.stdout.write(result.stdout);
  return result.stdout;
}

export function migrateDeploy(databaseUrl: string): void {
  runPrisma(["migrate", "deploy"], { databaseUrl, quiet: true });
  applySqlFiles(databaseUrl);
}

// prisma/sql/*.sql holds database functions and triggers, which Prisma's migration runner cannot apply (the pg
// driver adapter splits SQL on ";", breaking plpgsql bodies). They are applied after the migrations on every
// deploy, in file-name order, in one transaction under an advisory lock (two starts at once), with plain pg,
// so each file must be re-runnable. A child process keeps migrateDeploy synchronous for its callers.
const APPLY_SQL = `
const { Client } = require("pg");
const { readFileSync } = require("node:fs");
(async () => {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext('prisma/sql'))");
    for (const file of JSON.parse(process.env.PRISMA_SQL_FILES)) {
      try {
        await client.query(readFileSync(file, "utf8"));
      } catch (error) {
        throw new Error(file + ": " + error.message + (error.where ? " (" + error.where + ")" : ""));
      }
    }
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
})().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
`;

function applySqlFiles(databaseUrl: string): void {
  const root = path.resolve(__dirname, "../..");
  const dir = path.join(root, "prisma/sql");
  if (!existsSync(dir)) return;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) return;
  const result = spawnSync(process.execPath, ["-e", APPLY_SQL], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_SQL_FILES: JSON.stringify(files) },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`applying prisma/sql failed:\n${result.stdout}\n${result.stderr}`);
}
