/**
 * An overlay: skills held in memory that are merged into every Postgres listing window, and whose
 * slugs shadow any Postgres row with the same slug. The 118 seed skills are one (they stay in
 * code, canonical for their slugs, AC-US3-05); skills that only KV holds can be another, through
 * the same mechanism. This module owns everything an overlay implies, and nothing else does:
 * the shadowed slugs the SQL excludes, the window it asks Postgres for, the merge, the total,
 * and the overlay's own search vocabulary (for "did you mean").
 *
 * Why a merged page is exact: both sides are sorted by the same total order (listing-rules.ts).
 * With S overlay matches and the page at merged offset O, Postgres is asked for rows [a, O + limit)
 * where a = max(0, O - S). If c overlay skills sort before row a, row a sits at merged position
 * a + c (all earlier rows and those c skills precede it), and a + c <= O; merging from there
 * reaches O + limit before the window runs out. So every page is exact: no gaps, no repeats.
 */
import { compareRanked, FILTER_KEYS, matchesFilters, rank, type Ranked } from "./listing-rules";
import { recentResults } from "../platform/recent";
import type { SkillQuery } from "./listing-query";
import { vocabularyLookup, vocabularyOf, type WordLookup } from "./search";
import type { Skill } from "./skill";

export interface Overlay {
  /** Slugs whose Postgres rows are hidden (the overlay's copy wins). */
  readonly names: readonly string[];
  has(name: string): boolean;
  get(name: string): Skill | undefined;
  readonly skills: readonly Skill[];
  /** Word lookups over the overlay's own words (built once, on first use). */
  lookup(token: string): WordLookup;
}

/**
 * An overlay of `skills`. `hidden` slugs are shadowed with no copy in their place: their rows are
 * excluded like the overlay's own (delisted skills, kv/delisted.ts).
 */
export function createOverlay(skills: readonly Skill[], hidden: Iterable<string> = []): Overlay {
  const byName = new Map(skills.map((s) => [s.name, s]));
  const shadowed = new Set(byName.keys());
  for (const name of hidden) shadowed.add(name);
  let words: ((token: string) => WordLookup) | undefined;
  return {
    names: [...shadowed],
    has: (name) => shadowed.has(name),
    get: (name) => byName.get(name),
    skills,
    lookup: (token) => (words ??= vocabularyLookup(vocabularyOf(skills)))(token),
  };
}

// Per overlay (the seed lives as long as the isolate; others are made per request and dropped).
const recentMatches = new WeakMap<Overlay, (key: string, make: () => readonly Ranked[]) => readonly Ranked[]>();

/** The overlay's matches for a query, in the query's order (shared: do not mutate). */
export function overlayMatches(overlay: Overlay, q: SkillQuery): readonly Ranked[] {
  let recent = recentMatches.get(overlay);
  if (!recent) recentMatches.set(overlay, (recent = recentResults(64)));
  const key = JSON.stringify([q.sortBy, q.sortDir, ...FILTER_KEYS.map((k) => q[k])]); // search is a filter
  return recent(key, () => Object.freeze(overlay.skills.filter((s) => matchesFilters(s, q)).map((s) => Object.freeze(rank(s, q.search))).sort(compareRanked(q))));
}

/** The Postgres window [offset, offset + limit) that fills page `q.page` whatever the overlay holds. */
export function windowFor(q: SkillQuery, overlayCount: number): { offset: number; limit: number } {
  const offset = (q.page - 1) * q.limit;
  const start = Math.max(0, offset - overlayCount);
  return { offset: start, limit: offset + q.limit - start };
}

/** One page of the merged catalogue: the overlay's matches woven into the Postgres window. */
export function mergePage(
  q: SkillQuery,
  matches: readonly Ranked[],
  rows: readonly Ranked[],
  window: { offset: number },
  dbTotal: number,
): { skills: Skill[]; total: number } {
  const cmp = compareRanked(q);
  const offset = (q.page - 1) * q.limit;
  // Overlay skills before the window's first row are already behind us in the merged order.
  let si = window.offset > 0 && rows.length > 0 ? matches.findIndex((s) => cmp(s, rows[0]!) > 0) : 0;
  if (si < 0) si = matches.length;
  let position = window.offset + si;
  let ri = 0;
  const page: Skill[] = [];
  while (page.length < q.limit && (ri < rows.length || si < matches.length)) {
    const takeOverlay = ri >= rows.length || (si < matches.length && cmp(matches[si]!, rows[ri]!) < 0);
    const next = takeOverlay ? matches[si++]! : rows[ri++]!;
    if (position >= offset) page.push(next.skill);
    position++;
  }
  return { skills: page, total: dbTotal + matches.length };
}

/** Word lookups over the database's vocabulary and the overlay's together. */
export function withOverlayVocabulary(overlay: Overlay, fromDb: ReadonlyMap<string, WordLookup>): (token: string) => WordLookup {
  return (token) => {
    const db = fromDb.get(token);
    const own = overlay.lookup(token);
    return { known: Boolean(db?.known) || own.known, candidates: [...(db?.candidates ?? []), ...own.candidates] };
  };
}

/** An in-memory catalogue with the overlay: its copies win over any other skill with their slug. */
export function withOverlay(overlay: Overlay, others: readonly Skill[]): Skill[] {
  const merged: Skill[] = [...overlay.skills];
  for (const s of others) if (!overlay.has(s.name)) merged.push(s);
  return merged;
}
