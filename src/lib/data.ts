/**
 * The marketplace read path. Pages and API routes use only these functions. Sources, in the order
 * of FR-001, each the fallback of the one before:
 *   1. Postgres (`Skill` table) — the source of truth;
 *   2. KV enumeration of `skill:*` keys;   3. the KV index (both streamed by foldPublishedSkills);
 *   4. seed data alone.
 * The 118 seed skills are merged into every source, canonical for their slugs, never duplicated
 * (AC-US3-05). A dead database costs at most about a second once (connect timeout), then is
 * skipped for 30 s (db.ts); every fallback logs one line with its reason.
 */
import { DatabaseUnavailableError, isConnectionError, withDb, type Db } from "./platform/db";
import { tryGetKV } from "./platform/env";
import { logEvent } from "./platform/log";
import { SEED_SKILLS } from "./catalog/seed-data";
import { createOverlay, mergePage, overlayMatches, windowFor, withOverlay, withOverlayVocabulary, type Overlay } from "./catalog/overlay";
import { readConvergence } from "./catalog/convergence";
import { requestReconcile } from "./submissions/queue-messages";
import { getPublishedSkillsFromDb } from "./catalog/postgres/listing-sql";
import { correctSearch, vocabularyLookup, type WordLookup } from "./catalog/search";
import { skillFromRow } from "./catalog/postgres/skill-rows";
import { cachedResult, foldPublishedSkills, READ_REPAIR_MAX } from "./catalog/kv/published-index";
import { resolveAlias } from "./catalog/kv/aliases";
import { skillKey } from "./catalog/kv/keys";
import { parseSkillRecord, skillFromKvRecord, skillFromSummary } from "./catalog/kv/skill-record";
import { createListingFold, withDefaults, type ListingFold, type SkillPage, type SkillQuery } from "./catalog/listing-query";
import type { Skill } from "./catalog/skill";
import { delistedSlugs, type DelistMarker } from "./catalog/kv/delisted";
import { delistingOf } from "./catalog/delisting";

export { getPublishedSkillsFromDb } from "./catalog/postgres/listing-sql";

export type DataSource = "prisma" | "kv-enumeration" | "kv-index" | "seed";

export interface SkillListing extends SkillPage {
  /** Which source served the community part of the catalogue (the `x-data-source` header). */
  source: DataSource;
}

export interface CategoryCount {
  category: string;
  count: number;
}

/** The seed skills, merged into every Postgres window and shadowing rows with their slugs. */
export const SEED = createOverlay(SEED_SKILLS);

/** Postgres lacks skills that KV holds and are not pending: too many to overlay, KV serves. */
class PostgresBehindError extends Error {
  constructor(readonly missing: number | null, readonly overflow: boolean) {
    super(overflow ? "more skills pending than one overlay holds" : `Postgres lacks ${missing ?? "some"} skills that KV holds`);
  }
}

/**
 * What Postgres alone would not list: the seed, plus every pending skill (published to KV, not
 * yet confirmed in Postgres) as a second overlay. Throws PostgresBehindError when Postgres is
 * behind by more than the pending set (the migration window), after asking for a backfill.
 */
async function overlayFor(db: Db): Promise<Overlay> {
  const kv = tryGetKV();
  if (!kv) return SEED;
  // Delisted slugs are hidden too: their rows are deleted by the delist, and excluded here as
  // well in case Postgres missed it (down at the time; the cron's reconcile catches up).
  const delisted = await delistedSlugs(kv);
  let facts;
  try {
    facts = await readConvergence(kv, db);
  } catch (err) {
    if (err instanceof DatabaseUnavailableError || isConnectionError(err)) throw err;
    logEvent("warn", "convergence_unknown", { reason: String(err), note: "KV unreadable: Postgres serves alone" });
    return SEED;
  }
  if (!facts.covered) await requestReconcile();
  if (facts.overflow) throw new PostgresBehindError(facts.missing, facts.overflow);
  if (facts.overlay.length === 0 && delisted.size === 0) return SEED;
  return createOverlay(withOverlay(SEED, facts.overlay.map(skillFromSummary)), delisted);
}

/** One page of the marketplace listing with its total, filtered and sorted (AC-US3-02). */
export async function getSkills(query: Partial<SkillQuery> = {}): Promise<SkillListing> {
  const q = withDefaults(query);
  try {
    return await withDb(async (db) => getSkillsFromDb(db, q, await overlayFor(db)));
  } catch (err) {
    logFallback("getSkills", err);
  }
  return kvListing(q);
}

/**
 * The Postgres layer of getSkills on a given client: a database window merged with an overlay
 * (the seed, by default). A search that matches nothing, in either, is corrected against both
 * vocabularies and run once more ("did you mean", search.ts).
 */
export async function getSkillsFromDb(db: Db, query: Partial<SkillQuery>, overlay: Overlay = SEED): Promise<SkillListing> {
  const q = withDefaults(query);
  const { listing, words } = await mergedPage(db, q, overlay, { vocabulary: true });
  if (!q.search || listing.total > 0 || !words) return listing;
  const corrected = correctSearch(q.search, withOverlayVocabulary(overlay, words));
  if (!corrected) return listing;
  const retried = (await mergedPage(db, { ...q, search: corrected }, overlay)).listing;
  // A correction that finds nothing either is not worth showing: the search simply has no match.
  return retried.total > 0 ? { ...retried, correctedSearch: corrected } : listing;
}

/**
 * One page of the merged catalogue. With `vocabulary`, a search that matches no overlay skill asks
 * the database for its vocabulary lookups too, returned when the database has no match either.
 */
async function mergedPage(
  db: Db,
  q: SkillQuery,
  overlay: Overlay,
  options: { vocabulary?: boolean } = {},
): Promise<{ listing: SkillListing; words?: ReadonlyMap<string, WordLookup> }> {
  const matches = overlayMatches(overlay, q);
  const window = windowFor(q, matches.length);
  const dbWindow = await getPublishedSkillsFromDb(db, q, window, overlay.names, { vocabulary: Boolean(options.vocabulary && matches.length === 0) });
  const page = mergePage(q, matches, dbWindow.rows, window, dbWindow.total);
  return { listing: { ...page, page: q.page, limit: q.limit, source: "prisma" }, words: dbWindow.words };
}

/** One skill by slug or old slug; the returned skill's `name` is canonical (AC-US3-03). Null when unknown or delisted. */
export async function getSkillByName(name: string): Promise<Skill | null> {
  const found = await lookupSkill(name);
  return found && "skill" in found ? found.skill : null;
}

/**
 * One skill by slug or old slug, or why it is gone: a delisted skill's marker (its page and API
 * answer 410 with the reason), checked on the skill's own key so a delist shows at once.
 */
export async function lookupSkill(name: string): Promise<{ skill: Skill } | { gone: DelistMarker } | null> {
  const kv = tryGetKV();
  let found = await findSkill(name);
  if (!found) {
    // An old slug: resolve it through `skill:alias:*`, then look the canonical slug up the same way.
    const canonical = kv ? await resolveAlias(kv, name).catch(() => null) : null;
    found = canonical ? await findSkill(canonical) : null;
  }
  if (found && SEED.has(found.name)) return { skill: found };
  const gone = await delistingOf(kv, found?.name ?? name);
  if (gone) return { gone };
  return found ? { skill: found } : null;
}

/** Seed, then Postgres, then the skill's own KV key. */
async function findSkill(name: string): Promise<Skill | null> {
  const seed = SEED.get(name);
  if (seed) return seed;
  try {
    const row = await withDb((db) => db.skill.findUnique({ where: { name } }));
    if (row) return skillFromRow(row);
  } catch (err) {
    logFallback("getSkillByName", err);
  }
  const kv = tryGetKV();
  if (!kv) return null;
  try {
    const parsed = parseSkillRecord(name, await kv.get(skillKey(name), "text"));
    return parsed.ok ? skillFromKvRecord(parsed.record) : null;
  } catch (err) {
    logEvent("warn", "skill_lookup_failed", { name, source: "kv", reason: String(err) });
    return null;
  }
}

/** The number of listed skills, seed and pending included (AC-US3-04). */
export async function getSkillCount(): Promise<number> {
  return (await getSkills({ limit: 1 })).total;
}

/** Every category with its number of skills, seed and pending included, largest first (AC-US3-04). */
export async function getSkillCategories(): Promise<CategoryCount[]> {
  const counts = new Map<string, number>();
  const add = (category: string, n = 1) => counts.set(category, (counts.get(category) ?? 0) + n);
  try {
    await withDb(async (db) => {
      const overlay = await overlayFor(db);
      const groups = await db.skill.groupBy({ by: ["category"], where: { name: { notIn: [...overlay.names] } }, _count: { _all: true } });
      for (const s of overlay.skills) add(s.category);
      for (const g of groups) add(g.category, g._count._all);
    });
  } catch (err) {
    logFallback("getSkillCategories", err);
    counts.clear();
    const load = async () => [...(await foldKvCatalogue(withDefaults({ limit: 1 }))).fold.categories()];
    const kv = tryGetKV();
    for (const [category, n] of await (kv ? cachedResult(kv, "categories", load) : load())) add(category, n);
  }
  return [...counts.entries()]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1));
}

/**
 * Layers 2-4 for one query: KV enumeration, then the index, then seed alone. The catalogue streams
 * through a fold that keeps only the page's window and the counts (150,000 summaries are ~90 MB),
 * with the seed first and canonical for its slugs. A search that matches nothing is corrected
 * against the whole vocabulary and streamed once more.
 */
async function kvListing(q: SkillQuery): Promise<SkillListing> {
  const kv = tryGetKV();
  return kv ? cachedResult(kv, `listing:${JSON.stringify(q)}`, () => foldListing(q)) : foldListing(q);
}

async function foldListing(q: SkillQuery): Promise<SkillListing> {
  const { fold, source } = await foldKvCatalogue(q);
  const page = fold.page();
  if (!q.search || page.total > 0) return { ...page, source };
  const corrected = correctSearch(q.search, vocabularyLookup(fold.vocabulary()));
  if (!corrected) return { ...page, source };
  const retried = await foldKvCatalogue({ ...q, search: corrected }, { repair: 0 });
  const again = retried.fold.page();
  return again.total > 0 ? { ...again, correctedSearch: corrected, source: retried.source } : { ...page, source };
}

async function foldKvCatalogue(q: SkillQuery, opts: { repair?: number } = {}): Promise<{ fold: ListingFold; source: DataSource }> {
  const seeded = () => {
    const fold = createListingFold(q);
    for (const s of SEED_SKILLS) fold.add(s);
    return fold;
  };
  const kv = tryGetKV();
  if (kv) {
    try {
      // A fresh fold per stream (foldPublishedSkills starts over from the index if enumeration fails).
      let fold: ListingFold | null = null;
      const stats = await foldPublishedSkills(
        kv,
        () => {
          const current = (fold = seeded());
          return (skill) => {
            if (!SEED.has(skill.name)) current.add(skill);
          };
        },
        { repair: opts.repair ?? READ_REPAIR_MAX },
      );
      return { fold: fold ?? seeded(), source: stats.source };
    } catch (err) {
      logEvent("warn", "catalogue_fallback", { to: "seed", reason: String(err) });
    }
  }
  return { fold: seeded(), source: "seed" };
}

/** Seed skills are canonical for their slugs: community copies of a seed slug are dropped. */
export function mergeWithSeed(community: readonly Skill[]): Skill[] {
  return withOverlay(SEED, community);
}

function logFallback(operation: string, err: unknown): void {
  const reason =
    err instanceof DatabaseUnavailableError ? `${err.reason}: ${err.message}`
    : err instanceof PostgresBehindError ? `postgres-behind: ${err.message}`
    : `query failed: ${String(err)}`;
  logEvent("warn", "read_fallback", { operation, from: "prisma", to: "kv", reason });
}
