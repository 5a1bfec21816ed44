/**
 * Discovery dedup in Postgres: one "DiscoveryRecord" per (repo, SKILL.md folder). A find is
 * claimed once; a claim whose submission could not be queued stays pending (no submissionId) and
 * is claimed again by the next run, so a discovered skill is never dropped.
 */
import type { Db } from "../platform/db";

export interface Found {
  repoFullName: string;
  skillPath: string;
}

/**
 * Records every find (first seen now, or seen again now) in one statement and returns those that
 * still need a submission: new ones, and earlier ones whose submission never got queued.
 */
export async function claimDiscoveries(db: Db, found: readonly Found[]): Promise<Found[]> {
  const unique = new Map(found.map((f) => [`${f.repoFullName.toLowerCase()}\n${f.skillPath}`, f]));
  if (unique.size === 0) return [];
  const items = [...unique.values()];
  const rows = await db.$queryRawUnsafe<(Found & { submissionId: string | null })[]>(
    `INSERT INTO "DiscoveryRecord" (id, "repoFullName", "skillPath")
     SELECT gen_random_uuid()::text, r, p FROM unnest($1::text[], $2::text[]) AS t(r, p)
     ON CONFLICT ("repoFullName", "skillPath") DO UPDATE SET "lastSeenAt" = now()
     RETURNING "repoFullName", "skillPath", "submissionId"`,
    items.map((f) => f.repoFullName),
    items.map((f) => f.skillPath),
  );
  return rows.filter((r) => r.submissionId === null).map(({ repoFullName, skillPath }) => ({ repoFullName, skillPath }));
}

export async function markSubmitted(db: Db, found: Found, submissionId: string): Promise<void> {
  await db.discoveryRecord.update({
    where: { repoFullName_skillPath: { repoFullName: found.repoFullName, skillPath: found.skillPath } },
    data: { submissionId },
  });
}
