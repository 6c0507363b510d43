// Roles and what each may do. Pure data: imported by server code and by client navigation alike.

export const ROLES = ["ADMIN", "CAMPAIGN_MANAGER", "AGENT"] as const;
export type RoleName = (typeof ROLES)[number];

export const PERMISSIONS = {
  "inbox:read": ["ADMIN", "CAMPAIGN_MANAGER", "AGENT"],
  "inbox:reply": ["ADMIN", "AGENT"],
  "templates:read": ["ADMIN", "CAMPAIGN_MANAGER", "AGENT"],
  "templates:manage": ["ADMIN", "CAMPAIGN_MANAGER"],
  "campaigns:manage": ["ADMIN", "CAMPAIGN_MANAGER"],
  "analytics:read": ["ADMIN", "CAMPAIGN_MANAGER"],
  "webhooks:inspect": ["ADMIN"],
  "team:manage": ["ADMIN"],
  "settings:manage": ["ADMIN"],
  "audit:read": ["ADMIN"],
  // Support performance (first response, resolution, per agent, SLA): for whoever leads the support team.
  "reports:read": ["ADMIN"],
  // The contacts page and profiles: whoever can read the inbox; names, custom fields and opt-out by every role.
  "contacts:read": ["ADMIN", "CAMPAIGN_MANAGER", "AGENT"],
  "contacts:edit": ["ADMIN", "CAMPAIGN_MANAGER", "AGENT"],
  // Bulk and irreversible: CSV import and export of every contact, merging two contacts.
  "contacts:manage": ["ADMIN", "CAMPAIGN_MANAGER"],
} as const satisfies Record<string, readonly RoleName[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: RoleName, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly RoleName[]).includes(role);
}

export const ROLE_LABELS: Record<RoleName, string> = {
  ADMIN: "Admin",
  CAMPAIGN_MANAGER: "Campaign manager",
  AGENT: "Agent",
};

/** One line per role for the team page: what a person with it can do. */
export const ROLE_DESCRIPTIONS: Record<RoleName, string> = {
  ADMIN: "Everything, including team, settings and the audit log.",
  CAMPAIGN_MANAGER: "Templates, campaigns and analytics; can read the inbox.",
  AGENT: "The inbox: replies and template messages to conversations.",
};
