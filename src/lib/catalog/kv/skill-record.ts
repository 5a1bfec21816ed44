/**
 * The value and metadata of a `skill:{slug}` key.
 * - Value: the full record (JSON). Older records may lack fields or name them differently; the
 *   schema accepts them and fills defaults, so nothing published is ever unreadable.
 * - Metadata: the listing summary, under KV's 1,024-byte limit, so listing N skills needs only
 *   ceil(N/1000) list() calls and no get()s.
 */
import { z } from "zod";
import { parseRepoUrl } from "../slug";
import { CERT_METHODS, CERT_TIERS, type Skill } from "../skill";
import { KV_METADATA_MAX_BYTES } from "./keys";

const extensionPointSchema = z.object({ name: z.string(), description: z.string().default("") });
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO date");

/** Accepts every record shape ever written (legacy ones have only repoUrl and a name). */
export const storedRecordSchema = z.object({
  name: z.string().optional(),
  slug: z.string().optional(),
  skillName: z.string().optional(),
  displayName: z.string().optional(),
  description: z.string().default(""),
  author: z.string().optional(),
  repoUrl: z.string().refine((u) => parseRepoUrl(u) !== null, "must be https://github.com/{owner}/{repo}"),
  skillPath: z.string().default(""),
  category: z.string().default("development"),
  currentVersion: z.string().default("1.0.0"),
  certTier: z.enum(CERT_TIERS).default("SCANNED"),
  certMethod: z.enum(CERT_METHODS).default("AUTOMATED_SCAN"),
  certScore: z.number().min(0).max(100).default(0),
  certifiedAt: isoDate.nullable().default(null),
  labels: z.array(z.string()).default([]),
  extensible: z.boolean().default(false),
  extensionPoints: z.array(extensionPointSchema).default([]),
  trendingScore7d: z.number().default(0),
  trendingScore30d: z.number().default(0),
  githubStars: z.number().int().default(0),
  createdAt: isoDate.optional(),
  updatedAt: isoDate.optional(),
  publishedAt: isoDate.optional(),
});

/** A published skill as stored in KV: the Skill fields plus its name inside the repo. */
export interface SkillRecord extends Omit<Skill, "source"> {
  /** The skill's own name in its repo (SKILL.md `name`); with repoUrl, its identity. */
  skillName: string;
}

export type ParsedRecord = { ok: true; record: SkillRecord } | { ok: false; error: string };

/** Parses a stored value; the key's slug is authoritative for `name`. Never throws. */
export function parseSkillRecord(slug: string, value: string | null): ParsedRecord {
  if (value === null) return { ok: false, error: "missing value" };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { ok: false, error: "value is not JSON" };
  }
  const parsed = storedRecordSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ") };
  }
  const r = parsed.data;
  const ref = parseRepoUrl(r.repoUrl)!;
  const skillName = (r.skillName ?? r.name ?? r.slug ?? slug).trim();
  const fallbackDate = r.publishedAt ?? r.updatedAt ?? r.createdAt ?? new Date(0).toISOString();
  return {
    ok: true,
    record: {
      name: slug,
      skillName,
      displayName: r.displayName ?? skillName,
      description: r.description,
      author: r.author ?? ref.owner,
      repoUrl: r.repoUrl,
      skillPath: r.skillPath,
      category: r.category,
      currentVersion: r.currentVersion,
      certTier: r.certTier,
      certMethod: r.certMethod,
      certScore: Math.round(r.certScore),
      certifiedAt: r.certifiedAt,
      labels: r.labels,
      extensible: r.extensible,
      extensionPoints: r.extensionPoints,
      trendingScore7d: r.trendingScore7d,
      trendingScore30d: r.trendingScore30d,
      githubStars: r.githubStars,
      createdAt: r.createdAt ?? fallbackDate,
      updatedAt: r.updatedAt ?? fallbackDate,
    },
  };
}

/** The listing summary kept in KV metadata and in the index. */
export const summarySchema = z.object({
  v: z.literal(1),
  slug: z.string().min(1),
  skillName: z.string(),
  displayName: z.string(),
  description: z.string(),
  author: z.string(),
  repoUrl: z.string(),
  category: z.string(),
  certTier: z.enum(CERT_TIERS),
  certMethod: z.enum(CERT_METHODS),
  certScore: z.number(),
  extensible: z.boolean(),
  trendingScore7d: z.number(),
  githubStars: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SkillSummary = z.infer<typeof summarySchema>;

const SUMMARY_DESCRIPTION_MAX = 200;

/** Builds the summary, shortening text until it fits KV's metadata limit (whatever the record holds). */
export function summarize(record: SkillRecord): SkillSummary {
  const summary: SkillSummary = {
    v: 1,
    slug: record.name,
    skillName: truncate(record.skillName, 80),
    displayName: truncate(record.displayName, 80),
    description: truncate(record.description, SUMMARY_DESCRIPTION_MAX),
    author: truncate(record.author, 60),
    repoUrl: truncate(record.repoUrl, 160),
    category: truncate(record.category, 40),
    certTier: record.certTier,
    certMethod: record.certMethod,
    certScore: record.certScore,
    extensible: record.extensible,
    trendingScore7d: record.trendingScore7d,
    githubStars: record.githubStars,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  // Escaped control characters can grow text six-fold in JSON: shrink the free text until it fits.
  for (const field of ["description", "displayName", "skillName"] as const) {
    while (byteLength(JSON.stringify(summary)) > KV_METADATA_MAX_BYTES && summary[field].length > 0) {
      summary[field] = truncate(summary[field], Math.floor(summary[field].length / 2));
    }
  }
  return summary;
}

const TIERS: ReadonlySet<unknown> = new Set(CERT_TIERS);
const METHODS: ReadonlySet<unknown> = new Set(CERT_METHODS);
const STRING_FIELDS = ["slug", "skillName", "displayName", "description", "author", "repoUrl", "category", "createdAt", "updatedAt"] as const;
const NUMBER_FIELDS = ["certScore", "trendingScore7d", "githubStars"] as const;

/**
 * Parses metadata from list(); null when absent or not a summary (a legacy record). This runs once
 * per listed key on the hot path, so it is a hand-written guard equivalent to `summarySchema`
 * (a test keeps the two in agreement).
 */
export function parseSummary(metadata: unknown): SkillSummary | null {
  if (typeof metadata !== "object" || metadata === null) return null;
  const m = metadata as Record<string, unknown>;
  if (m.v !== 1 || typeof m.slug !== "string" || m.slug.length === 0) return null;
  for (const f of STRING_FIELDS) if (typeof m[f] !== "string") return null;
  for (const f of NUMBER_FIELDS) if (typeof m[f] !== "number") return null;
  if (!TIERS.has(m.certTier) || !METHODS.has(m.certMethod) || typeof m.extensible !== "boolean") return null;
  return m as unknown as SkillSummary;
}

/** A listing entry from a summary (fields not in the summary take their defaults). */
export function skillFromSummary(s: SkillSummary): Skill {
  return {
    name: s.slug,
    displayName: s.displayName,
    description: s.description,
    author: s.author,
    repoUrl: s.repoUrl,
    skillPath: "",
    category: s.category,
    currentVersion: "1.0.0",
    certTier: s.certTier,
    certMethod: s.certMethod,
    certScore: s.certScore,
    certifiedAt: null,
    labels: [],
    extensible: s.extensible,
    extensionPoints: [],
    trendingScore7d: s.trendingScore7d,
    trendingScore30d: 0,
    githubStars: s.githubStars,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    source: "kv",
  };
}

export function skillFromRecord(r: SkillRecord): Skill {
  const { skillName: _skillName, ...skill } = r;
  return { ...skill, source: "kv" };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}
