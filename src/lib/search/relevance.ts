/**
 * Search relevance, defined once for both sides of the catalogue: Postgres computes it for
 * community skills (skills-db-query.ts) and this module computes the same score for seed skills
 * in memory, so the two merge into one ranking.
 *   4     exact name or display name (case-insensitive)
 *   3     name or display name starts with the query
 *   2     every query word is a prefix of a word in name, display name, description or author
 *         (Postgres: the `searchVector` tsvector with a `word:* & …` tsquery)
 *   0     no match
 * Only when nothing in the whole catalogue matches that way does a search turn fuzzy ("did you
 * mean"): then the score is the trigram similarity (pg_trgm semantics) of the display name, when
 * >= 0.3. Typos still find their skill; broad queries are not flooded with near-misses.
 */

export type SearchMode = "strict" | "fuzzy";

export const FUZZY_THRESHOLD = 0.3;
const MAX_TOKENS = 8;

/** The query as matched: trimmed, lowercased, inner whitespace collapsed. */
export function normalizeSearch(q: string): string {
  return q.trim().toLowerCase().replace(/\s+/g, " ");
}

/** Words of a text as the `simple` text-search parser sees them: runs of letters and digits. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The query's words (at most 8); empty when it has none (e.g. only punctuation). */
export function searchTokens(q: string): string[] {
  return [...new Set(words(q))].slice(0, MAX_TOKENS);
}

/** `tok:* & tok:*` for to_tsquery('simple', …); tokens hold only letters and digits. */
export function toPrefixTsQuery(tokens: string[]): string {
  return tokens.map((t) => `${t}:*`).join(" & ");
}

/** Escapes LIKE wildcards so user input is matched literally (`ESCAPE '\'`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** pg_trgm's trigram set: each word padded with two spaces before and one after. */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    const padded = `  ${w} `;
    const chars = [...padded];
    for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(""));
  }
  return out;
}

/** pg_trgm `similarity(a, b)`: shared trigrams over all distinct trigrams. */
export function similarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  if (ta.size === 0 || tb.size === 0) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  // Postgres computes in single precision (float4); round the same way so thresholds agree.
  return Math.fround(common / (ta.size + tb.size - common));
}

export interface Searchable {
  name: string;
  displayName: string;
  description: string;
  author: string;
}

/** The relevance of one skill for a search (see the table above); 0 means no match. */
export function relevanceScore(skill: Searchable, search: string, mode: SearchMode = "strict"): number {
  const q = normalizeSearch(search);
  if (!q) return 0;
  if (mode === "fuzzy") {
    const fuzzy = similarity(skill.displayName, q);
    return fuzzy >= FUZZY_THRESHOLD ? fuzzy : 0;
  }
  const name = skill.name.toLowerCase();
  const display = skill.displayName.toLowerCase();
  if (name === q || display === q) return 4;
  if (name.startsWith(q) || display.startsWith(q)) return 3;
  const tokens = searchTokens(q);
  if (tokens.length) {
    const docWords = words(`${skill.name} ${skill.displayName} ${skill.description} ${skill.author}`);
    if (tokens.every((t) => docWords.some((w) => w.startsWith(t)))) return 2;
  }
  return 0;
}
