// Next's start-up hook (runs once per server process): the template sync, webhook retention, quality signals,
// automation and campaign report schedulers, and (simulator only) the webhook registration.
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
    const { startQualitySignalsScheduler } = await import("./lib/quality/quality-scheduler");
    startQualitySignalsScheduler();
    const { startAutomationScheduler } = await import("./lib/automation/scheduler");
    startAutomationScheduler();
    const { startReportScheduler } = await import("./lib/analytics/report-scheduler");
    startReportScheduler();
    // Against the built-in simulator only: register this app's webhook address (zero-configuration start).
    const { autoConnectWebhooks } = await import("./lib/settings/auto-connect-webhooks");
    await autoConnectWebhooks();
  }
}
