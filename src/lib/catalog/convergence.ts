/**
 * Whether Postgres can serve the catalogue alone, and what it still lacks: the facts the read path
 * decides by, kept current instead of enumerating KV on every request.
 * - Pending skills (kv/pending.ts): published to KV, not yet confirmed in Postgres. Listings merge
 *   them into each Postgres window as an overlay, so they are listed from the moment of publish.
 * - The coverage marker (`catalog:postgres-covered`): a check found every other KV skill in
 *   Postgres. Without it (the migration window, a restored database, an expired marker) the read
 *   path checks once (KV slugs by list() only, one query) and, while Postgres lacks skills that
 *   are not pending, lists from KV enumeration and asks for a backfill.
 * Both are cached per isolate for FACTS_TTL_MS, so a publish anywhere is listed everywhere within
 * seconds, well inside the 60 s freshness budget.
 */
import type { Db } from "../platform/db";
import { logEvent } from "../platform/log";
import { forEachPublishedPage } from "./kv/enumerate";
import { listPending } from "./kv/pending";
import { delistedSlugs } from "./kv/delisted";
import type { SkillSummary } from "./kv/skill-record";

export const COVERAGE_KEY = "catalog:postgres-covered";
/** The marker is re-proved this often (the hourly reconcile rewrites it while all is well). */
const COVERAGE_TTL_SECONDS = 2 * 60 * 60;
export const FACTS_TTL_MS = 5_000;

export interface Convergence {
  /** Every KV skill is in Postgres or pending. */
  covered: boolean;
  /** KV skills Postgres lacks that are not pending (known only when this isolate checked). */
  missing: number | null;
  /** Skills to merge into Postgres windows: the pending ones, and a small set of missing ones. */
  overlay: SkillSummary[];
  /** More to overlay than one overlay holds (the migration window): KV serves instead. */
  overflow: boolean;
}

/** At most this many skills are merged into a Postgres window; beyond, KV enumeration serves. */
export const OVERLAY_MAX = 1000;
/** While Postgres is behind, the (costlier) check is re-run at most this often per isolate. */
const BEHIND_TTL_MS = 30_000;

const cache = new WeakMap<KVNamespace, { until: number; value: Convergence }>();

/** Drops this isolate's cached facts (after a publish here). */
export function invalidateConvergence(kv: KVNamespace): void {
  cache.delete(kv);
}

/** The facts for this KV namespace and database (cached FACTS_TTL_MS per isolate). */
export async function readConvergence(kv: KVNamespace, db: Db): Promise<Convergence> {
  const cached = cache.get(kv);
  if (cached && Date.now() < cached.until) return cached.value;
  const [pending, marker, delisted] = await Promise.all([listPending(kv), kv.get(COVERAGE_KEY, "text"), delistedSlugs(kv)]);
  // A delisted skill is never overlaid, pending or not (its marker beats its presence in KV).
  const overlay = pending.entries.map((e) => e.summary).filter((s) => !delisted.has(s.slug));
  let value: Convergence = { covered: marker !== null, missing: null, overlay, overflow: !pending.complete };
  if (!value.covered) {
    // No proof that Postgres holds the rest: compare the KV enumeration (summaries come with the
    // list, so this is list() calls) with Postgres, once, and overlay a small difference.
    // Streamed and checked 10,000 at a time: only the missing ones' summaries are kept.
    const pendingSlugs = new Set(overlay.map((e) => e.slug));
    const missingSummaries: SkillSummary[] = [];
    let missingCount = 0;
    let batch = new Map<string, SkillSummary>();
    const check = async () => {
      const slugs = [...batch.keys()].filter((s) => !pendingSlugs.has(s));
      for (const s of await missingInPostgres(db, slugs)) {
        missingCount++;
        if (missingSummaries.length <= OVERLAY_MAX) missingSummaries.push(batch.get(s)!);
      }
      batch = new Map();
    };
    await forEachPublishedPage(kv, async (page) => {
      for (const e of page.skills) batch.set(e.summary.slug, e.summary);
      if (batch.size >= 10_000) await check();
    });
    await check();
    const missing = missingSummaries.map((s) => s.slug);
    value = {
      covered: missingCount === 0,
      missing: missingCount,
      overlay: [...overlay, ...missingSummaries],
      overflow: value.overflow || overlay.length + missingCount > OVERLAY_MAX,
    };
    if (value.covered) await markCovered(kv);
    else logEvent("warn", "postgres_behind_kv", { missing: missingCount, sample: missing.slice(0, 5), note: value.overflow ? "listing from KV until the backfill catches up" : "merged into Postgres listings until backfilled" });
  }
  cache.set(kv, { until: Date.now() + (value.covered ? FACTS_TTL_MS : BEHIND_TTL_MS), value });
  return value;
}

/** Records that Postgres holds every KV skill but the pending ones (after a check or a full rebuild). */
export async function markCovered(kv: KVNamespace): Promise<void> {
  // Rewritten only when older than half its life: a re-run that proves nothing new writes nothing.
  const at = Date.parse((await kv.get(COVERAGE_KEY, "text")) ?? "");
  if (Date.now() - at < (COVERAGE_TTL_SECONDS * 1000) / 2) return;
  await kv.put(COVERAGE_KEY, new Date().toISOString(), { expirationTtl: COVERAGE_TTL_SECONDS });
}

/** The given slugs that have no Postgres row, in order. */
export async function missingInPostgres(db: Db, slugs: readonly string[]): Promise<string[]> {
  if (slugs.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ s: string }[]>(
    `SELECT s FROM unnest($1::text[]) AS s WHERE NOT EXISTS (SELECT 1 FROM "Skill" WHERE name = s) ORDER BY s`,
    slugs,
  );
  return rows.map((r) => r.s);
}
