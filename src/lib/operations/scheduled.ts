/**
 * scheduled() entry point (hourly). Runs under the invocation's own worker env so getDb() sees
 * DATABASE_URL (the root cause of silently failing discovery), says loudly when it is missing,
 * reconciles KV with Postgres (one budgeted rebuild-index step per run, resuming from the cursor
 * the previous run left in KV, so a skill published while Postgres was down is backfilled and
 * listed again from Postgres within the hour), then runs GitHub discovery and sends to the queue
 * the repos whose stars are due (discovery/stars.ts) and the published versions scanned under
 * older rules (submissions/rescan.ts).
 */
import { z } from "zod";
import { decodeCursor } from "./rebuild-cursor";
import { rebuildPublishedIndex } from "./rebuild-index";
import { withRebuildLock } from "./jobs";
import { resolveDatabaseUrl, withDb } from "../platform/db";
import { sendStarRefreshes, type StarsMessage } from "../discovery/stars";
import { sendRescans, type RescanMessage } from "../submissions/rescan";
import { getEnv, type WorkerEnv } from "../platform/env";
import { runGitHubDiscovery, type DiscoveryReport } from "../discovery/github-discovery";
import { logEvent } from "../platform/log";
import { runWithWorkerEnv } from "../platform/worker-context";
import { drainPendingSkills, type DrainReport } from "./drain-pending";
import { drainAudit } from "./audit";
import { requeueStuckSubmissions, type RequeueReport } from "../submissions/requeue-stuck";
import { recordHealthSnapshot, type HistoryReport } from "./health-history";
import type { QueueMessage } from "../submissions/queue-messages";

export const RECONCILE_CURSOR_KEY = "reconcile:rebuild-cursor";

/**
 * The two KV-heavy steps (reconcile spends up to ~900 KV operations, the health snapshot ~400 at
 * 150,000 skills) each get an invocation of their own when the admin-jobs queue is bound: the cron
 * sends them there (batch size 1) instead of running them beside discovery, and the 1,000 KV
 * operations of one invocation are never exceeded. Without the queue (plain Node) they run inline.
 */
export const cronTaskSchema = z.object({ kind: z.literal("cron-task"), task: z.enum(["reconcile", "history"]) });
export type CronTask = z.infer<typeof cronTaskSchema>;
type Queued = { queued: true };

export interface ScheduledReport {
  cron: string;
  databaseConfigured: boolean;
  pending: DrainReport | { error: string } | null;
  stuck: RequeueReport | { error: string } | null;
  reconcile: { complete: boolean; prismaBackfilled: number | null; indexRewritten: boolean } | { skipped: string } | Queued | { error: string } | null;
  /** Audit entries moved from KV into Postgres, and rows past the retention deleted. */
  audit: { drained: number; pruned: number } | { error: string } | null;
  /** The health snapshot and the skill-loss alarm (health-history.ts), after reconcile. */
  history: HistoryReport | Queued | { error: string } | null;
  discovery: DiscoveryReport | { error: string } | null;
  /** Repos whose stars were sent to be read, and star samples pruned. */
  stars: { repos: number; pruned: number } | { error: string } | null;
  /** Published versions scanned under older rules, queued to be scanned again. */
  rescan: { versions: number; rulesVersion: string } | { error: string } | null;
}

export async function runScheduled(cron: string, env: Partial<WorkerEnv>): Promise<ScheduledReport> {
  return runWithWorkerEnv(env, async () => {
    getEnv(); // validated once, here: a bad environment fails the run loudly
    const databaseConfigured = resolveDatabaseUrl() !== undefined;
    if (!databaseConfigured) {
      logEvent("error", "cron_database_missing", {
        cron,
        message: "No database for the worker (neither the HYPERDRIVE binding nor DATABASE_URL): discovery dedup and reconcile cannot use Postgres. Bind HYPERDRIVE in wrangler.jsonc or `wrangler secret put DATABASE_URL`.",
      });
    }
    const kv = env.SUBMISSIONS_KV;
    const pending = databaseConfigured && kv ? await step("drain", () => drainPendingSkills(kv)) : null;
    const tasks = env.ADMIN_JOB_QUEUE as Queue<CronTask> | undefined;
    const inOwnInvocation = async <T>(task: CronTask["task"], inline: () => Promise<T>): Promise<T | Queued | { error: string }> => {
      if (!tasks) return inline();
      return step(`${task}_enqueue`, async () => (await tasks.send({ kind: "cron-task", task }), { queued: true as const }));
    };
    const reconcile = databaseConfigured && kv ? await inOwnInvocation("reconcile", () => reconcileStep(kv)) : null;
    const history = kv ? await inOwnInvocation("history", () => step("history", () => recordHealthSnapshot(kv))) : null;
    const audit = databaseConfigured && kv ? await step("audit", () => drainAudit(kv)) : null;
    const stuck = kv && env.SUBMISSION_QUEUE ? await step("requeue", () => requeueStuckSubmissions(kv, env.SUBMISSION_QUEUE as Queue<QueueMessage>)) : null;
    const discovery = kv ? await discoveryStep(kv, env.SUBMISSION_QUEUE) : null;
    const queue = env.SUBMISSION_QUEUE as Queue<StarsMessage> | undefined;
    const stars = databaseConfigured && queue ? await step("stars", () => withDb((db) => sendStarRefreshes(db, queue))) : null;
    const rescanQueue = queue as unknown as Queue<RescanMessage> | undefined;
    const rescan = databaseConfigured && rescanQueue ? await step("rescan", () => withDb((db) => sendRescans(db, rescanQueue))) : null;
    logEvent("info", "cron_run", { cron, databaseConfigured, pending, reconcile, history, audit, stuck, discovery, stars, rescan });
    return { cron, databaseConfigured, pending, reconcile, history, audit, stuck, discovery, stars, rescan };
  });
}

/** One step of the run: its report, or its error (logged); a failed step never stops the others. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await fn();
  } catch (err) {
    logEvent("error", `cron_${name}_failed`, { error: String(err) });
    return { error: String(err) };
  }
}

/** Runs one queued cron task in its own invocation (queue-consumer.ts, admin-jobs queue). */
export async function runCronTask(task: CronTask["task"], kv: KVNamespace): Promise<void> {
  if (task === "reconcile") {
    const report = await reconcileStep(kv);
    logEvent("info", "cron_reconcile", { report });
  } else {
    const report = await recordHealthSnapshot(kv);
    logEvent("info", "cron_history", { report });
  }
}

async function reconcileStep(kv: KVNamespace): Promise<ScheduledReport["reconcile"]> {
  try {
    const saved = await kv.get(RECONCILE_CURSOR_KEY, "text");
    // Under the rebuild lock: while an operator's rebuild job runs, it does this work instead.
    const report = await withRebuildLock("cron", () => rebuildPublishedIndex(kv, { cursor: saved ? decodeCursor(saved) : undefined }));
    if (report === null) return { skipped: "an admin job is running" };
    if (report.nextCursor) await kv.put(RECONCILE_CURSOR_KEY, report.nextCursor);
    else if (saved) await kv.delete(RECONCILE_CURSOR_KEY);
    return { complete: report.complete, prismaBackfilled: report.prismaBackfilled, indexRewritten: report.indexRewritten };
  } catch (err) {
    logEvent("error", "cron_reconcile_failed", { error: String(err) });
    return { error: String(err) };
  }
}

async function discoveryStep(kv: KVNamespace, queue: Queue | undefined): Promise<ScheduledReport["discovery"]> {
  try {
    return await runGitHubDiscovery({ kv, queue });
  } catch (err) {
    logEvent("error", "cron_discovery_failed", { error: String(err) });
    return { error: String(err) };
  }
}
