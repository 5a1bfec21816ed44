/**
 * Discovery's record of finds in Postgres: one "DiscoveryRecord" per (repo, SKILL.md folder).
 * - A find is submitted when it is new, when its submission never got queued, and when the blob
 *   SHA the search (or a re-check) reports differs from the one last submitted: an author's
 *   update is seen in the run that sees it.
 * - Every find is re-checked in rotation: the finds checked longest ago that this run's search
 *   did not return are claimed (their "lastCheckedAt" moves to now) and sent as re-check
 *   messages; one GitHub can't answer goes back to the front of the line.
 * - A re-check that answers 404 counts a miss (recheck.ts); seeing the file again clears it.
 */
import type { Db } from "../platform/db";

export interface Found {
  repoFullName: string;
  skillPath: string;
  /** The SKILL.md's git blob SHA as the search reported it (null when it did not). */
  blobSha?: string | null;
}

/** The epoch: "never checked", first in the rotation. */
export const NEVER_CHECKED = new Date(0);

/**
 * Records every find (first seen now, or seen again now, with its blob SHA) in one statement and
 * returns those that need a submission: new ones, ones whose submission never got queued, and
 * ones whose file changed since it was submitted.
 */
export async function claimDiscoveries(db: Db, found: readonly Found[]): Promise<Found[]> {
  const unique = new Map(found.map((f) => [`${f.repoFullName.toLowerCase()}\n${f.skillPath}`, f]));
  if (unique.size === 0) return [];
  const items = [...unique.values()];
  const rows = await db.$queryRawUnsafe<(Found & { needed: boolean })[]>(
    `INSERT INTO "DiscoveryRecord" (id, "repoFullName", "skillPath", "blobSha")
     SELECT gen_random_uuid()::text, r, p, s FROM unnest($1::text[], $2::text[], $3::text[]) AS t(r, p, s)
     ON CONFLICT ("repoFullName", "skillPath") DO UPDATE SET
       "lastSeenAt" = now(), "lastCheckedAt" = now(), "missCount" = 0, "missingSince" = NULL,
       "blobSha" = COALESCE(EXCLUDED."blobSha", "DiscoveryRecord"."blobSha")
     RETURNING "repoFullName", "skillPath", "blobSha",
       ("submissionId" IS NULL OR ("blobSha" IS NOT NULL AND "submittedSha" IS DISTINCT FROM "blobSha")) AS needed`,
    items.map((f) => f.repoFullName),
    items.map((f) => f.skillPath),
    items.map((f) => f.blobSha ?? null),
  );
  return rows.filter((r) => r.needed).map(({ repoFullName, skillPath, blobSha }) => ({ repoFullName, skillPath, blobSha }));
}

/** The find's submission is queued: it was submitted at this blob SHA (null: not known to cover it). */
export async function markSubmitted(db: Db, found: Found, submissionId: string): Promise<void> {
  await db.discoveryRecord.update({
    where: { repoFullName_skillPath: { repoFullName: found.repoFullName, skillPath: found.skillPath } },
    data: { submissionId, submittedSha: found.blobSha ?? null },
  });
}

/** Claims up to `limit` finds last checked before `before`, oldest first, for a re-check now. */
export async function claimRechecks(db: Db, before: Date, limit: number): Promise<Found[]> {
  if (limit <= 0) return [];
  return db.$queryRawUnsafe<Found[]>(
    `UPDATE "DiscoveryRecord" SET "lastCheckedAt" = now()
     WHERE id IN (SELECT id FROM "DiscoveryRecord" WHERE "lastCheckedAt" < $1
                  ORDER BY "lastCheckedAt", id LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING "repoFullName", "skillPath"`,
    before,
    limit,
  );
}

/** Puts finds back at the front of the rotation (their re-check could not be sent or answered). */
export async function unclaimRechecks(db: Db, finds: readonly Found[]): Promise<void> {
  if (finds.length === 0) return;
  await db.$executeRawUnsafe(
    `UPDATE "DiscoveryRecord" d SET "lastCheckedAt" = $3
     FROM unnest($1::text[], $2::text[]) AS t(r, p) WHERE d."repoFullName" = t.r AND d."skillPath" = t.p`,
    finds.map((f) => f.repoFullName),
    finds.map((f) => f.skillPath),
    NEVER_CHECKED,
  );
}

/**
 * Puts a published skill's source in the re-check rotation (every skill is re-checked, not only
 * discovered ones). `submitted`: it was just fetched at this blob SHA; without it (a legacy
 * record restored without its content) a source not yet known goes first in line, and one
 * already known keeps its place (a restore never resets the rotation) with nothing counted as
 * submitted, so its next re-check fetches the content. GitHub names are
 * case-insensitive: a source recorded in other letter case is that record.
 */
export async function trackSource(db: Db, found: Found, submitted?: { submissionId: string }): Promise<void> {
  if (submitted) {
    const updated = await db.$executeRawUnsafe(
      `UPDATE "DiscoveryRecord" SET "blobSha" = COALESCE($3, "blobSha"), "submittedSha" = $3, "submissionId" = $4,
         "lastCheckedAt" = now(), "missCount" = 0, "missingSince" = NULL
       WHERE lower("repoFullName") = lower($1) AND "skillPath" = $2`,
      found.repoFullName,
      found.skillPath,
      found.blobSha ?? null,
      submitted.submissionId,
    );
    if (updated > 0) return;
    await db.$executeRawUnsafe(
      `INSERT INTO "DiscoveryRecord" (id, "repoFullName", "skillPath", "blobSha", "submittedSha", "submissionId")
       VALUES (gen_random_uuid()::text, $1, $2, $3, $3, $4) ON CONFLICT ("repoFullName", "skillPath") DO NOTHING`,
      found.repoFullName,
      found.skillPath,
      found.blobSha ?? null,
      submitted.submissionId,
    );
    return;
  }
  // Known already: it keeps its place, but nothing counts as submitted, so its next re-check
  // fetches the content (a record from before versions were kept may hold the current blob).
  const known = await db.$executeRawUnsafe(
    `UPDATE "DiscoveryRecord" SET "submittedSha" = NULL WHERE lower("repoFullName") = lower($1) AND "skillPath" = $2`,
    found.repoFullName,
    found.skillPath,
  );
  if (known > 0) return;
  await db.$executeRawUnsafe(
    `INSERT INTO "DiscoveryRecord" (id, "repoFullName", "skillPath", "lastCheckedAt") VALUES (gen_random_uuid()::text, $1, $2, $3)
     ON CONFLICT ("repoFullName", "skillPath") DO NOTHING`,
    found.repoFullName,
    found.skillPath,
    NEVER_CHECKED,
  );
}

/** The file at this blob SHA was looked at and not published (rejected, refused): the SHA is not new any more, so it is not submitted again until it changes. */
export async function markSeen(db: Db, found: Found): Promise<void> {
  if (!found.blobSha) return;
  await db.$executeRawUnsafe(
    `UPDATE "DiscoveryRecord" SET "blobSha" = $3, "submittedSha" = $3 WHERE lower("repoFullName") = lower($1) AND "skillPath" = $2`,
    found.repoFullName,
    found.skillPath,
    found.blobSha,
  );
}
