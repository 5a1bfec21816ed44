/**
 * Mapping between skill records and the Postgres `Skill` table (the source of truth), derived
 * from the skill schema: its columns are the schema's fields (types read off the schema, with the
 * non-text ones named below), and a test holds them equal to Prisma's generated field list, so a
 * field cannot be stored in one place and silently dropped in another. Every SQL column list
 * (listing SELECT, batch backfill) is built from this table.
 * Upserts go through the unique (repoUrl, skillName) pair (AC-US2-01), which Prisma compiles to
 * INSERT … ON CONFLICT: safe when the same skill is published concurrently.
 */
import type { Db } from "../../platform/db";
import { Prisma, type Skill as SkillRow } from "../../../generated/prisma/client";
import { SKILL_DEFAULTS, SKILL_FIELDS, skillFromRecord, type Skill, type SkillField, type SkillRecord } from "../skill";

/** Every scalar column of "Skill" but its surrogate id: by design, exactly the skill's fields. */
export type SkillColumn = SkillField;

/** Columns whose SQL type is not plain text (or boolean, read off the field's default). */
const SQL_TYPES: Partial<Record<SkillColumn, string>> = {
  certTier: '"CertTier"',
  certMethod: '"CertMethod"',
  certScore: "integer",
  githubStars: "integer",
  trendingScore7d: "float8",
  trendingScore30d: "float8",
  certifiedAt: "timestamp(3)",
  createdAt: "timestamp(3)",
  updatedAt: "timestamp(3)",
  labels: "text[]",
  extensionPoints: "jsonb",
};

/** The SQL type of each column, as written in casts and in jsonb_to_recordset column lists. */
export const SKILL_COLUMN_TYPES: Record<SkillColumn, string> = Object.fromEntries(
  SKILL_FIELDS.map((f) => [f, SQL_TYPES[f] ?? (typeof (SKILL_DEFAULTS as Record<string, unknown>)[f] === "boolean" ? "boolean" : "text")]),
) as Record<SkillColumn, string>;

export const SKILL_COLUMNS: readonly SkillColumn[] = SKILL_FIELDS;
/** Prisma's generated list of the table's scalar columns (a test holds it equal to SKILL_COLUMNS). */
export const PRISMA_SKILL_COLUMNS = Object.keys(Prisma.SkillScalarFieldEnum).filter((c) => c !== "id");
const isTimestamp = (c: SkillColumn) => SKILL_COLUMN_TYPES[c].startsWith("timestamp");
const isEnum = (c: SkillColumn) => SKILL_COLUMN_TYPES[c].startsWith('"');

/** `name, "displayName", …` for a SELECT, enums read as text so raw rows match Prisma's. */
export function selectColumns(prefix = ""): string {
  return SKILL_COLUMNS.map((c) => (isEnum(c) ? `${prefix}"${c}"::text AS "${c}"` : `${prefix}"${c}"`)).join(", ");
}

/** The Skill row of a record (every column but id; `updatedAt` is Prisma's to set). */
export function rowData(r: SkillRecord) {
  const row: Record<string, unknown> = {};
  for (const c of SKILL_COLUMNS) {
    if (c === "updatedAt") continue;
    const v = r[c];
    row[c] = isTimestamp(c) ? (v === null ? null : new Date(v as string)) : v;
  }
  return row as Omit<Prisma.SkillCreateInput, "id" | "updatedAt">;
}

/**
 * Inserts or updates the row for this skill; returns the row. An existing row keeps its trending
 * scores (the stars refresh's, in Postgres only) and its stars unless `freshStars` (the publish
 * just read them from GitHub).
 */
export async function upsertSkillRow(db: Db, record: SkillRecord, opts: { freshStars?: boolean } = {}): Promise<SkillRow> {
  const { createdAt, ...data } = rowData(record);
  const { trendingScore7d: _t7, trendingScore30d: _t30, githubStars, ...kept } = data;
  // A new row (a first publish, a relist) takes the repo's last star reading when the record's is not fresh.
  const known = opts.freshStars ? null : await db.repoStars.findUnique({ where: { repoUrl: record.repoUrl }, select: { stars: true } });
  return db.skill.upsert({
    where: { repoUrl_skillName: { repoUrl: record.repoUrl, skillName: record.skillName } },
    create: { ...data, ...(known?.stars != null ? { githubStars: known.stars } : {}), createdAt },
    update: opts.freshStars ? { ...kept, githubStars } : kept,
  });
}

/** The repo holding `slug` in Postgres, or null. */
export async function findSlugHolder(db: Db, slug: string): Promise<string | null> {
  const row = await db.skill.findUnique({ where: { name: slug }, select: { repoUrl: true } });
  return row?.repoUrl ?? null;
}

/** The slug this repo's skill already has in Postgres, or null. */
export async function findSlugOf(db: Db, repoUrl: string, skillName: string): Promise<string | null> {
  const row = await db.skill.findUnique({ where: { repoUrl_skillName: { repoUrl, skillName } }, select: { name: true } });
  return row?.name ?? null;
}

/** A Prisma row, or a raw row read with `selectColumns()`. */
export type SkillRowLike = Pick<SkillRow, SkillColumn>;

/** The record a row holds: timestamps as ISO strings, JSON and arrays checked. */
export function recordFromRow(row: SkillRowLike): SkillRecord {
  const out: Record<string, unknown> = {};
  for (const f of SKILL_FIELDS) {
    const v = (row as Record<string, unknown>)[f];
    out[f] = v instanceof Date ? v.toISOString() : v;
  }
  const r = out as SkillRecord;
  r.labels = Array.isArray(row.labels) ? row.labels : [];
  r.extensionPoints = Array.isArray(row.extensionPoints) ? (row.extensionPoints as unknown as SkillRecord["extensionPoints"]) : [];
  return r;
}

export const skillFromRow = (row: SkillRowLike): Skill => skillFromRecord(recordFromRow(row), "postgres");
