/**
 * Messages of the submission queue. A submission message carries only an id: the consumer
 * re-reads the submission (safe to retry). Maintenance messages ask for Postgres to catch up with
 * KV: `drain-pending` (a publish missed Postgres) and `reconcile` (a reader found Postgres behind;
 * one budgeted rebuild step per message, re-sent with its cursor until done). `recheck` asks for
 * one known discovery find to be fetched again (discovery/recheck.ts); `stars` asks for a few
 * repos' stars to be read (discovery/stars.ts); `rescan` for published versions scanned under
 * older rules to be scanned again (rescan.ts).
 */
import { z } from "zod";
import { logEvent } from "../platform/log";
import { getWorkerEnv } from "../platform/worker-context";
import { starsMessageSchema } from "../discovery/stars";
import { rescanMessageSchema } from "./rescan";

export const submissionMessageSchema = z.object({
  submissionId: z.string().uuid(),
});
export type SubmissionMessage = z.infer<typeof submissionMessageSchema>;

export const maintenanceMessageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("drain-pending") }),
  z.object({ kind: z.literal("reconcile"), cursor: z.string().max(4000).optional() }),
  z.object({
    kind: z.literal("recheck"),
    repoFullName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/),
    skillPath: z.string().max(1000),
  }),
  starsMessageSchema,
  rescanMessageSchema,
]);
export type MaintenanceMessage = z.infer<typeof maintenanceMessageSchema>;

export const queueMessageSchema = z.union([submissionMessageSchema, maintenanceMessageSchema]);
export type QueueMessage = z.infer<typeof queueMessageSchema>;

export const SUBMISSION_QUEUE_NAME = "submission-processing";
export const SUBMISSION_DLQ_NAME = "submission-dlq";

// Per isolate: one request of each kind per window is enough (the work itself is idempotent).
const lastSent = new Map<string, number>();

async function sendOnce(message: Extract<MaintenanceMessage, { kind: "drain-pending" | "reconcile" }>, everyMs: number, delaySeconds: number): Promise<boolean> {
  const queue = getWorkerEnv()?.SUBMISSION_QUEUE as Queue<QueueMessage> | undefined;
  const last = lastSent.get(message.kind) ?? 0;
  if (!queue || Date.now() - last < everyMs) return false;
  lastSent.set(message.kind, Date.now());
  try {
    await queue.send(message, { delaySeconds });
    return true;
  } catch (err) {
    logEvent("warn", "maintenance_enqueue_failed", { kind: message.kind, error: String(err), note: "the hourly cron catches up" });
    return false;
  }
}

/** Asks the queue to write pending skills to Postgres shortly (retried while it is down). */
export const requestBackfill = () => sendOnce({ kind: "drain-pending" }, 30_000, 30);

/** Asks the queue to backfill Postgres from KV enumeration (a reader found it behind). */
export const requestReconcile = () => sendOnce({ kind: "reconcile" }, 5 * 60_000, 0);
