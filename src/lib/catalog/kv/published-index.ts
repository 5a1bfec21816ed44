/**
 * `skills:published-index` — a BEST-EFFORT CACHE of every published skill's summary, NEVER the
 * source of truth (AC-US5-03). Postgres is the truth; each `skill:{slug}` key is the durable KV
 * copy. A lost, stale, truncated or corrupt index must never hide a skill:
 * - readers (`getPublishedSkillsList`) union the index with a fresh enumeration of `skill:*` keys
 *   and rewrite the index whenever the two differ (write-through repair, AC-US1-03);
 * - the index is only served alone when enumeration itself fails (FR-001 layer 3).
 *
 * Why `addToPublishedIndex` cannot lose what readers see (US-005): KV has no compare-and-swap,
 * last write wins, one write per second per key, and reads can lag by up to a minute. So:
 * 1. within an isolate, writes are serialised (one writer per KV binding), so concurrent publishes
 *    in one queue batch never overwrite each other;
 * 2. across isolates, each writer merges, writes, then re-reads and re-merges if its entry was
 *    overwritten (bounded retries);
 * 3. whatever still races, the skill's own key exists, so enumeration lists it and the next read
 *    repairs the index to exactly the enumerated set.
 */
import { logEvent } from "../../platform/log";
import { chunk, KV_BULK_GET_MAX, PUBLISHED_INDEX_KEY, skillKey } from "./keys";
import { enumeratePublishedSkills, type EnumeratedSkill } from "./enumerate";
import { parseSkillRecord, parseSummary, skillFromKvRecord, skillFromSummary, summarize, type SkillSummary } from "./skill-record";
import type { Skill } from "../skill";

export type IndexRead =
  | { ok: true; entries: SkillSummary[]; invalidEntries: number }
  | { ok: false; reason: "missing" | "not-json" | "not-an-array" };

/** Reads and validates the index; a bad index is reported, never thrown. */
export async function readPublishedIndex(kv: KVNamespace): Promise<IndexRead> {
  const raw = await kv.get(PUBLISHED_INDEX_KEY, "text");
  if (raw === null) return { ok: false, reason: "missing" };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: "not-json" };
  }
  if (!Array.isArray(json)) return { ok: false, reason: "not-an-array" };
  const entries: SkillSummary[] = [];
  let invalidEntries = 0;
  for (const item of json) {
    const summary = parseSummary(item);
    if (summary) entries.push(summary);
    else invalidEntries++;
  }
  return { ok: true, entries, invalidEntries };
}

/** Rewrites the whole index, sorted by slug so identical content is byte-identical. */
export async function writePublishedIndex(kv: KVNamespace, entries: readonly SkillSummary[]): Promise<void> {
  const sorted = [...entries].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  await kv.put(PUBLISHED_INDEX_KEY, JSON.stringify(sorted));
}

const MAX_ADD_ATTEMPTS = 3;

/** One writer per isolate and KV binding; `createIndexWriter()` makes another (another isolate). */
export function createIndexWriter() {
  const chains = new WeakMap<KVNamespace, Promise<unknown>>();
  return function add(kv: KVNamespace, entry: SkillSummary): Promise<boolean> {
    const previous = chains.get(kv) ?? Promise.resolve();
    const next = previous.then(() => mergeAndVerify(kv, entry)).catch((err: unknown) => {
      logEvent("warn", "published_index_add_failed", { slug: entry.slug, error: String(err) });
      return false;
    });
    chains.set(kv, next);
    return next;
  };
}

async function mergeAndVerify(kv: KVNamespace, entry: SkillSummary): Promise<boolean> {
  for (let attempt = 1; attempt <= MAX_ADD_ATTEMPTS; attempt++) {
    const current = await readPublishedIndex(kv);
    const entries = current.ok ? current.entries.filter((e) => e.slug !== entry.slug) : [];
    await writePublishedIndex(kv, [...entries, entry]);
    const check = await readPublishedIndex(kv);
    if (check.ok && check.entries.some((e) => e.slug === entry.slug && e.updatedAt === entry.updatedAt)) return true;
    await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
  }
  logEvent("warn", "published_index_add_unverified", { slug: entry.slug, note: "next read repairs the index" });
  return false;
}

/**
 * Adds or replaces one summary in the index. Best effort: resolves false (and logs) instead of
 * throwing; a lost entry is recovered by the next `getPublishedSkillsList` repair.
 */
export const addToPublishedIndex = createIndexWriter();

export interface PublishedList {
  skills: Skill[];
  source: "kv-enumeration" | "kv-index";
  indexCount: number;
  enumeratedCount: number;
  /** True when this read rewrote the index. */
  repaired: boolean;
}

const CACHE_TTL_MS = 60_000;
const publishedCache = new WeakMap<KVNamespace, { at: number; value: PublishedList }>();

/** Drops this isolate's cached list (after a publish, so the author sees their skill). */
export function invalidatePublishedCache(kv: KVNamespace): void {
  publishedCache.delete(kv);
}

/**
 * Every published skill in KV, deduplicated by slug (AC-US1-02): the enumeration, plus index
 * entries it has not listed yet whose `skill:` key exists (list() lags writes). Stale index entries
 * are dropped and the index is rewritten whenever it differs (AC-US1-03). Cached 60 s per isolate
 * (AC-US1-05). Throws only when both enumeration and index are unreadable.
 */
export async function getPublishedSkillsList(kv: KVNamespace, opts: { fresh?: boolean } = {}): Promise<PublishedList> {
  const cached = publishedCache.get(kv);
  if (!opts.fresh && cached && Date.now() - cached.at < CACHE_TTL_MS) return cached.value;

  const [indexResult, enumResult] = await Promise.allSettled([readPublishedIndex(kv), enumeratePublishedSkills(kv)]);
  const index: IndexRead = indexResult.status === "fulfilled" ? indexResult.value : { ok: false, reason: "missing" };
  let value: PublishedList;
  if (enumResult.status === "rejected") {
    if (!index.ok) throw new Error(`KV enumeration failed (${String(enumResult.reason)}) and the index is ${index.reason}`);
    logEvent("warn", "published_list_fallback", { to: "kv-index", reason: String(enumResult.reason) });
    value = { skills: index.entries.map(skillFromSummary), source: "kv-index", indexCount: index.entries.length, enumeratedCount: 0, repaired: false };
  } else {
    const bySlug = new Map(enumResult.value.skills.map((e) => [e.summary.slug, e]));
    const enumeratedCount = bySlug.size;
    const unlisted = index.ok ? index.entries.filter((e) => !bySlug.has(e.slug)) : [];
    for (const confirmed of await confirmUnlisted(kv, unlisted)) bySlug.set(confirmed.summary.slug, confirmed);
    const merged = [...bySlug.values()];
    const summaries = merged.map((e) => e.summary);
    let repaired = false;
    if (!indexMatches(index, summaries)) {
      repaired = await repairIndex(kv, summaries, index);
    }
    value = { skills: merged.map((e) => e.skill), source: "kv-enumeration", indexCount: index.ok ? index.entries.length : 0, enumeratedCount, repaired };
  }
  publishedCache.set(kv, { at: Date.now(), value });
  return value;
}

/** Index entries not yet listed are kept only if their key exists (checked with bulk gets). */
async function confirmUnlisted(kv: KVNamespace, entries: SkillSummary[]) {
  const confirmed: EnumeratedSkill[] = [];
  for (const part of chunk(entries, KV_BULK_GET_MAX)) {
    const values = await kv.get(part.map((e) => skillKey(e.slug)), "text");
    for (const e of part) {
      const parsed = parseSkillRecord(e.slug, values.get(skillKey(e.slug)) ?? null);
      if (parsed.ok) confirmed.push({ skill: skillFromKvRecord(parsed.record), summary: summarize(parsed.record), legacy: false });
    }
  }
  return confirmed;
}

function indexMatches(index: IndexRead, summaries: SkillSummary[]): boolean {
  if (!index.ok || index.invalidEntries > 0 || index.entries.length !== summaries.length) return false;
  const want = new Map(summaries.map((s) => [s.slug, s.updatedAt]));
  return index.entries.every((e) => want.get(e.slug) === e.updatedAt);
}

async function repairIndex(kv: KVNamespace, summaries: SkillSummary[], before: IndexRead): Promise<boolean> {
  try {
    await writePublishedIndex(kv, summaries);
    logEvent("warn", "published_index_repaired", {
      before: before.ok ? before.entries.length : before.reason,
      after: summaries.length,
    });
    return true;
  } catch (err) {
    logEvent("warn", "published_index_repair_failed", { error: String(err) });
    return false;
  }
}
