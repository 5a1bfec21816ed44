/**
 * Where health history is kept (health-history.ts decides what; this file only reads and writes):
 * Postgres "HealthSnapshot" / "HealthIncident", the KV copies an outage leaves for them, and the
 * alarm's memory in KV. Records are the snake_case shapes of skill-loss-alarm.ts; rows are Prisma's.
 */
import { attempt, type Db } from "../platform/db";
import { logEvent } from "../platform/log";
import { alarmStateSchema, MAX_DELIVERY_ATTEMPTS, type AlarmState, type HealthSnapshot, type Incident } from "./skill-loss-alarm";
import { Prisma, type HealthIncident as IncidentRow, type HealthSnapshot as SnapshotRow } from "../../generated/prisma/client";

/** Snapshots and incidents are kept this long (Postgres rows pruned by the cron, KV copies expire). */
export const RETENTION_DAYS = 90;
export const ALARM_STATE_KEY = "health-history:alarm";
export const PENDING_SNAPSHOT_PREFIX = "health-history:pending-snapshot:";
export const PENDING_INCIDENT_PREFIX = "health-history:pending-incident:";

/** Writes snapshots and incidents to Postgres in one transaction, else to KV (pending). */
export async function saveHistory(kv: KVNamespace, db: Db | null, snapshots: HealthSnapshot[], incidents: Incident[]): Promise<"postgres" | "kv"> {
  const written = await attempt(db, (d) => writeHistoryRows(d, snapshots, incidents));
  if (written.ok) return "postgres";
  logEvent("warn", "health_history_in_kv", { reason: written.error, snapshots: snapshots.length, incidents: incidents.length });
  const expirationTtl = RETENTION_DAYS * 86_400;
  await Promise.all([
    ...snapshots.map((s) => kv.put(pendingSnapshotKey(s), JSON.stringify(s), { expirationTtl })),
    ...incidents.map((i) => kv.put(PENDING_INCIDENT_PREFIX + i.id, JSON.stringify(i), { expirationTtl })),
  ]);
  return "kv";
}

export function writeHistoryRows(db: Db, snapshots: HealthSnapshot[], incidents: Incident[]) {
  return db.$transaction([
    db.healthSnapshot.createMany({ data: snapshots.map(snapshotRow), skipDuplicates: true }),
    ...incidents.map((i) => {
      const row = incidentRow(i);
      return db.healthIncident.upsert({ where: { id: i.id }, create: row, update: row });
    }),
  ]);
}

// --- KV: pending history and the alarm's memory ---------------------------------------------

export const pendingSnapshotKey = (s: HealthSnapshot) => `${PENDING_SNAPSHOT_PREFIX}${s.at}:${s.id}`;
/** Keys sort by time: a list can start at the first key of the window. */
export const pendingSnapshotPrefixSince = (since: Date) => `${PENDING_SNAPSHOT_PREFIX}${since.toISOString()}`;

/** Up to `max` pending values under `prefix` (oldest first for snapshots), parsed; unreadable keys are dropped. */
export async function readPending<T>(kv: KVNamespace, prefix: string, max: number, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, startAfter?: string) {
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

export async function writeAlarmState(kv: KVNamespace, state: AlarmState): Promise<void> {
  await kv.put(ALARM_STATE_KEY, JSON.stringify(state));
}

export async function readAlarmState(kv: KVNamespace): Promise<AlarmState | null> {
  const text = await kv.get(ALARM_STATE_KEY, "text");
  if (text === null) return null;
  const parsed = alarmStateSchema.safeParse(parseJson(text));
  if (!parsed.success) logEvent("warn", "health_alarm_state_unreadable", { error: parsed.error.issues[0]?.message });
  return parsed.success ? parsed.data : null;
}

/** The alarm's memory rebuilt from Postgres: the latest snapshot, open and undelivered incidents. */
export async function alarmStateFromPostgres(db: Db | null): Promise<AlarmState | null> {
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

export function snapshotFromRow(r: SnapshotRow): HealthSnapshot {
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

export function incidentFromRow(r: IncidentRow): Incident {
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
