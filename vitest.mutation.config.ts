import path from "node:path";
import { defineConfig } from "vitest/config";

// The unit tests of the modules under mutation testing (stryker.config.mjs), and nothing else: Stryker runs them
// once per mutant, so the set is kept small. Not part of `npm test`.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    include: [
      "lib/connectly/signature.test.ts",
      "lib/connectly/webhook.test.ts",
      "lib/connectly/payloads.test.ts",
      "lib/messaging/status.test.ts",
      "lib/campaigns/callback-data.test.ts",
      "lib/auth/roles.test.ts",
      "lib/security/request-origin.test.ts",
    ],
    environment: "node",
    setupFiles: ["test/setup-assertions.ts"],
  },
});
