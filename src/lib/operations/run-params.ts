/** Query parameters shared by the admin routes. */
import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .optional()
  .transform((v) => v === "true" || v === "1");

export const adminRunParamsSchema = z.object({
  dryRun: flag,
  cursor: z.string().max(2000, "must be at most 2000 characters").optional(),
});

export function parseAdminRunParams(url: string) {
  const params = new URL(url).searchParams;
  return adminRunParamsSchema.parse({ dryRun: params.get("dryRun") ?? undefined, cursor: params.get("cursor") ?? undefined });
}
