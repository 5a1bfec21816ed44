/**
 * "Source missing": a known find whose SKILL.md (or whole repo) answers 404 on a re-check. Each
 * miss is counted on its "DiscoveryRecord" (since the first); the skill's page says so and health
 * counts it. A single 404 may be a blip (a force-push, a branch being renamed), so the skill is
 * delisted automatically only after SOURCE_MISSING_MIN_MISSES misses spanning at least
 * SOURCE_MISSING_DELIST_DAYS days: the operators' delist, with the reason, recorded in the audit
 * log as done by "discovery", at most AUTO_DELISTS_PER_DAY a day (a wrong API URL or a GitHub
 * incident answering 404 for everything cannot empty the catalogue). Only 404, 410 and 451 are
 * misses; a refusal, an outage or a garbled answer is not. A renamed repo is not missing: GitHub
 * redirects it, and the fetch follows the redirect.
 */
import type { Db } from "../platform/db";
import { logEvent } from "../platform/log";
import { delistSkill } from "../operations/delist";
import { recordAudit } from "../operations/audit";
import type { Found } from "./discovery-dedup";

export const SOURCE_MISSING_MIN_MISSES = 2;
export const SOURCE_MISSING_DELIST_DAYS = 7;
/** Automatic delists in any 24 hours, counted in the audit log. */
export const AUTO_DELISTS_PER_DAY = 20;
const DAY_MS = 86_400_000;

/**
 * Counts one 404 of the find's SKILL.md (`missingSince`: the find's, as the caller just read it);
 * past the threshold, delists the skills published from it.
 */
export async function recordSourceMiss(kv: KVNamespace, db: Db, find: Found, missingSince: Date | null, now = new Date()): Promise<{ misses: number; delisted: string[] }> {
  const record = await db.discoveryRecord.update({
    where: { repoFullName_skillPath: { repoFullName: find.repoFullName, skillPath: find.skillPath } },
    data: { missCount: { increment: 1 }, missingSince: missingSince ?? now, lastCheckedAt: now },
  });
  const since = record.missingSince ?? now;
  logEvent("warn", "source_missing", { repo: find.repoFullName, path: find.skillPath, misses: record.missCount, since: since.toISOString() });
  if (record.missCount < SOURCE_MISSING_MIN_MISSES || now.getTime() - since.getTime() < SOURCE_MISSING_DELIST_DAYS * DAY_MS) {
    return { misses: record.missCount, delisted: [] };
  }
  const file = `${find.repoFullName}/${find.skillPath ? `${find.skillPath}/` : ""}SKILL.md`;
  const reason = `source missing: ${file} has answered 404 on GitHub since ${since.toISOString().slice(0, 10)} (${record.missCount} checks)`;
  const skills = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT name FROM "Skill" WHERE lower("repoUrl") = lower($1) AND "skillPath" = $2 ORDER BY name`,
    `https://github.com/${find.repoFullName}`,
    find.skillPath,
  );
  const delisted: string[] = [];
  // A safety valve: a misconfigured GITHUB_API_URL or a GitHub incident answers 404 for
  // everything; no more than AUTO_DELISTS_PER_DAY skills are taken down automatically a day.
  // Counted in the audit log (Postgres, which this path has): the automatic delists of the last day.
  const [{ n: done }] = await db.$queryRawUnsafe<[{ n: number }]>(
    `SELECT count(*)::int AS n FROM "AuditEntry" WHERE actor = 'discovery' AND action = 'delist' AND at > $1::timestamptz - interval '1 day'`,
    now,
  );
  let today = done;
  for (const { name } of skills) {
    if (today >= AUTO_DELISTS_PER_DAY) {
      logEvent("error", "auto_delist_capped", { skill: name, reason, cap: AUTO_DELISTS_PER_DAY, note: "listed and counted as source missing; check GITHUB_API_URL and GitHub, or delist by hand" });
      continue;
    }
    today++;
    const params = { reason, automatic: true, misses: record.missCount, missingSince: since.toISOString() };
    try {
      const result = await delistSkill(kv, name, { reason, actor: "discovery", now });
      await recordAudit({ actor: "discovery", action: "delist", target: result.name, params, result });
      delisted.push(result.name);
    } catch (err) {
      // A seed skill, or one already gone: recorded, and the find keeps counting.
      await recordAudit({ actor: "discovery", action: "delist", target: name, params, result: { error: String((err as Error).message ?? err) } });
    }
  }
  return { misses: record.missCount, delisted };
}
