/**
 * The admin audit log (issue 13): every admin action with who, what, parameters, result and time.
 * - Postgres (`AuditEntry`) first; when it fails or no database is configured, a KV key under
 *   `audit:pending:` (audit-pending.ts), moved into Postgres by the hourly cron (`drainAudit`) and
 *   by the next listing that reaches Postgres. Recording never throws: an admin action answers
 *   even when neither store takes its entry (that is logged).
 * - Values are bounded (audit-entry.ts): params and result at most 8 KB of JSON each, actor and
 *   target 256 characters, so a hostile request cannot bloat the log.
 * - Kept AUDIT_RETENTION_DAYS (90): the cron deletes older rows, at most PRUNE_BATCH per run.
 */
import { ApiError } from "../http/errors";
import type { AdminPrincipal } from "../http/auth";
import { describe, withDb, type Db } from "../platform/db";
import { getKV, tryGetKV } from "../platform/env";
import { logEvent } from "../platform/log";
import {
  AUDIT_RETENTION_MS,
  boundJson,
  boundParams,
  boundText,
  publicEntry,
  type AuditAction,
  type AuditEntry,
  type StoredAuditEntry,
} from "./audit-entry";
import { insertAuditRows, listPendingAuditKeys, movePendingAudit, putPendingAudit, readPendingAudit } from "./audit-pending";

export { AUDIT_ACTIONS, AUDIT_RETENTION_DAYS, type AuditAction, type AuditEntry } from "./audit-entry";

/** Where a listing came from: Postgres, or (while it is unavailable) the entries KV holds pending. */
export type AuditSource = "postgres" | "kv-pending";

export interface AuditInput {
  actor: string;
  action: AuditAction;
  target?: string | null;
  params?: Record<string, unknown>;
  result?: unknown;
  at?: Date;
}

/** Pending entries moved per cron run (about 102 KV operations) and per listing. */
const DRAIN_MAX = 100;
const LIST_MOVE_MAX = 20;
/** Rows deleted per cron run; at the rate admins act, one run clears any backlog. */
const PRUNE_BATCH = 5000;
/** List pages read to list and count pending entries while Postgres is down (5,000 entries). */
const PENDING_LIST_PAGES = 5;

/**
 * Records one admin action; never throws (a failed audit write is logged with logEvent, and the
 * action still answers). Postgres first; on any Postgres failure (or no database configured) a KV
 * key under an `audit:pending:` prefix, moved later by drainAudit.
 */
export async function recordAudit(entry: AuditInput): Promise<void> {
  let stored: StoredAuditEntry;
  try {
    stored = toStored(entry);
  } catch (err) {
    logEvent("error", "audit_write_failed", { action: entry.action, error: describe(err) });
    return;
  }
  try {
    await withDb((db) => insertAuditRows(db, [stored]));
    return;
  } catch (err) {
    logEvent("warn", "audit_postgres_failed", { id: stored.id, action: stored.action, error: describe(err), fallback: "kv" });
  }
  try {
    await putPendingAudit(getKV(), stored);
  } catch (err) {
    logEvent("error", "audit_write_failed", { id: stored.id, action: stored.action, actor: stored.actor, error: describe(err) });
  }
}

function toStored(entry: AuditInput): StoredAuditEntry {
  const at = entry.at && !Number.isNaN(entry.at.getTime()) ? entry.at : new Date();
  return {
    id: crypto.randomUUID(),
    at: at.toISOString(),
    actor: boundText(entry.actor) || "unknown",
    action: entry.action,
    target: entry.target ? boundText(entry.target) : null,
    params: boundParams(entry.params),
    result: boundJson(entry.result ?? null),
  };
}

/** "internal-key" for the internal key; "token:<subject>" (or "token:unknown") for a JWT. */
export function auditActor(who: AdminPrincipal): string {
  if (who.kind === "internal-key") return "internal-key";
  return `token:${who.subject || "unknown"}`;
}

/**
 * Runs an admin action and records it: `summarize(value)` as the result, or the failure
 * (`{ ok: false, error }`), which is then rethrown. The entry's time is the action's start.
 */
export async function runAudited<T>(entry: Omit<AuditInput, "result" | "at">, run: () => Promise<T>, summarize: (value: T) => unknown): Promise<T> {
  const at = new Date();
  let value: T;
  try {
    value = await run();
  } catch (err) {
    await recordAudit({ ...entry, at, result: { ok: false, error: err instanceof ApiError ? `${err.code}: ${err.message}` : describe(err) } });
    throw err;
  }
  await recordAudit({ ...entry, at, result: summarize(value) });
  return value;
}

/**
 * One page of the log, newest first, with the total. From Postgres, after moving a few pending
 * entries into it (so entries recorded during an outage show as soon as it answers). While
 * Postgres is unavailable: the entries KV holds pending (`source: "kv-pending"`; the total counts
 * at most 5,000). Neither store answering is a 503, never a 500.
 */
export async function listAudit(opts: { page: number; limit: number }): Promise<{ entries: AuditEntry[]; total: number; source: AuditSource }> {
  const offset = (opts.page - 1) * opts.limit;
  try {
    return await withDb(async (db) => {
      await movePendingQuietly(db);
      const rows = await db.$queryRawUnsafe<RowOut[]>(
        `SELECT id, at, actor, action, target, params, result FROM "AuditEntry" ORDER BY at DESC, id OFFSET $1 LIMIT $2`,
        offset,
        opts.limit,
      );
      const [{ n }] = await db.$queryRawUnsafe<[{ n: number }]>(`SELECT count(*)::int AS n FROM "AuditEntry"`);
      return { entries: rows.map(fromRow), total: n, source: "postgres" as const };
    });
  } catch (err) {
    logEvent("warn", "audit_list_fallback", { reason: describe(err), fallback: "kv-pending" });
  }
  try {
    const kv = getKV();
    const { keys } = await listPendingAuditKeys(kv, { limit: PENDING_LIST_PAGES * 1000, maxPages: PENDING_LIST_PAGES });
    const { entries } = await readPendingAudit(kv, keys.slice(offset, offset + opts.limit));
    return { entries: entries.map((e) => publicEntry(e.entry)), total: keys.length, source: "kv-pending" };
  } catch (err) {
    logEvent("error", "audit_list_failed", { reason: describe(err) });
    throw new ApiError("unavailable", "The audit log is unavailable (neither Postgres nor KV answered); try again shortly");
  }
}

async function movePendingQuietly(db: Db): Promise<void> {
  const kv = tryGetKV();
  if (!kv) return; // no KV in this context: nothing can be pending
  try {
    const moved = await movePendingAudit(kv, db, { max: LIST_MOVE_MAX });
    if (moved) logEvent("info", "audit_pending_moved", { moved, by: "listing" });
  } catch (err) {
    logEvent("warn", "audit_pending_move_failed", { error: describe(err), by: "listing" });
  }
}

type RowOut = { id: string; at: Date | string; actor: string; action: string; target: string | null; params: unknown; result: unknown };

function fromRow(r: RowOut): AuditEntry {
  const params = r.params !== null && typeof r.params === "object" && !Array.isArray(r.params) ? (r.params as Record<string, unknown>) : {};
  return publicEntry({ id: r.id, at: new Date(r.at).toISOString(), actor: r.actor, action: r.action as AuditAction, target: r.target, params, result: r.result });
}

/**
 * Cron: moves KV-pending entries into Postgres (idempotent: each entry has an id, so a double
 * drain or a crash mid-drain never duplicates or loses one), then prunes entries older than the
 * retention. At most DRAIN_MAX entries move per run; the rest wait for the next. Throws
 * DatabaseUnavailableError when Postgres cannot be reached (the cron reports it).
 */
export async function drainAudit(kv: KVNamespace, opts: { max?: number; now?: Date } = {}): Promise<{ drained: number; pruned: number }> {
  return withDb(async (db) => {
    const drained = await movePendingAudit(kv, db, { max: opts.max ?? DRAIN_MAX });
    const cutoff = new Date((opts.now ?? new Date()).getTime() - AUDIT_RETENTION_MS);
    const pruned = await db.$executeRawUnsafe(
      `DELETE FROM "AuditEntry" WHERE id IN (SELECT id FROM "AuditEntry" WHERE at < $1::timestamptz ORDER BY at LIMIT ${PRUNE_BATCH})`,
      cutoff.toISOString(),
    );
    if (drained || pruned) logEvent("info", "audit_drained", { drained, pruned, cutoff: cutoff.toISOString() });
    return { drained, pruned };
  });
}
