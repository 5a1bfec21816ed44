// POST /api/v1/admin/rebuild-index — rebuild the index cache from skill:* keys and backfill Postgres (US-004).
// Without `cursor`: a job (operations/jobs.ts) — 200 with the report when it fits one invocation,
// else 202 with the job, which continues through the admin-jobs queue; 409 while one is running.
// With `?cursor=`: one synchronous step, as before (works without Postgres).
import { decodeCursor } from "@/lib/operations/rebuild-cursor";
import { parseAdminRunParams } from "@/lib/operations/run-params";
import { rebuildPublishedIndex } from "@/lib/operations/rebuild-index";
import { auditActor, runAudited } from "@/lib/operations/audit";
import { summarizeRebuild } from "@/lib/operations/audit-summaries";
import { startRebuildJob } from "@/lib/operations/jobs";
import { withAdmin } from "@/lib/http/auth";
import { jobResponse } from "@/lib/http/job-response";
import { getKV } from "@/lib/platform/env";
import { withErrors } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export const POST = withErrors(
  withAdmin(async (req: Request, _ctx, who) => {
    const { dryRun, cursor } = parseAdminRunParams(req.url);
    const from = decodeCursor(cursor);
    const actor = auditActor(who);
    const params = { dryRun, cursor: cursor !== undefined };
    const oneStep = () => runAudited({ actor, action: "rebuild-index", params }, () => rebuildPublishedIndex(getKV(), { dryRun, cursor: from }), summarizeRebuild);
    if (cursor !== undefined) return Response.json(await oneStep(), { headers: { "cache-control": "no-store" } });
    return jobResponse({ action: "rebuild-index", actor, params, start: () => startRebuildJob(getKV(), { dryRun, actor }), oneStep, summarize: summarizeRebuild });
  }),
);
