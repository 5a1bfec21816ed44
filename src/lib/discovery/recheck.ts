/**
 * One re-check of a known discovery find (a `recheck` queue message from the hourly rotation):
 * fetch its SKILL.md again and
 * - same blob SHA as submitted: nothing to do but note the check (the find, and the skill's
 *   current version's "last checked");
 * - another SHA (or never submitted): submit it, as discovery would (an update is published or
 *   rejected by the normal path);
 * - 404: count a miss ("source missing", source-missing.ts: delisted after repeated misses over
 *   a week); the file answering again clears it;
 * - GitHub can't answer now (down, rate limited, or a pause another call recorded): the find
 *   goes back to the front of the rotation for the next run instead of filling the queue with
 *   retries; a refusal (401, 403) is no miss either and waits for the find's next turn.
 */
import { withDb, type Db } from "../platform/db";
import { fetchRepoFile } from "../platform/github";
import { logEvent } from "../platform/log";
import { getWorkerEnv } from "../platform/worker-context";
import type { SubmissionMessage } from "../submissions/queue-messages";
import { unclaimRechecks, type Found } from "./discovery-dedup";
import { submitFind } from "./github-discovery";
import { recordSourceMiss } from "./source-missing";
import { githubPausedUntil, pauseGitHub } from "../submissions/github-facts";

export async function recheckFind(kv: KVNamespace, find: Found): Promise<"done" | "retry"> {
  const queue = getWorkerEnv()?.SUBMISSION_QUEUE as Queue<SubmissionMessage> | undefined;
  if (!queue) return "retry";
  return withDb(async (db): Promise<"done" | "retry"> => {
    const where = { repoFullName_skillPath: { repoFullName: find.repoFullName, skillPath: find.skillPath } };
    const record = await db.discoveryRecord.findUnique({ where });
    if (!record) return "done"; // forgotten since it was sent: nothing to check
    // GitHub asked us to wait: this find goes back to the front of the line, untouched.
    if (await githubPausedUntil(kv)) {
      await unclaimRechecks(db, [find]);
      return "done";
    }
    const [owner, repo] = find.repoFullName.split("/") as [string, string];
    const res = await fetchRepoFile({ owner, repo }, find.skillPath ? `${find.skillPath}/SKILL.md` : "SKILL.md");
    if (!res.ok && res.kind === "transient") {
      if (res.until) await pauseGitHub(kv, res.until);
      // Down or rate limited: first in line next run. Refused (401, 403 blocked, …): not a miss
      // either, but it waits for its next turn rather than taking the front every run.
      const retrySoon = res.until !== undefined || res.status === 0 || res.status >= 500;
      logEvent("warn", retrySoon ? "recheck_deferred" : "recheck_refused", { repo: find.repoFullName, path: find.skillPath, status: res.status, message: res.message });
      if (retrySoon) await unclaimRechecks(db, [find]);
      else await db.discoveryRecord.update({ where, data: { lastCheckedAt: new Date() } });
      return "done";
    }
    if (!res.ok) {
      await recordSourceMiss(kv, db, find, record.missingSince);
      return "done";
    }
    const changed = record.submissionId === null || res.sha === null || res.sha !== record.submittedSha;
    await db.discoveryRecord.update({
      where,
      data: { lastCheckedAt: new Date(), missCount: 0, missingSince: null, ...(res.sha ? { blobSha: res.sha } : {}) },
    });
    if (!changed) {
      await markSourceChecked(db, find);
      return "done";
    }
    await submitFind(db, kv, queue, { ...find, blobSha: res.sha });
    return "done";
  });
}

/** The current version of the skill published from this source was just found unchanged. */
async function markSourceChecked(db: Db, find: Found): Promise<void> {
  // The repo URL as discovery spells it first (the index); another letter case only if that finds none.
  const update = (match: string) =>
    db.$executeRawUnsafe(
      `UPDATE "SkillVersion" v SET "checkedAt" = now() FROM "Skill" s
       WHERE s.name = v.skill AND v.version = s."currentVersion" AND v.state = 'published'
         AND ${match} AND s."skillPath" = $2`,
      `https://github.com/${find.repoFullName}`,
      find.skillPath,
    );
  if ((await update(`s."repoUrl" = $1`)) === 0) await update(`lower(s."repoUrl") = lower($1)`);
}
