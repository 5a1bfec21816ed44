/**
 * GitHub stars, kept fresh. Each hourly run claims the STAR_REPOS_PER_RUN repos read longest ago
 * ("RepoStars", oldest `checkedAt` first; repos never read first) and sends them to the queue,
 * STAR_REPOS_PER_MESSAGE to a `stars` message. The consumer reads each repo (`GET /repos/…`),
 * keeps a sample, and writes every skill of the repo: `githubStars`, and `trendingScore7d`/`30d`,
 * the star growth over those windows (now minus the last sample at or before the window's start,
 * or the first sample when the history is shorter). They are GitHub's facts, kept in Postgres:
 * the KV record is never rewritten for them (a read-modify-write there could undo a publish that
 * raced it), so KV keeps the stars of the last publish, which the fallback listing shows, and a
 * backfill from KV never overwrites a row's GitHub facts (catalog/postgres/backfill.ts). A rate
 * limit pauses the calls (github-facts.ts) and puts the unread repos back at the front of the
 * line; a repo GitHub cannot answer now waits for its next turn.
 */
import { z } from "zod";
import type { Db } from "../platform/db";
import { withDb } from "../platform/db";
import { fetchRepoInfo } from "../platform/github";
import { logEvent } from "../platform/log";
import { parseRepoUrl } from "../catalog/slug";
import { githubPausedUntil, pauseGitHub } from "../submissions/github-facts";
import { NEVER_CHECKED } from "./discovery-dedup";

/** Repos read per run: 500 GitHub calls an hour, a tenth of a token's budget. */
export const STAR_REPOS_PER_RUN = 500;
/** A queue batch (10 messages) then reads at most 100 repos: well inside one invocation's subrequests. */
export const STAR_REPOS_PER_MESSAGE = 10;
/** Samples older than this are deleted (the 30-day window needs one from before its start). */
export const STAR_SAMPLE_RETENTION_DAYS = 35;
/** A repo read less than this ago is not claimed again (a small catalogue is not re-read every run). */
const MIN_INTERVAL = "6 hours";

export const starsMessageSchema = z.object({
  kind: z.literal("stars"),
  repos: z.array(z.string().regex(/^https:\/\/github\.com\/[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/)).min(1).max(STAR_REPOS_PER_MESSAGE),
});
export type StarsMessage = z.infer<typeof starsMessageSchema>;

const STARS_CLAIM_LOCK = 0x5741_5253; // "STARS"-ish: an advisory lock id of this claim's own

/** The repos read longest ago (or never), claimed: their `checkedAt` moves to now. */
function claimDue(db: Db): Promise<{ repoUrl: string }[]> {
  return db.$queryRawUnsafe<{ repoUrl: string }[]>(
    `WITH due AS (
       SELECT s."repoUrl" FROM (SELECT DISTINCT "repoUrl" FROM "Skill") s
       LEFT JOIN "RepoStars" r ON r."repoUrl" = s."repoUrl"
       WHERE r."checkedAt" IS NULL OR r."checkedAt" < now() - interval '${MIN_INTERVAL}'
       ORDER BY r."checkedAt" NULLS FIRST, s."repoUrl" LIMIT $1)
     INSERT INTO "RepoStars" ("repoUrl", "checkedAt") SELECT "repoUrl", now() FROM due
     ON CONFLICT ("repoUrl") DO UPDATE SET "checkedAt" = now()
     RETURNING "repoUrl"`,
    STAR_REPOS_PER_RUN,
  );
}

/** The cron's part: claim the repos due and send them; prune old samples. */
export async function sendStarRefreshes(db: Db, queue: Queue<StarsMessage>): Promise<{ repos: number; pruned: number }> {
  // One claim at a time (overlapping cron runs would send the same repos twice).
  const due = await db.$transaction(async (tx) => {
    const [{ locked }] = await tx.$queryRawUnsafe<[{ locked: boolean }]>(`SELECT pg_try_advisory_xact_lock(${STARS_CLAIM_LOCK}) AS locked`);
    if (!locked) return [];
    return claimDue(tx as unknown as Db);
  });
  const repos = due.map((r) => r.repoUrl).filter((u) => starsMessageSchema.shape.repos.element.safeParse(u).success);
  let sent = 0;
  const messages: { body: StarsMessage }[] = [];
  for (let i = 0; i < repos.length; i += STAR_REPOS_PER_MESSAGE) messages.push({ body: { kind: "stars", repos: repos.slice(i, i + STAR_REPOS_PER_MESSAGE) } });
  for (let i = 0; i < messages.length; i += 100) {
    const batch = messages.slice(i, i + 100);
    try {
      await queue.sendBatch(batch);
      sent += batch.reduce((n, m) => n + m.body.repos.length, 0);
    } catch (err) {
      await unclaim(db, messages.slice(i).flatMap((m) => m.body.repos));
      throw err;
    }
  }
  const pruned = await db.$executeRawUnsafe(`DELETE FROM "StarSample" WHERE at < now() - interval '${STAR_SAMPLE_RETENTION_DAYS} days'`);
  return { repos: sent, pruned };
}

async function unclaim(db: Db, repos: readonly string[]): Promise<void> {
  if (repos.length === 0) return;
  await db.$executeRawUnsafe(`UPDATE "RepoStars" SET "checkedAt" = $2 WHERE "repoUrl" = ANY($1::text[])`, repos, NEVER_CHECKED);
}

/** The consumer's part: read each repo's stars and write its skills. */
export function refreshStars(kv: KVNamespace, message: StarsMessage): Promise<"done"> {
  return withDb(async (db) => {
    for (let i = 0; i < message.repos.length; i++) {
      const repoUrl = message.repos[i]!;
      const ref = parseRepoUrl(repoUrl);
      if (!ref) continue;
      if (await githubPausedUntil(kv)) {
        await unclaim(db, message.repos.slice(i));
        break;
      }
      const info = await fetchRepoInfo(ref);
      if (!info.ok && info.kind === "rate-limited") {
        await pauseGitHub(kv, info.until);
        await unclaim(db, message.repos.slice(i));
        break;
      }
      if (!info.ok) {
        logEvent("warn", "stars_unavailable", { repoUrl, status: info.status });
        continue;
      }
      await recordStars(db, repoUrl, info.value.stars);
      if (info.pauseUntil) await pauseGitHub(kv, info.pauseUntil);
    }
    return "done" as const;
  });
}

/** One reading of a repo's stars: the sample, and every skill of the repo's row. */
export async function recordStars(db: Db, repoUrl: string, stars: number, now = new Date()): Promise<number> {
  await db.$executeRawUnsafe(`INSERT INTO "StarSample" ("repoUrl", at, stars) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, repoUrl, now, stars);
  await db.$executeRawUnsafe(
    `INSERT INTO "RepoStars" ("repoUrl", stars, "checkedAt") VALUES ($1, $2, $3)
     ON CONFLICT ("repoUrl") DO UPDATE SET stars = EXCLUDED.stars, "checkedAt" = GREATEST("RepoStars"."checkedAt", EXCLUDED."checkedAt")`,
    repoUrl,
    stars,
    now,
  );
  const base = (days: number) =>
    `COALESCE((SELECT stars FROM "StarSample" WHERE "repoUrl" = $1 AND at <= $3::timestamptz - interval '${days} days' ORDER BY at DESC LIMIT 1),
              (SELECT stars FROM "StarSample" WHERE "repoUrl" = $1 ORDER BY at LIMIT 1), $2)`;
  const rows = await db.$queryRawUnsafe<{ name: string }[]>(
    `UPDATE "Skill" SET "githubStars" = $2,
       "trendingScore7d" = GREATEST(0, $2 - ${base(7)}), "trendingScore30d" = GREATEST(0, $2 - ${base(30)})
     WHERE "repoUrl" = $1
     RETURNING name`,
    repoUrl,
    stars,
    now,
  );
  return rows.length;
}
