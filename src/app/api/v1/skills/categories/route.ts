// GET /api/v1/skills/categories — every category with its number of skills.
import { getSkillCategories } from "@/lib/data";
import { withErrors } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export const GET = withErrors(async () => {
  return Response.json(await getSkillCategories());
});
