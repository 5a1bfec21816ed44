/**
 * The shape of `skills:published-index` at any catalogue size: a small manifest plus shards by
 * slug range, so that no KV value nears the 25 MiB limit and a publish rewrites one shard.
 *
 * - `skills:published-index` holds the manifest: `{ format: "sharded", version: 2, bounds }`.
 *   `bounds` are the first slugs of shards 1…n-1 (shard 0 starts at the beginning), in UTF-8
 *   byte order: the order KV lists keys in, so one pass over the enumeration meets each shard's
 *   skills together and can compare, and repair, shard by shard with one shard in memory.
 *   An older index is a JSON array of summaries at that same key (read, then replaced).
 * - `skills:published-index:shard:{i}` holds shard i: a JSON array of summaries sorted by slug,
 *   with metadata `{ count, digest }` (slug and version of each entry, order-independent), so a
 *   reader learns every shard's contents from one list() call and reads only shards that differ.
 *
 * Bounds are balanced by rebuild-index from the enumerated slugs (about SHARD_TARGET shards of
 * equal size); until then a fixed split by the first two characters serves.
 */
import { z } from "zod";
import { PUBLISHED_INDEX_KEY } from "./keys";
import { parseSummary, type SkillSummary } from "./skill-record";

export const SHARD_PREFIX = `${PUBLISHED_INDEX_KEY}:shard:`;
export const shardKey = (i: number) => `${SHARD_PREFIX}${i}`;
/** Shards a balanced index is cut into: ~0.35 MiB each at 150,000 skills. */
export const SHARD_TARGET = 256;
/** A balanced shard holds about this many skills at least (a small catalogue needs few shards). */
export const SHARD_MIN_ENTRIES = 200;
/** The most shards a manifest may name (a list() page returns at most 1,000 keys). */
export const SHARD_MAX = 1000;

export interface Manifest {
  format: "sharded";
  version: 2;
  bounds: string[];
  writtenAt?: string;
}

const manifestSchema = z.object({
  format: z.literal("sharded"),
  version: z.literal(2),
  bounds: z.array(z.string().min(1)).max(SHARD_MAX - 1),
  writtenAt: z.string().optional(),
});

const utf8 = new TextEncoder();
/** Compares two strings in UTF-8 byte order (KV's key order), not JS's UTF-16 order. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  // ASCII-only strings (every generated slug) order the same either way: skip the encoding.
  if (isAscii(a) && isAscii(b)) return a < b ? -1 : 1;
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

const SLUG_CHARS = "-0123456789abcdefghijklmnopqrstuvwxyz";
/** The split used before a rebuild has balanced one: 36 first characters × 7 second-character ranges. */
export const DEFAULT_BOUNDS: readonly string[] = (() => {
  const out: string[] = [];
  for (const first of SLUG_CHARS.slice(1)) {
    for (let i = 0; i < 7; i++) out.push(i === 0 ? first : first + SLUG_CHARS[Math.floor((i * SLUG_CHARS.length) / 7)]);
  }
  return out.slice(1);
})();

export function defaultManifest(): Manifest {
  return { format: "sharded", version: 2, bounds: [...DEFAULT_BOUNDS] };
}

/** How many shards a balanced index of `count` skills has: ~200 each, up to SHARD_TARGET. */
export function shardsFor(count: number, target = SHARD_TARGET): number {
  return Math.max(1, Math.min(target, SHARD_MAX, Math.ceil(count / SHARD_MIN_ENTRIES)));
}

/** Bounds cutting `sortedSlugs` (UTF-8 order) into shards of near-equal size (shardsFor). */
export function balancedBounds(sortedSlugs: readonly string[], target = SHARD_TARGET): string[] {
  const n = shardsFor(sortedSlugs.length, target);
  const bounds: string[] = [];
  for (let i = 1; i < n; i++) {
    const slug = sortedSlugs[Math.floor((i * sortedSlugs.length) / n)]!;
    if (bounds.length === 0 || compareUtf8(slug, bounds[bounds.length - 1]!) > 0) bounds.push(slug);
  }
  return bounds;
}

/** The shard holding `slug` under `bounds` (binary search). */
export function shardOf(bounds: readonly string[], slug: string): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareUtf8(slug, bounds[mid]!) >= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type ManifestRead =
  | { kind: "sharded"; manifest: Manifest }
  | { kind: "legacy"; entries: SkillSummary[]; invalidEntries: number }
  | { kind: "missing" | "not-json" | "invalid" };

/** Reads the key at `skills:published-index`: a manifest, an old single-blob index, or nothing usable. */
export async function readManifest(kv: KVNamespace): Promise<ManifestRead> {
  const read = await readJson(kv, PUBLISHED_INDEX_KEY);
  if (read.kind !== "json") return read;
  const json = read.json;
  if (Array.isArray(json)) {
    const { entries, invalid } = parseEntries(json);
    return { kind: "legacy", entries, invalidEntries: invalid };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) return { kind: "invalid" };
  const bounds = parsed.data.bounds;
  for (let i = 1; i < bounds.length; i++) if (compareUtf8(bounds[i - 1]!, bounds[i]!) >= 0) return { kind: "invalid" };
  return { kind: "sharded", manifest: parsed.data as Manifest };
}

export async function writeManifest(kv: KVNamespace, bounds: readonly string[]): Promise<void> {
  const manifest: Manifest = { format: "sharded", version: 2, bounds: [...bounds], writtenAt: new Date().toISOString() };
  await kv.put(PUBLISHED_INDEX_KEY, JSON.stringify(manifest));
}

export interface ShardMeta {
  count: number;
  digest: string;
}

const metaSchema = z.object({ count: z.number().int().min(0), digest: z.string() });

/** Every shard's metadata from one list() call; shards absent from the listing are absent here. */
export async function listShardMeta(kv: KVNamespace): Promise<Map<number, ShardMeta>> {
  const out = new Map<number, ShardMeta>();
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown> = await kv.list({ prefix: SHARD_PREFIX, cursor });
    for (const key of page.keys) {
      const i = Number(key.name.slice(SHARD_PREFIX.length));
      const meta = metaSchema.safeParse(key.metadata);
      if (Number.isInteger(i) && i >= 0) out.set(i, meta.success ? meta.data : { count: -1, digest: "" });
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out;
}

export type ShardRead = { ok: true; entries: SkillSummary[]; invalidEntries: number } | { ok: false; reason: "missing" | "not-json" | "not-an-array" };

export async function readShard(kv: KVNamespace, i: number): Promise<ShardRead> {
  const read = await readJson(kv, shardKey(i));
  if (read.kind !== "json") return { ok: false, reason: read.kind };
  if (!Array.isArray(read.json)) return { ok: false, reason: "not-an-array" };
  const { entries, invalid } = parseEntries(read.json);
  return { ok: true, entries, invalidEntries: invalid };
}

/** Writes one shard, sorted by slug (identical content is byte-identical), with its digest. Returns bytes written. */
export async function writeShard(kv: KVNamespace, i: number, entries: readonly SkillSummary[]): Promise<number> {
  const sorted = [...entries].sort((a, b) => compareUtf8(a.slug, b.slug));
  const body = JSON.stringify(sorted);
  await kv.put(shardKey(i), body, { metadata: digestOf(sorted) });
  return utf8.encode(body).length;
}

/** A key's value as JSON: absent, not JSON, or parsed. */
async function readJson(kv: KVNamespace, key: string): Promise<{ kind: "missing" | "not-json" } | { kind: "json"; json: unknown }> {
  const raw = await kv.get(key, "text");
  if (raw === null) return { kind: "missing" };
  try {
    return { kind: "json", json: JSON.parse(raw) };
  } catch {
    return { kind: "not-json" };
  }
}

function parseEntries(json: unknown[]): { entries: SkillSummary[]; invalid: number } {
  const entries: SkillSummary[] = [];
  let invalid = 0;
  for (const item of json) {
    const summary = parseSummary(item);
    if (summary) entries.push(summary);
    else invalid++;
  }
  return { entries, invalid };
}

/** An order-independent digest of a set of (slug, updatedAt): two 32-bit sums of FNV-1a hashes. */
export class Digest {
  count = 0;
  private a = 0;
  private b = 0;
  add(slug: string, updatedAt: string): void {
    const text = `${slug}\u0000${updatedAt}`;
    this.count++;
    this.a = (this.a + fnv1a(text, 0x811c9dc5)) >>> 0;
    this.b = (this.b + fnv1a(text, 0x01000193 ^ 0x5bd1e995)) >>> 0;
  }
  meta(): ShardMeta {
    return { count: this.count, digest: `${this.a.toString(16).padStart(8, "0")}${this.b.toString(16).padStart(8, "0")}` };
  }
}

export function digestOf(entries: readonly { slug: string; updatedAt: string }[]): ShardMeta {
  const d = new Digest();
  for (const e of entries) d.add(e.slug, e.updatedAt);
  return d.meta();
}

function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
