import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Prisma's pg driver adapter runs a migration by splitting its SQL on ";" — even inside comments and
// function bodies — so such a migration fails at deploy with a syntax error far from its cause.
// Database functions and triggers belong in prisma/sql/ (applied with plain pg after the migrations).
const dir = path.resolve(__dirname, "../../prisma/migrations");
const migrations = readdirSync(dir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe("committed migrations are safe for the driver adapter's statement splitter", () => {
  it.each(migrations)("%s", (name) => {
    const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
    const offending = sql
      .split("\n")
      .map((line, i) => ({ line, n: i + 1 }))
      .filter(({ line }) => /--.*;/.test(line) || /\$\$/.test(line));
    expect(
      offending,
      `semicolon in a comment or a $$ body at line(s) ${offending.map((o) => o.n).join(", ")}`,
    ).toEqual([]);
  });
});
