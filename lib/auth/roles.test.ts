import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLES, type Permission, type RoleName } from "./roles";

// Who may do what, written out here as a fixed matrix (not derived from PERMISSIONS): widening a permission to
// another role fails this test as well as test/integration/routes-access.test.ts.
const MATRIX: Record<Permission, Record<RoleName, boolean>> = {
  "inbox:read": { ADMIN: true, CAMPAIGN_MANAGER: true, AGENT: true },
  "inbox:reply": { ADMIN: true, CAMPAIGN_MANAGER: false, AGENT: true },
  "templates:read": { ADMIN: true, CAMPAIGN_MANAGER: true, AGENT: true },
  "templates:manage": { ADMIN: true, CAMPAIGN_MANAGER: true, AGENT: false },
  "campaigns:manage": { ADMIN: true, CAMPAIGN_MANAGER: true, AGENT: false },
  "analytics:read": { ADMIN: true, CAMPAIGN_MANAGER: true, AGENT: false },
  "webhooks:inspect": { ADMIN: true, CAMPAIGN_MANAGER: false, AGENT: false },
  "team:manage": { ADMIN: true, CAMPAIGN_MANAGER: false, AGENT: false },
  "settings:manage": { ADMIN: true, CAMPAIGN_MANAGER: false, AGENT: false },
  "audit:read": { ADMIN: true, CAMPAIGN_MANAGER: false, AGENT: false },
  "reports:read": { ADMIN: true, CAMPAIGN_MANAGER: false, AGENT: false },
  "contacts:read": { ADMIN: true, CAMPAIGN_MANAGER: true, AGENT: true },
  "contacts:edit": { ADMIN: true, CAMPAIGN_MANAGER: true, AGENT: true },
  "contacts:manage": { ADMIN: true, CAMPAIGN_MANAGER: true, AGENT: false },
};

describe("roles", () => {
  it("are the three of the product, in order", () => {
    expect(ROLES).toEqual(["ADMIN", "CAMPAIGN_MANAGER", "AGENT"]);
  });

  it("have exactly the permissions of the matrix", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it.each(
    Object.entries(MATRIX).flatMap(([p, row]) =>
      Object.entries(row).map(([role, allowed]) => [p, role, allowed] as const),
    ),
  )("%s for %s: %s", (permission, role, allowed) => {
    expect(can(role as RoleName, permission as Permission)).toBe(allowed);
  });
});
