/**
 * Search relevance, defined once for both sides of the catalogue: Postgres computes it for
 * community skills (skills-db-query.ts) and this module computes the same score for seed skills
 * in memory, so the two merge into one ranking.
 *   4     exact name or display name (case-insensitive)
 *   3     name or display name starts with the query
 *   2     every query word is a prefix of a word in name, display name, description or author
 *         (Postgres: the `searchVector` tsvector with a `word:* & …` tsquery)
 *   0     no match
 * Only when nothing in the whole catalogue matches does a search correct itself ("did you mean"):
 * each query word that starts no word of the catalogue is replaced by the catalogue word closest
 * to it by trigram similarity (pg_trgm semantics, at least 0.3), or dropped when none is that
 * close; the corrected query is then searched as above. Typos find their skill; a query whose
 * words all exist but never meet in one skill stays empty rather than flooded with near-misses.
 */

export const FUZZY_THRESHOLD = 0.3;
const MAX_TOKENS = 8;

/** The query as matched: trimmed, lowercased, inner whitespace collapsed. */
export function normalizeSearch(q: string): string {
  return q.trim().toLowerCase().replace(/\s+/g, " ");
}

/** Words of a text as the `simple` text-search parser sees them: runs of letters and digits. */
export function words(text: string): string[] {
  // Letters with their combining marks, and decimal digits: what Postgres's parser keeps together
  // in a UTF-8 database (so "Poke\u0301mon" is one word on both sides).
  return text.toLowerCase().match(/[\p{L}\p{M}\p{Nd}]+/gu) ?? [];
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
  return trigramSimilarity(trigrams(a), trigrams(b));
}

function trigramSimilarity(ta: ReadonlySet<string>, tb: ReadonlySet<string>): number {
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
export function relevanceScore(skill: Searchable, search: string): number {
  const q = normalizeSearch(search);
  if (!q) return 0;
  const name = skill.name.toLowerCase();
  const display = skill.displayName.toLowerCase();
  if (name === q || display === q) return 4;
  if (name.startsWith(q) || display.startsWith(q)) return 3;
  const tokens = searchTokens(q);
  if (tokens.length) {
    const docWords = wordsOf(skill);
    if (tokens.every((t) => docWords.some((w) => w.startsWith(t)))) return 2;
  }
  return 0;
}

// A skill's words, computed once per skill object (seed skills are searched on every request).
const wordCache = new WeakMap<Searchable, string[]>();
function wordsOf(skill: Searchable): string[] {
  let out = wordCache.get(skill);
  if (!out) wordCache.set(skill, (out = [...new Set(words(searchableText(skill)))]));
  return out;
}

/** The text a skill is searched by (the same four fields as the database's search vector). */
export function searchableText(skill: Searchable): string {
  return `${skill.name} ${skill.displayName} ${skill.description} ${skill.author}`;
}

/** What a catalogue knows about one query word. */
export interface WordLookup {
  /** Some word of the catalogue starts with it. */
  known: boolean;
  /** Catalogue words that may be close to it (at least the closest one, when any is). */
  candidates: readonly string[];
}

/**
 * "Did you mean": the query with each unknown word replaced by its closest catalogue word
 * (similarity >= 0.3; ties go to the alphabetically first word) and unknown words with nothing
 * close dropped. Null when no word changes or none is left.
 */
export function correctSearch(search: string, lookup: (token: string) => WordLookup): string | null {
  const tokens = searchTokens(search);
  const out: string[] = [];
  let changed = false;
  for (const token of tokens) {
    const { known, candidates } = lookup(token);
    if (known) {
      if (!out.includes(token)) out.push(token);
      continue;
    }
    changed = true;
    let best: { word: string; sim: number } | null = null;
    for (const word of candidates) {
      const sim = similarity(word, token);
      if (sim < FUZZY_THRESHOLD) continue;
      if (!best || sim > best.sim || (sim === best.sim && word < best.word)) best = { word, sim };
    }
    if (best && !out.includes(best.word)) out.push(best.word);
  }
  return changed && out.length > 0 ? out.join(" ") : null;
}

/**
 * Word lookups over an in-memory set of words (the seed, or a whole catalogue held in memory):
 * words are sorted once for prefix checks and indexed by trigram, so a lookup only measures the
 * words that share a trigram with the token, as the trigram index does in Postgres.
 */
export function vocabularyLookup(vocabulary: ReadonlySet<string>): (token: string) => WordLookup {
  const sorted = [...vocabulary].sort();
  const grams = new Map<string, Set<string>>();
  const byTrigram = new Map<string, string[]>();
  for (const w of sorted) {
    const t = trigrams(w);
    grams.set(w, t);
    for (const g of t) {
      const list = byTrigram.get(g);
      if (list) list.push(w);
      else byTrigram.set(g, [w]);
    }
  }
  return (token) => {
    // First word at or after the token in sorted order: the token prefixes some word iff this one.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < token) lo = mid + 1;
      else hi = mid;
    }
    const known = lo < sorted.length && sorted[lo]!.startsWith(token);
    const tt = trigrams(token);
    const seen = new Set<string>();
    const candidates: string[] = [];
    for (const g of tt) {
      for (const w of byTrigram.get(g) ?? []) {
        if (seen.has(w)) continue;
        seen.add(w);
        if (trigramSimilarity(grams.get(w)!, tt) >= FUZZY_THRESHOLD) candidates.push(w);
      }
    }
    return { known, candidates };
  };
}

/** The distinct words of some skills' searchable text. */
export function vocabularyOf(skills: readonly Searchable[]): Set<string> {
  const out = new Set<string>();
  for (const s of skills) for (const w of words(searchableText(s))) out.add(w);
  return out;
}
