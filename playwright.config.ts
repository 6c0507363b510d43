import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// End-to-end: the real production build, a real PostgreSQL database and the built-in Connectly simulator on
// loopback, driven in Chromium. Debian's /usr/bin/chromium where present (Playwright cannot download its own
// browsers on these machines), else Playwright's bundled one.

// Overridable so two suites can run side by side (each also needs its own E2E_DATABASE_URL and NEXT_DIST_DIR).
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_SIMULATOR_PORT = Number(process.env.E2E_SIMULATOR_PORT ?? 4110);
const systemChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: existsSync(systemChromium)
      ? {
          executablePath: systemChromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        }
      : {},
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      testIgnore: /\.phone\.spec\.ts$/,
      use: {
        ...devices["Desktop Chrome"],
        storageState: "e2e/.auth/admin.json",
        viewport: { width: 1360, height: 860 },
      },
      dependencies: ["setup"],
    },
    {
      // A phone (iPhone 14/15 size, touch): *.phone.spec.ts.
      name: "phone",
      testMatch: /\.phone\.spec\.ts$/,
      use: {
        ...devices["Desktop Chrome"],
        storageState: "e2e/.auth/admin.json",
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      },
      dependencies: ["setup"],
    },
  ],
  webServer: {
    command: "npx tsx scripts/e2e-server.ts",
    url: `http://127.0.0.1:${E2E_PORT}/login`,
    // A cold `next build` on a busy 2-core machine can take several minutes.
    timeout: 600_000,
    reuseExistingServer: false,
    // SIGTERM first, so npm start's shutdown stops the app server and the worker it supervises (their own process
    // groups); they also end themselves if the start command is gone (scripts/lib/exit-with-parent.ts).
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(E2E_PORT),
      SIMULATOR_PORT: String(E2E_SIMULATOR_PORT),
      SIMULATOR_STATUS_DELAY_MS: "300",
      // The simulator at its least convenient (lib/connectly/simulator/profiles.ts): what a real key shows on day one.
      SIMULATOR_PROFILE: "strict",
      ADMIN_EMAIL: "admin@example.com",
      ADMIN_PASSWORD: "e2e-admin-password",
      NEXTAUTH_SECRET: "e2e-nextauth-secret-not-for-production",
      CONNECTLY_WEBHOOK_SECRET: "e2e_webhook_secret",
      // Sender quality read every 2 s, so a quality drop in the simulator pauses a campaign within the test.
      QUALITY_SIGNALS_INTERVAL_MS: "2000",
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next",
    },
  },
});
