/**
 * Re-scans when the rules change. Every scan records its rule-set version (RULES_VERSION); each
 * hourly run finds the published current versions scanned under another one, oldest first, at
 * most RESCAN_VERSIONS_PER_RUN, and queues them RESCAN_PER_MESSAGE to a `rescan` message. The
 * consumer scans each again, as a publish would: the stored SKILL.md with the files it covers
 * (skill-files.ts), read at the version's commit. The version keeps its number and content; its
 * scan (score, verdict, findings, rule-set version) is replaced, in Postgres and in KV's current
 * copy. One that passed and now fails is flagged for an operator's review (`flaggedAt`,
 * `flagReason`: counted by health, listed on the dashboard) and stays listed: the operator
 * decides (delist, or leave it). One that passes again is unflagged. A version GitHub cannot
 * serve the files of now keeps its old scan and is tried again after the others (the order is
 * the last attempt, never tried first), so such versions cannot stall the pass.
 */
import { z } from "zod";
import { withDb, type Db } from "../platform/db";
import { logEvent } from "../platform/log";
import { parseRepoUrl } from "../catalog/slug";
import { readCurrentVersion, skillMdKey } from "../catalog/skill-versions";
import { RULES_VERSION } from "./scanner/rules";
import { scanSkillFiles } from "./scanner/scan";
import { gatherSkillFiles } from "./skill-files";
import { githubPausedUntil } from "./github-facts";

/** Each re-scan costs a folder listing or two and the files it covers (3 to 25 GitHub calls): 500 a run. */
export const RESCAN_VERSIONS_PER_RUN = 500;
/** Two to a message: a queue batch (10 messages) then re-scans at most 20 versions, each up to
 * 21 file reads and a few folder listings, well inside one invocation's subrequests. */
export const RESCAN_PER_MESSAGE = 2;

export const rescanMessageSchema = z.object({ kind: z.literal("rescan"), ids: z.array(z.string().uuid()).min(1).max(RESCAN_PER_MESSAGE) });
export type RescanMessage = z.infer<typeof rescanMessageSchema>;

/** The cron's part: the current versions scanned under other rules, queued. */
export async function sendRescans(db: Db, queue: Queue<RescanMessage>): Promise<{ versions: number; rulesVersion: string }> {
  const due = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT v.id FROM "SkillVersion" v JOIN "Skill" s ON s.name = v.skill AND s."currentVersion" = v.version
     WHERE v.state = 'published' AND v."rulesVersion" IS DISTINCT FROM $1
     ORDER BY v."rescanTriedAt" NULLS FIRST, v."publishedAt", v.id LIMIT $2`,
    RULES_VERSION,
    RESCAN_VERSIONS_PER_RUN,
  );
  const messages: { body: RescanMessage }[] = [];
  for (let i = 0; i < due.length; i += RESCAN_PER_MESSAGE) messages.push({ body: { kind: "rescan", ids: due.slice(i, i + RESCAN_PER_MESSAGE).map((r) => r.id) } });
  for (let i = 0; i < messages.length; i += 100) await queue.sendBatch(messages.slice(i, i + 100));
  return { versions: due.length, rulesVersion: RULES_VERSION };
}

/** The consumer's part: scan each version again under the running rules. */
export function rescanVersions(kv: KVNamespace, message: RescanMessage): Promise<"done"> {
  return withDb(async (db) => {
    for (const id of message.ids) {
      if (await githubPausedUntil(kv)) break; // the rest keep their old scan; a later run sends them again
      const row = await db.skillVersion.findUnique({ where: { id } });
      if (!row || row.state !== "published" || row.rulesVersion === RULES_VERSION) continue;
      const skill = await db.skill.findUnique({ where: { name: row.skill }, select: { repoUrl: true, currentVersion: true } });
      const ref = skill && skill.currentVersion === row.version ? parseRepoUrl(skill.repoUrl) : null;
      if (!ref) continue; // delisted, or no longer the current version
      const gathered = await gatherSkillFiles(kv, ref, { path: row.path, content: row.content }, row.commitSha);
      if (!gathered.ok) {
        logEvent("warn", "rescan_deferred", { skill: row.skill, version: row.version, reason: gathered.retry });
        // Tried: the others go first next run.
        await db.skillVersion.update({ where: { id }, data: { rescanTriedAt: new Date() } });
        continue;
      }
      const scan = scanSkillFiles(gathered.files);
      const findings = scan.findings.map(({ ruleId, severity, title, line, why, file }) => ({ ruleId, severity, title, line, why, file: file ?? row.path }));
      const newlyFailing = scan.verdict === "fail" && row.scanVerdict !== "fail";
      const reasons = [...new Set(scan.findings.map((f) => f.title))].slice(0, 5).join("; ");
      const flag =
        scan.verdict !== "fail"
          ? { flaggedAt: null, flagReason: null }
          : newlyFailing
            ? { flaggedAt: new Date(), flagReason: `re-scan under rules ${RULES_VERSION} failed (score ${scan.score}, was ${row.scanScore}): ${reasons}` }
            : {};
      await db.skillVersion.update({
        where: { id },
        data: { scanScore: scan.score, scanVerdict: scan.verdict, findings: findings as unknown as object, rulesVersion: scan.rulesVersion, rescanTriedAt: new Date(), ...flag },
      });
      // KV's current copy shows the same scan (the page and the fallback read it), unless a
      // publish made another version current meanwhile (its copy must not be turned back).
      const still = await db.skill.findUnique({ where: { name: row.skill }, select: { currentVersion: true } });
      const current = still?.currentVersion === row.version ? await readCurrentVersion(kv, row.skill) : null;
      if (current?.id === id) {
        await kv.put(skillMdKey(row.skill), JSON.stringify({ ...current, scan: { verdict: scan.verdict, score: scan.score, findings, rulesVersion: scan.rulesVersion } }));
      }
      if (newlyFailing) logEvent("warn", "rescan_flagged", { skill: row.skill, version: row.version, score: scan.score, was: row.scanScore, reasons });
    }
    return "done" as const;
  });
}
