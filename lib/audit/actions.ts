// Every action the audit log records, with the words the audit page shows. Pure data (client and server).

export const AUDIT_ACTIONS = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.sign_in_locked": "Sign-in refused (too many attempts)",
  "auth.sign_out": "Signed out",
  "user.role_changed": "Role changed",
  "user.deactivated": "User deactivated",
  "user.reactivated": "User reactivated",
  "invite.created": "Invite created",
  "invite.revoked": "Invite revoked",
  "invite.accepted": "Invite accepted",
  "settings.updated": "Connectly settings changed",
  "settings.connection_tested": "Connection tested",
  "campaign.started": "Campaign started",
  "campaign.paused": "Campaign paused",
  "campaign.paused_by_upstream": "Campaign paused by Connectly (limit reached)",
  "campaign.resumed": "Campaign resumed",
  "campaign.cancelled": "Campaign cancelled",
  "template.created": "Template created",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

export function auditActionLabel(action: string): string {
  return Object.hasOwn(AUDIT_ACTIONS, action) ? AUDIT_ACTIONS[action as AuditAction] : action;
}
