/**
 * The listing's rulebook: every filter and sort, once. For each filter: its query-string rule
 * (zod), its SQL condition, its in-memory check, and how the total of a listing it filters is
 * counted. For each sort: the keys it orders by. The query schema (listing-query.ts), the SQL
 * builder (postgres/listing-sql.ts), the in-memory engine (KV and seed fallbacks) and the totals
 * all read these tables, so a new filter is one entry here and the two engines cannot disagree.
 *
 * Totals: a filter whose `total` is "skill-count" conditions only columns that the trigger-kept
 * "SkillCount" table holds, so a listing filtered by such filters alone is counted there with no
 * table scan. Any other filter ("matches") makes the SQL count its matching rows.
 */
import { z } from "zod";
import { escapeLike, relevanceScore } from "./search";
import { CERT_TIERS, type Skill } from "./skill";

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
/** An optional query-string parameter; an empty value counts as absent. */
export const opt = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

/** Adds a bind parameter and returns its placeholder (`$n`). */
export type Bind = (value: unknown) => string;

interface FilterRule<T> {
  /** The query-string rule: a readable 400 for anything else. */
  param: z.ZodType<T | undefined>;
  /** The SQL condition on a "Skill" row (and, for "skill-count" filters, on a "SkillCount" row). */
  sql?: (value: T, bind: Bind) => string;
  /** The same condition on a skill in memory. */
  matches: (skill: Skill, value: T) => boolean;
  total: "skill-count" | "matches";
}

const rule = <T>(r: FilterRule<T>) => r;

export const LISTING_FILTERS = {
  search: rule<string>({
    param: opt(
      z.string().trim().max(200, "must be at most 200 characters")
        // Postgres text cannot hold NUL; other control characters are never part of a search.
        .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), "must not contain control characters"),
    ),
    // The search condition and its relevance score are built by the SQL builder (postgres/search-sql).
    matches: (s, v) => relevanceScore(s, v) > 0,
    total: "matches",
  }),
  category: rule<string>({
    param: opt(z.string().trim().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a category slug like "frontend"')),
    sql: (v, bind) => `category = ${bind(v)}`,
    matches: (s, v) => s.category === v,
    total: "skill-count",
  }),
  certTier: rule<Skill["certTier"]>({
    param: opt(z.enum(CERT_TIERS, { message: `must be one of ${CERT_TIERS.join(", ")}` })),
    sql: (v, bind) => `"certTier" = ${bind(v)}::"CertTier"`,
    matches: (s, v) => s.certTier === v,
    total: "skill-count",
  }),
  author: rule<string>({
    param: opt(z.string().trim().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "must be a GitHub owner name")),
    // ILIKE without wildcards = case-insensitive equality, served by the author trigram index.
    sql: (v, bind) => `author ILIKE ${bind(escapeLike(v))} ESCAPE '\\'`,
    matches: (s, v) => s.author.toLowerCase() === v.toLowerCase(),
    total: "matches",
  }),
  extensible: rule<boolean>({
    param: opt(z.enum(["true", "false"], { message: "must be true or false" }).transform((v) => v === "true")),
    sql: (v, bind) => `extensible = ${bind(v)}`,
    matches: (s, v) => s.extensible === v,
    total: "skill-count",
  }),
};

export type FilterKey = keyof typeof LISTING_FILTERS;
export const FILTER_KEYS = Object.keys(LISTING_FILTERS) as FilterKey[];
export type FilterValues = { [K in FilterKey]?: NonNullable<z.output<(typeof LISTING_FILTERS)[K]["param"]>> };

/** Calls `fn` for each filter the query sets, with its rule and value. */
export function eachActiveFilter(q: FilterValues, fn: <T>(key: FilterKey, rule: FilterRule<T>, value: T) => void): void {
  for (const key of FILTER_KEYS) {
    const value = q[key];
    if (value !== undefined) fn(key, LISTING_FILTERS[key] as FilterRule<unknown>, value);
  }
}

/** True when the skill passes every filter the query sets (the in-memory engine). */
export function matchesFilters(skill: Skill, q: FilterValues): boolean {
  let ok = true;
  eachActiveFilter(q, (_k, r, v) => {
    if (ok && !r.matches(skill, v)) ok = false;
  });
  return ok;
}

/** A skill with its relevance for the query's search (0 without one): what both engines order. */
export interface Ranked {
  skill: Skill;
  score: number;
}

/** A value a listing orders by: its SQL expression and the same value in memory. */
const ORDER_KEYS = {
  score: { sql: "score", of: (r: Ranked) => r.score },
  trendingScore7d: { sql: `"trendingScore7d"`, of: (r: Ranked) => r.skill.trendingScore7d },
  createdAt: { sql: `"createdAt"`, of: (r: Ranked) => Date.parse(r.skill.createdAt) },
  certScore: { sql: `"certScore"`, of: (r: Ranked) => r.skill.certScore },
  githubStars: { sql: `"githubStars"`, of: (r: Ranked) => r.skill.githubStars },
  name: { sql: "name", of: (r: Ranked) => r.skill.name },
} as const;
type OrderKey = keyof typeof ORDER_KEYS;
export type SortDir = "asc" | "desc";

/**
 * Each sort: the keys it orders by, given the query's direction and whether it searches. Every
 * order ends with name ascending (or name in the sort's direction when sorting by name), so the
 * order is total and pages never overlap. Names use collation "C" in SQL, code-unit order here.
 */
export const LISTING_SORTS = {
  relevance: (dir: SortDir, searching: boolean): [OrderKey, SortDir][] =>
    searching ? [["score", dir], ["trendingScore7d", "desc"]] : [["trendingScore7d", "desc"]],
  trending: (dir: SortDir): [OrderKey, SortDir][] => [["trendingScore7d", dir]],
  newest: (dir: SortDir): [OrderKey, SortDir][] => [["createdAt", dir]],
  name: (dir: SortDir): [OrderKey, SortDir][] => [["name", dir]],
  certScore: (dir: SortDir): [OrderKey, SortDir][] => [["certScore", dir]],
  stars: (dir: SortDir): [OrderKey, SortDir][] => [["githubStars", dir]],
};
export type SortField = keyof typeof LISTING_SORTS;
export const SORT_FIELDS = Object.keys(LISTING_SORTS) as SortField[];

interface OrderOf {
  sortBy: SortField;
  sortDir: SortDir;
  search?: string;
}

function orderKeys(q: OrderOf): [OrderKey, SortDir][] {
  const keys = LISTING_SORTS[q.sortBy](q.sortDir, Boolean(q.search));
  return keys.some(([k]) => k === "name") ? keys : [...keys, ["name", "asc"]];
}

/** The ORDER BY of a query. */
export function sqlOrderBy(q: OrderOf): string {
  return orderKeys(q).map(([k, d]) => `${ORDER_KEYS[k].sql} ${d.toUpperCase()}`).join(", ");
}

/** Columns a narrow candidate row must carry to be ordered without the full row. */
export const SORT_COLUMNS = (Object.keys(ORDER_KEYS) as OrderKey[])
  .filter((k) => k !== "score" && k !== "name")
  .map((k) => ORDER_KEYS[k].sql)
  .join(", ");

/** The query's total order over ranked skills, identical to `sqlOrderBy`. */
export function compareRanked(q: OrderOf): (a: Ranked, b: Ranked) => number {
  const keys = orderKeys(q).map(([k, d]) => ({ of: ORDER_KEYS[k].of, sign: d === "asc" ? 1 : -1 }));
  return (a, b) => {
    for (const { of, sign } of keys) {
      const x = of(a);
      const y = of(b);
      if (x !== y) return (x < y ? -1 : 1) * sign;
    }
    return 0;
  };
}

/** Ranks skills for a query: relevance when it searches, 0 otherwise. */
export function rank(skill: Skill, search: string | undefined): Ranked {
  return { skill, score: search ? relevanceScore(skill, search) : 0 };
}
