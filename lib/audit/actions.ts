// Every action the audit log records, with the words the audit page shows. Pure data (client and server).

export const AUDIT_ACTIONS = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.sign_in_locked": "Sign-in refused (too many attempts)",
  "auth.sign_out": "Signed out",
  "auth.two_factor_enabled": "Two-factor sign-in turned on",
  "auth.two_factor_disabled": "Two-factor sign-in turned off",
  "auth.recovery_codes_regenerated": "New recovery codes made",
  "auth.recovery_code_used": "Recovery code used",
  "user.role_changed": "Role changed",
  "user.deactivated": "User deactivated",
  "user.reactivated": "User reactivated",
  "user.sign_in_unlocked": "Sign-in unlocked",
  "invite.created": "Invite created",
  "invite.revoked": "Invite revoked",
  "invite.accepted": "Invite accepted",
  "settings.updated": "Connectly settings changed",
  "settings.connection_tested": "Connection tested",
  "settings.retention_updated": "Webhook retention changed",
  "settings.security_updated": "Security settings changed",
  "campaign.created": "Campaign draft created",
  "campaign.deleted": "Campaign draft deleted",
  "campaign.started": "Campaign started",
  "campaign.retry_started": "Retry run started",
  "campaign.test_sent": "Test message sent",
  "campaign.paused": "Campaign paused",
  "campaign.paused_by_upstream": "Campaign paused by Connectly (limit reached)",
  "campaign.resumed": "Campaign resumed",
  "campaign.cancelled": "Campaign cancelled",
  "template.created": "Template created",
  "contact.opted_out": "Customer opted out of campaigns",
  "contact.resubscribed": "Customer re-subscribed to campaigns",
  "quick_reply.updated": "Quick reply changed",
  "quick_reply.deleted": "Quick reply deleted",
  "contact.opted_out_by_connectly": "Contact opted out (reported by Connectly)",
  "contact.opted_out_by_keyword": "Customer opted out by message (STOP)",
  "contact.opted_in_by_keyword": "Customer opted back in by message (START)",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

export function auditActionLabel(action: string): string {
  return Object.hasOwn(AUDIT_ACTIONS, action) ? AUDIT_ACTIONS[action as AuditAction] : action;
}
