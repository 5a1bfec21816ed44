/**
 * The skill-loss alarm's logic, pure (no I/O; unit-tested): what a health snapshot holds, when two
 * consecutive snapshots mean `skill_loss_suspected`, and how the alarm's memory moves from run to
 * run so that one incident alerts once.
 *
 * - A snapshot's `listed` is what the marketplace lists in total: the seed skills plus the
 *   community skills of the best store that answered, Postgres (the source of truth) when it did,
 *   else the KV enumeration (what listings fall back to while it is down).
 * - Suspected loss: `listed` fell since the previous snapshot by more than the drift threshold
 *   (drift.ts: more than 10 skills or more than 5%) beyond what delistings explain (the growth of
 *   `delisted_count`), or drift was detected by two runs in a row.
 * - An incident opens when the condition appears and no incident is open; while the condition
 *   persists nothing new is raised; the first run without it clears the incident. Incidents the
 *   webhook has not taken yet stay in the memory and are offered again on later runs.
 */
import { z } from "zod";
import type { SkillHealth } from "./skill-health";
import { isDrift, type Source } from "./drift";

export const INCIDENT_KIND = "skill_loss_suspected";
/** Deliveries tried per incident (one a run, so two days of hourly runs) before giving up. */
export const MAX_DELIVERY_ATTEMPTS = 48;
/** Incidents the memory keeps for delivery at most (oldest dropped; Postgres keeps them all). */
const MAX_REMEMBERED = 20;

const source = z.enum(["kv_index", "kv_enumerated", "prisma"]) satisfies z.ZodType<Source>;
const count = z.number().int().nonnegative();

/** A drift as a snapshot keeps it: which stores, which is short, by how much (no slug samples). */
export const driftSummarySchema = z.object({ sources: z.tuple([source, source]), short: source, difference: count, percent: z.number() });

/** One health snapshot (a row of "HealthSnapshot", a pending KV value, an item of the history route). */
export const healthSnapshotSchema = z.object({
  id: z.string().min(1),
  at: z.iso.datetime(),
  listed: count,
  listed_from: z.enum(["prisma", "kv_enumerated"]),
  kv_index_count: count,
  kv_enumerated_count: count,
  prisma_count: count.nullable(),
  seed_count: count,
  delisted_count: count,
  drift_detected: z.boolean(),
  drifts: z.array(driftSummarySchema),
});

export const lossReasonSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("unexplained_drop"), since: z.string(), previous_listed: count, listed: count, dropped: z.number().int(), delisted_increase: count, unexplained: count }),
  z.object({ kind: z.literal("drift_persisting"), since: z.string(), drifts: z.array(driftSummarySchema) }),
]);

export const incidentSchema = z.object({
  id: z.string().min(1),
  at: z.iso.datetime(),
  kind: z.literal(INCIDENT_KIND),
  detail: z.object({
    message: z.string(),
    reasons: z.array(lossReasonSchema),
    snapshot_id: z.string(),
    previous_snapshot_id: z.string().nullable(),
    listed: count,
    previous_listed: count.nullable(),
  }),
  cleared_at: z.iso.datetime().nullable(),
  delivered_at: z.iso.datetime().nullable(),
  delivery_attempts: count,
  delivery_error: z.string().nullable(),
});

/** What the alarm remembers between runs: the previous snapshot, the open incident and undelivered ones. */
export const alarmStateSchema = z.object({ last: healthSnapshotSchema.nullable(), incidents: z.array(incidentSchema) });

export type DriftSummary = z.infer<typeof driftSummarySchema>;
export type HealthSnapshot = z.infer<typeof healthSnapshotSchema>;
export type LossReason = z.infer<typeof lossReasonSchema>;
export type Incident = z.infer<typeof incidentSchema>;
export type AlarmState = z.infer<typeof alarmStateSchema>;

export type AlarmAction = "raise" | "persist" | "clear" | "none";

/** The snapshot of one health check. The delisted count is read loosely: older reports lack it. */
export function snapshotOf(health: SkillHealth, id: string, at: string): HealthSnapshot {
  const community = health.prisma_count ?? health.kv_enumerated_count;
  return {
    id,
    at,
    listed: health.seed_count + community,
    listed_from: health.prisma_count === null ? "kv_enumerated" : "prisma",
    kv_index_count: health.kv_index_count,
    kv_enumerated_count: health.kv_enumerated_count,
    prisma_count: health.prisma_count,
    seed_count: health.seed_count,
    delisted_count: (health as { delisted_count?: number }).delisted_count ?? 0,
    drift_detected: health.drift_detected,
    drifts: health.drifts.map((d) => ({ sources: d.sources, short: d.short, difference: d.difference, percent: d.percent })),
  };
}

/** Why `current` suggests lost skills compared with `previous` (empty: nothing suspicious). */
export function findLossReasons(previous: HealthSnapshot | null, current: HealthSnapshot): LossReason[] {
  if (!previous) return [];
  const reasons: LossReason[] = [];
  const dropped = previous.listed - current.listed;
  const delistedIncrease = Math.max(0, current.delisted_count - previous.delisted_count);
  const unexplained = dropped - delistedIncrease;
  if (unexplained > 0 && isDrift(previous.listed, previous.listed - unexplained)) {
    reasons.push({ kind: "unexplained_drop", since: previous.at, previous_listed: previous.listed, listed: current.listed, dropped, delisted_increase: delistedIncrease, unexplained });
  }
  if (previous.drift_detected && current.drift_detected) {
    reasons.push({ kind: "drift_persisting", since: previous.at, drifts: current.drifts });
  }
  return reasons;
}

/** The alarm's decision for this run: raise a new incident, let an open one persist, clear it, or nothing. */
export function decideAlarm(input: { previous: HealthSnapshot | null; current: HealthSnapshot; open: boolean }): { action: AlarmAction; reasons: LossReason[] } {
  // Nothing to compare with (the first snapshot, or the memory was lost): an open incident stays open.
  if (!input.previous) return { action: "none", reasons: [] };
  const reasons = findLossReasons(input.previous, input.current);
  if (reasons.length > 0) return { action: input.open ? "persist" : "raise", reasons };
  return { action: input.open ? "clear" : "none", reasons };
}

export interface AlarmStep {
  action: AlarmAction;
  reasons: LossReason[];
  /** The memory to keep for the next run (before this run's deliveries are settled). */
  state: AlarmState;
  raised: Incident | null;
  cleared: Incident | null;
  /** Incidents to POST to the webhook now (empty when none is configured). */
  toDeliver: Incident[];
}

/** Advances the alarm by one snapshot. `alerting`: a webhook is configured. */
export function advanceAlarm(state: AlarmState, current: HealthSnapshot, opts: { newId: () => string; alerting: boolean }): AlarmStep {
  const open = state.incidents.find((i) => i.cleared_at === null) ?? null;
  const { action, reasons } = decideAlarm({ previous: state.last, current, open: open !== null });
  let incidents = state.incidents;
  let raised: Incident | null = null;
  let cleared: Incident | null = null;
  if (action === "raise") {
    raised = newIncident(opts.newId(), state.last, current, reasons);
    incidents = [...incidents, raised];
  } else if (action === "clear" && open) {
    cleared = { ...open, cleared_at: current.at };
    incidents = incidents.map((i) => (i.id === open.id ? cleared! : i));
  }
  // Kept: the open incident, and (when a webhook is configured) those it has not taken yet.
  incidents = incidents.filter((i) => i.cleared_at === null || (opts.alerting && awaitsDelivery(i))).slice(-MAX_REMEMBERED);
  return { action, reasons, state: { last: current, incidents }, raised, cleared, toDeliver: opts.alerting ? incidents.filter(awaitsDelivery) : [] };
}

/** The memory after this run's deliveries: each result applied, finished incidents forgotten. */
export function settleDeliveries(state: AlarmState, results: { id: string; ok: boolean; error?: string }[], at: string): { state: AlarmState; updated: Incident[] } {
  const byId = new Map(results.map((r) => [r.id, r]));
  const updated: Incident[] = [];
  const incidents = state.incidents.map((i) => {
    const r = byId.get(i.id);
    if (!r) return i;
    const next: Incident = r.ok
      ? { ...i, delivered_at: at, delivery_attempts: i.delivery_attempts + 1, delivery_error: null }
      : { ...i, delivery_attempts: i.delivery_attempts + 1, delivery_error: (r.error ?? "failed").slice(0, 200) };
    updated.push(next);
    return next;
  });
  return { state: { ...state, incidents: incidents.filter((i) => i.cleared_at === null || awaitsDelivery(i)) }, updated };
}

export function awaitsDelivery(i: Incident): boolean {
  return i.delivered_at === null && i.delivery_attempts < MAX_DELIVERY_ATTEMPTS;
}

function newIncident(id: string, previous: HealthSnapshot | null, current: HealthSnapshot, reasons: LossReason[]): Incident {
  return {
    id,
    at: current.at,
    kind: INCIDENT_KIND,
    detail: { message: describeReasons(reasons), reasons, snapshot_id: current.id, previous_snapshot_id: previous?.id ?? null, listed: current.listed, previous_listed: previous?.listed ?? null },
    cleared_at: null,
    delivered_at: null,
    delivery_attempts: 0,
    delivery_error: null,
  };
}

/** One sentence an operator can act on. */
export function describeReasons(reasons: LossReason[]): string {
  return reasons
    .map((r) =>
      r.kind === "unexplained_drop"
        ? `Listed skills fell from ${r.previous_listed} to ${r.listed} since ${r.since}; ${r.unexplained} of the ${r.dropped} are not explained by delistings (${r.delisted_increase} delisted).`
        : `Drift between the stores persists over two runs (since ${r.since}): ${r.drifts.map((d) => `${d.short} short by ${d.difference} (${d.sources.join(" vs ")})`).join(", ")}.`,
    )
    .concat("Check GET /api/v1/admin/health/skills and run POST /api/v1/admin/rebuild-index?dryRun=true.")
    .join(" ");
}
