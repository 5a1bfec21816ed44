// POST /api/v1/admin/migrate-slugs — re-key legacy slugs found by enumeration, writing aliases.
import { parseAdminRunParams } from "@/lib/operations/run-params";
import { auditActor, runAudited } from "@/lib/operations/audit";
import { summarizeSlugMigration } from "@/lib/operations/audit-summaries";
import { withAdmin } from "@/lib/http/auth";
import { getKV } from "@/lib/platform/env";
import { withErrors } from "@/lib/http/errors";
import { migrateSkillSlugs } from "@/lib/operations/migrate-slugs";

export const dynamic = "force-dynamic";

export const POST = withErrors(
  withAdmin(async (req: Request, _ctx, who) => {
    const { dryRun } = parseAdminRunParams(req.url);
    const report = await runAudited(
      { actor: auditActor(who), action: "migrate-slugs", params: { dryRun } },
      () => migrateSkillSlugs(getKV(), { dryRun }),
      summarizeSlugMigration,
    );
    return Response.json(report, { headers: { "cache-control": "no-store" } });
  }),
);
