/**
 * Audit entries waiting in KV for Postgres (`audit:pending:*`, newest first) and their move into
 * the `AuditEntry` table. A move inserts by id (ON CONFLICT DO NOTHING) before it deletes the KV
 * keys, so a crash between the two, or two moves at once, never loses or duplicates an entry.
 * Each key expires after the retention: an entry older than that would be pruned anyway, so an
 * outage longer than the retention cannot grow KV without bound.
 */
import type { Db } from "../platform/db";
import { logEvent } from "../platform/log";
import { chunk, KV_BULK_GET_MAX, KV_LIST_PAGE } from "../catalog/kv/keys";
import { AUDIT_PENDING_PREFIX, AUDIT_RETENTION_MS, pendingAuditKey, storedAuditEntrySchema, type StoredAuditEntry } from "./audit-entry";

/** KV refuses an expiration less than 60 s away. */
const MIN_EXPIRY_S = 60;

export async function putPendingAudit(kv: KVNamespace, entry: StoredAuditEntry): Promise<void> {
  const expiration = Math.max(Math.ceil((Date.parse(entry.at) + AUDIT_RETENTION_MS) / 1000), Math.ceil(Date.now() / 1000) + MIN_EXPIRY_S);
  await kv.put(pendingAuditKey(entry), JSON.stringify(entry), { expiration });
}

/** Pending keys, newest first: up to `maxPages` list pages (`complete` false when more remain). */
export async function listPendingAuditKeys(kv: KVNamespace, opts: { limit?: number; maxPages?: number } = {}): Promise<{ keys: string[]; complete: boolean }> {
  const limit = opts.limit ?? KV_LIST_PAGE;
  const keys: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < (opts.maxPages ?? 1); page++) {
    const res: KVNamespaceListResult<unknown> = await kv.list({ prefix: AUDIT_PENDING_PREFIX, limit: Math.min(limit - keys.length, KV_LIST_PAGE), cursor });
    keys.push(...res.keys.map((k) => k.name));
    if (res.list_complete) return { keys, complete: true };
    if (keys.length >= limit) break;
    cursor = res.cursor;
  }
  return { keys, complete: false };
}

/**
 * The entries under `keys` (one bulk read per 100), in the keys' order. A key whose value is gone
 * (moved or expired since it was listed) is skipped; one whose value is not an entry is reported
 * in `malformed` (nothing can recover it).
 */
export async function readPendingAudit(kv: KVNamespace, keys: string[]): Promise<{ entries: { key: string; entry: StoredAuditEntry }[]; malformed: { key: string; value: string }[] }> {
  const entries: { key: string; entry: StoredAuditEntry }[] = [];
  const malformed: { key: string; value: string }[] = [];
  for (const part of chunk(keys, KV_BULK_GET_MAX)) {
    const values = await kv.get(part, "text");
    for (const key of part) {
      const text = values.get(key);
      if (text === null || text === undefined) continue;
      const parsed = parseStored(text);
      if (parsed) entries.push({ key, entry: parsed });
      else malformed.push({ key, value: text.slice(0, 500) });
    }
  }
  return { entries, malformed };
}

function parseStored(text: string): StoredAuditEntry | null {
  try {
    const parsed = storedAuditEntrySchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as StoredAuditEntry) : null;
  } catch {
    return null;
  }
}

const INSERT_SQL = `
  INSERT INTO "AuditEntry" (id, at, actor, action, target, params, result)
  SELECT id, at, actor, action, target, coalesce(params, '{}'::jsonb), result
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, at timestamptz, actor text, action text, target text, params jsonb, result jsonb)
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

/** Inserts entries by id in one statement; an id already there is left alone. Returns how many were new. */
export async function insertAuditRows(db: Db, entries: StoredAuditEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  return (await db.$queryRawUnsafe<{ id: string }[]>(INSERT_SQL, JSON.stringify(entries))).length;
}

/**
 * Moves up to `max` pending entries into Postgres: one list call, ceil(max/100) bulk reads, one
 * insert per 100 and one delete per entry (KV has no bulk delete), so a move of 100 costs about
 * 102 of an invocation's 1,000 KV operations. Returns how many entries this move inserted (one
 * already there, from an interrupted or concurrent move, is only cleared from KV), so the counts
 * of all moves add up to the entries recorded.
 */
export async function movePendingAudit(kv: KVNamespace, db: Db, opts: { max?: number } = {}): Promise<number> {
  const { keys } = await listPendingAuditKeys(kv, { limit: opts.max ?? 100 });
  if (keys.length === 0) return 0;
  const { entries, malformed } = await readPendingAudit(kv, keys);
  let inserted = 0;
  for (const part of chunk(entries, 100)) {
    inserted += await insertAuditRows(db, part.map((p) => p.entry));
    // Only once Postgres holds them: a crash before this line leaves keys that the next move
    // inserts again (a no-op by id) and then deletes.
    for (const { key } of part) await kv.delete(key);
  }
  for (const { key, value } of malformed) {
    // Nothing can recover it, and kept it would take a slot of every move: log it whole, drop it.
    logEvent("error", "audit_pending_malformed", { key, value, note: "not an audit entry; deleted" });
    await kv.delete(key);
  }
  return inserted;
}
