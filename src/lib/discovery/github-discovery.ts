/**
 * runGitHubDiscovery(): the hourly search of GitHub for SKILL.md files. Each find is deduplicated
 * in Postgres (discovery-dedup.ts) and, the first time, submitted like any author's submission
 * (scan queue, then publish). Every run is recorded in "DiscoveryRunLog". Without DATABASE_URL
 * there is no dedup, so the run is skipped with an error log that says how to fix it (AC-US6-03),
 * never silently.
 */
import { resolveDatabaseUrl, withDb } from "../platform/db";
import { searchCode, type CodeSearchItem } from "../platform/github";
import { logEvent } from "../platform/log";
import type { SubmissionMessage } from "../submissions/queue-messages";
import { submissionRequestSchema } from "../submissions/schema";
import { submitSkill } from "../submissions/submit";
import { claimDiscoveries, markSubmitted, type Found } from "./discovery-dedup";

export const DISCOVERY_QUERY = "filename:SKILL.md";
/** Code-search pages per run (100 results each): a run stays well inside a Worker's subrequests. */
export const DISCOVERY_PAGES = 2;

export type DiscoveryReport =
  | { ran: true; found: number; queued: number; skipped: number; error: string | null }
  | { ran: false; reason: "database-not-configured" | "queue-not-configured" };

export async function runGitHubDiscovery(ctx: { kv: KVNamespace; queue: Queue<SubmissionMessage> | undefined }): Promise<DiscoveryReport> {
  if (!resolveDatabaseUrl()) {
    logEvent("error", "discovery_skipped", {
      reason: "database-not-configured",
      message: "Discovery needs a database for its dedup table: bind HYPERDRIVE or set DATABASE_URL (`wrangler secret put DATABASE_URL`).",
    });
    return { ran: false, reason: "database-not-configured" };
  }
  if (!ctx.queue) {
    logEvent("error", "discovery_skipped", { reason: "queue-not-configured", message: "SUBMISSION_QUEUE binding is missing." });
    return { ran: false, reason: "queue-not-configured" };
  }
  const queue = ctx.queue;
  return withDb(async (db) => {
    const run = await db.discoveryRunLog.create({ data: {} });
    let found = 0;
    let queued = 0;
    let error: string | null = null;
    try {
      for (let page = 1; page <= DISCOVERY_PAGES; page++) {
        const result = await searchCode(DISCOVERY_QUERY, page);
        const finds = result.items.map(toFound).filter((f): f is Found => f !== null);
        found += finds.length;
        for (const f of await claimDiscoveries(db, finds)) {
          const request = submissionRequestSchema.safeParse({
            repoUrl: `https://github.com/${f.repoFullName}`,
            skillName: f.skillPath.split("/").pop() || f.repoFullName.split("/")[1],
            skillPath: f.skillPath || undefined,
          });
          if (!request.success) {
            logEvent("warn", "discovery_unusable", { repo: f.repoFullName, path: f.skillPath, reason: request.error.issues[0]?.message });
            continue;
          }
          const { submission } = await submitSkill({ kv: ctx.kv, queue, clientId: "discovery", internal: true }, request.data);
          await markSubmitted(db, f, submission.id);
          queued++;
        }
        if (page * 100 >= result.total) break;
      }
    } catch (err) {
      error = String(err instanceof Error ? err.message : err);
      logEvent("error", "discovery_failed", { error, found, queued });
    }
    const skipped = found - queued;
    await db.discoveryRunLog.update({ where: { id: run.id }, data: { finishedAt: new Date(), found, queued, skipped, error } });
    logEvent("info", "discovery_run", { found, queued, skipped, error });
    return { ran: true, found, queued, skipped, error };
  });
}

/** A code-search hit as (repo, folder of the SKILL.md); other file names are not skills. */
function toFound(item: CodeSearchItem): Found | null {
  const parts = item.path.split("/");
  if (parts.pop() !== "SKILL.md") return null;
  return { repoFullName: item.repoFullName, skillPath: parts.join("/") };
}
