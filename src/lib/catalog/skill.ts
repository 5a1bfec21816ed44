/**
 * The one description of a skill. Every shape the app handles derives from `skillSchema`:
 * the TypeScript types, the KV record and its legacy parser (catalog/kv/skill-record.ts), the KV
 * listing summary (a `pick` of it), and the Postgres row mapping (catalog/postgres/skill-rows.ts,
 * whose column list a test holds equal to these fields). A new field is one edit here, plus a
 * column in schema.prisma when Postgres must keep it; a field with a default needs nothing else.
 * Dates are ISO-8601 strings so a skill serialises the same way from any source.
 */
import { z } from "zod";
import { parseRepoUrl } from "./slug";

export const CERT_TIERS = ["SCANNED", "VERIFIED", "CERTIFIED"] as const;
export type CertTier = (typeof CERT_TIERS)[number];

export const CERT_METHODS = ["AUTOMATED_SCAN", "LLM_JUDGE", "MANUAL_REVIEW", "VENDOR_AUTO"] as const;
export type CertMethod = (typeof CERT_METHODS)[number];

/** Which store served a skill; seed skills are canonical for their slugs. */
export type SkillSource = "seed" | "postgres" | "kv";

export const extensionPointSchema = z.object({
  /** Short identifier, e.g. "templates". */
  name: z.string(),
  /** What an extension placed here changes. */
  description: z.string().default(""),
});
export type ExtensionPoint = z.infer<typeof extensionPointSchema>;

export const isoDateSchema = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO date");

/** The fields of a published skill, with the defaults a record written before a field existed gets. */
export const skillSchema = z.object({
  /** Unique slug; the URL segment under /skills/. */
  name: z.string().min(1),
  /** The skill's own name in its repo (SKILL.md `name`); with repoUrl, its identity. */
  skillName: z.string(),
  displayName: z.string(),
  description: z.string().default(""),
  /** GitHub owner of the repo. */
  author: z.string(),
  /** https://github.com/{owner}/{repo} */
  repoUrl: z.string().refine((u) => parseRepoUrl(u) !== null, "must be https://github.com/{owner}/{repo}"),
  /** Path of the skill folder inside the repo (where SKILL.md lives). */
  skillPath: z.string().default(""),
  category: z.string().default("development"),
  currentVersion: z.string().default("1.0.0"),
  certTier: z.enum(CERT_TIERS).default("SCANNED"),
  certMethod: z.enum(CERT_METHODS).default("AUTOMATED_SCAN"),
  /** 0-100, a whole number (older records may hold a fraction). */
  certScore: z.number().min(0).max(100).transform((n) => Math.round(n)).default(0),
  certifiedAt: isoDateSchema.nullable().default(null),
  labels: z.array(z.string()).default([]),
  extensible: z.boolean().default(false),
  extensionPoints: z.array(extensionPointSchema).default([]),
  trendingScore7d: z.number().default(0),
  trendingScore30d: z.number().default(0),
  githubStars: z.number().int().default(0),
  /** SPDX id or free text from the SKILL.md frontmatter `license`; null when not declared. */
  license: z.string().nullable().default(null),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});

/** A published skill as stored (KV record, Postgres row): every field of `skillSchema`. */
export type SkillRecord = z.output<typeof skillSchema>;
export type SkillField = keyof SkillRecord;
export const SKILL_FIELDS = Object.keys(skillSchema.shape) as SkillField[];

/** A skill as served: the record without its in-repo name, and the store it came from. */
export type Skill = Omit<SkillRecord, "skillName"> & { source: SkillSource };

/** The value of every field that has a default (shared, frozen: copy arrays before mutating). */
export const SKILL_DEFAULTS = Object.freeze(
  skillSchema.partial({ name: true, skillName: true, displayName: true, author: true, repoUrl: true, createdAt: true, updatedAt: true }).parse({}),
) as Readonly<Omit<SkillRecord, "name" | "skillName" | "displayName" | "author" | "repoUrl" | "createdAt" | "updatedAt">>;

/** The served skill of a record. */
export function skillFromRecord(r: SkillRecord, source: SkillSource): Skill {
  const { skillName: _skillName, ...skill } = r;
  return { ...skill, source };
}

// NUL and the other C0 controls but tab, newline and carriage return; DEL.
const UNSTORABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Text as every store can hold it: Postgres refuses NUL in text and JSON, and a lone surrogate
 * would be stored as U+FFFD by one store and as an escape by the other. So control characters
 * (but tab and line breaks) are dropped and lone surrogates become U+FFFD before any store is
 * written; KV and Postgres then never disagree about a value.
 */
export function cleanText(text: string): string {
  return text.replace(UNSTORABLE, "").toWellFormed();
}

/** The record with every text cleaned (`cleanText`); `changed` says whether anything was. */
export function cleanRecord(record: SkillRecord): { record: SkillRecord; changed: boolean } {
  let changed = false;
  const clean = (v: unknown): unknown => {
    if (typeof v === "string") {
      const c = cleanText(v);
      if (c !== v) changed = true;
      return c;
    }
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]));
    return v;
  };
  const out = clean(record) as SkillRecord;
  return { record: changed ? out : record, changed };
}
