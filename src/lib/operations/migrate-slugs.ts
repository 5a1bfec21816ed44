/**
 * migrateSkillSlugs(): re-keys records stored under a legacy slug format to the current one.
 * It discovers them by enumerating `skill:*` keys — never from the index, whose loss is exactly
 * what left legacy keys orphaned (root cause 2). Each move writes the new key, an alias from the
 * old slug, the repo ref and the Postgres row, then deletes the old key. Idempotent: a second run
 * finds nothing to move. `dryRun` reports the moves without writing. It stops within one
 * invocation's KV budget (`complete: false`); moved records are gone from the legacy set, so
 * calling again simply continues.
 */
import { attempt, withOptionalDb } from "../platform/db";
import { logEvent } from "../platform/log";
import { resolveSlug } from "../submission-store";
import { upsertSkillRow } from "../catalog/postgres/skill-rows";
import { enumeratePublishedSkills } from "../catalog/kv/enumerate";
import { skillKey } from "../catalog/kv/keys";
import { moveRecord } from "../catalog/kv/move-record";
import { countKvOps, OPS_BUDGET } from "../catalog/kv/op-counter";
import { parseSkillRecord } from "../catalog/kv/skill-record";
import { detectSlugFormat, legacyOwnerRepoSlug, parseRepoUrl, type RepoRef } from "../catalog/slug";

export interface SlugMigrationReport {
  dryRun: boolean;
  /** False when the KV budget ran out first: call again to move the rest. */
  complete: boolean;
  kvOps: number;
  scanned: number;
  moved: { from: string; to: string; format: string }[];
  errors: { key: string; error: string }[];
  prismaUpdated: number;
}

const MOVE_OPS = 13;

export function migrateSkillSlugs(rawKv: KVNamespace, opts: { dryRun?: boolean } = {}): Promise<SlugMigrationReport> {
  return withOptionalDb(async (db) => {
    const counted = countKvOps(rawKv);
    const kv = counted.kv;
    const dryRun = opts.dryRun ?? false;
    const enumeration = await enumeratePublishedSkills(kv);
    const report: SlugMigrationReport = { dryRun, complete: true, scanned: enumeration.skills.length, moved: [], errors: [...enumeration.errors], prismaUpdated: 0, kvOps: 0 };
    for (const { summary, legacy } of enumeration.skills) {
      // Each move costs up to 8 lookups and 5 writes: stop within the invocation's KV budget.
      if (counted.used() + MOVE_OPS > OPS_BUDGET) {
        report.complete = false;
        break;
      }
      const ref = parseRepoUrl(summary.repoUrl);
      if (!ref) continue;
      const format = legacyFormatOf(summary.slug, summary.skillName, ref, legacy);
      if (!format) continue;
      const target = await resolveSlug(kv, db, summary.repoUrl, summary.skillName);
      if (target === summary.slug) continue;
      report.moved.push({ from: summary.slug, to: target, format });
      if (dryRun) continue;

      const parsed = parseSkillRecord(summary.slug, await kv.get(skillKey(summary.slug), "text"));
      if (!parsed.ok) {
        report.errors.push({ key: skillKey(summary.slug), error: parsed.error });
        continue;
      }
      const record = await moveRecord(kv, summary.slug, parsed.record, target);
      const row = await attempt(db, (d) => upsertSkillRow(d, record));
      if (row.ok) report.prismaUpdated++;
    }
    report.kvOps = counted.used();
    logEvent("info", "slug_migration", { dryRun, scanned: report.scanned, moved: report.moved.length, errors: report.errors.length });
    return report;
  });
}

/**
 * The legacy format of a stored slug, or null for current ones. `{owner}-{repo}-{name}` is also
 * the current rule's third collision candidate, so that shape counts as legacy only for records
 * written before summary metadata existed (current publishes always write metadata).
 */
export function legacyFormatOf(slug: string, skillName: string, ref: RepoRef, withoutMetadata: boolean): string | null {
  const format = detectSlugFormat(slug, skillName, ref);
  if (format === "legacy-bare" || format === "legacy-owner-repo") return format;
  if (withoutMetadata && slug === legacyOwnerRepoSlug(skillName, ref)) return "legacy-owner-repo";
  return null;
}
