/**
 * What the operators' dashboard (`/admin`) reads, in one call: health (counts per store, drift,
 * recommendations), the 7-day history of the counts, submissions by state and the dead letters,
 * the last discovery runs, the newest audit entries and the delisted skills. Each part is loaded
 * on its own and may fail on its own (Postgres down, KV unavailable): the page shows that part as
 * unavailable, with the reason, and everything else as usual. Nothing here throws.
 */
import { listHealthHistory } from "./health-history";
import { getJob } from "./jobs";
import { describe, withDb } from "../platform/db";
import { getKV } from "../platform/env";
import { logEvent } from "../platform/log";
import { listDelisted, type DelistMarker } from "../catalog/kv/delisted";
import { countSubmissionsByState, listDeadLetters, type DeadLetter } from "../submissions/submission-stats";
import type { SubmissionState } from "../submissions/schema";
import { listDiscoveryRuns, type DiscoveryRun } from "../discovery/discovery-runs";
import { checkSkillHealth, type SkillHealth } from "./skill-health";
import { listAudit, type AuditEntry, type AuditSource } from "./audit";

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string };

/** One recorded health check, as the history keeps it (GET /api/v1/admin/health/history). */
export interface HistorySnapshot {
  at: string;
  listed: number;
  kv_index_count: number;
  kv_enumerated_count: number;
  prisma_count: number | null;
  drift_detected: boolean;
}

export interface HistoryIncident {
  at: string;
  kind: string;
  detail: unknown;
}

export interface HealthHistoryView {
  snapshots: HistorySnapshot[];
  incidents: HistoryIncident[];
}

/** A long admin job (rebuild-index, migrate-slugs), as GET /api/v1/admin/jobs/{id} describes it. */
export interface AdminJob {
  id: string;
  kind: string;
  state: "running" | "done" | "failed";
  progress: { processed: number; total: number | null };
  report: unknown;
  error?: string | null;
}

export interface Dashboard {
  health: Loaded<SkillHealth>;
  history: Loaded<HealthHistoryView>;
  submissions: Loaded<{ byState: Record<SubmissionState, number>; deadLetters: { entries: DeadLetter[]; total: number } }>;
  discoveryRuns: Loaded<DiscoveryRun[]>;
  audit: Loaded<{ entries: AuditEntry[]; total: number; source: AuditSource }>;
  delisted: Loaded<DelistMarker[]>;
}

export const HISTORY_DAYS = 7;
const AUDIT_SHOWN = 20;
const RUNS_SHOWN = 10;
const DEAD_LETTERS_SHOWN = 10;

async function settle<T>(part: string, load: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, value: await load() };
  } catch (err) {
    const error = describe(err);
    logEvent("warn", "admin_dashboard_part_unavailable", { part, error });
    return { ok: false, error };
  }
}

/** Everything the dashboard shows; each part settles on its own. */
export async function loadDashboard(): Promise<Dashboard> {
  const [health, history, submissions, discoveryRuns, audit, delisted] = await Promise.all([
    settle("health", () => checkSkillHealth(getKV())),
    settle("history", () => loadHistory()),
    settle("submissions", () =>
      withDb(async (db) => ({ byState: await countSubmissionsByState(db), deadLetters: await listDeadLetters(db, DEAD_LETTERS_SHOWN) })),
    ),
    settle("discovery", () => withDb((db) => listDiscoveryRuns(db, RUNS_SHOWN))),
    settle("audit", () => listAudit({ page: 1, limit: AUDIT_SHOWN })),
    settle("delisted", async () => [...(await listDelisted(getKV())).values()].sort((a, b) => (a.at < b.at ? 1 : -1))),
  ]);
  return { health, history, submissions, discoveryRuns, audit, delisted };
}

/** The last HISTORY_DAYS days of health snapshots and incidents (the cron's, health-history.ts), newest first. */
export async function loadHistory(): Promise<HealthHistoryView> {
  const history = await listHealthHistory(getKV(), { days: HISTORY_DAYS });
  return { snapshots: history.snapshots, incidents: history.incidents };
}

/** A long admin job by id, as GET /api/v1/admin/jobs/{id} answers it (operations/jobs.ts), or null for an id no job has. */
export async function loadJob(id: string): Promise<AdminJob | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return getJob(id);
}
