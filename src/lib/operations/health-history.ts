/**
 * Health history (issue 13, "Operators"): every cron run records a snapshot of the stores' counts
 * (checkSkillHealth) and advances the skill-loss alarm (skill-loss-alarm.ts), so "no skill loss
 * incident in 7 days" is one query (GET /api/v1/admin/health/history?days=7).
 *
 * Where things live (health-history-store.ts reads and writes them):
 * - Postgres "HealthSnapshot" and "HealthIncident": the history, kept RETENTION_DAYS (each run
 *   that reaches Postgres deletes older rows; an incident still open is kept).
 * - While Postgres is down: KV `health-history:pending-snapshot:{at}:{id}` and
 *   `health-history:pending-incident:{id}` (expiring after RETENTION_DAYS), moved into Postgres by
 *   the next run that reaches it, MOVE_BATCH at a time. Ids are the app's, so moving one twice (a
 *   delete that failed, two runs at once) stores it once. The history route reads them too.
 * - KV `health-history:alarm`: the alarm's memory (the previous snapshot, the open incident and
 *   those the webhook has not taken), read and written once a run whatever Postgres' state, so the
 *   alarm keeps working through an outage. If it is lost, it is rebuilt from Postgres. KV is
 *   eventually consistent (up to 60 s) across locations; the runs are an hour apart.
 *
 * KV cost of a run beyond checkSkillHealth's: one get and one put (the memory), then either two
 * lists, one bulk get per kind and a delete per moved key (Postgres up), or one put per snapshot
 * and changed incident (down).
 */
import { attempt, isDatabaseKnownDown, withOptionalDb, type Db } from "../platform/db";
import { getEnv } from "../platform/env";
import { logEvent } from "../platform/log";
import { checkSkillHealth, type SkillHealth } from "./skill-health";
import { deliverAlerts } from "./alert-webhook";
import {
  advanceAlarm,
  healthSnapshotSchema,
  incidentSchema,
  MAX_DELIVERY_ATTEMPTS,
  settleDeliveries,
  snapshotOf,
  type AlarmAction,
  type AlarmState,
  type HealthSnapshot,
  type Incident,
  type LossReason,
} from "./skill-loss-alarm";
import {
  alarmStateFromPostgres,
  incidentFromRow,
  PENDING_INCIDENT_PREFIX,
  PENDING_SNAPSHOT_PREFIX,
  pendingSnapshotPrefixSince,
  readAlarmState,
  readPending,
  RETENTION_DAYS,
  saveHistory,
  snapshotFromRow,
  writeAlarmState,
  writeHistoryRows,
} from "./health-history-store";

export { ALARM_STATE_KEY, PENDING_INCIDENT_PREFIX, PENDING_SNAPSHOT_PREFIX, RETENTION_DAYS } from "./health-history-store";

/** Pending snapshots moved per run (one list, one bulk get, this many deletes). */
export const MOVE_BATCH = 100;
const DAY_MS = 86_400_000;

export interface HistoryReport {
  snapshot: Pick<HealthSnapshot, "id" | "at" | "listed" | "listed_from" | "drift_detected">;
  /** Where this run's snapshot went: Postgres, or KV until Postgres answers again. */
  stored: "postgres" | "kv";
  alarm: AlarmAction;
  reasons: LossReason["kind"][];
  /** The open incident after this run, if any. */
  incident: string | null;
  /** Webhook deliveries of this run; null when ALERT_WEBHOOK_URL is not set. */
  alerts: { delivered: number; failed: number } | null;
  moved: { snapshots: number; incidents: number };
  pruned: { snapshots: number; incidents: number } | null;
}

/**
 * The cron's health-history step: snapshot, alarm, webhook, storage, pruning. `health` and `now`
 * let a caller supply the check and the clock (tests); the webhook URL is ALERT_WEBHOOK_URL.
 */
export async function recordHealthSnapshot(kv: KVNamespace, opts: { health?: SkillHealth; now?: Date } = {}): Promise<HistoryReport> {
  const health = opts.health ?? (await checkSkillHealth(kv));
  const now = opts.now ?? new Date();
  const snapshot = snapshotOf(health, crypto.randomUUID(), now.toISOString());
  const webhook = getEnv().ALERT_WEBHOOK_URL;
  return withOptionalDb(async (client) => {
    // After one connection failure the rest of the run goes straight to KV (no second timeout).
    const db = () => (client && !isDatabaseKnownDown() ? client : null);
    const moved = await movePendingHistory(kv, db());
    const remembered = (await readAlarmState(kv)) ?? (await alarmStateFromPostgres(db()));
    const step = advanceAlarm(remembered ?? { last: null, incidents: [] }, snapshot, { newId: () => crypto.randomUUID(), alerting: webhook !== undefined });
    if (step.raised) {
      logEvent("error", "skill_loss_suspected", { incident: step.raised.id, ...step.raised.detail, webhook: webhook ? "configured" : "not-configured" });
    }
    if (step.cleared) logEvent("info", "skill_loss_cleared", { incident: step.cleared.id, since: step.cleared.at });
    let state: AlarmState = step.state;
    const changed = new Map<string, Incident>([step.raised, step.cleared].filter((i): i is Incident => i !== null).map((i) => [i.id, i]));
    let alerts: HistoryReport["alerts"] = webhook ? { delivered: 0, failed: 0 } : null;
    if (webhook && step.toDeliver.length > 0) {
      const results = await deliverAlerts(webhook, step.toDeliver);
      const settled = settleDeliveries(state, results, new Date().toISOString());
      state = settled.state;
      for (const i of settled.updated) {
        changed.set(i.id, i);
        if (i.delivered_at === null) {
          logEvent(i.delivery_attempts >= MAX_DELIVERY_ATTEMPTS ? "error" : "warn", "skill_loss_alert_undelivered", {
            incident: i.id,
            attempts: i.delivery_attempts,
            error: i.delivery_error,
            retry: i.delivery_attempts < MAX_DELIVERY_ATTEMPTS,
          });
        }
      }
      alerts = { delivered: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
    }
    const stored = await saveHistory(kv, db(), [snapshot], [...changed.values()]);
    await writeAlarmState(kv, state);
    const live = db();
    const pruned = stored === "postgres" && live ? await pruneHealthHistory(live, now) : null;
    const open = state.incidents.find((i) => i.cleared_at === null) ?? null;
    return {
      snapshot: { id: snapshot.id, at: snapshot.at, listed: snapshot.listed, listed_from: snapshot.listed_from, drift_detected: snapshot.drift_detected },
      stored,
      alarm: step.action,
      reasons: step.reasons.map((r) => r.kind),
      incident: open?.id ?? null,
      alerts,
      moved,
      pruned,
    };
  });
}

/**
 * Moves what an outage left in KV into Postgres (at most MOVE_BATCH snapshots and 100 incidents a
 * run), then deletes the moved keys. Safe to repeat: existing ids are skipped (snapshots) or
 * rewritten with the same state (incidents).
 */
export async function movePendingHistory(kv: KVNamespace, db: Db | null): Promise<{ snapshots: number; incidents: number }> {
  if (!db) return { snapshots: 0, incidents: 0 };
  const [snapshots, incidents] = await Promise.all([
    readPending(kv, PENDING_SNAPSHOT_PREFIX, MOVE_BATCH, healthSnapshotSchema),
    readPending(kv, PENDING_INCIDENT_PREFIX, 100, incidentSchema),
  ]);
  if (snapshots.keys.length + incidents.keys.length === 0) return { snapshots: 0, incidents: 0 };
  const written = await attempt(db, (d) => writeHistoryRows(d, snapshots.values, incidents.values));
  if (!written.ok) return { snapshots: 0, incidents: 0 };
  await Promise.all([...snapshots.keys, ...incidents.keys].map((k) => kv.delete(k)));
  return { snapshots: snapshots.values.length, incidents: incidents.values.length };
}

/** Deletes snapshots and cleared incidents older than RETENTION_DAYS (one statement each). */
export async function pruneHealthHistory(db: Db, now = new Date()): Promise<{ snapshots: number; incidents: number } | null> {
  const cutoff = new Date(now.getTime() - RETENTION_DAYS * DAY_MS);
  const pruned = await attempt(db, (d) =>
    d.$transaction([
      d.healthSnapshot.deleteMany({ where: { at: { lt: cutoff } } }),
      d.healthIncident.deleteMany({ where: { at: { lt: cutoff }, clearedAt: { not: null } } }),
    ]),
  );
  return pruned.ok ? { snapshots: pruned.value[0].count, incidents: pruned.value[1].count } : null;
}

export interface HealthHistory {
  days: number;
  snapshots: (HealthSnapshot & { stored: "postgres" | "kv" })[];
  incidents: Incident[];
  database: { reachable: boolean; error?: string };
}

/**
 * The last `days` of snapshots and the incidents that overlap them (raised in the window, cleared
 * in it, or still open), newest first, from Postgres plus what an outage left in KV.
 */
export function listHealthHistory(kv: KVNamespace, opts: { days: number; now?: Date }): Promise<HealthHistory> {
  const since = new Date((opts.now ?? new Date()).getTime() - opts.days * DAY_MS);
  return withOptionalDb(async (db) => {
    const [rows, pendingSnapshots, pendingIncidents] = await Promise.all([
      attempt(db, (d) =>
        Promise.all([
          d.healthSnapshot.findMany({ where: { at: { gte: since } }, orderBy: { at: "desc" } }),
          d.healthIncident.findMany({ where: { OR: [{ at: { gte: since } }, { clearedAt: null }, { clearedAt: { gte: since } }] }, orderBy: { at: "desc" } }),
        ]),
      ),
      readPending(kv, PENDING_SNAPSHOT_PREFIX, Infinity, healthSnapshotSchema, pendingSnapshotPrefixSince(since)),
      readPending(kv, PENDING_INCIDENT_PREFIX, 100, incidentSchema),
    ]);
    const snapshots = new Map<string, HealthSnapshot & { stored: "postgres" | "kv" }>();
    for (const r of rows.ok ? rows.value[0] : []) snapshots.set(r.id, { ...snapshotFromRow(r), stored: "postgres" });
    for (const s of pendingSnapshots.values) if (s.at >= since.toISOString()) snapshots.set(s.id, { ...s, stored: "kv" });
    const incidents = new Map<string, Incident>();
    for (const r of rows.ok ? rows.value[1] : []) incidents.set(r.id, incidentFromRow(r));
    const overlaps = (i: Incident) => i.at >= since.toISOString() || i.cleared_at === null || i.cleared_at >= since.toISOString();
    for (const i of pendingIncidents.values) if (overlaps(i)) incidents.set(i.id, i); // a pending copy is the newer state
    const newestFirst = <T extends { at: string }>(xs: Iterable<T>) => [...xs].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    return {
      days: opts.days,
      snapshots: newestFirst(snapshots.values()),
      incidents: newestFirst(incidents.values()),
      database: rows.ok ? { reachable: true } : { reachable: false, error: rows.error },
    };
  });
}
