// Next's start-up hook (runs once per server process): the template sync, webhook retention and automation schedulers.
// Background jobs live in their domain folders.
export async function register() {
  // Read directly, not through lib/env.ts: Next inlines NEXT_RUNTIME at build time, and only this literal check
  // lets the bundler leave the Node-only imports (pg, Prisma) out of the edge build.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { isNextBuildPhase } = await import("./lib/env");
    if (isNextBuildPhase()) return;
    const { startTemplateSyncScheduler } = await import("./lib/templates/sync-scheduler");
    startTemplateSyncScheduler();
    const { startWebhookRetentionScheduler } = await import("./lib/webhooks/retention-scheduler");
    startWebhookRetentionScheduler();
    const { startAutomationScheduler } = await import("./lib/automation/scheduler");
    startAutomationScheduler();
  }
}
