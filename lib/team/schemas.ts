import { z } from "zod";
import { ROLES } from "../auth/roles";

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(320, "must be at most 320 characters")
  .pipe(z.email({ error: "must be an email address" }));
const role = z.enum(ROLES, { error: "must be ADMIN, CAMPAIGN_MANAGER or AGENT" });

export const inviteMemberSchema = z.strictObject({ email, role });
export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;

export const updateTeamMemberSchema = z
  .strictObject({ role: role.optional(), active: z.boolean().optional() })
  .refine((v) => (v.role === undefined) !== (v.active === undefined), {
    message: "give exactly one of role or active",
  });
export type UpdateTeamMemberInput = z.infer<typeof updateTeamMemberSchema>;

export const MIN_PASSWORD_LENGTH = 12;

export const acceptInviteSchema = z
  .strictObject({
    token: z.string().min(20).max(200),
    name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(256, "must be at most 256 characters"),
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, {
    message: "does not match the password",
    path: ["confirmPassword"],
  });
export type AcceptInviteInput = z.infer<typeof acceptInviteSchema>;
