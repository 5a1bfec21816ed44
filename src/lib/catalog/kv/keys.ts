/**
 * KV key layout of SUBMISSIONS_KV.
 * - `skill:{slug}`            one published skill: full record as value, listing summary as metadata
 * - `skill:alias:{oldSlug}`   value = the canonical slug (old slugs resolve forever)
 * - `skills:published-index`  best-effort cache of every summary (never truth)
 * - `skillref:{repo}#{name}`  value = slug held by that repo's skill (republish keeps its slug)
 * - `delisted:{slug}`         an operator took the skill down: reason, time, actor (kv/delisted.ts)
 * - `skillmd:{slug}`          the current version's SKILL.md, hash, path and scan (catalog/skill-versions.ts)
 * - `submission:{id}`, `submission-inflight:{repo}#{name}`, `ratelimit:{client}:{window}`
 * - `health-history:alarm`, `health-history:pending-snapshot:{at}:{id}`, `health-history:pending-incident:{id}`
 *   (the skill-loss alarm's memory and what an outage keeps from Postgres: operations/health-history.ts)
 */
export const SKILL_PREFIX = "skill:";
export const ALIAS_PREFIX = "skill:alias:";
export const PUBLISHED_INDEX_KEY = "skills:published-index";

/** KV's hard limits that shape every path (Workers KV documentation). */
export const KV_LIST_PAGE = 1000;
export const KV_BULK_GET_MAX = 100;
export const KV_METADATA_MAX_BYTES = 1024;

export const skillKey = (slug: string) => `${SKILL_PREFIX}${slug}`;
export const aliasKey = (oldSlug: string) => `${ALIAS_PREFIX}${oldSlug}`;

/** True for `skill:{slug}` keys, false for aliases and anything else. */
export function isSkillRecordKey(key: string): boolean {
  return key.startsWith(SKILL_PREFIX) && !key.startsWith(ALIAS_PREFIX) && key.length > SKILL_PREFIX.length;
}

export const slugOfKey = (key: string) => key.slice(SKILL_PREFIX.length);

/** Identity of a skill in its repo, case-insensitive (GitHub owners and repos are). */
export function skillRefKey(repoUrl: string, skillName: string): string {
  return `skillref:${repoUrl.toLowerCase()}#${skillName.trim().toLowerCase()}`;
}

/** Splits `keys` into chunks of at most `size` (bulk reads take at most 100 keys). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
