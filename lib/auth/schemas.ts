import { z } from "zod";

// Two-factor sign-in: what the account page sends. A code is 6 digits from the app or a recovery code.

const code = z
  .string({ error: "is required" })
  .trim()
  .min(6, "must be the 6-digit code from your app or a recovery code")
  .max(32, "must be the 6-digit code from your app or a recovery code");

export const enableTwoFactorSchema = z.strictObject({
  secret: z
    .string()
    .trim()
    .regex(/^[A-Z2-7]{16,64}$/, "must be the secret shown on this page"),
  code,
});
export type EnableTwoFactorInput = z.infer<typeof enableTwoFactorSchema>;

export const twoFactorCodeSchema = z.strictObject({ code });
export type TwoFactorCodeInput = z.infer<typeof twoFactorCodeSchema>;
