/**
 * The queue's maintenance messages: Postgres catching up with KV without an operator.
 * - `drain-pending`: write the pending outbox to Postgres; retried (with backoff) while it is down.
 * - `reconcile`: one budgeted rebuild-index step, re-sent with its cursor until the pass is done.
 * - `recheck`: fetch one known discovery find again (discovery/recheck.ts).
 * - `stars`: read a few repos' stars and write their skills (discovery/stars.ts).
 * - `rescan`: scan published versions again under the running rules (submissions/rescan.ts).
 */
import { getKV } from "../platform/env";
import { getWorkerEnv } from "../platform/worker-context";
import { logEvent } from "../platform/log";
import type { MaintenanceMessage, QueueMessage } from "../submissions/queue-messages";
import { drainPendingSkills } from "./drain-pending";
import { decodeCursor } from "./rebuild-cursor";
import { rebuildPublishedIndex } from "./rebuild-index";
import { withRebuildLock } from "./jobs";
import { recheckFind } from "../discovery/recheck";
import { refreshStars } from "../discovery/stars";
import { rescanVersions } from "../submissions/rescan";

export async function runMaintenance(message: MaintenanceMessage): Promise<"done" | "retry"> {
  const kv = getKV();
  if (message.kind === "drain-pending") {
    const report = await drainPendingSkills(kv);
    return report.databaseAvailable && report.remaining === report.quarantined.length ? "done" : "retry";
  }
  if (message.kind === "recheck") return recheckFind(kv, message);
  if (message.kind === "stars") return refreshStars(kv, message);
  if (message.kind === "rescan") return rescanVersions(kv, message);
  const report = await withRebuildLock("reconcile", () => rebuildPublishedIndex(kv, { cursor: message.cursor ? decodeCursor(message.cursor) : undefined }));
  if (report === null) return "done"; // a rebuild job is running: it does this work
  if (report.prismaBackfilled === null) return "retry"; // no database: try again later
  if (report.nextCursor) {
    const queue = getWorkerEnv()?.SUBMISSION_QUEUE as Queue<QueueMessage> | undefined;
    await queue?.send({ kind: "reconcile", cursor: report.nextCursor });
  } else {
    logEvent("info", "reconcile_done", { prismaBackfilled: report.prismaBackfilled, indexRewritten: report.indexRewritten });
  }
  return "done";
}
