/** Seed skills by repo identity, so a published copy of a seed skill keeps the seed slug. */
import { SEED_SKILLS } from "./seed-data";
import { slugify } from "./slug";
import type { Skill } from "./skill";

const byRepoAndName = new Map<string, Skill>();
for (const s of SEED_SKILLS) {
  byRepoAndName.set(`${s.repoUrl.toLowerCase()}#${s.name}`, s);
  const folder = s.skillPath.split("/").pop();
  if (folder) byRepoAndName.set(`${s.repoUrl.toLowerCase()}#${slugify(folder)}`, s);
}

export function findSeedSkillByRepo(repoUrl: string, skillName: string): Skill | undefined {
  return byRepoAndName.get(`${repoUrl.toLowerCase()}#${slugify(skillName)}`);
}
