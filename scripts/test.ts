import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

// `npm test`: every check CI runs, in order, then one closing line "N passed, N failed".
//   typecheck (tsc), lint (eslint), dead code (knip: unused files, exports, dependencies), format (prettier --check), unit (vitest), build (next build: the production build that the integration
//   suite's two-instance test runs and the e2e suite serves, built once), integration (vitest, real PostgreSQL),
//   e2e (Playwright, Chromium)
// `npm test -- --skip-e2e` (or --only unit,integration) for a quicker loop.

const root = path.resolve(__dirname, "..");
const reports = path.join(root, "test-results", "reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const args = process.argv.slice(2);
const onlyArg = args.find((a) => a.startsWith("--only"));
const only = onlyArg ? (onlyArg.split("=")[1] ?? args[args.indexOf(onlyArg) + 1] ?? "").split(",") : null;
const skip = new Set(args.includes("--skip-e2e") ? ["e2e"] : []);
const wanted = (name: string): boolean =>
  name === "build" ? wanted("integration") || wanted("e2e") : only ? only.includes(name) : !skip.has(name);

type Step = {
  name: string;
  cmd: string[];
  env?: Record<string, string>;
  count?: () => { passed: number; failed: number; skipped: number };
};
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const vitestJson = path.join(reports, "vitest.json");
const playwrightJson = path.join(reports, "playwright.json");

const e2eEnv: Record<string, string> = { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson };
const steps: Step[] = [
  { name: "typecheck", cmd: [bin("tsc"), "--noEmit", "-p", "."] },
  { name: "lint", cmd: [bin("eslint"), "--max-warnings", "0", "."] },
  { name: "dead code", cmd: [bin("knip"), "--no-progress", "--no-config-hints"] },
  { name: "format", cmd: [bin("prettier"), "--check", "--log-level", "warn", "."] },
  {
    name: "unit",
    cmd: [
      bin("vitest"),
      "run",
      "--project",
      "unit",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${vitestJson}.unit`,
    ],
    count: () => vitestCounts(`${vitestJson}.unit`),
  },
  {
    name: "build",
    cmd: [process.execPath, path.join(root, "node_modules/next/dist/bin/next"), "build"],
    env: { NODE_ENV: "production" },
  },
  {
    name: "integration",
    cmd: [
      bin("vitest"),
      "run",
      "--project",
      "integration",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${vitestJson}.integration`,
    ],
    count: () => vitestCounts(`${vitestJson}.integration`),
  },
  {
    name: "e2e",
    cmd: [bin("playwright"), "test", "--reporter=list,json"],
    env: e2eEnv,
    count: () => playwrightCounts(playwrightJson),
  },
];

let passed = 0;
let failed = 0;
let skipped = 0;
const summary: string[] = [];
for (const step of steps.filter((s) => wanted(s.name))) {
  const started = Date.now();
  console.log(`\n=== ${step.name}: ${step.cmd.map((c) => path.relative(root, c) || c).join(" ")}`);
  const [cmd, ...rest] = step.cmd;
  const result = spawnSync(cmd!, rest, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...step.env },
  });
  const ok = result.status === 0;
  // The e2e server (npm start) would build again: the build above is fresh.
  if (step.name === "build" && ok) e2eEnv.SKIP_BUILD = "1";
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (step.count) {
    const c = safeCount(step.count);
    passed += c.passed;
    failed += c.failed + (ok || c.failed > 0 ? 0 : 1);
    skipped += c.skipped;
    summary.push(
      `${step.name.padEnd(12)} ${ok ? "ok  " : "FAIL"} ${c.passed} passed, ${c.failed} failed (${seconds} s)`,
    );
  } else {
    if (ok) passed++;
    else failed++;
    summary.push(`${step.name.padEnd(12)} ${ok ? "ok  " : "FAIL"} (${seconds} s)`);
  }
}

console.log(`\n${summary.join("\n")}\n`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);

function safeCount(count: () => { passed: number; failed: number; skipped: number }) {
  try {
    return count();
  } catch {
    return { passed: 0, failed: 0, skipped: 0 };
  }
}

function vitestCounts(file: string) {
  const r = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightCounts(file: string) {
  const r = JSON.parse(readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
}
