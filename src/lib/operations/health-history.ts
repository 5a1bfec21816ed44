/**
 * Health history (issue 13, "Operators"): every cron run records a snapshot of the stores' counts
 * (checkSkillHealth) and advances the skill-loss alarm (skill-loss-alarm.ts), so "no skill loss
 * incident in 7 days" is one query (GET /api/v1/admin/health/history?days=7).
 *
 * Where things live:
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
  alarmStateSchema,
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
import { Prisma, type HealthIncident as IncidentRow, type HealthSnapshot as SnapshotRow } from "../../generated/prisma/client";

export const RETENTION_DAYS = 90;
export const ALARM_STATE_KEY = "health-history:alarm";
export const PENDING_SNAPSHOT_PREFIX = "health-history:pending-snapshot:";
export const PENDING_INCIDENT_PREFIX = "health-history:pending-incident:";
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
    const stored = await storeHistory(kv, db(), [snapshot], [...changed.values()]);
    await kv.put(ALARM_STATE_KEY, JSON.stringify(state));
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

/** Writes snapshots and incidents to Postgres in one transaction, else to KV (pending). */
async function storeHistory(kv: KVNamespace, db: Db | null, snapshots: HealthSnapshot[], incidents: Incident[]): Promise<"postgres" | "kv"> {
  const written = await attempt(db, (d) => writeToPostgres(d, snapshots, incidents));
  if (written.ok) return "postgres";
  logEvent("warn", "health_history_in_kv", { reason: written.error, snapshots: snapshots.length, incidents: incidents.length });
  const expirationTtl = RETENTION_DAYS * 86_400;
  await Promise.all([
    ...snapshots.map((s) => kv.put(pendingSnapshotKey(s), JSON.stringify(s), { expirationTtl })),
    ...incidents.map((i) => kv.put(PENDING_INCIDENT_PREFIX + i.id, JSON.stringify(i), { expirationTtl })),
  ]);
  return "kv";
}

function writeToPostgres(db: Db, snapshots: HealthSnapshot[], incidents: Incident[]) {
  return db.$transaction([
    db.healthSnapshot.createMany({ data: snapshots.map(snapshotRow), skipDuplicates: true }),
    ...incidents.map((i) => {
      const row = incidentRow(i);
      return db.healthIncident.upsert({ where: { id: i.id }, create: row, update: row });
    }),
  ]);
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
  const written = await attempt(db, (d) => writeToPostgres(d, snapshots.values, incidents.values));
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

// --- KV: pending history and the alarm's memory ---------------------------------------------

const pendingSnapshotKey = (s: HealthSnapshot) => `${PENDING_SNAPSHOT_PREFIX}${s.at}:${s.id}`;
/** Keys sort by time: a list can start at the first key of the window. */
const pendingSnapshotPrefixSince = (since: Date) => `${PENDING_SNAPSHOT_PREFIX}${since.toISOString()}`;

/** Up to `max` pending values under `prefix` (oldest first for snapshots), parsed; unreadable keys are dropped. */
async function readPending<T>(kv: KVNamespace, prefix: string, max: number, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, startAfter?: string) {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown> = await kv.list({ prefix, cursor, limit: Math.min(1000, max - keys.length) });
    keys.push(...page.keys.map((k) => k.name).filter((k) => !startAfter || k >= startAfter));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor && keys.length < max);
  const values: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    const got = await kv.get(keys.slice(i, i + 100), "text");
    for (const [key, text] of got) {
      const parsed = schema.safeParse(parseJson(text));
      if (parsed.success) values.push(parsed.data);
      else logEvent("warn", "health_history_unreadable", { key });
    }
  }
  return { keys, values };
}

function parseJson(text: string | null): unknown {
  try {
    return text === null ? null : JSON.parse(text);
  } catch {
    return undefined; // not JSON: the schema refuses it and the caller logs it
  }
}

async function readAlarmState(kv: KVNamespace): Promise<AlarmState | null> {
  const text = await kv.get(ALARM_STATE_KEY, "text");
  if (text === null) return null;
  const parsed = alarmStateSchema.safeParse(parseJson(text));
  if (!parsed.success) logEvent("warn", "health_alarm_state_unreadable", { error: parsed.error.issues[0]?.message });
  return parsed.success ? parsed.data : null;
}

/** The alarm's memory rebuilt from Postgres: the latest snapshot, open and undelivered incidents. */
async function alarmStateFromPostgres(db: Db | null): Promise<AlarmState | null> {
  const found = await attempt(db, (d) =>
    Promise.all([
      d.healthSnapshot.findFirst({ orderBy: { at: "desc" } }),
      d.healthIncident.findMany({
        where: { OR: [{ clearedAt: null }, { deliveredAt: null, deliveryAttempts: { gt: 0, lt: MAX_DELIVERY_ATTEMPTS } }] },
        orderBy: { at: "asc" },
        take: 20,
      }),
    ]),
  );
  if (!found.ok || !found.value[0]) return null;
  return { last: snapshotFromRow(found.value[0]), incidents: found.value[1].map(incidentFromRow) };
}

// --- rows <-> records -------------------------------------------------------------------------

function snapshotRow(s: HealthSnapshot): Prisma.HealthSnapshotCreateManyInput {
  return {
    id: s.id,
    at: new Date(s.at),
    listed: s.listed,
    listedFrom: s.listed_from,
    kvIndexCount: s.kv_index_count,
    kvEnumeratedCount: s.kv_enumerated_count,
    prismaCount: s.prisma_count,
    seedCount: s.seed_count,
    delistedCount: s.delisted_count,
    driftDetected: s.drift_detected,
    drifts: s.drifts,
  };
}

function snapshotFromRow(r: SnapshotRow): HealthSnapshot {
  return {
    id: r.id,
    at: r.at.toISOString(),
    listed: r.listed,
    listed_from: r.listedFrom === "kv_enumerated" ? "kv_enumerated" : "prisma",
    kv_index_count: r.kvIndexCount,
    kv_enumerated_count: r.kvEnumeratedCount,
    prisma_count: r.prismaCount,
    seed_count: r.seedCount,
    delisted_count: r.delistedCount,
    drift_detected: r.driftDetected,
    drifts: Array.isArray(r.drifts) ? (r.drifts as unknown as HealthSnapshot["drifts"]) : [],
  };
}

function incidentRow(i: Incident): Prisma.HealthIncidentCreateInput {
  return {
    id: i.id,
    at: new Date(i.at),
    kind: i.kind,
    detail: i.detail as unknown as Prisma.InputJsonValue,
    clearedAt: i.cleared_at ? new Date(i.cleared_at) : null,
    deliveredAt: i.delivered_at ? new Date(i.delivered_at) : null,
    deliveryAttempts: i.delivery_attempts,
    deliveryError: i.delivery_error,
  };
}

function incidentFromRow(r: IncidentRow): Incident {
  return {
    id: r.id,
    at: r.at.toISOString(),
    kind: "skill_loss_suspected",
    detail: r.detail as unknown as Incident["detail"],
    cleared_at: r.clearedAt?.toISOString() ?? null,
    delivered_at: r.deliveredAt?.toISOString() ?? null,
    delivery_attempts: r.deliveryAttempts,
    delivery_error: r.deliveryError,
  };
}
