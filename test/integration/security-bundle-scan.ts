import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

// Looks for secret values in what the browser downloads: a Next build's static folder (client chunks, CSS, maps).

export type SecretHit = { secret: string; file: string };

export function staticDirs(root: string): string[] {
  return readdirSync(root)
    .filter((name) => name === ".next" || name.startsWith(".next-"))
    .map((name) => path.join(root, name, "static"))
    .filter((dir) => existsSync(dir) && statSync(dir).isDirectory());
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/** Every (secret, file) pair where the file contains the secret. Secrets shorter than 8 characters are ignored. */
export function findSecrets(dir: string, secrets: Record<string, string | undefined>): SecretHit[] {
  const wanted = Object.entries(secrets).filter(
    (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].length >= 8,
  );
  const hits: SecretHit[] = [];
  for (const file of files(dir)) {
    const text = readFileSync(file, "latin1");
    for (const [name, value] of wanted)
      if (text.includes(value)) hits.push({ secret: name, file: path.relative(dir, file) });
  }
  return hits;
}

/** The secrets of the e2e and test environments (playwright.config.ts, test/integration), and a few generic markers. */
export function knownSecrets(root: string): Record<string, string | undefined> {
  const persisted = (name: string) => {
    const file = path.join(root, ".data", name);
    return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
  };
  return {
    "e2e NEXTAUTH_SECRET": "e2e-nextauth-secret-not-for-production",
    "e2e CONNECTLY_WEBHOOK_SECRET": "e2e_webhook_secret",
    "simulator API key": "sim_test_key",
    "dev webhook secret": "dev_webhook_secret",
    "integration webhook secret": "integration_test_secret",
    "test NEXTAUTH_SECRET": process.env.NEXTAUTH_SECRET,
    "test SETTINGS_ENCRYPTION_KEY": process.env.SETTINGS_ENCRYPTION_KEY,
    "test DATABASE_URL": process.env.DATABASE_URL,
    "e2e DATABASE_URL": process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_e2e",
    "any PostgreSQL URL": "postgresql://postgres",
    "persisted nextauth-secret": persisted("nextauth-secret"),
    "persisted settings-encryption-key": persisted("settings-encryption-key"),
  };
}
