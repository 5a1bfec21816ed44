/**
 * The KV store of published skills and the publish path, under the names the specification uses.
 * publishSkill(): one published skill written to KV (its `skill:{slug}` key with summary metadata)
 * and to Postgres (upsert by repoUrl + skillName), then added to the index cache.
 * KV first: if Postgres is down the publish still succeeds (AC-US2-03); the gap is visible to the
 * health check and backfilled by rebuild-index and the cron's reconcile (FR-003).
 * enumeratePublishedSkills() (AC-US1-01) lists every `skill:{slug}` key: catalog/kv/enumerate.ts.
 */
import { attempt, withOptionalDb, type Db } from "./platform/db";
import { logEvent } from "./platform/log";
import { findSeedSkillByRepo } from "./catalog/seed-lookup";
import { findSeedSkill } from "./catalog/seed-data";
import { findSlugHolder, findSlugOf, upsertSkillRow } from "./catalog/postgres/skill-rows";
import { aliasKey, skillKey, skillRefKey } from "./catalog/kv/keys";
import { addToPublishedIndex, invalidatePublishedCache } from "./catalog/kv/published-index";
import { parseSkillRecord, summarize } from "./catalog/kv/skill-record";
import { makeSlug, parseRepoUrl } from "./catalog/slug";
import { categorize } from "./catalog/categorize";
import { cleanRecord, SKILL_DEFAULTS, type SkillRecord } from "./catalog/skill";
import { invalidateConvergence } from "./catalog/convergence";
import { clearPending, markPending } from "./catalog/kv/pending";
import { requestBackfill } from "./submissions/queue-messages";
import { purgePublicCache } from "./http/edge-cache";
import { readDelistMarker } from "./catalog/kv/delisted";

export { enumeratePublishedSkills, type Enumeration, type EnumeratedSkill } from "./catalog/kv/enumerate";

/** Facts that the GitHub repo, not the SKILL.md, owns: a republish keeps them. */
const CARRIED_OVER = ["trendingScore7d", "trendingScore30d", "githubStars", "createdAt"] as const;

/**
 * What a publish says about a skill: its identity, its text and scan score, and any other skill
 * field the SKILL.md declares (a field left out takes its default). Certification, author, slug
 * and dates are the publish's to decide.
 */
export type PublishInput = {
  repoUrl: string;
  /** The skill's name in its repo (SKILL.md `name`). */
  skillName: string;
  description: string;
  /** Score of the tier-1 scan, 0-100. */
  certScore: number;
  /** The repo's stars as GitHub reported them at this publish (unknown: the last value stays). */
  githubStars?: number;
  now?: Date;
} & Partial<Omit<SkillRecord, "name" | "skillName" | "author" | "repoUrl" | "certTier" | "certMethod" | "certifiedAt" | (typeof CARRIED_OVER)[number] | "updatedAt">>;

export interface PublishResult {
  slug: string;
  created: boolean;
  prismaWritten: boolean;
  prismaError?: string;
  indexUpdated: boolean;
}

const BASE_LABELS = ["community", "verified"];

/** The skill was delisted by an operator: publishing it again is refused until it is relisted. */
export class DelistedSkillError extends Error {
  constructor(readonly slug: string, readonly reason: string) {
    super(`"${slug}" was removed from the marketplace by an operator (${reason}); it cannot be published again unless an operator relists it`);
    this.name = "DelistedSkillError";
  }
}

export function publishSkill(kv: KVNamespace, input: PublishInput): Promise<PublishResult> {
  return withOptionalDb((db) => publishWith(kv, db, input));
}

async function publishWith(kv: KVNamespace, db: Db | null, input: PublishInput): Promise<PublishResult> {
  const ref = parseRepoUrl(input.repoUrl);
  if (!ref) throw new Error(`repoUrl must be https://github.com/{owner}/{repo}, got ${input.repoUrl}`);
  const now = (input.now ?? new Date()).toISOString();
  const slug = await resolveSlug(kv, db, input.repoUrl, input.skillName);
  // An operator's delist beats every re-submission and discovery find until a relist.
  const delisted = await readDelistMarker(kv, slug);
  if (delisted) throw new DelistedSkillError(slug, delisted.reason);
  const existing = parseSkillRecord(slug, await kv.get(skillKey(slug), "text"));
  const previous = existing.ok ? existing.record : null;
  // The same skill submitted with other letter case (GitHub names are case-insensitive) keeps the
  // spelling it was first published with, so Postgres' (repoUrl, skillName) key still matches.
  const sameSkill =
    previous !== null &&
    previous.repoUrl.toLowerCase() === input.repoUrl.toLowerCase() &&
    previous.skillName.toLowerCase() === input.skillName.trim().toLowerCase();
  const repoUrl = sameSkill ? previous.repoUrl : input.repoUrl;
  const skillName = sameSkill ? previous.skillName : input.skillName.trim();

  const { now: _now, repoUrl: _repoUrl, skillName: _skillName, githubStars, ...declared } = input;
  const built: SkillRecord = {
    ...SKILL_DEFAULTS,
    ...(previous ? pick(previous, CARRIED_OVER) : {}),
    ...(githubStars !== undefined ? { githubStars } : {}),
    ...definedOnly(declared),
    name: slug,
    skillName,
    displayName: (input.displayName ?? input.skillName).trim(),
    description: input.description.trim(),
    author: parseRepoUrl(repoUrl)?.owner ?? ref.owner,
    repoUrl,
    category: categorize({ name: input.skillName, description: input.description, category: input.category }),
    certTier: "SCANNED",
    certMethod: "AUTOMATED_SCAN",
    certScore: Math.round(input.certScore),
    certifiedAt: now,
    labels: [...new Set([...BASE_LABELS, ...(input.labels ?? [])])],
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
  };
  // Text that a store cannot hold is cleaned before either is written: they never disagree.
  const record = cleanRecord(built).record;
  const summary = summarize(record);
  // The outbox entry first: if this invocation dies before Postgres has the row, readers still
  // list the skill and the next drain writes it.
  await markPending(kv, summary);
  await kv.put(skillKey(slug), JSON.stringify(record), { metadata: summary });
  await kv.put(skillRefKey(repoUrl, record.skillName), slug);

  const upsert = await attempt(db, (d) => upsertSkillRow(d, record, { freshStars: githubStars !== undefined }));
  const prismaWritten = upsert.ok;
  const prismaError = upsert.ok ? undefined : upsert.error;
  if (upsert.ok) await clearPending(kv, slug);
  else {
    logEvent("error", "publish_prisma_failed", { slug, repoUrl: input.repoUrl, error: prismaError, note: "KV has the skill and lists it; the pending drain writes it to Postgres once it answers" });
    await requestBackfill();
  }
  invalidatePublishedCache(kv);
  invalidateConvergence(kv);
  const indexUpdated = (await addToPublishedIndex(kv, summary)).ok;
  await purgePublicCache(); // this data centre's cached pages; elsewhere their TTL (http/cache-policy.ts)
  logEvent("info", "skill_published", { slug, repoUrl: input.repoUrl, prismaWritten, indexUpdated });
  return { slug, created: previous === null, prismaWritten, prismaError, indexUpdated };
}

/**
 * The slug this skill keeps (seed, KV ref, Postgres), else a new one from makeSlug. Seed skills
 * are canonical for their slugs: publishing a seed skill's own repo keeps the seed slug.
 */
export async function resolveSlug(kv: KVNamespace, db: Db | null, repoUrl: string, skillName: string): Promise<string> {
  const seed = findSeedSkillByRepo(repoUrl, skillName);
  if (seed) return seed.name;
  const known = await kv.get(skillRefKey(repoUrl, skillName), "text");
  if (known) return known;
  const inDb = await attempt(db, (d) => findSlugOf(d, repoUrl, skillName));
  if (inDb.ok && inDb.value) return inDb.value;
  const ref = parseRepoUrl(repoUrl)!;
  return makeSlug(skillName, ref, async (slug) => {
    const seedHolder = findSeedSkill(slug);
    if (seedHolder) return seedHolder.repoUrl;
    const stored = parseSkillRecord(slug, await kv.get(skillKey(slug), "text"));
    if (stored.ok) return stored.record.repoUrl;
    if ((await kv.get(aliasKey(slug), "text")) !== null) return "alias:" + slug;
    const holder = await attempt(db, (d) => findSlugHolder(d, slug));
    return holder.ok ? holder.value : null;
  });
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

/** The entries whose value is not undefined, so an absent input never overwrites a default. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
