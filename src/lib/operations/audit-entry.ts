/**
 * The audit log's pure parts: the entry and its actions, the bounds that keep a hostile value from
 * bloating the log, the KV key of an entry waiting for Postgres, and the listing's query schema.
 */
import { z } from "zod";
import { cleanText } from "../catalog/skill";

export const AUDIT_ACTIONS = ["rebuild-index", "migrate-slugs", "delist", "relist", "job-start", "sign-in", "sign-out"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  at: string;
  actor: string;
  action: AuditAction;
  target: string | null;
  params: Record<string, unknown>;
  result: unknown;
}

/** An entry as stored: with the id the app gave it, which a KV-pending copy keeps. */
export interface StoredAuditEntry extends AuditEntry {
  id: string;
}

/** Entries are kept at least this long; the hourly cron deletes older ones. */
export const AUDIT_RETENTION_DAYS = 90;
export const AUDIT_RETENTION_MS = AUDIT_RETENTION_DAYS * 24 * 60 * 60 * 1000;

/** The most a params or result value may take, serialised (UTF-8 bytes). */
export const AUDIT_JSON_MAX_BYTES = 8 * 1024;
/** Characters of the original JSON kept in a truncated value's marker. */
const PREVIEW_CHARS = 1000;
/** The most an actor or target may take (characters). */
export const AUDIT_TEXT_MAX = 256;

const utf8 = new TextEncoder();

/**
 * A value as the log stores it: plain JSON with text every store can hold (cleanText on keys and
 * strings), at most `maxBytes` serialised. A larger value becomes a marker,
 * `{ truncated: true, bytes, preview }` (the first characters of its JSON); a value JSON cannot
 * express (a cycle, a BigInt) becomes `{ truncated: true, error }`. `undefined` becomes null.
 */
export function boundJson(value: unknown, maxBytes = AUDIT_JSON_MAX_BYTES): unknown {
  let text: string | undefined;
  let clean: unknown;
  try {
    text = JSON.stringify(value);
    if (text === undefined) return null;
    clean = cleanJson(JSON.parse(text));
    text = JSON.stringify(clean);
  } catch (err) {
    return { truncated: true, error: `not JSON: ${cleanText(String(err)).slice(0, 200)}` };
  }
  const bytes = utf8.encode(text).length;
  if (bytes <= maxBytes) return clean;
  return { truncated: true, bytes, preview: text.slice(0, Math.min(PREVIEW_CHARS, Math.floor(maxBytes / 8))).toWellFormed() };
}

/** Params are an object; anything else (or a truncated object) is wrapped so the field stays one. */
export function boundParams(params: Record<string, unknown> | undefined): Record<string, unknown> {
  const bounded = boundJson(params ?? {});
  return bounded !== null && typeof bounded === "object" && !Array.isArray(bounded) ? (bounded as Record<string, unknown>) : { value: bounded };
}

/** Short text (actor, target): cleaned and cut to AUDIT_TEXT_MAX characters. */
export function boundText(text: string): string {
  return cleanText(text).slice(0, AUDIT_TEXT_MAX).toWellFormed();
}

function cleanJson(v: unknown): unknown {
  if (typeof v === "string") return cleanText(v);
  if (Array.isArray(v)) return v.map(cleanJson);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [cleanText(k), cleanJson(x)]));
  return v;
}

/**
 * `audit:pending:{inverted time}:{id}` — an entry recorded while Postgres was unavailable. The
 * time is inverted (a fixed maximum minus the epoch milliseconds, 13 digits) so that KV's
 * ascending `list()` returns the newest first, the listing's order.
 */
export const AUDIT_PENDING_PREFIX = "audit:pending:";
const MAX_MS = 9_999_999_999_999;

export function pendingAuditKey(entry: { id: string; at: string }): string {
  const ms = Math.min(Math.max(Date.parse(entry.at), 0), MAX_MS);
  return `${AUDIT_PENDING_PREFIX}${String(MAX_MS - ms).padStart(13, "0")}:${entry.id}`;
}

/**
 * A pending entry's KV value, validated (KV may hold anything). The action is any short name, not
 * only this build's: an entry written by a newer deployment must not be dropped by an older one.
 */
export const storedAuditEntrySchema = z.object({
  id: z.string().min(1).max(100),
  at: z.string().datetime({ offset: true }),
  actor: z.string().max(AUDIT_TEXT_MAX),
  action: z.string().min(1).max(64),
  target: z.string().max(AUDIT_TEXT_MAX).nullable(),
  params: z.record(z.string(), z.unknown()),
  result: z.unknown(),
});

/** The public shape of a stored entry (its id is internal). */
export function publicEntry({ at, actor, action, target, params, result }: StoredAuditEntry): AuditEntry {
  return { at, actor, action, target, params, result: result ?? null };
}

const count = (max: number, fallback: number) =>
  z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(max, `must be at most ${max}`).default(fallback),
  );

export const AUDIT_MAX_LIMIT = 100;
export const auditQuerySchema = z.object({ page: count(1_000_000, 1), limit: count(AUDIT_MAX_LIMIT, 50) });

/** `?page&limit` of GET /api/v1/admin/audit; throws ZodError ("limit: must be at most 100"). */
export function parseAuditQuery(params: URLSearchParams): { page: number; limit: number } {
  return auditQuerySchema.parse({ page: params.get("page") ?? undefined, limit: params.get("limit") ?? undefined });
}
