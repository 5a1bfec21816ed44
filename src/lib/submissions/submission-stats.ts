/**
 * What the operators' dashboard shows of submissions, read from the Postgres `Submission` table
 * (the queryable copy; KV holds the operational one): how many are in each state, and the newest
 * dead letters (submissions the queue gave up on; markDeadLettered marks them FAILED with a reason
 * that starts with DEAD_LETTER_REASON_PREFIX). Rows an outage kept out of Postgres are missing
 * until the pending drain writes them.
 */
import type { Db } from "../platform/db";
import { DEAD_LETTER_REASON_PREFIX, SUBMISSION_STATES, type SubmissionState } from "./schema";

export interface DeadLetter {
  id: string;
  repoUrl: string;
  skillName: string;
  reason: string;
  attempts: number;
  updatedAt: string;
}

/** Every state with its count (0 for a state no submission is in). One grouped query. */
export async function countSubmissionsByState(db: Db): Promise<Record<SubmissionState, number>> {
  const rows = await db.submission.groupBy({ by: ["state"], _count: { _all: true } });
  const counts = Object.fromEntries(SUBMISSION_STATES.map((s) => [s, 0])) as Record<SubmissionState, number>;
  for (const r of rows) counts[r.state as SubmissionState] = r._count._all;
  return counts;
}

/** The newest dead-lettered submissions (at most `limit`) and how many there are in all. */
export async function listDeadLetters(db: Db, limit = 10): Promise<{ entries: DeadLetter[]; total: number }> {
  const where = { state: "FAILED" as const, reason: { startsWith: DEAD_LETTER_REASON_PREFIX } };
  const [rows, total] = await Promise.all([
    db.submission.findMany({ where, orderBy: { updatedAt: "desc" }, take: limit, select: { id: true, repoUrl: true, skillName: true, reason: true, attempts: true, updatedAt: true } }),
    db.submission.count({ where }),
  ]);
  return { entries: rows.map((r) => ({ ...r, reason: r.reason ?? "", updatedAt: r.updatedAt.toISOString() })), total };
}
