// POST /api/v1/admin/migrate-slugs — re-key legacy slugs found by enumeration, writing aliases.
// A job like rebuild-index (operations/jobs.ts): 200 with the report when it fits one invocation,
// else 202 with the job; 409 while another admin job runs; one synchronous step without Postgres.
import { parseAdminRunParams } from "@/lib/operations/run-params";
import { auditActor, runAudited } from "@/lib/operations/audit";
import { summarizeSlugMigration } from "@/lib/operations/audit-summaries";
import { startMigrationJob } from "@/lib/operations/jobs";
import { withAdmin } from "@/lib/http/auth";
import { jobResponse } from "@/lib/http/job-response";
import { getKV } from "@/lib/platform/env";
import { withErrors } from "@/lib/http/errors";
import { migrateSkillSlugs } from "@/lib/operations/migrate-slugs";

export const dynamic = "force-dynamic";

export const POST = withErrors(
  withAdmin(async (req: Request, _ctx, who) => {
    const { dryRun } = parseAdminRunParams(req.url);
    const actor = auditActor(who);
    const params = { dryRun };
    const oneStep = () => runAudited({ actor, action: "migrate-slugs", params }, () => migrateSkillSlugs(getKV(), { dryRun }), summarizeSlugMigration);
    return jobResponse({ action: "migrate-slugs", actor, params, start: () => startMigrationJob(getKV(), { dryRun, actor }), oneStep, summarize: summarizeSlugMigration });
  }),
);
