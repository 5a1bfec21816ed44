/**
 * The value and metadata of a `skill:{slug}` key, both derived from `skillSchema` (catalog/skill.ts).
 * - Value: the full record (JSON). Older records may lack fields or name them differently; the
 *   stored-record schema accepts them and fills defaults, so nothing published is ever unreadable.
 * - Metadata: the listing summary, a `pick` of the record under KV's 1,024-byte limit, so listing
 *   N skills needs only ceil(N/1000) list() calls and no get()s.
 */
import { z } from "zod";
import { parseRepoUrl } from "../slug";
import { CERT_METHODS, CERT_TIERS, isoDateSchema, SKILL_DEFAULTS, skillFromRecord, skillSchema, type Skill, type SkillRecord } from "../skill";
import { KV_METADATA_MAX_BYTES } from "./keys";

export type { SkillRecord } from "../skill";

/**
 * Accepts every record shape ever written: legacy ones have only repoUrl and a name (under
 * `name`, `slug` or `skillName`) and may date themselves with `publishedAt`.
 */
export const storedRecordSchema = skillSchema.extend({
  name: z.string().optional(),
  slug: z.string().optional(),
  skillName: z.string().optional(),
  displayName: z.string().optional(),
  author: z.string().optional(),
  createdAt: isoDateSchema.optional(),
  updatedAt: isoDateSchema.optional(),
  publishedAt: isoDateSchema.optional(),
});

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
  const { slug: legacySlug, publishedAt, ...r } = parsed.data;
  const skillName = (r.skillName ?? r.name ?? legacySlug ?? slug).trim();
  const fallbackDate = publishedAt ?? r.updatedAt ?? r.createdAt ?? new Date(0).toISOString();
  return {
    ok: true,
    record: {
      ...r,
      name: slug,
      skillName,
      displayName: r.displayName ?? skillName,
      author: r.author ?? parseRepoUrl(r.repoUrl)!.owner,
      createdAt: r.createdAt ?? fallbackDate,
      updatedAt: r.updatedAt ?? fallbackDate,
    },
  };
}

/**
 * The record fields a listing needs, with the JSON type each has in metadata. Typed against the
 * record, so a field named here always exists there; `parseSummary` checks exactly these.
 */
const SUMMARY_FIELDS = {
  skillName: "string",
  displayName: "string",
  description: "string",
  author: "string",
  repoUrl: "string",
  category: "string",
  certTier: "tier",
  certMethod: "method",
  certScore: "number",
  extensible: "boolean",
  trendingScore7d: "number",
  githubStars: "number",
  createdAt: "string",
  updatedAt: "string",
} as const satisfies Partial<Record<keyof SkillRecord, "string" | "number" | "boolean" | "tier" | "method">>;
type SummaryField = keyof typeof SUMMARY_FIELDS;

const summaryPick = Object.fromEntries(Object.keys(SUMMARY_FIELDS).map((k) => [k, true])) as { [K in SummaryField]: true };

/** The listing summary kept in KV metadata and in the index: `v`, the slug and the picked fields. */
export const summarySchema = z
  .object({ v: z.literal(1), slug: z.string().min(1) })
  .extend(
    skillSchema
      .pick(summaryPick)
      .extend({ certScore: z.number(), createdAt: z.string(), updatedAt: z.string(), description: z.string() }).shape,
  );
export type SkillSummary = { v: 1; slug: string } & Pick<SkillRecord, SummaryField>;

/** Longest text kept per free-text field of a summary; descriptions are shortened in listings. */
const SUMMARY_TEXT_MAX: Partial<Record<SummaryField, number>> = {
  skillName: 80, displayName: 80, description: 200, author: 60, repoUrl: 160, category: 40,
};

/** Builds the summary, shortening text until it fits KV's metadata limit (whatever the record holds). */
export function summarize(record: SkillRecord): SkillSummary {
  const summary = { v: 1, slug: record.name } as SkillSummary & Record<string, unknown>;
  for (const field of Object.keys(SUMMARY_FIELDS) as SummaryField[]) {
    const max = SUMMARY_TEXT_MAX[field];
    summary[field] = (max === undefined ? record[field] : truncate(record[field] as string, max)) as never;
  }
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
const CHECKS = Object.entries(SUMMARY_FIELDS).map(([field, kind]): [string, (v: unknown) => boolean] => [
  field,
  kind === "tier" ? (v) => TIERS.has(v) : kind === "method" ? (v) => METHODS.has(v) : (v) => typeof v === kind,
]);

/**
 * Parses metadata from list(); null when absent or not a summary (a legacy record). This runs once
 * per listed key on the hot path, so it is a plain type guard over SUMMARY_FIELDS rather than a
 * zod parse (a test keeps it in agreement with `summarySchema`).
 */
export function parseSummary(metadata: unknown): SkillSummary | null {
  if (typeof metadata !== "object" || metadata === null) return null;
  const m = metadata as Record<string, unknown>;
  if (m.v !== 1 || typeof m.slug !== "string" || m.slug.length === 0) return null;
  for (const [field, ok] of CHECKS) if (!ok(m[field])) return null;
  return m as unknown as SkillSummary;
}

/** A listing entry from a summary (fields not in the summary take their defaults). */
export function skillFromSummary(s: SkillSummary): Skill {
  const { v: _v, slug, skillName: _skillName, ...fields } = s;
  return { ...SKILL_DEFAULTS, ...fields, name: slug, source: "kv" };
}

/** The served skill of a KV record. */
export const skillFromKvRecord = (r: SkillRecord): Skill => skillFromRecord(r, "kv");

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}
