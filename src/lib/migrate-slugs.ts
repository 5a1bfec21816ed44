/**
 * migrateSkillSlugs(): re-keys records stored under a legacy slug format to the current one.
 * It discovers them by enumerating `skill:*` keys — never from the index, whose loss is exactly
 * what left legacy keys orphaned (root cause 2). Each move writes the new key, an alias from the
 * old slug, the repo ref and the Postgres row, then deletes the old key. Idempotent: a second run
 * finds nothing to move. `dryRun` reports the moves without writing.
 */
import { attempt, withOptionalDb } from "./db";
import { logEvent } from "./log";
import { resolveSlug } from "./publish-skill";
import { upsertSkillRow } from "./skills-db";
import { enumeratePublishedSkills } from "./kv/enumerate";
import { skillKey, skillRefKey } from "./kv/keys";
import { invalidatePublishedCache } from "./kv/published-index";
import { parseSkillRecord, summarize } from "./kv/skill-record";
import { writeAlias } from "./kv/aliases";
import { detectSlugFormat, legacyOwnerRepoSlug, parseRepoUrl, type RepoRef } from "./slug";

export interface SlugMigrationReport {
  dryRun: boolean;
  scanned: number;
  moved: { from: string; to: string; format: string }[];
  errors: { key: string; error: string }[];
  prismaUpdated: number;
}

export function migrateSkillSlugs(kv: KVNamespace, opts: { dryRun?: boolean } = {}): Promise<SlugMigrationReport> {
  return withOptionalDb(async (db) => {
    const dryRun = opts.dryRun ?? false;
    const enumeration = await enumeratePublishedSkills(kv);
    const report: SlugMigrationReport = { dryRun, scanned: enumeration.skills.length, moved: [], errors: [...enumeration.errors], prismaUpdated: 0 };
    for (const { summary, legacy } of enumeration.skills) {
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
      const record = { ...parsed.record, name: target };
      await kv.put(skillKey(target), JSON.stringify(record), { metadata: summarize(record) });
      await writeAlias(kv, summary.slug, target);
      await kv.put(skillRefKey(record.repoUrl, record.skillName), target);
      const row = await attempt(db, (d) => upsertSkillRow(d, record));
      if (row.ok) report.prismaUpdated++;
      await kv.delete(skillKey(summary.slug));
    }
    if (!dryRun && report.moved.length) invalidatePublishedCache(kv);
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
