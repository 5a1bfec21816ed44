/**
 * The listing query: one zod schema for `?search&category&certTier&author&extensible&sortBy&
 * sortDir&page&limit`, and the in-memory filter/sort/paginate used for the seed catalogue and the
 * KV fallbacks (Prisma runs the same query in SQL).
 */
import { z } from "zod";
import { correctSearch, relevanceScore, vocabularyLookup, vocabularyOf } from "./search";
import { CERT_TIERS, type Skill } from "./skill";

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 24;
export const SORT_FIELDS = ["relevance", "trending", "newest", "name", "certScore", "stars"] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDir = "asc" | "desc";

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

export const skillQuerySchema = z.object({
  search: opt(
    z.string().trim().max(200, "must be at most 200 characters")
      // Postgres text cannot hold NUL; other control characters are never part of a search.
      .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), "must not contain control characters"),
  ),
  category: opt(z.string().trim().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a category slug like \"frontend\"")),
  certTier: opt(z.enum(CERT_TIERS, { message: `must be one of ${CERT_TIERS.join(", ")}` })),
  author: opt(z.string().trim().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "must be a GitHub owner name")),
  extensible: opt(z.enum(["true", "false"], { message: "must be true or false" }).transform((v) => v === "true")),
  sortBy: opt(z.enum(SORT_FIELDS, { message: `must be one of ${SORT_FIELDS.join(", ")}` })),
  sortDir: opt(z.enum(["asc", "desc"], { message: "must be asc or desc" })),
  page: opt(z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(1_000_000, "must be at most 1000000")),
  limit: opt(
    z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1")
      .transform((n) => Math.min(n, MAX_LIMIT)),
  ),
});

export type SkillQueryInput = z.input<typeof skillQuerySchema>;

/** A validated query with defaults applied. */
export interface SkillQuery {
  search?: string;
  category?: string;
  certTier?: Skill["certTier"];
  author?: string;
  extensible?: boolean;
  sortBy: SortField;
  sortDir: SortDir;
  page: number;
  limit: number;
}

/** Parses URL search params (or a plain object); throws ZodError with readable messages. */
export function parseSkillQuery(input: URLSearchParams | Record<string, string | string[] | undefined>): SkillQuery {
  const raw: Record<string, string | undefined> = {};
  if (input instanceof URLSearchParams) {
    for (const key of Object.keys(skillQuerySchema.shape)) raw[key] = input.get(key) ?? undefined;
  } else {
    for (const key of Object.keys(skillQuerySchema.shape)) {
      const v = input[key];
      raw[key] = Array.isArray(v) ? v[0] : v;
    }
  }
  return withDefaults(skillQuerySchema.parse(raw));
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

/** Relevance of a skill for a search (0 = no match); the same score Postgres computes. */
export function relevance(skill: Skill, search: string): number {
  return relevanceScore(skill, search);
}

export function matchesFilters(skill: Skill, q: SkillQuery): boolean {
  if (q.category && skill.category !== q.category) return false;
  if (q.certTier && skill.certTier !== q.certTier) return false;
  if (q.author && skill.author.toLowerCase() !== q.author.toLowerCase()) return false;
  if (q.extensible !== undefined && skill.extensible !== q.extensible) return false;
  if (q.search && relevance(skill, q.search) === 0) return false;
  return true;
}

/** The value each sort orders by (the name tiebreak is applied by the comparators). */
export const sortKey: Record<Exclude<SortField, "relevance">, (s: Skill) => number | string> = {
  trending: (s) => s.trendingScore7d,
  newest: (s) => Date.parse(s.createdAt),
  name: (s) => s.name,
  certScore: (s) => s.certScore,
  stars: (s) => s.githubStars,
};

/** A total order: the chosen field, then (for relevance) trending, then name ascending. */
export function compareSkills(q: SkillQuery): (a: Skill, b: Skill) => number {
  const dir = q.sortDir === "asc" ? 1 : -1;
  return (a, b) => {
    let c = 0;
    if (q.sortBy === "relevance" && q.search) {
      c = (relevance(a, q.search) - relevance(b, q.search)) * dir;
      if (c === 0) c = b.trendingScore7d - a.trendingScore7d;
    } else if (q.sortBy !== "relevance") {
      const ka = sortKey[q.sortBy](a);
      const kb = sortKey[q.sortBy](b);
      c = (ka < kb ? -1 : ka > kb ? 1 : 0) * dir;
    } else {
      c = b.trendingScore7d - a.trendingScore7d;
    }
    return c !== 0 ? c : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  };
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
  const matches = all.filter((s) => matchesFilters(s, q)).sort(compareSkills(q));
  const start = (q.page - 1) * q.limit;
  return { skills: matches.slice(start, start + q.limit), total: matches.length, page: q.page, limit: q.limit };
}
