/**
 * `skills:published-index` — a BEST-EFFORT CACHE of every published skill's summary, NEVER the
 * source of truth (AC-US5-03). Postgres is the truth; each `skill:{slug}` key is the durable KV
 * copy. It is a manifest plus shards by slug range (index-shards.ts), so it holds at any size and
 * a publish rewrites one shard. A lost, stale, truncated or corrupt index must never hide a skill:
 * - readers (`foldPublishedSkills`) stream the enumeration of `skill:*` keys, compare it shard by
 *   shard with the index (each shard's digest comes with one list() call), add index entries the
 *   enumeration has not listed yet (list() lags writes) once their keys are confirmed, and rewrite
 *   every shard that differs (write-through repair, AC-US1-03), a bounded number per read;
 * - the index is only served alone when enumeration itself fails (FR-001 layer 3).
 *
 * Why `addToPublishedIndex` cannot lose what readers see (US-005): KV has no compare-and-swap,
 * last write wins, one write per second per key, and reads can lag by up to a minute. So:
 * 1. within an isolate, writes to a shard are serialised, so concurrent publishes in one queue
 *    batch never overwrite each other;
 * 2. across isolates, each writer merges, writes, then re-reads and re-merges if its entry was
 *    overwritten (bounded retries);
 * 3. whatever still races, the skill's own key exists, so enumeration lists it and the next read
 *    repairs its shard to exactly the enumerated set.
 */
import { logEvent } from "../../platform/log";
import { chunk, KV_BULK_GET_MAX, skillKey } from "./keys";
import { forEachPublishedPage, type EnumeratedSkill } from "./enumerate";
import { delistedSlugs } from "./delisted";
import {
  compareUtf8,
  DEFAULT_BOUNDS,
  digestOf,
  listShardMeta,
  readManifest,
  readShard,
  shardKey,
  shardOf,
  balancedBounds,
  writeManifest,
  writeShard,
  type ManifestRead,
  type ShardMeta,
} from "./index-shards";
import { parseSkillRecord, skillFromKvRecord, skillFromSummary, summarize, type SkillSummary } from "./skill-record";
import type { Skill } from "../skill";

export type IndexFormat = "sharded" | "legacy";

export type IndexRead =
  | { ok: true; entries: SkillSummary[]; invalidEntries: number; format: IndexFormat; shards: number }
  | { ok: false; reason: "missing" | "not-json" | "not-an-array" | "invalid-manifest" };

/** The bounds the index is cut by, and what the manifest key held. */
async function boundsOf(kv: KVNamespace): Promise<{ bounds: readonly string[]; manifest: ManifestRead }> {
  const manifest = await readManifest(kv);
  return { bounds: manifest.kind === "sharded" ? manifest.manifest.bounds : DEFAULT_BOUNDS, manifest };
}

/**
 * Streams every index entry shard by shard (or the old single blob), one shard in memory at a
 * time. Resolves what was read; never throws for a bad index (it is reported).
 */
export type IndexScan = { ok: true; invalidEntries: number; format: IndexFormat; shards: number } | Extract<IndexRead, { ok: false }>;

export async function forEachIndexShard(
  kv: KVNamespace,
  visit: (entries: SkillSummary[], shard: number) => void | Promise<void>,
): Promise<IndexScan> {
  const [manifest, delisted] = await Promise.all([readManifest(kv), delistedSlugs(kv)]);
  const listed = (entries: SkillSummary[]) => (delisted.size ? entries.filter((e) => !delisted.has(e.slug)) : entries);
  if (manifest.kind === "legacy") {
    await visit(listed(dedupe(manifest.entries)), 0);
    return { ok: true, invalidEntries: manifest.invalidEntries, format: "legacy", shards: 1 };
  }
  if (manifest.kind !== "sharded") {
    return { ok: false, reason: manifest.kind === "invalid" ? "invalid-manifest" : manifest.kind === "not-json" ? "not-json" : "missing" };
  }
  let invalidEntries = 0;
  const shards = manifest.manifest.bounds.length + 1;
  for (let i = 0; i < shards; i++) {
    const shard = await readShard(kv, i);
    if (!shard.ok) {
      if (shard.reason !== "missing") invalidEntries++;
      continue;
    }
    invalidEntries += shard.invalidEntries;
    await visit(listed(inRange(shard.entries, manifest.manifest.bounds, i)), i);
  }
  return { ok: true, invalidEntries, format: "sharded", shards };
}

/** Reads the whole index into memory: for small catalogues, tools and tests. */
export async function readPublishedIndex(kv: KVNamespace): Promise<IndexRead> {
  const entries: SkillSummary[] = [];
  const read = await forEachIndexShard(kv, (part) => {
    entries.push(...part);
  });
  return read.ok ? { ...read, entries } : read;
}

/**
 * Rewrites the whole index: shards balanced over `entries`, then the manifest, then stale shards
 * beyond the new count are deleted. Returns the bytes of the largest value written.
 */
export async function writePublishedIndex(kv: KVNamespace, entries: readonly SkillSummary[]): Promise<number> {
  const sorted = dedupe(entries).sort((a, b) => compareUtf8(a.slug, b.slug));
  const bounds = balancedBounds(sorted.map((e) => e.slug));
  const shards: SkillSummary[][] = Array.from({ length: bounds.length + 1 }, () => []);
  for (const e of sorted) shards[shardOf(bounds, e.slug)]!.push(e);
  let largest = 0;
  for (let i = 0; i < shards.length; i++) largest = Math.max(largest, await writeShard(kv, i, shards[i]!));
  await writeManifest(kv, bounds);
  await deleteShardsFrom(kv, shards.length);
  return largest;
}

/** Deletes shard keys numbered `from` and up (left by an index cut into more shards). */
export async function deleteShardsFrom(kv: KVNamespace, from: number): Promise<number> {
  let deleted = 0;
  for (const i of (await listShardMeta(kv)).keys()) {
    if (i >= from) {
      await kv.delete(shardKey(i));
      deleted++;
    }
  }
  return deleted;
}

const MAX_ADD_ATTEMPTS = 3;

/** What one publish cost the index: KV operations and bytes written. */
export interface IndexAddResult {
  ok: boolean;
  shard: number;
  bytesWritten: number;
}

/** One writer per isolate, KV binding and shard; `createIndexWriter()` makes another (another isolate). */
export function createIndexWriter() {
  const chains = new WeakMap<KVNamespace, Map<number, Promise<unknown>>>();
  const manifests = new WeakMap<KVNamespace, { at: number; bounds: readonly string[] }>();
  async function boundsFor(kv: KVNamespace): Promise<readonly string[]> {
    const cached = manifests.get(kv);
    if (cached && Date.now() - cached.at < 60_000) return cached.bounds;
    const { bounds, manifest } = await boundsOf(kv);
    // No manifest (a new namespace) or an old single blob: shards start with the default cut.
    // The blob's entries are dropped from the cache; every one of them has its own key.
    if (manifest.kind !== "sharded") await writeManifest(kv, bounds);
    manifests.set(kv, { at: Date.now(), bounds });
    return bounds;
  }
  /** Adds or replaces a summary in its shard, or (`{ remove: slug }`) takes a slug out of it. */
  return async function addToIndex(kv: KVNamespace, change: SkillSummary | { remove: string }): Promise<IndexAddResult> {
    const slug = "remove" in change ? change.remove : change.slug;
    let shard = -1;
    try {
      shard = shardOf(await boundsFor(kv), slug);
    } catch (err) {
      logEvent("warn", "published_index_add_failed", { slug, error: String(err) });
      return { ok: false, shard, bytesWritten: 0 };
    }
    let perKv = chains.get(kv);
    if (!perKv) chains.set(kv, (perKv = new Map()));
    const previous = perKv.get(shard) ?? Promise.resolve();
    const next = previous.then(() => mergeAndVerify(kv, shard, change)).catch((err: unknown): IndexAddResult => {
      logEvent("warn", "published_index_add_failed", { slug, shard, error: String(err) });
      return { ok: false, shard, bytesWritten: 0 };
    });
    perKv.set(shard, next);
    return next;
  };
}

async function mergeAndVerify(kv: KVNamespace, shard: number, change: SkillSummary | { remove: string }): Promise<IndexAddResult> {
  const entry = "remove" in change ? null : change;
  const slug = entry ? entry.slug : (change as { remove: string }).remove;
  const done = (entries: SkillSummary[]) =>
    entry ? entries.some((e) => e.slug === slug && e.updatedAt === entry.updatedAt) : !entries.some((e) => e.slug === slug);
  let bytesWritten = 0;
  for (let attempt = 1; attempt <= MAX_ADD_ATTEMPTS; attempt++) {
    const current = await readShard(kv, shard);
    if (!entry && current.ok && done(current.entries)) return { ok: true, shard, bytesWritten };
    const entries = current.ok ? current.entries.filter((e) => e.slug !== slug) : [];
    bytesWritten += await writeShard(kv, shard, entry ? [...entries, entry] : entries);
    const check = await readShard(kv, shard);
    if (check.ok && done(check.entries)) return { ok: true, shard, bytesWritten };
    await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
  }
  logEvent("warn", "published_index_add_unverified", { slug, shard, note: "next read repairs the index" });
  return { ok: false, shard, bytesWritten };
}

/**
 * Adds or replaces one summary in its shard. Best effort: resolves `ok: false` (and logs) instead
 * of throwing; a lost entry is recovered by the next read's repair.
 */
export const addToPublishedIndex = createIndexWriter();

export interface FoldStats {
  source: "kv-enumeration" | "kv-index";
  /** Entries the index held (valid ones), as far as this read saw them. */
  indexCount: number;
  enumeratedCount: number;
  /** Index entries the enumeration had not listed yet, confirmed by their keys and served. */
  unlistedServed: number;
  /** Shards this read rewrote, and shards that differ but were left for a later read or rebuild. */
  repairedShards: number;
  unrepairedShards: number;
  /** The manifest was (re)written: it was missing, an old blob or corrupt, or the cut changed. */
  manifestWritten: boolean;
  /** Bytes of the largest shard this read wrote (0 when none). */
  largestShardWritten: number;
  /** Alias keys met while enumerating (`skill:alias:*`). */
  aliasKeys: string[];
  /** Keys whose value is not a skill record. */
  errors: { key: string; error: string }[];
  listCalls: number;
  getCalls: number;
}

export interface FoldOptions {
  /** Rewrite at most this many differing shards (0: none). */
  repair?: number;
  /** Cut the index anew by these bounds (rebuild-index rebalancing): every shard is rewritten. */
  bounds?: readonly string[];
}

/** Shards a read may rewrite; the rest wait for the next read, or for rebuild-index. */
export const READ_REPAIR_MAX = 32;

type Sink = (skill: Skill, summary: SkillSummary) => void;

/**
 * Streams every published skill in KV into `sink` once, deduplicated by slug (AC-US1-02): the
 * enumeration, plus index entries it has not listed yet whose `skill:` key exists. Differing
 * shards are rewritten (at most `repair`). When enumeration fails the index alone is streamed
 * into a fresh sink (`makeSink` is called again). Throws only when both are unreadable.
 */
export async function foldPublishedSkills(kv: KVNamespace, makeSink: () => Sink, opts: FoldOptions = {}): Promise<FoldStats> {
  const [{ bounds: current, manifest }, meta, delisted] = await Promise.all([
    boundsOf(kv).catch(() => ({ bounds: DEFAULT_BOUNDS, manifest: { kind: "missing" } as ManifestRead })),
    listShardMeta(kv).catch(() => new Map<number, ShardMeta>()),
    delistedSlugs(kv),
  ]);
  const rebalance = opts.bounds !== undefined;
  const bounds = opts.bounds ?? current;
  const legacy = manifest.kind === "legacy" ? manifest.entries.sort((a, b) => compareUtf8(a.slug, b.slug)) : null;
  let legacyAt = 0;
  const stats: FoldStats = {
    source: "kv-enumeration", indexCount: 0, enumeratedCount: 0, unlistedServed: 0, repairedShards: 0, unrepairedShards: 0,
    largestShardWritten: 0, manifestWritten: false, aliasKeys: [], errors: [], listCalls: 0, getCalls: 0,
  };
  let repairBudget = opts.repair ?? 0;
  const sink = makeSink();
  let shard = 0;
  let members = new Map<string, SkillSummary>();
  let ordered = true;

  async function finishShard(i: number): Promise<void> {
    const stored = meta.get(i);
    const same = (d: ShardMeta) => (stored ? stored.count === d.count && stored.digest === d.digest : d.count === 0);
    let candidates: SkillSummary[] = [];
    if (legacy) {
      while (legacyAt < legacy.length && shardOf(bounds, legacy[legacyAt]!.slug) < i) legacyAt++;
      while (legacyAt < legacy.length && shardOf(bounds, legacy[legacyAt]!.slug) === i) candidates.push(legacy[legacyAt++]!);
      stats.indexCount += candidates.length;
    } else if (stored && stored.count >= 0 && !rebalance) {
      stats.indexCount += stored.count;
    }
    if (!legacy && same(digestOf([...members.values()]))) return;
    if (stored && !legacy && !rebalance) {
      // The shard differs: it may hold skills the enumeration has not listed yet.
      const read = await readShard(kv, i).catch(() => null);
      stats.getCalls++;
      if (read?.ok) candidates = inRange(read.entries, bounds, i);
    }
    // Delisted skills are not members: a shard still holding one differs, and is repaired without it.
    const unlisted = candidates.filter((e) => !members.has(e.slug) && !delisted.has(e.slug));
    for (const confirmed of await confirmUnlisted(kv, unlisted, stats)) {
      members.set(confirmed.summary.slug, confirmed.summary);
      sink(confirmed.skill, confirmed.summary);
      stats.unlistedServed++;
    }
    if (same(digestOf([...members.values()]))) return;
    if (repairBudget <= 0) {
      stats.unrepairedShards++;
      return;
    }
    repairBudget--;
    try {
      stats.largestShardWritten = Math.max(stats.largestShardWritten, await writeShard(kv, i, [...members.values()]));
      stats.repairedShards++;
    } catch (err) {
      stats.unrepairedShards++;
      logEvent("warn", "published_index_repair_failed", { shard: i, error: String(err) });
    }
  }

  async function advanceTo(target: number): Promise<void> {
    while (shard < target) {
      await finishShard(shard);
      shard++;
      members = new Map();
    }
  }

  try {
    const enumStats = await forEachPublishedPage(kv, async (page) => {
      stats.aliasKeys.push(...page.aliasKeys);
      stats.errors.push(...page.errors);
      for (const e of page.skills) {
        const s = shardOf(bounds, e.summary.slug);
        if (s < shard) ordered = false; // not in key order: served, but no shard is judged by it
        else await advanceTo(s);
        if (members.has(e.summary.slug)) continue;
        members.set(e.summary.slug, e.summary);
        stats.enumeratedCount++;
        sink(e.skill, e.summary);
      }
    });
    stats.listCalls += enumStats.listCalls;
    stats.getCalls += enumStats.getCalls;
  } catch (err) {
    return foldIndexAlone(kv, makeSink, err, stats);
  }
  if (!ordered) repairBudget = 0;
  await advanceTo(bounds.length + 1);
  if (!ordered) logEvent("warn", "published_index_unordered_listing", { note: "KV listed keys out of order: no shard repaired" });
  const needsManifest = rebalance || manifest.kind !== "sharded";
  // The manifest names the cut once every shard under it is right (until then readers keep the old one).
  if (needsManifest && stats.unrepairedShards === 0 && (opts.repair ?? 0) > 0) {
    stats.manifestWritten = await writeManifest(kv, bounds).then(
      () => true,
      (err: unknown) => (logEvent("warn", "published_index_repair_failed", { manifest: true, error: String(err) }), false),
    );
    if (rebalance) await deleteShardsFrom(kv, bounds.length + 1).catch(() => 0);
  }
  if (stats.repairedShards > 0 || stats.manifestWritten) {
    logEvent("warn", "published_index_repaired", { shards: stats.repairedShards, manifest: stats.manifestWritten, left: stats.unrepairedShards, indexCount: stats.indexCount, enumerated: stats.enumeratedCount });
  }
  return stats;
}

async function foldIndexAlone(kv: KVNamespace, makeSink: () => Sink, cause: unknown, stats: FoldStats): Promise<FoldStats> {
  const sink = makeSink();
  const seen = new Set<string>();
  let count = 0;
  const read = await forEachIndexShard(kv, (entries) => {
    for (const e of entries) {
      if (seen.has(e.slug)) continue;
      seen.add(e.slug);
      count++;
      sink(skillFromSummary(e), e);
    }
  }).catch((err: unknown) => ({ ok: false as const, reason: String(err) }));
  if (!read.ok) throw new Error(`KV enumeration failed (${String(cause)}) and the index is ${read.reason}`);
  logEvent("warn", "published_list_fallback", { to: "kv-index", reason: String(cause) });
  return { ...stats, source: "kv-index", indexCount: count, enumeratedCount: 0, repairedShards: 0, unrepairedShards: 0, manifestWritten: false };
}

/**
 * Results of KV-fallback reads, cached 60 s per isolate (AC-US1-05): each listing's page and
 * counts by query, never the catalogue itself, at most RESULT_CACHE_MAX per binding.
 */
const RESULT_TTL_MS = 60_000;
const RESULT_CACHE_MAX = 256;
const results = new WeakMap<KVNamespace, Map<string, { at: number; value: Promise<unknown> }>>();

export function cachedResult<T>(kv: KVNamespace, key: string, load: () => Promise<T>): Promise<T> {
  let cache = results.get(kv);
  if (!cache) results.set(kv, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < RESULT_TTL_MS) return hit.value as Promise<T>;
  const value = load();
  cache.delete(key);
  cache.set(key, { at: Date.now(), value });
  if (cache.size > RESULT_CACHE_MAX) cache.delete(cache.keys().next().value!);
  value.catch(() => cache.get(key)?.value === value && cache.delete(key));
  return value;
}

/** Drops this isolate's cached results (after a publish, so the author sees their skill). */
export function invalidatePublishedCache(kv: KVNamespace): void {
  results.delete(kv);
}

export interface PublishedList {
  skills: Skill[];
  source: "kv-enumeration" | "kv-index";
  indexCount: number;
  enumeratedCount: number;
  /** True when this read rewrote part of the index. */
  repaired: boolean;
}

/**
 * Every published skill in KV, in one array (tools, tests and small catalogues; the read path
 * folds instead: data.ts). Repairs the index as foldPublishedSkills does.
 */
export async function getPublishedSkillsList(kv: KVNamespace, opts: { repair?: number } = {}): Promise<PublishedList> {
  let skills: Skill[] = [];
  const stats = await foldPublishedSkills(
    kv,
    () => {
      skills = [];
      return (skill) => skills.push(skill);
    },
    { repair: opts.repair ?? READ_REPAIR_MAX },
  );
  return { skills, source: stats.source, indexCount: stats.indexCount, enumeratedCount: stats.enumeratedCount, repaired: stats.repairedShards > 0 || stats.manifestWritten };
}

/** Index entries not yet listed are kept only if their key exists (checked with bulk gets). */
async function confirmUnlisted(kv: KVNamespace, entries: SkillSummary[], stats: { getCalls: number }): Promise<EnumeratedSkill[]> {
  const confirmed: EnumeratedSkill[] = [];
  for (const part of chunk(entries, KV_BULK_GET_MAX)) {
    const values = await kv.get(part.map((e) => skillKey(e.slug)), "text");
    stats.getCalls++;
    for (const e of part) {
      const parsed = parseSkillRecord(e.slug, values.get(skillKey(e.slug)) ?? null);
      if (parsed.ok) confirmed.push({ skill: skillFromKvRecord(parsed.record), summary: summarize(parsed.record), legacy: false });
    }
  }
  return confirmed;
}

/** The entries of a shard that belong to it under `bounds` (a shard cut by older bounds may hold others). */
function inRange(entries: SkillSummary[], bounds: readonly string[], i: number): SkillSummary[] {
  return dedupe(entries.filter((e) => shardOf(bounds, e.slug) === i));
}

function dedupe(entries: readonly SkillSummary[]): SkillSummary[] {
  const bySlug = new Map<string, SkillSummary>();
  for (const e of entries) bySlug.set(e.slug, e);
  return [...bySlug.values()];
}
