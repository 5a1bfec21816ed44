/**
 * getPublishedSkillsFromDb(): one filtered, sorted window of community skills from Postgres
 * (AC-US3-01) and the total that matches. Raw SQL, fully parameterised: user input only ever
 * travels as bind parameters; the statement text is assembled from fixed fragments and a
 * whitelisted ORDER BY. Seed slugs are excluded here (seed is canonical for them, AC-US3-05).
 */
import type { Db } from "../../platform/db";
import { escapeLike, FUZZY_THRESHOLD, normalizeSearch, searchTokens, toPrefixTsQuery, type WordLookup } from "../search";
import type { SkillQuery } from "../listing-query";
import { eachActiveFilter, SORT_COLUMNS, sqlOrderBy } from "../listing-rules";
import { selectColumns, skillFromRow, type SkillRowLike } from "./skill-rows";
import type { Skill } from "../skill";

export interface DbWindow {
  /** Rows in order, each with its relevance score (0 without a search). */
  rows: { skill: Skill; score: number }[];
  total: number;
  /** For a search with no match in the database: what its vocabulary knows of each query word. */
  words?: Map<string, WordLookup>;
}

interface Built {
  where: string;
  score: string;
  orderBy: string;
  /** Conditions valid on "SkillCount" rows too, when every active filter is counted there; else null. */
  countedFilters: string[] | null;
  params: unknown[];
  /**
   * For a search that the word index alone answers (an ASCII query with words): the conditions
   * of every other filter (seed slugs excluded), the query's placeholder, its word condition and
   * tokens, and whether any filter other than the search is set.
   */
  wordSearch?: { others: string; query: string; tsq: string; tokens: string[]; filtered: boolean };
}

/**
 * The rows whose slug belongs to a seed skill (`slugs`: the text[] placeholder), looked up by name
 * alone: OFFSET 0 keeps the planner on the name index whatever the outer query filters.
 */
const seedSlugRows = (cols: string, slugs = "$1") => `(SELECT ${cols} FROM "Skill" WHERE name = ANY(${slugs}::text[]) OFFSET 0)`;

/** True when every character is ASCII: then the app and Postgres split the text into the same words. */
const isAscii = (text: string) => /^[\x00-\x7f]*$/.test(text);

/** Builds WHERE, the relevance expression and ORDER BY for a query from the rulebook; values go to `params`. */
export function buildSkillSql(q: SkillQuery, excludeNames: readonly string[]): Built {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [`NOT (name = ANY(${p(excludeNames)}::text[]))`];
  let counted: string[] | null = [];
  eachActiveFilter(q, (_key, rule, value) => {
    // The search's condition comes with its score (below); every other filter's from its rule.
    const condition = rule.sql?.(value, p);
    if (condition) where.push(condition);
    if (rule.total !== "skill-count") counted = null;
    else if (condition) counted?.push(condition);
  });
  let score = "0";
  let wordSearch: Built["wordSearch"];
  const search = q.search ? normalizeSearch(q.search) : "";
  if (search) {
    // where[0] excludes the seed slugs; anything after it is another filter.
    const others = { others: where.join(" AND "), filtered: where.length > 1 };
    const built = searchSql(search, p);
    where.push(built.where);
    score = built.score;
    if (built.words) wordSearch = { ...others, ...built.words };
  }
  return { where: where.join(" AND "), score, orderBy: sqlOrderBy(q), countedFilters: counted, params, ...(wordSearch ? { wordSearch } : {}) };
}

/** The search condition and relevance score (search.ts defines the same score in memory). */
function searchSql(
  search: string,
  p: (v: unknown) => string,
): { where: string; score: string; words?: { query: string; tsq: string; tokens: string[] } } {
  const n = p(search);
  const tokens = searchTokens(search);
  const tsq = tokens.length ? `"searchVector" @@ to_tsquery('simple', ${p(toPrefixTsQuery(tokens))})` : "";
  const score = `(CASE WHEN lower(name) = ${n} OR lower("displayName") = ${n} THEN 4
      WHEN starts_with(lower(name), ${n}) OR starts_with(lower("displayName"), ${n}) THEN 3
      ELSE 2 END)`;
  if (tsq && isAscii(search)) {
    // An ASCII query that prefixes a name or display name also prefixes their words, which the
    // vector splits exactly as the app does (migration 20261129030000): the GIN index alone
    // finds every match, and the score above ranks them.
    return { where: tsq, score, words: { query: n, tsq, tokens } };
  }
  // Other text may split differently in the database's locale: match prefixes directly
  // (btree on name, trigram GIN on displayName) as well as words.
  const prefix = p(`${escapeLike(search)}%`);
  const prefixes = `name LIKE ${prefix} ESCAPE '\\' OR "displayName" ILIKE ${prefix} ESCAPE '\\'`;
  return { where: tsq ? `(${prefixes} OR ${tsq})` : `(${prefixes})`, score };
}

const COLUMNS = selectColumns();

interface Row extends Partial<SkillRowLike> {
  score: number | null;
  total: number;
  words?: SearchWordRow[] | null;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * One statement for one listing window: the rows of the page, each carrying the number of matches
 * (`total`); an empty page still returns one row, with the total and no skill. Only the page's
 * rows are read in full (deferred join), so deep pages and broad searches stay cheap.
 * - Searches and author filters collect their matches through their indexes as narrow rows
 *   (name, score, sort keys), count them and order them there.
 * - Other listings walk the narrow (sort key, name) index; their total comes from the
 *   trigger-maintained "SkillCount" table (no table scan at any size) minus the rows whose slug
 *   belongs to a seed skill.
 */
export function buildSkillStatement(
  q: SkillQuery,
  window: { offset: number; limit: number },
  excludeNames: readonly string[],
  options: { vocabulary?: boolean } = {},
): Statement {
  const built = buildSkillSql(q, excludeNames);
  const fullRows = (select: string) =>
    `SELECT ${select}, ${COLUMNS} FROM (SELECT 1) one LEFT JOIN (page JOIN "Skill" USING (name)) ON true ORDER BY ${built.orderBy}`;
  // With `vocabulary`, a search that matches nothing brings back the vocabulary lookups for
  // "did you mean" in the same round trip; CASE evaluates them only then.
  const wordsColumn = (params: unknown[], noMatch: string) => {
    const tokens = q.search && options.vocabulary ? searchTokens(normalizeSearch(q.search)) : [];
    if (!tokens.length) return "";
    params.push(tokens, FUZZY_THRESHOLD);
    const lookup = searchWordLookupSql(`$${params.length - 1}`, `$${params.length}`, "$1");
    return `, CASE WHEN ${noMatch} THEN (SELECT json_agg(l) FROM (${lookup}) l) END AS words`;
  };
  if (built.wordSearch) return wordSearchStatement(built, built.wordSearch, window, fullRows, wordsColumn);
  const params = [...built.params, window.limit, window.offset];
  const limit = `LIMIT $${params.length - 1} OFFSET $${params.length}`;
  if (!built.countedFilters) {
    const words = wordsColumn(params, "(SELECT count(*) FROM m) = 0");
    return {
      sql: `WITH m AS MATERIALIZED (SELECT name, ${built.score} AS score, ${SORT_COLUMNS} FROM "Skill" WHERE ${built.where}),
        page AS (SELECT name, score FROM m ORDER BY ${built.orderBy} ${limit})
        ${fullRows(`(SELECT count(*) FROM m)::int AS total, page.score::float8 AS score${words}`)}`,
      params,
    };
  }
  const and = built.countedFilters.map((f) => ` AND ${f}`).join("");
  const total = `((SELECT coalesce(sum(count), 0) FROM "SkillCount" WHERE true${and})
    - (SELECT count(*) FROM ${seedSlugRows(`category, "certTier", extensible`)} seeded WHERE true${and}))::int`;
  return {
    sql: `WITH page AS (SELECT name FROM "Skill" WHERE ${built.where} ORDER BY ${built.orderBy} ${limit})
      ${fullRows(`${total} AS total, 0::float8 AS score`)}`,
    params,
  };
}

/** The longest prefix "SearchPrefix" counts (migration 20261203050000_search_prefixes). */
const PREFIX_MAX = 24;

/** How far a walk of a sort index goes before the matches are taken from the word index instead. */
const walkRows = (k: number) => Math.max(2_000, 10 * k);

/** Orders an index walks as they are (listing-rules.ts: descending sorts, and name either way). */
const WALKABLE = /^(?:"(?:trendingScore7d|createdAt|certScore|githubStars)" DESC, name ASC|name (?:ASC|DESC))$/;

/**
 * `${cte}`: the first `k` rows (columns `cols`, from `inner`, a select list on "Skill") meeting
 * `cond` in `orderBy`. Given a walk length `w` (null: the order has no index to walk), a broad
 * search finds them by walking the sort index, which stops after `k` matches; a walk of `w` rows
 * that finds fewer (words the planner wrongly takes for common ones) leaves the rows to the word
 * index, which then holds few matches: at most `w` rows (under half the catalogue) plus the
 * matches. The total decides beforehand whether a walk is worth it.
 */
function bestMatches(cte: string, cols: string, inner: string, cond: string, others: string, orderBy: string, k: string, w: string | null): string {
  const matched = `(SELECT ${inner} FROM "Skill" WHERE ${cond} AND ${others} OFFSET 0) m`;
  if (!w) return `${cte} AS (SELECT ${cols} FROM ${matched} ORDER BY ${orderBy} LIMIT ${k})`;
  // No walk when the total (CTE t) says it would not meet k matches, spread evenly, in half its
  // length (the word index then holds few rows, and is cheaper), or when the walk would cover
  // more than half the catalogue (a deep page: sorting the matches costs less).
  const rows = `(SELECT coalesce(sum(count), 0) FROM "SkillCount")`;
  const worthWalking = `(SELECT total FROM t)::float8 * ${w} >= 2 * ${k} * ${rows} AND 2 * ${w} <= ${rows}`;
  return `${cte}_walk AS MATERIALIZED (SELECT ${cols} FROM (SELECT ${inner}, "searchVector", "displayName" FROM "Skill"
          WHERE ${others} AND (SELECT total FROM t) >= ${k} AND ${worthWalking}
          ORDER BY ${orderBy} LIMIT ${w}) s WHERE ${cond} ORDER BY ${orderBy} LIMIT ${k}),
      ${cte} AS (SELECT * FROM ${cte}_walk WHERE (SELECT count(*) FROM ${cte}_walk) >= ${k}
        UNION ALL
        (SELECT ${cols} FROM ${matched} WHERE (SELECT total FROM t) > 0 AND (SELECT count(*) FROM ${cte}_walk) < ${k}
          ORDER BY ${orderBy} LIMIT ${k}))`;
}

/**
 * A search the word index answers alone, without reading every match (a common word matches
 * a third of the catalogue):
 * - the page: in relevance order, the skills whose name or display name the query starts (score
 *   3 and 4) come from index-only scans of the lowercased name and display-name indexes, and
 *   the best `offset + limit` of the other matches (score 2) from a bounded walk of the trending
 *   index (bestMatches); in any other order, the matches in that order up to the page, the same way.
 * - the total: for one word and no other filter, the trigger-kept "SearchPrefix" count of skills
 *   holding a word that starts with it, less the rows whose slug belongs to a seed skill; else
 *   the matches counted through the word index. Only for a word the text-search parser keeps
 *   whole: it reads "1e1g" as a number and a word, which the prefix counts do not hold.
 */
function wordSearchStatement(
  built: Built,
  ws: NonNullable<Built["wordSearch"]>,
  window: { offset: number; limit: number },
  fullRows: (select: string) => string,
  wordsColumn: (params: unknown[], noMatch: string) => string,
): Statement {
  const params = [...built.params];
  const p = (v: unknown) => `$${params.push(v)}`;
  const n = ws.query;
  const limit = `LIMIT ${p(window.limit)} OFFSET ${p(window.offset)}`;
  const k = p(window.offset + window.limit);
  const walk = () => p(walkRows(window.offset + window.limit));
  const lname = `lower(name) COLLATE "C"`;
  const ldisplay = `lower("displayName") COLLATE "C"`;
  let page: string;
  if (built.orderBy.startsWith("score ")) {
    // Relevance: score, then trending (listing-rules.ts); a name may start the query in both
    // indexes, and keeps its best score. In descending relevance each index's best
    // `offset + limit` are enough: a skill on the page ranks there by its best score, and
    // everything above it in that index ranks above it too.
    const best = built.orderBy.startsWith("score DESC") ? `ORDER BY s DESC, "trendingScore7d" DESC, name LIMIT ${k}` : "";
    const startingWith = (key: string) => `(SELECT name, "trendingScore7d", CASE WHEN ${key} = ${n} THEN 4 ELSE 3 END AS s
            FROM "Skill" WHERE starts_with(${key}, ${n}) AND ${ws.others} ${best})`;
    const prefixed = `(starts_with(${lname}, ${n}) OR starts_with(${ldisplay}, ${n}))`;
    page = `hi AS MATERIALIZED (SELECT name, max(s) AS score, "trendingScore7d" FROM (
          ${startingWith(lname)} UNION ALL ${startingWith(ldisplay)}) x
        GROUP BY name, "trendingScore7d"),
      ${bestMatches("lo", `name, 2 AS score, "trendingScore7d"`, `name, "trendingScore7d"`, `${ws.tsq} AND NOT ${prefixed}`, ws.others, `"trendingScore7d" DESC, name ASC`, k, walk())},
      page AS (SELECT name, score FROM (SELECT * FROM hi UNION ALL SELECT * FROM lo) c ORDER BY ${built.orderBy} ${limit})`;
  } else {
    const cols = `name, score, ${SORT_COLUMNS}`;
    page = `${bestMatches("best", cols, `name, ${built.score} AS score, ${SORT_COLUMNS}`, ws.tsq, ws.others, built.orderBy, k, WALKABLE.test(built.orderBy) ? walk() : null)},
      page AS (SELECT name, score FROM best ORDER BY ${built.orderBy} ${limit})`;
  }
  const [token] = ws.tokens;
  const counted = `(SELECT count(*) FROM "Skill" WHERE ${ws.tsq} AND ${ws.others})`;
  let total = counted;
  if (ws.tokens.length === 1 && !ws.filtered && token!.length <= PREFIX_MAX) {
    const t = p(token);
    total = `CASE WHEN to_tsquery('simple', ${t})::text = quote_literal(${t}) THEN
          coalesce((SELECT skills FROM "SearchPrefix" WHERE prefix = ${t}), 0)
          - (SELECT count(*) FROM ${seedSlugRows(`"searchVector"`)} s WHERE ${ws.tsq})
        ELSE ${counted} END`;
  }
  const words = wordsColumn(params, "(SELECT total FROM t) = 0");
  return {
    sql: `WITH t AS MATERIALIZED (SELECT (${total})::int AS total), ${page}
      ${fullRows(`(SELECT total FROM t) AS total, page.score::float8 AS score${words}`)}`,
    params,
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
  options: { vocabulary?: boolean } = {},
): Promise<DbWindow> {
  const { sql, params } = buildSkillStatement(q, window, excludeNames, options);
  const rows = await db.$queryRawUnsafe<Row[]>(sql, ...params);
  const first = rows[0]!;
  return {
    rows: rows.filter((r) => r.name != null).map((r) => ({ skill: skillFromRow(r as SkillRowLike), score: Number(r.score) })),
    total: first.total,
    ...(first.words !== undefined ? { words: searchWordLookups(first.words ?? []) } : {}),
  };
}

/** Candidates per word: the 5 closest catalogue words by trigram similarity (trigram GIN). */
const CANDIDATES = 5;

/**
 * For each query word, whether some catalogue word starts with it (the first word at or after it
 * in the "C"-ordered primary key) and the catalogue words closest to it: the vocabulary side of
 * "did you mean" (relevance.ts), from the trigger-maintained "SearchWord" table. Words held only
 * by rows whose slug belongs to a seed skill (never listed) do not count, as in memory.
 * Parameters: the tokens (text[]), the similarity threshold, the seed slugs (text[]).
 */
function searchWordLookupSql(tokens: string, threshold: string, excludeNames: string): string {
  const listed = `sw.skills > coalesce((SELECT count(*) FROM hidden h WHERE h.w = sw.word COLLATE "C"), 0)`;
  return `WITH hidden AS MATERIALIZED (
         SELECT w FROM ${seedSlugRows(`"searchVector"`, excludeNames)} s,
           unnest(tsvector_to_array(s."searchVector")) w)
     SELECT t.token,
       (SELECT sw.word FROM "SearchWord" sw WHERE sw.word >= t.token AND ${listed} ORDER BY sw.word LIMIT 1) AS next,
       ARRAY(SELECT sw.word FROM "SearchWord" sw WHERE sw.word % t.token AND similarity(sw.word, t.token) >= ${threshold} AND ${listed}
             ORDER BY similarity(sw.word, t.token) DESC, sw.word LIMIT ${CANDIDATES}) AS candidates
     FROM unnest(${tokens}::text[]) AS t(token)`;
}

export type SearchWordRow = { token: string; next: string | null; candidates: string[] };

export function searchWordLookups(rows: readonly SearchWordRow[]): Map<string, WordLookup> {
  return new Map(rows.map((r) => [r.token, { known: r.next?.startsWith(r.token) ?? false, candidates: r.candidates }]));
}
