/**
 * The marketplace read path. Callers (pages, API routes) use only these functions; the sources
 * behind them follow FR-001's priority: Prisma -> KV enumeration -> KV index -> seed. The 118 seed
 * skills are canonical for their slugs and always merged in, never duplicated.
 */
import { SEED_SKILLS, findSeedSkill } from "./seed-data";
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
  return { skills: SEED_SKILLS, source: "seed" };
}

/** One page of the marketplace listing with its total, filtered and sorted. */
export async function getSkills(query: Partial<SkillQuery> = {}): Promise<SkillListing> {
  const q = withDefaults(query);
  const { skills, source } = await loadCatalogue();
  return { ...querySkills(skills, q), source };
}

/** One skill by slug, or null. The returned skill's `name` is canonical. */
export async function getSkillByName(name: string): Promise<Skill | null> {
  return findSeedSkill(name) ?? null;
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
