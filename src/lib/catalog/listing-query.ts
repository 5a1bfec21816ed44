/**
 * The listing query: one zod schema for `?search&category&certTier&author&extensible&sortBy&
 * sortDir&page&limit`, built from the rulebook (listing-rules.ts), and the in-memory engine that
 * filters, sorts and pages a catalogue held in memory (the KV fallbacks). Postgres runs the same
 * rules in SQL (postgres/listing-sql.ts).
 */
import { z } from "zod";
import { recentResults } from "../platform/recent";
import { correctSearch, searchableText, vocabularyLookup, vocabularyOf, words } from "./search";
import type { Skill } from "./skill";
import {
  compareRanked,
  LISTING_FILTERS,
  matchesFilters,
  opt,
  rank,
  SORT_FIELDS,
  type FilterKey,
  type FilterValues,
  type SortDir,
  type SortField,
} from "./listing-rules";

export { matchesFilters, SORT_FIELDS, type SortDir, type SortField } from "./listing-rules";

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 24;

const filterParams = Object.fromEntries(Object.entries(LISTING_FILTERS).map(([k, r]) => [k, r.param])) as {
  [K in FilterKey]: (typeof LISTING_FILTERS)[K]["param"];
};

export const skillQuerySchema = z.object({
  ...filterParams,
  sortBy: opt(z.enum(SORT_FIELDS as [SortField, ...SortField[]], { message: `must be one of ${SORT_FIELDS.join(", ")}` })),
  sortDir: opt(z.enum(["asc", "desc"], { message: "must be asc or desc" })),
  page: opt(z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(1_000_000, "must be at most 1000000")),
  limit: opt(
    z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1")
      .transform((n) => Math.min(n, MAX_LIMIT)),
  ),
});

export type SkillQueryInput = z.input<typeof skillQuerySchema>;

/** A validated query with defaults applied. */
export type SkillQuery = FilterValues & { sortBy: SortField; sortDir: SortDir; page: number; limit: number };

const QUERY_KEYS = Object.keys(skillQuerySchema.shape);
// Validating with zod is most of what reading a query costs; the same few queries come again and
// again (the default listing, a category, page 2), so the last results are kept, frozen.
const parsedQueries = recentResults<SkillQuery>(256);

/**
 * Parses URL search params (or a plain object); throws ZodError with readable messages. The
 * result is shared (frozen): copy it to change it.
 */
export function parseSkillQuery(input: URLSearchParams | Record<string, string | string[] | undefined>): SkillQuery {
  const raw: Record<string, string | undefined> = {};
  for (const key of QUERY_KEYS) {
    const v = input instanceof URLSearchParams ? (input.get(key) ?? undefined) : input[key];
    raw[key] = Array.isArray(v) ? v[0] : v;
  }
  return parsedQueries(JSON.stringify(raw), () => Object.freeze(withDefaults(skillQuerySchema.parse(raw))));
}

export function withDefaults(q: z.output<typeof skillQuerySchema> | Partial<SkillQuery>): SkillQuery {
  const sortBy: SortField = q.sortBy ?? (q.search ? "relevance" : "trending");
  return {
    ...q,
    sortBy,
    sortDir: q.sortDir ?? (sortBy === "name" ? "asc" : "desc"),
    page: q.page ?? 1,
    limit: Math.min(q.limit ?? DEFAULT_LIMIT, MAX_LIMIT),
  } as SkillQuery;
}

/** The query's total order over skills (relevance computed for searches). */
export function compareSkills(q: SkillQuery): (a: Skill, b: Skill) => number {
  const cmp = compareRanked(q);
  return (a, b) => cmp(rank(a, q.search), rank(b, q.search));
}

export interface SkillPage {
  skills: Skill[];
  total: number;
  page: number;
  limit: number;
  /** The corrected query actually searched, when the one asked for matched nothing ("did you mean"). */
  correctedSearch?: string;
}

/** Filters, sorts and slices an in-memory catalogue; a search that matches nothing corrects itself. */
export function querySkills(all: readonly Skill[], query: SkillQuery): SkillPage {
  const page = queryOnce(all, query);
  if (!query.search || page.total > 0) return page;
  const corrected = correctSearch(query.search, vocabularyLookup(vocabularyOf(all)));
  if (!corrected) return page;
  const retried = queryOnce(all, { ...query, search: corrected });
  return retried.total > 0 ? { ...retried, correctedSearch: corrected } : page;
}

function queryOnce(all: readonly Skill[], q: SkillQuery): SkillPage {
  const matches = all.filter((s) => matchesFilters(s, q)).map((s) => rank(s, q.search)).sort(compareRanked(q));
  const start = (q.page - 1) * q.limit;
  return { skills: matches.slice(start, start + q.limit).map((r) => r.skill), total: matches.length, page: q.page, limit: q.limit };
}

/**
 * The same query over a catalogue that streams past once (the KV fallback at any size): keeps the
 * matches that can still reach the asked-for page (page × limit of them), the total, every
 * category's count and, for a search, the vocabulary a "did you mean" needs. Memory is the window,
 * not the catalogue.
 */
export interface ListingFold {
  add(skill: Skill): void;
  page(): SkillPage;
  categories(): Map<string, number>;
  /** Words of every skill added (only collected when the query searches). */
  vocabulary(): ReadonlySet<string>;
}

export function createListingFold(q: SkillQuery): ListingFold {
  const keep = Math.max(1, q.page * q.limit);
  const cmp = compareRanked(q);
  let top: ReturnType<typeof rank>[] = [];
  let total = 0;
  const categories = new Map<string, number>();
  const vocab = new Set<string>();
  const trim = () => {
    top.sort(cmp);
    if (top.length > keep) top = top.slice(0, keep);
  };
  return {
    add(skill) {
      categories.set(skill.category, (categories.get(skill.category) ?? 0) + 1);
      if (q.search) for (const w of words(searchableText(skill))) vocab.add(w);
      if (!matchesFilters(skill, q)) return;
      const ranked = rank(skill, q.search);
      total++;
      top.push(ranked);
      if (top.length >= 2 * keep + 256) trim();
    },
    page() {
      trim();
      const start = (q.page - 1) * q.limit;
      return { skills: top.slice(start, start + q.limit).map((r) => r.skill), total, page: q.page, limit: q.limit };
    },
    categories: () => categories,
    vocabulary: () => vocab,
  };
}
