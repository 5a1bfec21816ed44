/**
 * The KV store of published skills, under the names the specification uses. Each concept lives in
 * its own module; this file is the one import for callers.
 * - records, metadata summaries:  kv/skill-record.ts
 * - enumeration (AC-US1-01/04):    kv/enumerate.ts
 * - the index cache (US-001/005):  kv/published-index.ts
 * - aliases:                       kv/aliases.ts (moves: kv/move-record.ts)
 * - publishSkill (US-002):         publish-skill.ts
 * - migrateSkillSlugs:             migrate-slugs.ts
 */
export { enumeratePublishedSkills, type Enumeration, type EnumeratedSkill } from "./kv/enumerate";
export {
  addToPublishedIndex,
  createIndexWriter,
  getPublishedSkillsList,
  invalidatePublishedCache,
  readPublishedIndex,
  writePublishedIndex,
  type PublishedList,
} from "./kv/published-index";
export { resolveAlias } from "./kv/aliases";
export { publishSkill, resolveSlug, type PublishInput, type PublishResult } from "./publish-skill";
export { migrateSkillSlugs, type SlugMigrationReport } from "./migrate-slugs";
