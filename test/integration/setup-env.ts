import { inject } from "vitest";

// Runs in each test worker before any test file imports lib/env.ts (which reads process.env once).
process.env.DATABASE_URL = inject("databaseUrl");
process.env.CONNECTLY_WEBHOOK_SECRET ??= "integration_test_secret";
process.env.CONNECTLY_API_KEY = "";
