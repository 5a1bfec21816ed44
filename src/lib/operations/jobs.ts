/**
 * Admin jobs: rebuild-index work that does not fit one invocation continues on its own.
 * - A start takes the lock (an "AdminJob" row in state running; a partial unique index allows one
 *   per kind, across isolates and operators) and runs the first step in the request. Done: the
 *   job is closed and the caller answers 200 with the report. Not done: the cursor is saved and
 *   the next step is sent to the admin-jobs queue (batch size 1, so each step has a whole
 *   invocation's KV budget); the caller answers 202 with the job.
 * - Each queued step loads the job, runs one budgeted step from the saved cursor, saves the new
 *   cursor and progress, and sends the next step, until done. A message for a step already taken
 *   (a duplicate delivery) is dropped; a failed step is retried by the queue from the same cursor
 *   (rebuild steps are idempotent), and after MAX_STEP_ATTEMPTS the job is marked failed.
 * - The cron's and the read path's reconcile steps hold the same lock for their one step
 *   (`withRebuildLock`), so nothing rebuilds twice at once. A job whose steps stopped arriving
 *   (updatedAt older than STALE_AFTER_MS) no longer blocks: the next start takes over.
 * Postgres holds the jobs; without it, callers use the one-step `?cursor=` mode.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { isConnectionError, markDatabaseDown, resolveDatabaseUrl, withOptionalDb, type Db } from "../platform/db";
import { getWorkerEnv } from "../platform/worker-context";
import { logEvent } from "../platform/log";
import { ApiError } from "../http/errors";
import { listShardMeta } from "../catalog/kv/index-shards";
import { decodeCursor } from "./rebuild-cursor";
import { rebuildPublishedIndex, type RebuildReport } from "./rebuild-index";

export const ADMIN_JOB_QUEUE_NAME = "admin-jobs";
export const REBUILD_KIND = "rebuild-index";
/** A running job not advanced for this long is considered dead (its messages lost). */
export const STALE_AFTER_MS = 15 * 60_000;
export const MAX_STEP_ATTEMPTS = 8;
/** Finished jobs (and the reconcile steps' lock rows) are deleted after this many days. */
export const JOB_RETENTION_DAYS = 90;
/** Step summaries kept on the job (the newest). */
const STEPS_KEPT = 100;

export const jobMessageSchema = z.object({ kind: z.literal("admin-job"), jobId: z.string().min(1).max(100), step: z.number().int().min(1) });
export type JobMessage = z.infer<typeof jobMessageSchema>;

export type JobState = "running" | "done" | "failed";

export interface JobView {
  id: string;
  kind: string;
  state: JobState;
  dryRun: boolean;
  actor: string;
  progress: { processed: number; total: number | null };
  steps: StepSummary[];
  report: RebuildReport | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface StepSummary {
  step: number;
  scanned: number;
  rebuilt: number;
  prismaBackfilled: number | null;
  errors: number;
  kvOps: number;
  durationMs: number;
  complete: boolean;
}

type JobRow = NonNullable<Awaited<ReturnType<Db["adminJob"]["findUnique"]>>>;

function view(row: JobRow): JobView {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state as JobState,
    dryRun: row.dryRun,
    actor: row.actor,
    progress: { processed: row.processed, total: row.total },
    steps: row.steps as unknown as StepSummary[],
    report: (row.report as unknown as RebuildReport | null) ?? null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

function summaryOf(step: number, r: RebuildReport): StepSummary {
  return { step, scanned: r.scanned, rebuilt: r.rebuilt, prismaBackfilled: r.prismaBackfilled, errors: r.errors, kvOps: r.kvOps, durationMs: r.durationMs, complete: r.complete };
}

const SUMMED = ["scanned", "rebuilt", "errors", "metadataRepaired", "prismaRoundTrips", "cleaned", "quarantined", "delisted", "kvOps", "durationMs"] as const;
const LISTS = ["errorKeys", "renamed", "prismaErrors", "quarantinedKeys"] as const;
const LIST_KEPT = 200;

/** The job's report so far: counts summed over its steps, lists joined (bounded), the rest from the newest step. */
export function mergeReports(total: RebuildReport | null, next: RebuildReport): RebuildReport {
  if (!total) return next;
  const merged: RebuildReport = { ...next };
  for (const k of SUMMED) (merged[k] as number) = (total[k] ?? 0) + (next[k] ?? 0);
  for (const k of LISTS) (merged[k] as unknown[]) = [...(total[k] as unknown[]), ...(next[k] as unknown[])].slice(0, LIST_KEPT);
  merged.prismaBackfilled = total.prismaBackfilled === null || next.prismaBackfilled === null ? next.prismaBackfilled : total.prismaBackfilled + next.prismaBackfilled;
  merged.indexShardsRewritten = total.indexShardsRewritten + next.indexShardsRewritten;
  merged.indexLargestValueBytes = Math.max(total.indexLargestValueBytes, next.indexLargestValueBytes);
  return merged;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === "P2002" || /unique|duplicate key/i.test(String((err as Error)?.message ?? err));

/** Takes the lock for `kind`: a new running job, or null when a live one holds it (a dead one is failed and replaced). */
async function acquire(db: Db, kind: string, data: { dryRun: boolean; actor: string; total?: number | null }): Promise<{ job: JobRow } | { running: JobRow }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const job = await db.adminJob.create({ data: { id: randomUUID(), kind, state: "running", dryRun: data.dryRun, actor: data.actor.slice(0, 200), total: data.total ?? null } });
      return { job };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const running = await db.adminJob.findFirst({ where: { kind, state: "running" } });
    if (!running) continue; // it finished in between: try again
    if (Date.now() - running.updatedAt.getTime() < STALE_AFTER_MS) return { running };
    await db.adminJob.updateMany({ where: { id: running.id, state: "running" }, data: { state: "failed", error: "stalled: no step for 15 minutes; replaced by a new start", finishedAt: new Date(), updatedAt: new Date() } });
    logEvent("warn", "admin_job_stalled", { id: running.id, kind });
  }
  throw new ApiError("conflict", "Another rebuild is starting at this moment; retry");
}

/** The number of skills the index last held (shard metadata, one list call): the progress total, when known. */
async function estimateTotal(kv: KVNamespace): Promise<number | null> {
  try {
    const meta = await listShardMeta(kv);
    let n = 0;
    for (const m of meta.values()) if (m.count > 0) n += m.count;
    return n > 0 ? n : null;
  } catch {
    return null;
  }
}

function jobQueue(): Queue<JobMessage> | undefined {
  return getWorkerEnv()?.ADMIN_JOB_QUEUE as Queue<JobMessage> | undefined;
}

export type StartResult = { kind: "done"; job: JobView; report: RebuildReport } | { kind: "queued"; job: JobView };

export class JobConflictError extends ApiError {
  constructor(readonly job: JobView) {
    super("conflict", `A rebuild is already running (job ${job.id}, started by ${job.actor}); follow it at /api/v1/admin/jobs/${job.id}`);
  }
}

/**
 * Starts a rebuild: the lock, then the first step here. Null when Postgres is unavailable (no
 * lock to take): the caller runs today's one-step mode instead.
 */
export function startRebuildJob(kv: KVNamespace, opts: { dryRun: boolean; actor: string }): Promise<StartResult | null> {
  return withOptionalDb(async (db) => {
    if (!db) return null;
    let taken;
    try {
      taken = await acquire(db, REBUILD_KIND, { ...opts, total: await estimateTotal(kv) });
    } catch (err) {
      if (err instanceof ApiError) throw err;
      // Unreachable: remembered, so the one-step fallback does not wait for it again.
      const url = resolveDatabaseUrl();
      if (url && isConnectionError(err)) markDatabaseDown(url);
      logEvent("warn", "admin_job_unavailable", { error: String(err) });
      return null;
    }
    if ("running" in taken) throw new JobConflictError(view(taken.running));
    const report = await rebuildPublishedIndex(kv, { dryRun: opts.dryRun }).catch(async (err: unknown) => {
      await db.adminJob.update({ where: { id: taken.job.id }, data: { state: "failed", error: String(err).slice(0, 2000), finishedAt: new Date(), updatedAt: new Date() } });
      throw err;
    });
    const row = await saveStep(db, taken.job, 1, report);
    if (report.complete) return { kind: "done", job: view(row), report };
    await sendStep(db, row, 2);
    return { kind: "queued", job: view(row) };
  });
}

/** Records a finished step on the job (progress, summary, merged report; done when complete). */
async function saveStep(db: Db, job: JobRow, step: number, report: RebuildReport): Promise<JobRow> {
  const steps = [...(job.steps as unknown as StepSummary[]), summaryOf(step, report)].slice(-STEPS_KEPT);
  const merged = mergeReports((job.report as unknown as RebuildReport | null) ?? null, report);
  const processed = job.processed + report.scanned;
  const now = new Date();
  return db.adminJob.update({
    where: { id: job.id },
    data: {
      step,
      cursor: report.nextCursor,
      processed,
      total: job.total !== null ? Math.max(job.total, processed) : null,
      steps: steps as unknown as object,
      report: merged as unknown as object,
      updatedAt: now,
      ...(report.complete ? { state: "done", finishedAt: now, total: processed } : {}),
    },
  });
}

async function sendStep(db: Db, job: JobRow, step: number): Promise<void> {
  const queue = jobQueue();
  if (!queue) {
    await db.adminJob.update({ where: { id: job.id }, data: { state: "failed", error: "no ADMIN_JOB_QUEUE binding: the job cannot continue (continue with ?cursor=)", finishedAt: new Date(), updatedAt: new Date() } });
    throw new ApiError("unavailable", `The admin-jobs queue is not bound: continue the rebuild with ?cursor=${encodeURIComponent(job.cursor ?? "")}`);
  }
  await queue.send({ kind: "admin-job", jobId: job.id, step });
}

/**
 * One queued step of a job. "done" acks the message (finished, dropped as a duplicate, or the job
 * is gone); "retry" asks the queue to deliver it again (Postgres down, or the step failed).
 */
export function runJobStep(kv: KVNamespace, message: JobMessage, attempts: number): Promise<"done" | "retry"> {
  return withOptionalDb(async (db) => {
    if (!db) return "retry";
    const job = await db.adminJob.findUnique({ where: { id: message.jobId } });
    if (!job || job.state !== "running" || job.step !== message.step - 1) {
      logEvent("info", "admin_job_step_dropped", { id: message.jobId, step: message.step, state: job?.state ?? null, at: job?.step ?? null });
      return "done";
    }
    let report: RebuildReport;
    try {
      report = await rebuildPublishedIndex(kv, { dryRun: job.dryRun, cursor: job.cursor ? decodeCursor(job.cursor) : undefined });
    } catch (err) {
      logEvent("warn", "admin_job_step_failed", { id: job.id, step: message.step, attempts, error: String(err) });
      if (attempts < MAX_STEP_ATTEMPTS) {
        await db.adminJob.update({ where: { id: job.id }, data: { updatedAt: new Date() } }).catch(() => undefined);
        return "retry";
      }
      await db.adminJob.update({ where: { id: job.id }, data: { state: "failed", error: `step ${message.step} failed ${attempts} times: ${String(err).slice(0, 1000)}`, finishedAt: new Date(), updatedAt: new Date() } });
      return "done";
    }
    const row = await saveStep(db, job, message.step, report);
    if (!report.complete) await sendStep(db, row, message.step + 1);
    else logEvent("info", "admin_job_done", { id: job.id, steps: message.step, processed: row.processed });
    return "done";
  });
}

export function getJob(id: string): Promise<JobView | null> {
  return withOptionalDb(async (db) => {
    if (!db) throw new ApiError("unavailable", "Jobs are kept in Postgres, which is unavailable; retry");
    const row = await db.adminJob.findUnique({ where: { id } }).catch((err: unknown) => {
      throw new ApiError("unavailable", `Jobs are kept in Postgres, which did not answer (${String(err).slice(0, 200)}); retry`);
    });
    return row ? view(row) : null;
  });
}

/**
 * Runs one reconcile step under the rebuild lock (the cron's, the read path's): null, without
 * running it, while a rebuild job holds the lock. Without Postgres there is no lock and the step runs.
 */
export function withRebuildLock<T>(actor: string, fn: () => Promise<T>): Promise<T | null> {
  return withOptionalDb(async (db) => {
    if (!db) return fn();
    let taken;
    try {
      taken = await acquire(db, REBUILD_KIND, { dryRun: false, actor });
    } catch (err) {
      if (err instanceof ApiError) return null;
      logEvent("warn", "admin_job_lock_unavailable", { actor, error: String(err) });
      return fn();
    }
    if ("running" in taken) {
      logEvent("info", "reconcile_skipped", { actor, runningJob: taken.running.id });
      return null;
    }
    try {
      const result = await fn();
      await db.adminJob.update({ where: { id: taken.job.id }, data: { state: "done", step: 1, finishedAt: new Date(), updatedAt: new Date() } });
      // Finished jobs are kept JOB_RETENTION_DAYS (this runs at least hourly, with the cron).
      await db.adminJob.deleteMany({ where: { state: { not: "running" }, createdAt: { lt: new Date(Date.now() - JOB_RETENTION_DAYS * 86_400_000) } } }).catch(() => undefined);
      return result;
    } catch (err) {
      await db.adminJob.update({ where: { id: taken.job.id }, data: { state: "failed", error: String(err).slice(0, 2000), finishedAt: new Date(), updatedAt: new Date() } }).catch(() => undefined);
      throw err;
    }
  });
}
