/**
 * "Content pending": a skill whose record was restored (backfill, drain) without its SKILL.md
 * stored, i.e. published before versions were kept. It is listed as it always was, its page and
 * API say the content is pending, and its source goes first in the re-check rotation: the normal
 * path then fetches, scans and stores the content under the skill's current number
 * (catalog/versions.ts).
 */
import { attempt, type Db } from "../platform/db";
import { parseRepoUrl } from "../catalog/slug";
import type { SkillRecord } from "../catalog/skill";
import { trackSource } from "./discovery-dedup";

export async function trackContentPending(db: Db, records: readonly SkillRecord[], slugs: readonly string[]): Promise<void> {
  const pending = new Set(slugs);
  for (const r of records) {
    if (!pending.has(r.name)) continue;
    const ref = parseRepoUrl(r.repoUrl);
    if (!ref) continue;
    await attempt(db, (d) => trackSource(d, { repoFullName: `${ref.owner}/${ref.repo}`, skillPath: r.skillPath }));
  }
}
