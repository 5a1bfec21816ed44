// Builders for published-skill fixtures in KV (current records with metadata, and legacy ones).
import { summarize, type SkillRecord } from "@/lib/catalog/kv/skill-record";
import { SKILL_DEFAULTS } from "@/lib/catalog/skill";
import type { SeedEntry } from "./kv";

export function makeRecord(i: number, over: Partial<SkillRecord> = {}): SkillRecord {
  const name = over.name ?? `community-skill-${String(i).padStart(5, "0")}`;
  return {
    ...SKILL_DEFAULTS,
    name,
    skillName: over.skillName ?? name,
    displayName: `Community Skill ${i}`,
    description: `A community skill number ${i} for testing enumeration.`,
    author: `owner${i % 50}`,
    repoUrl: `https://github.com/owner${i % 50}/repo${i}`,
    skillPath: `skills/${name}`,
    category: ["development", "testing", "data", "devops"][i % 4]!,
    currentVersion: "1.0.0",
    certTier: (["SCANNED", "VERIFIED", "CERTIFIED"] as const)[i % 3]!,
    certMethod: (["AUTOMATED_SCAN", "LLM_JUDGE", "MANUAL_REVIEW"] as const)[i % 3]!,
    certScore: 60 + (i % 40),
    certifiedAt: "2026-06-01T00:00:00.000Z",
    labels: ["community", "verified"],
    extensible: i % 10 === 0,
    extensionPoints: i % 10 === 0 ? [{ name: "templates", description: "Extra templates" }] : [],
    // Repeating values on purpose: ties must be broken by name, identically in SQL and JavaScript.
    trendingScore7d: (i * 37) % 100,
    trendingScore30d: (i * 17) % 100,
    githubStars: (i * 7919) % 5000,
    createdAt: new Date(Date.UTC(2026, 0, 1) + (i % 500) * 3_600_000).toISOString(),
    updatedAt: "2026-06-01T00:00:00.000Z",
    ...over,
  };
}

/** A current record: value plus summary metadata. */
export function recordEntry(record: SkillRecord): SeedEntry {
  return { key: `skill:${record.name}`, value: JSON.stringify(record), metadata: summarize(record) };
}

/** A record written before metadata existed (value only, older field set). */
export function legacyEntry(slug: string, fields: { repoUrl: string; name: string; description?: string }): SeedEntry {
  return { key: `skill:${slug}`, value: JSON.stringify({ name: fields.name, repoUrl: fields.repoUrl, description: fields.description ?? "legacy", publishedAt: "2025-03-01T00:00:00.000Z" }) };
}

export function records(n: number, from = 0): SkillRecord[] {
  return Array.from({ length: n }, (_, i) => makeRecord(from + i));
}

// A catalogue that looks like a real one. Its words follow a Zipf-like law over a vocabulary of
// about 5,000 words (the 110 familiar ones first, then generated ones), as words do in real
// descriptions: the commonest word is in about a tenth of all skills, the hundredth in about one
// in a hundred, most in a handful. Every "community-skill-N" would be trigram-similar to every
// other and every word in every tenth skill would make each search a broad one.
const HEAD = (
  "pixel forge lint atlas query stream cipher vault ledger canvas prism relay harbor beacon quill " +
  "sketch matrix vector tensor shard delta orbit comet nebula quasar photon signal socket kernel " +
  "parser lexer router gateway broker cache index schema migrate deploy rollout canary audit guard " +
  "shield token secret badge review triage ticket sprint roadmap budget invoice payroll " +
  "lesson tutor quiz essay poem story script slide chart graph table report summary digest " +
  "translate glossary grammar style voice tone brand palette font layout grid motion sound"
).split(" ");
/** A deterministic number in [0, 1) for (i, k). */
function unit(i: number, k: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return ((h ^ (h >>> 15)) >>> 0) / 2 ** 32;
}
const ONSETS = ["b", "br", "c", "cr", "d", "dr", "f", "fl", "g", "gl", "h", "j", "k", "l", "m", "n", "p", "pl", "r", "s", "st", "t", "tr", "v", "z"];
const VOWELS = ["a", "e", "i", "o", "u", "ai", "ou"];
const CODAS = ["", "n", "r", "l", "s", "x", "nd", "rk"];
/** The vocabulary, commonest first: the familiar words, then generated two-syllable words. */
export const VOCABULARY: readonly string[] = (() => {
  const out = new Set(HEAD);
  const pick = <T>(list: readonly T[], k: number, salt: number) => list[Math.floor(unit(k, salt) * list.length)]!;
  for (let k = 0; out.size < 5_000; k++) {
    out.add(pick(ONSETS, k, 1) + pick(VOWELS, k, 2) + pick(ONSETS, k, 3) + pick(VOWELS, k, 4) + pick(CODAS, k, 5));
  }
  return [...out];
})();
// Zipf-Mandelbrot weights 1 / (rank + 10), as a cumulative table for sampling by binary search.
const CUMULATIVE = (() => {
  let sum = 0;
  const c = VOCABULARY.map((_, r) => (sum += 1 / (r + 11)));
  return c.map((x) => x / sum);
})();
function zipfWord(i: number, k: number): string {
  const u = unit(i, k);
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (CUMULATIVE[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo]!;
}
const CATEGORIES = ["development", "testing", "data", "devops", "security", "frontend", "writing", "design", "ai-ml", "productivity", "education", "business"];
const cap = (w: string) => `${w[0]!.toUpperCase()}${w.slice(1)}`;

/** Skill i of a varied catalogue: `{word}-{word}-{base36 id}`, varied text, owners and scores. */
export function realisticRecord(i: number): SkillRecord {
  const w = (k: number) => zipfWord(i, k);
  const a = w(1);
  const b = w(2);
  const name = `${a}-${b}-${i.toString(36)}`;
  return makeRecord(i, {
    name,
    skillName: name,
    displayName: `${cap(a)} ${cap(b)} ${i.toString(36).toUpperCase()}`,
    description: `Helps agents ${w(3)} the ${w(4)} and ${w(5)} of a ${w(6)} with ${w(7)} checks.`,
    author: `${w(8)}${i % 997}`,
    repoUrl: `https://github.com/${w(8)}${i % 997}/${w(9)}-skills`,
    category: CATEGORIES[i % CATEGORIES.length]!,
  });
}

export function realisticRecords(n: number, from = 0): SkillRecord[] {
  return Array.from({ length: n }, (_, i) => realisticRecord(from + i));
}
