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

/** A finished rebuild step (its report), or a job running on to show the progress of. */
export type RebuildStart = { kind: "report"; report: RebuildReport } | { kind: "job"; id: string };

/**
 * Runs rebuild-index for an operator: a dry run, or for real. Today one synchronous step (as
 * `POST /api/v1/admin/rebuild-index?cursor=`): when its report has a `nextCursor`, the next
 * step continues from it. The caller marks a real step's response as changing the catalogue
 * (CATALOGUE_CHANGED_HEADER), so the worker entry purges the public caches as it does after the
 * admin API's rebuild.
 * Throws ApiError("bad_request") for a cursor it did not issue.
 */
export async function startRebuild(opts: { dryRun: boolean; cursor?: string; actor: string }): Promise<RebuildStart> {
  const from = decodeCursor(opts.cursor);
  const report = await runAudited(
    { actor: opts.actor, action: "rebuild-index", params: { dryRun: opts.dryRun, cursor: Boolean(opts.cursor), via: "dashboard" } },
    () => rebuildPublishedIndex(getKV(), { dryRun: opts.dryRun, cursor: from }),
    summarizeRebuild,
  );
  return { kind: "report", report };
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
