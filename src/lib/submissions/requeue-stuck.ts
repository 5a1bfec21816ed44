/**
 * Submissions whose queue message was lost (a restart, a dropped batch) stay QUEUED or SCANNING
 * with no progress. The cron finds them through their in-flight markers — list() calls alone,
 * never every submission — reads them in bulk and re-queues at most a bounded number per run; a re-submission of a
 * stuck one re-queues it at once (submit.ts).
 */
import type { Db } from "../platform/db";
import { withOptionalDb } from "../platform/db";
import { logEvent } from "../platform/log";
import { chunk, KV_BULK_GET_MAX, KV_LIST_PAGE } from "../catalog/kv/keys";
import type { QueueMessage } from "./queue-messages";
import type { SubmissionRecord } from "./schema";
import { getSubmissions, INFLIGHT_PREFIX, isStuck, updateSubmission } from "./store";

/** Sends the submission's message again and records that (which also restarts its stuck clock). */
export async function requeueSubmission(kv: KVNamespace, db: Db | null, queue: Queue<QueueMessage>, s: SubmissionRecord): Promise<SubmissionRecord> {
  await queue.send({ submissionId: s.id });
  logEvent("warn", "submission_requeued", { id: s.id, state: s.state, idleSince: s.updatedAt });
  return updateSubmission(kv, db, s, { state: "QUEUED", reason: `re-queued: no progress since ${s.updatedAt}` });
}

export interface RequeueReport {
  checked: number;
  requeued: number;
}

/** Re-queues up to `max` stuck submissions, reading at most `maxPages` marker pages. */
export function requeueStuckSubmissions(kv: KVNamespace, queue: Queue<QueueMessage>, opts: { max?: number; maxPages?: number } = {}): Promise<RequeueReport> {
  const max = opts.max ?? 50;
  return withOptionalDb(async (db) => {
    const ids: string[] = [];
    const legacy: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < (opts.maxPages ?? 3); page++) {
      const res: KVNamespaceListResult<unknown> = await kv.list({ prefix: INFLIGHT_PREFIX, limit: KV_LIST_PAGE, cursor });
      for (const k of res.keys) {
        const id = (k.metadata as { id?: unknown } | null)?.id;
        if (typeof id === "string") ids.push(id);
        else legacy.push(k.name);
      }
      if (res.list_complete) break;
      cursor = res.cursor;
    }
    for (const part of chunk(legacy, KV_BULK_GET_MAX)) {
      for (const id of (await kv.get(part, "text")).values()) if (id) ids.push(id);
    }
    const checked = await getSubmissions(kv, ids.slice(0, 300));
    const report: RequeueReport = { checked: checked.length, requeued: 0 };
    for (const s of checked) {
      if (report.requeued >= max) break;
      if (!isStuck(s)) continue;
      await requeueSubmission(kv, db, queue, s);
      report.requeued++;
    }
    return report;
  });
}
