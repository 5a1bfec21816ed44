// GET /api/v1/skills — the listing as JSON, with the serving source in x-data-source.
import { getSkills } from "@/lib/data";
import { withErrors } from "@/lib/http/errors";
import { parseSkillQuery } from "@/lib/catalog/listing-query";

export const dynamic = "force-dynamic";

export const GET = withErrors(async (req: Request) => {
  const query = parseSkillQuery(new URL(req.url).searchParams);
  const { source, ...page } = await getSkills(query);
  return Response.json(page, { headers: { "x-data-source": source } });
});
