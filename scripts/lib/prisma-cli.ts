import { spawnSync } from "node:child_process";
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
}
