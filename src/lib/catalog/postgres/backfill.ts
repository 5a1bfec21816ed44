/**
 * Batch backfill of KV records into the Postgres `Skill` table: one statement per batch,
 * INSERT … ON CONFLICT (repoUrl, skillName) DO UPDATE only where something differs, so a second
 * run changes nothing and reports 0. A dry run executes the same statement in a transaction that
 * is rolled back, so its counts are exact.
 */
import type { Db } from "../../platform/db";
import { attempt } from "../../platform/db";
import { rowData, SKILL_COLUMN_TYPES, SKILL_COLUMNS, type SkillColumn } from "./skill-rows";
import type { SkillRecord } from "../kv/skill-record";

/** Every column but updatedAt (set to now()); the recordset reads arrays as jsonb. */
const COLUMNS = SKILL_COLUMNS.filter((c) => c !== "updatedAt");
const recordsetType = (c: SkillColumn) => (SKILL_COLUMN_TYPES[c].endsWith("[]") ? "jsonb" : SKILL_COLUMN_TYPES[c]);

const q = (c: string) => `"${c}"`;
const value = (c: SkillColumn) => (SKILL_COLUMN_TYPES[c].endsWith("[]") ? `ARRAY(SELECT jsonb_array_elements_text(r.${q(c)}))` : `r.${q(c)}`);
/**
 * A row that exists keeps its GitHub facts: the stars refresh writes them to Postgres only (KV
 * holds the values of the last publish), so a backfill from KV must not turn them back.
 */
export const GITHUB_FACT_COLUMNS: readonly SkillColumn[] = ["githubStars", "trendingScore7d", "trendingScore30d"];
const UPDATED = COLUMNS.filter((c) => c !== "createdAt" && !GITHUB_FACT_COLUMNS.includes(c));

const UPSERT_SQL = `
INSERT INTO "Skill" (id, ${COLUMNS.map(q).join(", ")}, "updatedAt")
SELECT gen_random_uuid()::text, ${COLUMNS.map(value).join(", ")}, now()
FROM jsonb_to_recordset($1::jsonb) AS r(${COLUMNS.map((c) => `${q(c)} ${recordsetType(c)}`).join(", ")})
ON CONFLICT ("repoUrl", "skillName") DO UPDATE SET
  ${UPDATED.map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(", ")}, "updatedAt" = now()
WHERE (${UPDATED.map((c) => `"Skill".${q(c)}`).join(", ")}) IS DISTINCT FROM (${UPDATED.map((c) => `EXCLUDED.${q(c)}`).join(", ")})
RETURNING 1`;

/** The row as JSON for jsonb_to_recordset: the same fields as upsertSkillRow, timestamps without zone. */
function toJson(r: SkillRecord) {
  const row: Record<string, unknown> = { ...rowData(r) };
  for (const c of COLUMNS) if (row[c] instanceof Date) row[c] = (row[c] as Date).toISOString().replace(/Z$/, "");
  return row;
}

class Rollback extends Error {}

export interface BackfillResult {
  /** Rows inserted or changed (or that would be, in a dry run). */
  changed: number;
  errors: { slug: string; error: string }[];
  roundTrips: number;
}

export async function backfillSkillRows(db: Db, records: readonly SkillRecord[], opts: { dryRun: boolean }): Promise<BackfillResult> {
  if (records.length === 0) return { changed: 0, errors: [], roundTrips: 0 };
  const payload = JSON.stringify(records.map(toJson));
  let changed = 0;
  try {
    if (!opts.dryRun) {
      changed = (await db.$queryRawUnsafe<unknown[]>(UPSERT_SQL, payload)).length; // one statement: atomic
      return { changed, errors: [], roundTrips: 1 };
    }
    await db.$transaction(async (tx) => {
      changed = (await tx.$queryRawUnsafe<unknown[]>(UPSERT_SQL, payload)).length;
      throw new Rollback();
    });
  } catch (err) {
    if (err instanceof Rollback) return { changed, errors: [], roundTrips: 3 }; // BEGIN, INSERT, ROLLBACK
    // One bad row (e.g. its slug held by another repo's row) fails the batch: isolate it.
    return rowByRow(db, records, opts);
  }
  return { changed, errors: [], roundTrips: 3 };
}

async function rowByRow(db: Db, records: readonly SkillRecord[], opts: { dryRun: boolean }): Promise<BackfillResult> {
  const result: BackfillResult = { changed: 0, errors: [], roundTrips: 1 };
  for (const r of records) {
    result.roundTrips++;
    if (opts.dryRun) {
      const existing = await attempt(db, (d) => d.skill.findUnique({ where: { repoUrl_skillName: { repoUrl: r.repoUrl, skillName: r.skillName } }, select: { id: true } }));
      if (existing.ok && !existing.value) result.changed++;
      continue;
    }
    // The same statement as the batch, for one row: it changes (and counts) only what differs.
    const res = await attempt(db, (d) => d.$queryRawUnsafe<unknown[]>(UPSERT_SQL, JSON.stringify([toJson(r)])));
    if (!res.ok) result.errors.push({ slug: r.name, error: res.error });
    else result.changed += res.value.length;
  }
  return result;
}
