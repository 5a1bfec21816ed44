// POST /api/v1/admin/migrate-slugs — re-key legacy slugs found by enumeration, writing aliases.
import { parseAdminRunParams } from "@/lib/admin/params";
import { withAdmin } from "@/lib/auth";
import { getKV } from "@/lib/env";
import { withErrors } from "@/lib/errors";
import { migrateSkillSlugs } from "@/lib/submission-store";

export const dynamic = "force-dynamic";

export const POST = withErrors(
  withAdmin(async (req: Request) => {
    const { dryRun } = parseAdminRunParams(req.url);
    return Response.json(await migrateSkillSlugs(getKV(), { dryRun }), { headers: { "cache-control": "no-store" } });
  }),
);
