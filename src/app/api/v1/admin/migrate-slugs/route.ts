// POST /api/v1/admin/migrate-slugs — re-key legacy slugs found by enumeration, writing aliases.
import { parseAdminRunParams } from "@/lib/operations/run-params";
import { withAdmin } from "@/lib/http/auth";
import { getKV } from "@/lib/platform/env";
import { withErrors } from "@/lib/http/errors";
import { migrateSkillSlugs } from "@/lib/operations/migrate-slugs";

export const dynamic = "force-dynamic";

export const POST = withErrors(
  withAdmin(async (req: Request) => {
    const { dryRun } = parseAdminRunParams(req.url);
    return Response.json(await migrateSkillSlugs(getKV(), { dryRun }), { headers: { "cache-control": "no-store" } });
  }),
);
