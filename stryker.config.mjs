// Mutation testing (`npm run test:mutation`, not part of `npm test`): Stryker changes one thing at a time in the
// modules below and checks that some unit test fails. Scores per module are printed at the end; see
// test/MUTATION.md for the scope, the last scores and the survivors we accept.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "lib/connectly/signature.ts", // webhook signature
    "lib/connectly/webhook.ts", // webhook receipt: parsing and normalising every payload variant
    "lib/messaging/status.ts", // status application: rank order, never backwards
    "lib/campaigns/callback-data.ts", // ties a status webhook to its campaign recipient (settles UNKNOWN, no resend)
    "lib/connectly/payloads.ts", // send dispatch: the request bodies and how a contact is addressed
    "lib/auth/roles.ts", // roles
    "lib/security/request-origin.ts", // the session wrapper's cross-origin refusal
  ],
  coverageAnalysis: "perTest",
  // Mutants of module-level constants (e.g. the PERMISSIONS table) run every test each; kept, but they are slow.
  ignoreStatic: false,
  // Two cores shared with other work: one test runner, and a bounded run.
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "test-results/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: ".stryker-tmp",
  ignorePatterns: ["e2e", "bench", "test-results", "playwright-report", ".next", ".data", "public"],
};

export default config;
