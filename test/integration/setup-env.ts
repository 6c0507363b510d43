import { inject } from "vitest";

// Runs in each test worker before any test file imports lib/env.ts (which reads process.env once).
process.env.DATABASE_URL = inject("databaseUrl");
process.env.CONNECTLY_WEBHOOK_SECRET ??= "integration_test_secret";
process.env.CONNECTLY_API_KEY = "";
// The send tests run the Connectly simulator in-process on this port (see sending.test.ts).
process.env.TEST_SIMULATOR_PORT ??= "4310";
process.env.CONNECTLY_BASE_URL = `http://127.0.0.1:${process.env.TEST_SIMULATOR_PORT}`;
// The tests' business number is an upgraded one (Meta's 1,000 msg/s tier), so the budget under test is
// Connectly's 200 requests/s per send endpoint (SEND_BUDGET_PER_SECOND), not the 80/s default per number.
process.env.SENDER_THROUGHPUT_PER_SECOND ??= "1000";
