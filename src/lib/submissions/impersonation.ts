/**
 * Names nobody can fake: a community skill may not take a seed skill's name or display name,
 * compared after folding look-alike letters, fullwidth forms, accents and invisible characters
 * (the scanner's folding), unless it comes from that seed skill's own owner. Existing slugs and
 * makeSlug are untouched (FR-002): this refuses a submission, it renames nothing.
 */
import { SEED_SKILLS } from "../catalog/seed-data";
import type { Skill } from "../catalog/skill";
import { parseRepoUrl, slugify } from "../catalog/slug";
import { foldText } from "./scanner/normalise";

/** The comparable form of a name: folded, invisible characters gone, then slugified. */
export const nameKey = (name: string) => slugify(foldText(name.replace(/[\p{Cf}\u00ad]/gu, "")).toLowerCase());

const seedKeys = new Map<string, Skill>();
for (const s of SEED_SKILLS) {
  seedKeys.set(nameKey(s.name), s);
  seedKeys.set(nameKey(s.displayName), s);
}

/** The seed skill these names imitate, when the submission is not from that seed's owner. */
export function impersonatedSeed(names: readonly string[], repoUrl: string): Skill | null {
  const owner = parseRepoUrl(repoUrl)?.owner.toLowerCase();
  for (const name of names) {
    const seed = seedKeys.get(nameKey(name));
    if (seed && seed.author.toLowerCase() !== owner) return seed;
  }
  return null;
}
