/**
 * scheduled() entry point (hourly). Runs under the invocation's own worker env so getDb() sees
 * DATABASE_URL (the root cause of silently failing discovery), and says loudly when it is missing.
 */
import { resolveDatabaseUrl } from "../db";
import type { WorkerEnv } from "../env";
import { logEvent } from "../log";
import { runWithWorkerEnv } from "../worker-context";

export interface ScheduledReport {
  cron: string;
  databaseConfigured: boolean;
}

export async function runScheduled(cron: string, env: Partial<WorkerEnv>): Promise<ScheduledReport> {
  return runWithWorkerEnv(env, async () => {
    const databaseConfigured = resolveDatabaseUrl() !== undefined;
    if (!databaseConfigured) {
      logEvent("error", "cron_database_missing", {
        cron,
        message: "DATABASE_URL is not set for the worker: discovery dedup and reconcile cannot use Postgres. Set it with `wrangler secret put DATABASE_URL`.",
      });
    }
    logEvent("info", "cron_run", { cron, databaseConfigured });
    return { cron, databaseConfigured };
  });
}
