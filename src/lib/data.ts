/**
 * The marketplace read path. Callers (pages, API routes) use only these functions; the sources
 * behind them follow FR-001's priority: Prisma -> KV enumeration -> KV index -> seed. The 118 seed
 * skills are canonical for their slugs and always merged in, never duplicated.
 */
import { getKV } from "./env";
import { logEvent } from "./log";
import { SEED_SKILLS, findSeedSkill } from "./seed-data";
import { getPublishedSkillsList } from "./kv/published-index";
import { getSkillRecordFollowingAliases } from "./kv/aliases";
import { skillFromRecord } from "./kv/skill-record";
import { querySkills, withDefaults, type SkillPage, type SkillQuery } from "./skill-query";
import type { Skill } from "./skill-types";

export type DataSource = "prisma" | "kv-enumeration" | "kv-index" | "seed";

export interface SkillListing extends SkillPage {
  /** Which source served the community part of the catalogue (the `x-data-source` header). */
  source: DataSource;
}

export interface CategoryCount {
  category: string;
  count: number;
}

/** The whole catalogue a source can serve, seed included, deduplicated by slug (seed wins). */
async function loadCatalogue(): Promise<{ skills: readonly Skill[]; source: DataSource }> {
  const kv = tryGetKV();
  if (kv) {
    try {
      const published = await getPublishedSkillsList(kv);
      return { skills: mergeWithSeed(published.skills), source: published.source };
    } catch (err) {
      logEvent("warn", "catalogue_fallback", { to: "seed", reason: String(err) });
    }
  }
  return { skills: SEED_SKILLS, source: "seed" };
}

/** Seed skills are canonical for their slugs: community copies of a seed slug are dropped. */
export function mergeWithSeed(community: readonly Skill[]): Skill[] {
  const merged: Skill[] = [...SEED_SKILLS];
  for (const s of community) if (!findSeedSkill(s.name)) merged.push(s);
  return merged;
}

function tryGetKV(): KVNamespace | null {
  try {
    return getKV();
  } catch {
    return null;
  }
}

/** One page of the marketplace listing with its total, filtered and sorted. */
export async function getSkills(query: Partial<SkillQuery> = {}): Promise<SkillListing> {
  const q = withDefaults(query);
  const { skills, source } = await loadCatalogue();
  return { ...querySkills(skills, q), source };
}

/** One skill by slug, or null. The returned skill's `name` is canonical. */
export async function getSkillByName(name: string): Promise<Skill | null> {
  const seed = findSeedSkill(name);
  if (seed) return seed;
  const kv = tryGetKV();
  if (!kv) return null;
  try {
    const record = await getSkillRecordFollowingAliases(kv, name);
    if (!record) return null;
    return findSeedSkill(record.name) ?? skillFromRecord(record);
  } catch (err) {
    logEvent("warn", "skill_lookup_failed", { name, source: "kv", reason: String(err) });
    return null;
  }
}

/** The number of listed skills (seed plus community). */
export async function getSkillCount(): Promise<number> {
  const { skills } = await loadCatalogue();
  return skills.length;
}

/** Every category with its number of skills, largest first, then by name. */
export async function getSkillCategories(): Promise<CategoryCount[]> {
  const { skills } = await loadCatalogue();
  const counts = new Map<string, number>();
  for (const s of skills) counts.set(s.category, (counts.get(s.category) ?? 0) + 1);
  return [...counts.entries()]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
}
