// Builders for published-skill fixtures in KV (current records with metadata, and legacy ones).
import type { PublishInput } from "@/lib/submission-store";
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
// descriptions: the commonest word is about a tenth of the words drawn (with descriptions of up to
// 1,024 characters it is in about a third of all skills), the hundredth about one in a hundred,
// most in a handful. Every "community-skill-N" would be trigram-similar to every
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

// A catalogue sized like the real ecosystem's: what the bench measures at 5,000 to 150,000.
// Descriptions run from 150 to 1,024 characters (the Agent Skills limit), most of them a few
// hundred, as real SKILL.md descriptions do; display names are two or three words; a skill has
// up to six labels; 5% of the catalogue are legacy records without metadata (catalogueEntries).
const LABELS = [
  "pdf", "docx", "spreadsheet", "git", "github", "ci", "docker", "kubernetes", "terraform", "aws", "gcp", "azure",
  "python", "typescript", "rust", "go", "react", "nextjs", "sql", "postgres", "testing", "security", "accessibility",
  "seo", "marketing", "writing", "research", "data-viz", "ml", "llm", "agents", "mcp", "automation", "design",
];
const OPENERS = ["Use when", "Helps agents", "Guides the model to", "Teaches Claude how to", "Automates", "Reviews and fixes"];

/** Skill i of a catalogue with real sizes (see above). Deterministic. */
export function catalogueRecord(i: number): SkillRecord {
  const base = realisticRecord(i);
  const w = (k: number) => zipfWord(i, k);
  const length = 150 + Math.floor(874 * unit(i, 40) ** 2);
  const sentences: string[] = [];
  let text = `${OPENERS[i % OPENERS.length]} ${w(3)} ${w(4)} ${w(5)} for ${w(6)} projects.`;
  for (let k = 10; text.length < length; k += 6) {
    sentences.push(` It ${w(k)}s the ${w(k + 1)} and ${w(k + 2)} of each ${w(k + 3)}, then ${w(k + 4)}s the ${w(k + 5)}.`);
    text += sentences.at(-1);
  }
  const labels = Array.from({ length: Math.floor(unit(i, 41) * 7) }, (_, k) => LABELS[Math.floor(unit(i, 50 + k) * LABELS.length)]!);
  const words = base.displayName.split(" ");
  return {
    ...base,
    description: text.slice(0, length).replace(/ $/, "."),
    displayName: unit(i, 42) < 0.4 ? `${words[0]} ${words[1]} ${cap(w(43))}` : `${words[0]} ${words[1]}`,
    labels: [...new Set(labels)],
    skillPath: `skills/${base.name}`,
  };
}

/** KV entries for skills `from`…`from + n - 1`: every twentieth is a legacy record without metadata. */
export function catalogueEntries(n: number, from = 0): SeedEntry[] {
  return Array.from({ length: n }, (_, k) => {
    const r = catalogueRecord(from + k);
    return (from + k) % 20 === 7 ? legacyEntry(r.name, { repoUrl: r.repoUrl, name: r.skillName, description: r.description }) : recordEntry(r);
  });
}

/** What a publish of one skill of acme's repo says (delist and dashboard tests). */
export function publishInput(skillName: string, over: Partial<PublishInput> = {}): PublishInput {
  return {
    repoUrl: "https://github.com/acme/agent-skills",
    skillName,
    skillPath: `skills/${skillName}`,
    description: `Turns merged pull requests into ${skillName} notes for the team's weekly release, with links back to each change.`,
    certScore: 90,
    ...over,
  };
}
