// GET /api/v1/skills/{name}/versions — the skill's published versions, newest first.
import { lookupSkill } from "@/lib/data";
import { publishedVersions } from "@/lib/catalog/version-reads";
import { ApiError, withErrors } from "@/lib/http/errors";
import { skillNameParam } from "@/lib/http/skill-name-param";
import { getKV } from "@/lib/platform/env";

export const dynamic = "force-dynamic";

export const GET = withErrors(async (_req: Request, ctx: { params: Promise<{ name: string }> }) => {
  const name = skillNameParam((await ctx.params).name);
  const found = await lookupSkill(name);
  if (!found) throw new ApiError("not_found", `No skill named "${name}"`);
  if ("gone" in found) throw new ApiError("gone", `"${found.gone.name}" was removed from the marketplace: ${found.gone.reason}`);
  return Response.json({ versions: await publishedVersions(getKV(), found.skill.name) });
});
