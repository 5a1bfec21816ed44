/**
 * `skill:alias:{oldSlug}` -> canonical slug. Old slugs resolve forever (FR-002): the API and the
 * pages answer them with a 308 to the canonical slug.
 */
import { aliasKey, skillKey } from "./keys";
import { parseSkillRecord, type SkillRecord } from "./skill-record";

/** Follows at most a few alias hops (an alias may point at a slug that was itself renamed). */
const MAX_HOPS = 3;

export async function writeAlias(kv: KVNamespace, oldSlug: string, canonical: string): Promise<void> {
  if (oldSlug !== canonical) await kv.put(aliasKey(oldSlug), canonical);
}

/** The record under `slug`, following aliases; null when neither a key nor an alias exists. */
export async function getSkillRecordFollowingAliases(kv: KVNamespace, slug: string): Promise<SkillRecord | null> {
  let current = slug;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    const value = await kv.get(skillKey(current), "text");
    if (value !== null) {
      const parsed = parseSkillRecord(current, value);
      return parsed.ok ? parsed.record : null;
    }
    const target = await kv.get(aliasKey(current), "text");
    if (!target || target === current) return null;
    current = target;
  }
  return null;
}

/** The slug an old slug points at (following a few hops), or null when `slug` is no alias. */
export async function resolveAlias(kv: KVNamespace, slug: string): Promise<string | null> {
  let current = slug;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const target = await kv.get(aliasKey(current), "text");
    if (!target || target === current) break;
    current = target;
  }
  return current === slug ? null : current;
}
