/**
 * Moves a skill from a legacy key to its current slug: writes the record there (unless the target
 * already holds a newer copy of the same skill, e.g. a republish that landed first), an alias from
 * the old slug, the repo ref, and deletes the old key. Returns the record now at the target.
 * Cost: 1 read and 4 writes.
 */
import { aliasKey, skillKey, skillRefKey } from "./keys";
import { parseSkillRecord, summarize, type SkillRecord } from "./skill-record";

const sameSkill = (a: SkillRecord, b: SkillRecord) =>
  a.repoUrl.toLowerCase() === b.repoUrl.toLowerCase() && a.skillName.toLowerCase() === b.skillName.toLowerCase();

export async function moveRecord(kv: KVNamespace, from: string, record: SkillRecord, target: string): Promise<SkillRecord> {
  const existing = parseSkillRecord(target, await kv.get(skillKey(target), "text"));
  const newer = existing.ok && sameSkill(existing.record, record) && existing.record.updatedAt >= record.updatedAt;
  const kept = newer ? existing.record : { ...record, name: target };
  if (!newer) await kv.put(skillKey(target), JSON.stringify(kept), { metadata: summarize(kept) });
  if (from !== target) await kv.put(aliasKey(from), target);
  await kv.put(skillRefKey(kept.repoUrl, kept.skillName), target);
  await kv.delete(skillKey(from));
  return kept;
}
