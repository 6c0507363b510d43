import { z } from "zod";

export const messageMediaQuerySchema = z.strictObject({
  part: z.enum(["referral"], { error: "part must be referral" }).optional(),
});

export const mediaByUrlQuerySchema = z.strictObject({
  url: z
    .string()
    .min(1, { error: "url is required" })
    .max(2048, { error: "url must be at most 2048 characters" }),
});
