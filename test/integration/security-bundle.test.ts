import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findSecrets, knownSecrets, staticDirs } from "./security-bundle-scan";

// No secret in any client bundle. Reads the build folders present (.next, .next-<name>: the e2e suite builds one
// on every run, and e2e/team.spec.ts scans that fresh build the same way); the scanner itself is checked on a
// planted file so an empty result means something.

const root = path.resolve(__dirname, "../..");

describe("client bundles", () => {
  it("the scanner finds a planted secret", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bundle-scan-"));
    try {
      mkdirSync(path.join(dir, "chunks"));
      writeFileSync(path.join(dir, "chunks", "app.js"), 'var k="e2e_webhook_secret";');
      expect(findSecrets(dir, knownSecrets(root))).toEqual([
        { secret: "e2e CONNECTLY_WEBHOOK_SECRET", file: path.join("chunks", "app.js") },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const dirs = staticDirs(root);
  it.skipIf(dirs.length === 0)(
    `contain none of the environment's secrets (${dirs.length} build folders)`,
    () => {
      const hits = dirs.flatMap((dir) =>
        findSecrets(dir, knownSecrets(root)).map((h) => `${path.relative(root, dir)}/${h.file}: ${h.secret}`),
      );
      expect(hits).toEqual([]);
    },
  );
});
