/**
 * Merges the seed skills that match a query with a window of database rows into one page of the
 * combined, sorted catalogue, without reading the whole table.
 *
 * Both sides are sorted by the same total order (the query's key, then name). With S seed matches
 * and the page at merged offset O, the caller fetches database rows [a, O + limit) where
 * a = max(0, O - S). If c seed skills sort before row a, row a sits at merged position a + c
 * (all earlier rows and those c seeds precede it), and a + c <= O; merging the rest from there
 * reaches O + limit before the window runs out. So every page is exact: no gaps, no repeats.
 */
import { sortKey, type SkillQuery } from "./listing-query";
import type { Skill } from "./skill";

export interface Ranked {
  skill: Skill;
  /** Relevance (searches only); from SQL for rows and from relevance.ts for seed skills. */
  score: number;
}


/** The total order of a query over ranked items (mirrors the SQL ORDER BY). */
export function compareRanked(q: SkillQuery): (a: Ranked, b: Ranked) => number {
  const dir = q.sortDir === "asc" ? 1 : -1;
  const byName = (a: Ranked, b: Ranked) => (a.skill.name < b.skill.name ? -1 : a.skill.name > b.skill.name ? 1 : 0);
  return (a, b) => {
    let c: number;
    if (q.sortBy === "relevance") {
      c = q.search ? (a.score - b.score) * dir : 0;
      if (c === 0) c = b.skill.trendingScore7d - a.skill.trendingScore7d;
      return c !== 0 ? c : byName(a, b);
    }
    if (q.sortBy === "name") return byName(a, b) * dir;
    const ka = sortKey[q.sortBy](a.skill);
    const kb = sortKey[q.sortBy](b.skill);
    c = (ka < kb ? -1 : ka > kb ? 1 : 0) * dir;
    return c !== 0 ? c : byName(a, b);
  };
}

export function mergeWindow(
  seed: readonly Ranked[],
  rows: readonly Ranked[],
  at: { dbStart: number; offset: number; limit: number; query: SkillQuery },
): Skill[] {
  const cmp = compareRanked(at.query);
  // Seeds before the window's first row are already behind us in the merged order.
  let si = at.dbStart > 0 && rows.length > 0 ? seed.findIndex((s) => cmp(s, rows[0]!) > 0) : 0;
  if (si < 0) si = seed.length;
  let position = at.dbStart + si;
  let ri = 0;
  const page: Skill[] = [];
  while (page.length < at.limit && (ri < rows.length || si < seed.length)) {
    const takeSeed = ri >= rows.length || (si < seed.length && cmp(seed[si]!, rows[ri]!) < 0);
    const next = takeSeed ? seed[si++]! : rows[ri++]!;
    if (position >= at.offset) page.push(next.skill);
    position++;
  }
  return page;
}
