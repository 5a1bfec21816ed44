/**
 * The dashboard's admin actions, recorded in the audit log as the admin API records them (same
 * actions, targets, params and result summaries, plus `via: "dashboard"` in the params), with the
 * session's actor.
 */
import { ApiError } from "../http/errors";
import { getKV } from "../platform/env";
import { delistSkill, relistSkill, type DelistResult } from "./delist";
import { rebuildPublishedIndex, type RebuildReport } from "./rebuild-index";
import { decodeCursor } from "./rebuild-cursor";
import { recordAudit, runAudited } from "./audit";
import { summarizeRebuild } from "./audit-summaries";
import { JobConflictError, startRebuildJob } from "./jobs";

/** A finished rebuild step (its report), or a job running on to show the progress of. */
export type RebuildStart = { kind: "report"; report: RebuildReport } | { kind: "job"; id: string };

/**
 * Runs rebuild-index for an operator: a dry run, or for real. Without a cursor it starts a job
 * (operations/jobs.ts), as `POST /api/v1/admin/rebuild-index` does: its report when it fits one
 * invocation, else the job to follow; a rebuild already running is that job (no second start).
 * With a cursor (or without Postgres, so without jobs) one synchronous step. The caller marks a
 * real step's response as changing the catalogue (CATALOGUE_CHANGED_HEADER), so the worker entry
 * purges the public caches as it does after the admin API's rebuild.
 * Throws ApiError("bad_request") for a cursor it did not issue.
 */
export async function startRebuild(opts: { dryRun: boolean; cursor?: string; actor: string }): Promise<RebuildStart> {
  const from = decodeCursor(opts.cursor);
  const params = { dryRun: opts.dryRun, cursor: Boolean(opts.cursor), via: "dashboard" };
  const oneStep = async (): Promise<RebuildStart> => ({
    kind: "report",
    report: await runAudited({ actor: opts.actor, action: "rebuild-index", params }, () => rebuildPublishedIndex(getKV(), { dryRun: opts.dryRun, cursor: from }), summarizeRebuild),
  });
  if (opts.cursor) return oneStep();
  let started;
  try {
    started = await startRebuildJob(getKV(), { dryRun: opts.dryRun, actor: opts.actor });
  } catch (err) {
    if (err instanceof JobConflictError) return { kind: "job", id: err.job.id };
    await recordAudit({ actor: opts.actor, action: "rebuild-index", params, result: failure(err) });
    throw err;
  }
  if (started === null) return oneStep();
  if (started.kind === "done") {
    await recordAudit({ actor: opts.actor, action: "rebuild-index", params, result: { job: started.job.id, ...summarizeRebuild(started.report) } });
    return { kind: "report", report: started.report };
  }
  await recordAudit({ actor: opts.actor, action: "job-start", target: started.job.id, params: { kind: started.job.kind, dryRun: opts.dryRun, via: "dashboard" }, result: { state: started.job.state } });
  return { kind: "job", id: started.job.id };
}

function failure(err: unknown): { error: string } {
  return { error: err instanceof ApiError ? err.message : String((err as Error)?.message ?? err) };
}

/** Delists a skill with a reason (shown on its 410 page), recorded as `delist`. */
export async function delistAsOperator(name: string, reason: string, actor: string): Promise<DelistResult> {
  try {
    const result = await delistSkill(getKV(), name, { reason, actor });
    await recordAudit({ actor, action: "delist", target: result.name, params: { reason, via: "dashboard" }, result });
    return result;
  } catch (err) {
    await recordAudit({ actor, action: "delist", target: name, params: { reason, via: "dashboard" }, result: failure(err) });
    throw err;
  }
}

/** Relists a delisted skill from its kept record, recorded as `relist`. */
export async function relistAsOperator(name: string, actor: string): Promise<DelistResult> {
  try {
    const result = await relistSkill(getKV(), name);
    await recordAudit({ actor, action: "relist", target: result.name, params: { via: "dashboard" }, result });
    return result;
  } catch (err) {
    await recordAudit({ actor, action: "relist", target: name, params: { via: "dashboard" }, result: failure(err) });
    throw err;
  }
}
