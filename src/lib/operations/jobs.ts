/**
 * Admin jobs: rebuild-index and migrate-slugs work that does not fit one invocation continues on
 * its own.
 * - A start takes the lock (an "AdminJob" row in state running; a partial unique index allows one
 *   running job at a time, across isolates and operators) and runs the first step in the request. Done: the
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
import { migrateSkillSlugs, type SlugMigrationReport } from "./migrate-slugs";

export const ADMIN_JOB_QUEUE_NAME = "admin-jobs";
export const REBUILD_KIND = "rebuild-index";
export const MIGRATE_KIND = "migrate-slugs";
export type JobKind = typeof REBUILD_KIND | typeof MIGRATE_KIND;
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
  /** The report so far (the final one once done): RebuildReport or SlugMigrationReport by kind. */
  report: RebuildReport | SlugMigrationReport | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** One step's figures (rebuild: scanned, rebuilt, prismaBackfilled, errors; migrate-slugs: scanned, moved, errors). */
export type StepSummary = { step: number; complete: boolean; kvOps: number } & Record<string, number | boolean | null>;

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
    report: (row.report as unknown as JobView["report"]) ?? null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** What one step of a kind did: its report, whether the job is done, where the next step starts, how much it processed. */
interface StepOutcome {
  report: RebuildReport | SlugMigrationReport;
  complete: boolean;
  cursor: string | null;
  processed: number;
  summary: Omit<StepSummary, "step">;
}

const KINDS: Record<JobKind, {
  run(kv: KVNamespace, job: { dryRun: boolean; cursor: string | null }): Promise<StepOutcome>;
  merge(total: unknown, next: unknown): unknown;
}> = {
  [REBUILD_KIND]: {
    async run(kv, job) {
      const r = await rebuildPublishedIndex(kv, { dryRun: job.dryRun, cursor: job.cursor ? decodeCursor(job.cursor) : undefined });
      return {
        report: r,
        complete: r.complete,
        cursor: r.nextCursor,
        processed: r.scanned,
        summary: { scanned: r.scanned, rebuilt: r.rebuilt, prismaBackfilled: r.prismaBackfilled, errors: r.errors, kvOps: r.kvOps, durationMs: r.durationMs, complete: r.complete },
      };
    },
    merge: (total, next) => mergeReports(total as RebuildReport | null, next as RebuildReport),
  },
  [MIGRATE_KIND]: {
    // Moved records leave the legacy set, so each step simply continues (no cursor). A dry run
    // moves nothing and would see the same records again: it is one step, whatever it found.
    async run(kv, job) {
      const r = await migrateSkillSlugs(kv, { dryRun: job.dryRun });
      const complete = r.complete || job.dryRun;
      return { report: r, complete, cursor: null, processed: r.moved.length, summary: { scanned: r.scanned, moved: r.moved.length, errors: r.errors.length, kvOps: r.kvOps, complete } };
    },
    merge: (total, next) => mergeMigrations(total as SlugMigrationReport | null, next as SlugMigrationReport),
  },
};

/** A slug migration's report over its steps: moves and errors joined (bounded), counts summed. */
export function mergeMigrations(total: SlugMigrationReport | null, next: SlugMigrationReport): SlugMigrationReport {
  if (!total) return next;
  return {
    ...next,
    moved: [...total.moved, ...next.moved].slice(0, LIST_KEPT),
    errors: [...total.errors, ...next.errors].slice(0, LIST_KEPT),
    prismaUpdated: total.prismaUpdated + next.prismaUpdated,
    kvOps: total.kvOps + next.kvOps,
  };
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

/** Takes the lock: a new running job of `kind`, or the live job that holds it (a dead one is failed and replaced). */
async function acquire(db: Db, kind: string, data: { dryRun: boolean; actor: string; total?: number | null }): Promise<{ job: JobRow } | { running: JobRow }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const job = await db.adminJob.create({ data: { id: randomUUID(), kind, state: "running", dryRun: data.dryRun, actor: data.actor.slice(0, 200), total: data.total ?? null } });
      return { job };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const running = await db.adminJob.findFirst({ where: { state: "running" } });
    if (!running) continue; // it finished in between: try again
    if (Date.now() - running.updatedAt.getTime() < STALE_AFTER_MS) return { running };
    await db.adminJob.updateMany({ where: { id: running.id, state: "running" }, data: { state: "failed", error: "stalled: no step for 15 minutes; replaced by a new start", finishedAt: new Date(), updatedAt: new Date() } });
    logEvent("warn", "admin_job_stalled", { id: running.id, kind });
  }
  throw new ApiError("conflict", "Another admin job is starting at this moment; retry");
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

export type StartResult<R> = { kind: "done"; job: JobView; report: R } | { kind: "queued"; job: JobView };

export class JobConflictError extends ApiError {
  constructor(readonly job: JobView) {
    super("conflict", `A ${job.kind} job is already running (job ${job.id}, started by ${job.actor}); follow it at /api/v1/admin/jobs/${job.id}`);
  }
}

/** Starts a rebuild (see startJob). */
export const startRebuildJob = (kv: KVNamespace, opts: { dryRun: boolean; actor: string }) =>
  startJob(kv, REBUILD_KIND, opts) as Promise<StartResult<RebuildReport> | null>;

/** Starts a slug migration (see startJob). */
export const startMigrationJob = (kv: KVNamespace, opts: { dryRun: boolean; actor: string }) =>
  startJob(kv, MIGRATE_KIND, opts) as Promise<StartResult<SlugMigrationReport> | null>;

/**
 * Starts a job: the lock, then the first step here. Null when no database is configured (no lock
 * to take): the caller runs one step in the request instead. A configured Postgres that does not
 * answer is a 503 (a step without the lock could race a running job): `?cursor=` runs one anyway.
 */
export function startJob(kv: KVNamespace, kind: JobKind, opts: { dryRun: boolean; actor: string }): Promise<StartResult<unknown> | null> {
  return withOptionalDb(async (db) => {
    // No database at all (a KV-only setup): nothing to lock, one step in the request.
    if (!db && !resolveDatabaseUrl()) return null;
    const unreachable = (why: string) =>
      new ApiError("unavailable", `Postgres did not answer (${why}), so the job lock cannot be taken; retry, or run one step without it with ?cursor= (empty: from the start)`);
    if (!db) throw unreachable("it failed moments ago");
    let taken;
    for (let tries = 1; ; tries++) {
      try {
        taken = await acquire(db, kind, { ...opts, total: kind === REBUILD_KIND ? await estimateTotal(kv) : null });
        break;
      } catch (err) {
        if (err instanceof ApiError) throw err;
        logEvent("warn", "admin_job_unavailable", { tries, error: String(err) });
        // A slow connect under load is worth one more try; then it is an outage (remembered).
        if (tries < 2 && isConnectionError(err)) continue;
        const url = resolveDatabaseUrl();
        if (url && isConnectionError(err)) markDatabaseDown(url);
        throw unreachable(String((err as Error)?.message ?? err).slice(0, 200));
      }
    }
    if ("running" in taken) throw new JobConflictError(view(taken.running));
    const outcome = await KINDS[kind].run(kv, { dryRun: opts.dryRun, cursor: null }).catch(async (err: unknown) => {
      await db.adminJob.update({ where: { id: taken.job.id }, data: { state: "failed", error: String(err).slice(0, 2000), finishedAt: new Date(), updatedAt: new Date() } });
      throw err;
    });
    const row = await saveStep(db, taken.job, 1, outcome);
    if (outcome.complete) return { kind: "done", job: view(row), report: row.report };
    await sendStep(db, row, 2);
    return { kind: "queued", job: view(row) };
  });
}

/** Records a finished step on the job (progress, summary, merged report; done when complete). */
async function saveStep(db: Db, job: JobRow, step: number, outcome: StepOutcome): Promise<JobRow> {
  const steps = [...(job.steps as unknown as StepSummary[]), { step, ...outcome.summary }].slice(-STEPS_KEPT);
  const merged = KINDS[job.kind as JobKind].merge(job.report ?? null, outcome.report);
  const processed = job.processed + outcome.processed;
  const now = new Date();
  return db.adminJob.update({
    where: { id: job.id },
    data: {
      step,
      cursor: outcome.cursor,
      processed,
      total: job.total !== null ? Math.max(job.total, processed) : null,
      steps: steps as unknown as object,
      report: merged as unknown as object,
      updatedAt: now,
      ...(outcome.complete ? { state: "done", finishedAt: now, total: processed } : {}),
    },
  });
}

async function sendStep(db: Db, job: JobRow, step: number): Promise<void> {
  const queue = jobQueue();
  if (!queue) {
    await db.adminJob.update({ where: { id: job.id }, data: { state: "failed", error: "no ADMIN_JOB_QUEUE binding: the job cannot continue (continue with ?cursor=)", finishedAt: new Date(), updatedAt: new Date() } });
    throw new ApiError("unavailable", `The admin-jobs queue is not bound: the ${job.kind} job stopped after its first step; call again to continue${job.cursor ? ` (?cursor=${encodeURIComponent(job.cursor)})` : ""}`);
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
    const kind = KINDS[job.kind as JobKind];
    if (!kind) {
      await db.adminJob.update({ where: { id: job.id }, data: { state: "failed", error: `unknown job kind ${job.kind}`, finishedAt: new Date(), updatedAt: new Date() } });
      return "done";
    }
    let outcome: StepOutcome;
    try {
      outcome = await kind.run(kv, { dryRun: job.dryRun, cursor: job.cursor });
    } catch (err) {
      logEvent("warn", "admin_job_step_failed", { id: job.id, step: message.step, attempts, error: String(err) });
      if (attempts < MAX_STEP_ATTEMPTS) {
        await db.adminJob.update({ where: { id: job.id }, data: { updatedAt: new Date() } }).catch(() => undefined);
        return "retry";
      }
      await db.adminJob.update({ where: { id: job.id }, data: { state: "failed", error: `step ${message.step} failed ${attempts} times: ${String(err).slice(0, 1000)}`, finishedAt: new Date(), updatedAt: new Date() } });
      return "done";
    }
    const row = await saveStep(db, job, message.step, outcome);
    if (!outcome.complete) await sendStep(db, row, message.step + 1);
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
