/**
 * The answer of an admin route whose work may outlive one invocation (rebuild-index,
 * migrate-slugs): 200 with the report when it fitted one step, 202 with the job (and its Location)
 * when it continues through the admin-jobs queue, 409 with the running job while another runs,
 * and, without Postgres (so without jobs), one synchronous step. Each outcome is audited once.
 */
import { recordAudit, type AuditAction } from "../operations/audit";
import { JobConflictError, type StartResult } from "../operations/jobs";
import { errorResponse } from "./errors";

const NO_STORE = { "cache-control": "no-store" };

export async function jobResponse<R>(opts: {
  action: AuditAction;
  actor: string;
  params: Record<string, unknown>;
  start: () => Promise<StartResult<R> | null>;
  /** One synchronous, audited step: the answer when there can be no job. */
  oneStep: () => Promise<R>;
  summarize: (report: R) => Record<string, unknown>;
}): Promise<Response> {
  let started;
  try {
    started = await opts.start();
  } catch (err) {
    await recordAudit({ actor: opts.actor, action: opts.action, params: opts.params, result: { ok: false, error: String((err as Error)?.message ?? err) } });
    if (!(err instanceof JobConflictError)) throw err;
    const body = (await errorResponse("conflict", err.message).json()) as object;
    return Response.json({ ...body, job: { id: err.job.id, state: err.job.state } }, { status: 409, headers: NO_STORE });
  }
  if (started === null) return Response.json(await opts.oneStep(), { headers: NO_STORE });
  const job = { id: started.job.id, state: started.job.state };
  if (started.kind === "done") {
    await recordAudit({ actor: opts.actor, action: opts.action, params: opts.params, result: { job: job.id, ...opts.summarize(started.report) } });
    return Response.json({ ...(started.report as object), job }, { headers: NO_STORE });
  }
  await recordAudit({ actor: opts.actor, action: "job-start", target: job.id, params: { kind: started.job.kind, ...opts.params }, result: { state: job.state, processed: started.job.progress.processed } });
  return Response.json({ job, progress: started.job.progress }, { status: 202, headers: { ...NO_STORE, location: `/api/v1/admin/jobs/${job.id}` } });
}
