/**
 * getPublishedSkillsFromDb(): one filtered, sorted window of community skills from Postgres
 * (AC-US3-01) and the total that matches. Raw SQL, fully parameterised: user input only ever
 * travels as bind parameters; the statement text is assembled from fixed fragments and a
 * whitelisted ORDER BY. Seed slugs are excluded here (seed is canonical for them, AC-US3-05).
 */
import type { Db } from "./db";
import { escapeLike, normalizeSearch, searchTokens, toPrefixTsQuery } from "./search/relevance";
import type { SkillQuery, SortField } from "./skill-query";
import { skillFromRow, type SkillRowLike } from "./skills-db";
import type { Skill } from "./skill-types";

export interface DbWindow {
  /** Rows in order, each with its relevance score (0 without a search). */
  rows: { skill: Skill; score: number }[];
  total: number;
}

const ORDER_COLUMN: Record<Exclude<SortField, "relevance">, string> = {
  trending: `"trendingScore7d"`,
  newest: `"createdAt"`,
  name: `name`,
  certScore: `"certScore"`,
  stars: `"githubStars"`,
};

interface Built {
  where: string;
  score: string;
  orderBy: string;
  params: unknown[];
}

/** Builds WHERE, the relevance expression and ORDER BY for a query; values go to `params`. */
export function buildSkillSql(q: SkillQuery, excludeNames: readonly string[]): Built {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [`NOT (name = ANY(${p(excludeNames)}::text[]))`];
  if (q.category) where.push(`category = ${p(q.category)}`);
  if (q.certTier) where.push(`"certTier" = ${p(q.certTier)}::"CertTier"`);
  // ILIKE without wildcards = case-insensitive equality, served by the author trigram index.
  if (q.author) where.push(`author ILIKE ${p(escapeLike(q.author))} ESCAPE '\\'`);
  if (q.extensible !== undefined) where.push(`extensible = ${p(q.extensible)}`);

  let score = "0";
  const search = q.search ? normalizeSearch(q.search) : "";
  if (search && q.searchMode === "fuzzy") {
    // "Did you mean": display names within trigram similarity 0.3 (pg_trgm's `%`), trigram GIN.
    const n = p(search);
    score = `similarity("displayName", ${n}::text)`;
    where.push(`"displayName" % ${n}::text`);
  } else if (search) {
    const n = p(search);
    const prefix = p(`${escapeLike(search)}%`);
    const tokens = searchTokens(search);
    const tsq = tokens.length ? `"searchVector" @@ to_tsquery('simple', ${p(toPrefixTsQuery(tokens))})` : "false";
    // Slugs are lowercase: `name LIKE 'q%'` is a range scan of the btree on name (collation "C").
    const namePrefix = `name LIKE ${prefix} ESCAPE '\\'`;
    const displayPrefix = `"displayName" ILIKE ${prefix} ESCAPE '\\'`;
    score = `(CASE WHEN lower(name) = ${n} OR lower("displayName") = ${n} THEN 4
      WHEN ${namePrefix} OR ${displayPrefix} THEN 3
      WHEN ${tsq} THEN 2
      ELSE 0 END)`;
    // Exactly the cases the score makes positive, each served by an index: btree on name,
    // trigram GIN on displayName (ILIKE), tsvector GIN.
    where.push(`(${namePrefix} OR ${displayPrefix} OR ${tsq})`);
  }

  const dir = q.sortDir === "asc" ? "ASC" : "DESC";
  const orderBy =
    q.sortBy === "relevance"
      ? search
        ? `score ${dir}, "trendingScore7d" DESC, name ASC`
        : `"trendingScore7d" DESC, name ASC`
      : q.sortBy === "name"
        ? `name ${dir}`
        : `${ORDER_COLUMN[q.sortBy]} ${dir}, name ASC`;
  return { where: where.join(" AND "), score, orderBy, params };
}

const COLUMNS = `name, "displayName", description, author, "repoUrl", "skillPath", category, "currentVersion",
  "certTier"::text AS "certTier", "certMethod"::text AS "certMethod", "certScore", "certifiedAt", labels, extensible,
  "extensionPoints", "trendingScore7d", "trendingScore30d", "githubStars", "createdAt", "updatedAt"`;

interface Row extends SkillRowLike {
  score: number;
  total?: number;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * The two statements behind one listing window: its rows, and the number of matches. Totals for
 * filters on category, tier and extensibility alone come from the trigger-maintained
 * "SkillCount" table (no table scan at any size) minus rows whose slug belongs to a seed skill;
 * searches and author filters are selective and count their matches through their indexes.
 */
export function buildSkillStatements(
  q: SkillQuery,
  window: { offset: number; limit: number },
  excludeNames: readonly string[],
): { page: Statement; count: Statement } {
  const built = buildSkillSql(q, excludeNames);
  const n = built.params.length;
  const selective = Boolean(q.search || q.author);
  const page = selective
    ? {
        // Selective queries count their matches in the same pass (count(*) OVER ()), not twice.
        sql: `SELECT ${COLUMNS}, ${built.score}::float8 AS score, count(*) OVER ()::int AS total
         FROM "Skill" WHERE ${built.where} ORDER BY ${built.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
        params: [...built.params, window.limit, window.offset],
      }
    : {
        // Deferred join: the OFFSET walks the narrow (sort key, name) index only; full rows are
        // read for the page alone, so deep pages stay cheap at any size.
        sql: `WITH page AS (SELECT name FROM "Skill" WHERE ${built.where} ORDER BY ${built.orderBy} LIMIT $${n + 1} OFFSET $${n + 2})
         SELECT ${COLUMNS}, 0::float8 AS score FROM "Skill" JOIN page USING (name) ORDER BY ${built.orderBy}`,
        params: [...built.params, window.limit, window.offset],
      };
  if (selective) {
    // Only needed when the page is empty; it references every parameter the page statement does.
    return { page, count: { sql: `SELECT count(*)::int AS n FROM (SELECT ${built.score} AS score FROM "Skill" WHERE ${built.where}) m`, params: built.params } };
  }
  const params: unknown[] = [excludeNames];
  const filters: string[] = [];
  if (q.category) filters.push(`category = $${params.push(q.category)}`);
  if (q.certTier) filters.push(`"certTier" = $${params.push(q.certTier)}::"CertTier"`);
  if (q.extensible !== undefined) filters.push(`extensible = $${params.push(q.extensible)}`);
  const and = filters.map((f) => ` AND ${f}`).join("");
  return {
    page,
    count: {
      sql: `SELECT ((SELECT coalesce(sum(count), 0) FROM "SkillCount" WHERE true${and})
           - (SELECT count(*) FROM "Skill" WHERE name = ANY($1::text[])${and}))::int AS n`,
      params,
    },
  };
}

/**
 * Rows [offset, offset + limit) of the community catalogue in the query's order, and the total.
 * `excludeNames` are slugs owned by seed skills.
 */
export async function getPublishedSkillsFromDb(
  db: Db,
  q: SkillQuery,
  window: { offset: number; limit: number },
  excludeNames: readonly string[],
): Promise<DbWindow> {
  const { page, count } = buildSkillStatements(q, window, excludeNames);
  const rows = await db.$queryRawUnsafe<Row[]>(page.sql, ...page.params);
  // The page carries its total unless it is empty or the total comes from "SkillCount".
  const total = rows[0]?.total ?? (await db.$queryRawUnsafe<{ n: number }[]>(count.sql, ...count.params))[0]!.n;
  return { rows: rows.map((r) => ({ skill: skillFromRow(r), score: Number(r.score) })), total };
}

