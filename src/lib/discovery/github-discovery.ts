/**
 * runGitHubDiscovery(): the hourly search of GitHub for SKILL.md files. Each find is recorded in
 * Postgres (discovery-dedup.ts) and submitted like any author's submission (scan queue, then
 * publish) when it is new or its blob SHA changed. Then the finds checked longest ago are sent as
 * re-check messages (recheck.ts), DISCOVERY_RECHECKS_PER_RUN a run, so every known find is looked
 * at again within a bounded cycle even when the search does not return it. Every run is recorded
 * in "DiscoveryRunLog". Without DATABASE_URL there is no record, so the run is skipped with an
 * error log that says how to fix it (AC-US6-03), never silently.
 */
import { resolveDatabaseUrl, withDb } from "../platform/db";
import { searchCode, type CodeSearchItem } from "../platform/github";
import { logEvent } from "../platform/log";
import type { MaintenanceMessage, SubmissionMessage } from "../submissions/queue-messages";
import { submissionRequestSchema } from "../submissions/schema";
import { submitSkill } from "../submissions/submit";
import type { Db } from "../platform/db";
import { claimDiscoveries, claimRechecks, markSubmitted, unclaimRechecks, type Found } from "./discovery-dedup";

export const DISCOVERY_QUERY = "filename:SKILL.md";
/** Code-search pages per run (100 results each): a run stays well inside a Worker's subrequests. */
export const DISCOVERY_PAGES = 2;
/**
 * Known finds re-checked per run (queue messages, sent 100 to a batch: 10 subrequests). Each is
 * one GitHub contents call in the queue consumer, well inside a token's 5,000 requests an hour.
 * At 150,000 finds the whole cycle takes 150 runs: 6¼ days of hourly runs.
 */
export const DISCOVERY_RECHECKS_PER_RUN = 1000;
const SEND_BATCH = 100;

export type DiscoveryReport =
  | { ran: true; found: number; queued: number; skipped: number; rechecks: number; error: string | null }
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
    // The database's clock: what this run's writes stamp "lastCheckedAt" with.
    const [{ now: startedAt }] = await db.$queryRawUnsafe<[{ now: Date }]>(`SELECT now() AS now`);
    let found = 0;
    let queued = 0;
    let rechecks = 0;
    let error: string | null = null;
    try {
      for (let page = 1; page <= DISCOVERY_PAGES; page++) {
        const result = await searchCode(DISCOVERY_QUERY, page);
        const finds = result.items.map(toFound).filter((f): f is Found => f !== null);
        found += finds.length;
        for (const f of await claimDiscoveries(db, finds)) {
          if (await submitFind(db, ctx.kv, queue, f)) queued++;
        }
        if (page * 100 >= result.total) break;
      }
    } catch (err) {
      error = String(err instanceof Error ? err.message : err);
      logEvent("error", "discovery_failed", { error, found, queued });
    }
    try {
      rechecks = await sendRechecks(db, queue as unknown as Queue<MaintenanceMessage>, startedAt);
    } catch (err) {
      const message = `re-checks: ${String(err instanceof Error ? err.message : err)}`;
      error = error ? `${error}; ${message}` : message;
      logEvent("error", "discovery_rechecks_failed", { error: message, rechecks });
    }
    const skipped = found - queued;
    await db.discoveryRunLog.update({ where: { id: run.id }, data: { finishedAt: new Date(), found, queued, skipped, error } });
    logEvent("info", "discovery_run", { found, queued, skipped, rechecks, error });
    return { ran: true, found, queued, skipped, rechecks, error };
  });
}

/** Submits one find (as discovery, exempt from the rate limit) and records the blob SHA it was submitted at; false when it is not a usable submission. */
export async function submitFind(db: Db, kv: KVNamespace, queue: Queue<SubmissionMessage>, f: Found): Promise<boolean> {
  const request = submissionRequestSchema.safeParse({
    repoUrl: `https://github.com/${f.repoFullName}`,
    skillName: f.skillPath.split("/").pop() || f.repoFullName.split("/")[1],
    skillPath: f.skillPath || undefined,
  });
  if (!request.success) {
    logEvent("warn", "discovery_unusable", { repo: f.repoFullName, path: f.skillPath, reason: request.error.issues[0]?.message });
    return false;
  }
  const { submission, duplicate } = await submitSkill({ kv, queue, clientId: "discovery", internal: true }, request.data);
  // A submission of it still queued fetches the file when it runs, so it covers this SHA; one
  // already scanning may have read the old file, so the SHA stays unsubmitted for the next look.
  await markSubmitted(db, duplicate && submission.state === "SCANNING" ? { ...f, blobSha: null } : f, submission.id);
  return true;
}

/** Claims the finds checked longest ago (before this run) and sends them as re-check messages; a batch that cannot be sent goes back to the front of the line. */
async function sendRechecks(db: Db, queue: Queue<MaintenanceMessage>, before: Date): Promise<number> {
  const due = await claimRechecks(db, before, DISCOVERY_RECHECKS_PER_RUN);
  let sent = 0;
  for (let i = 0; i < due.length; i += SEND_BATCH) {
    const batch = due.slice(i, i + SEND_BATCH);
    try {
      await queue.sendBatch(batch.map((f) => ({ body: { kind: "recheck", repoFullName: f.repoFullName, skillPath: f.skillPath } })));
      sent += batch.length;
    } catch (err) {
      await unclaimRechecks(db, due.slice(i));
      throw err;
    }
  }
  return sent;
}

/** A code-search hit as (repo, folder of the SKILL.md); other file names are not skills. */
function toFound(item: CodeSearchItem): Found | null {
  const parts = item.path.split("/");
  if (parts.pop() !== "SKILL.md") return null;
  return { repoFullName: item.repoFullName, skillPath: parts.join("/"), blobSha: item.sha };
}
