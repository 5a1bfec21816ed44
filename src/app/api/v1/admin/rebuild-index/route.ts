// POST /api/v1/admin/rebuild-index — rebuild the index cache from skill:* keys and backfill Postgres (US-004).
// Without `cursor`: a job (operations/jobs.ts) — 200 with the report when it fits one invocation,
// else 202 with the job, which continues through the admin-jobs queue; 409 while one is running.
// With `?cursor=`: one synchronous step, as before (works without Postgres).
import { decodeCursor } from "@/lib/operations/rebuild-cursor";
import { parseAdminRunParams } from "@/lib/operations/run-params";
import { rebuildPublishedIndex } from "@/lib/operations/rebuild-index";
import { auditActor, recordAudit, runAudited } from "@/lib/operations/audit";
import { summarizeRebuild } from "@/lib/operations/audit-summaries";
import { JobConflictError, startRebuildJob } from "@/lib/operations/jobs";
import { withAdmin } from "@/lib/http/auth";
import { getKV } from "@/lib/platform/env";
import { errorResponse, withErrors } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

export const POST = withErrors(
  withAdmin(async (req: Request, _ctx, who) => {
    const { dryRun, cursor } = parseAdminRunParams(req.url);
    const from = decodeCursor(cursor);
    const actor = auditActor(who);
    const oneStep = () =>
      runAudited({ actor, action: "rebuild-index", params: { dryRun, cursor: cursor !== undefined } }, () => rebuildPublishedIndex(getKV(), { dryRun, cursor: from }), summarizeRebuild);
    if (cursor !== undefined) return Response.json(await oneStep(), { headers: NO_STORE });

    const params = { dryRun, cursor: false };
    let started;
    try {
      started = await startRebuildJob(getKV(), { dryRun, actor });
    } catch (err) {
      await recordAudit({ actor, action: "rebuild-index", params, result: { ok: false, error: String((err as Error)?.message ?? err) } });
      if (!(err instanceof JobConflictError)) throw err;
      const res = errorResponse("conflict", err.message, NO_STORE);
      return Response.json({ ...((await res.json()) as object), job: { id: err.job.id, state: err.job.state } }, { status: 409, headers: NO_STORE });
    }
    // No Postgres, so no job to keep: one step, as with ?cursor= (its nextCursor continues it).
    if (started === null) return Response.json(await oneStep(), { headers: NO_STORE });
    if (started.kind === "done") {
      await recordAudit({ actor, action: "rebuild-index", params, result: { job: started.job.id, ...summarizeRebuild(started.report) } });
      return Response.json({ ...started.report, job: { id: started.job.id, state: started.job.state } }, { headers: NO_STORE });
    }
    await recordAudit({ actor, action: "job-start", target: started.job.id, params: { kind: started.job.kind, dryRun }, result: { state: started.job.state, processed: started.job.progress.processed } });
    return Response.json(
      { job: { id: started.job.id, state: started.job.state }, progress: started.job.progress },
      { status: 202, headers: { ...NO_STORE, location: `/api/v1/admin/jobs/${started.job.id}` } },
    );
  }),
);
