/**
 * Submissions live in KV (`submission:{id}`, the operational copy the queue reads) and in the
 * Postgres `Submission` table (best effort, for querying). A duplicate in-flight submission of the
 * same repo + skill returns the existing one (`submission-inflight:{repo}#{name}`).
 */
import { attempt, resolveDatabaseUrl, withOptionalDb, type Db } from "../platform/db";
import { getKV } from "../platform/env";
import { chunk, KV_BULK_GET_MAX } from "../catalog/kv/keys";
import { logEvent } from "../platform/log";
import { requestBackfill } from "./queue-messages";
import { submissionRecordSchema, TERMINAL_STATES, type SubmissionRecord, type SubmissionRequest } from "./schema";

const submissionKey = (id: string) => `submission:${id}`;
export const INFLIGHT_PREFIX = "submission-inflight:";
const inflightKey = (repoUrl: string, skillName: string) => `${INFLIGHT_PREFIX}${repoUrl.toLowerCase()}#${skillName.trim().toLowerCase()}`;
/** A submission without progress for this long is stuck (its queue message was lost): re-queue it. */
export const STUCK_AFTER_MS = 15 * 60 * 1000;
export const isStuck = (s: SubmissionRecord, now = Date.now()) => !TERMINAL_STATES.has(s.state) && now - Date.parse(s.updatedAt) > STUCK_AFTER_MS;
/** In-flight markers expire on their own, so a lost queue message never blocks resubmission forever. */
const INFLIGHT_TTL_SECONDS = 6 * 60 * 60;

export async function getSubmission(kv: KVNamespace, id: string): Promise<SubmissionRecord | null> {
  const raw = await kv.get(submissionKey(id), "json").catch(() => null);
  const parsed = submissionRecordSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Several submissions by id, in bulk reads (missing or unreadable ones left out). */
export async function getSubmissions(kv: KVNamespace, ids: readonly string[]): Promise<SubmissionRecord[]> {
  const out: SubmissionRecord[] = [];
  for (const part of chunk(ids, KV_BULK_GET_MAX)) {
    const values = await kv.get(part.map(submissionKey), "json");
    for (const raw of values.values()) {
      const parsed = submissionRecordSchema.safeParse(raw);
      if (parsed.success) out.push(parsed.data);
    }
  }
  return out;
}

/** Creates a QUEUED submission, or returns the in-flight one for the same repo + skill. */
export async function createSubmission(
  kv: KVNamespace,
  db: Db | null,
  req: SubmissionRequest,
): Promise<{ submission: SubmissionRecord; duplicate: boolean; stuck?: boolean }> {
  const existingId = await kv.get(inflightKey(req.repoUrl, req.skillName), "text");
  if (existingId) {
    const existing = await getSubmission(kv, existingId);
    if (existing && !TERMINAL_STATES.has(existing.state)) return { submission: existing, duplicate: true, stuck: isStuck(existing) };
  }
  const now = new Date().toISOString();
  const submission: SubmissionRecord = {
    id: crypto.randomUUID(),
    repoUrl: req.repoUrl,
    skillName: req.skillName,
    skillPath: req.skillPath ?? "",
    state: "QUEUED",
    reason: null,
    scanScore: null,
    findings: [],
    publishedAs: null,
    rulesVersion: null,
    commitSha: null,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  };
  await kv.put(submissionKey(submission.id), JSON.stringify(submission));
  // The marker's metadata lets the cron find stuck submissions with list() calls alone.
  await kv.put(inflightKey(req.repoUrl, req.skillName), submission.id, { expirationTtl: INFLIGHT_TTL_SECONDS, metadata: { id: submission.id } });
  await syncRow(kv, db, submission);
  return { submission, duplicate: false };
}

/** Applies `patch`, bumps updatedAt, writes KV and (best effort) Postgres. */
export async function updateSubmission(
  kv: KVNamespace,
  db: Db | null,
  current: SubmissionRecord,
  patch: Partial<Omit<SubmissionRecord, "id" | "createdAt">>,
): Promise<SubmissionRecord> {
  const next: SubmissionRecord = { ...current, ...patch, updatedAt: new Date().toISOString() };
  await kv.put(submissionKey(next.id), JSON.stringify(next));
  if (TERMINAL_STATES.has(next.state)) await kv.delete(inflightKey(next.repoUrl, next.skillName));
  await syncRow(kv, db, next);
  return next;
}

async function syncRow(kv: KVNamespace, db: Db | null, s: SubmissionRecord): Promise<boolean> {
  const data = {
    repoUrl: s.repoUrl,
    skillName: s.skillName,
    skillPath: s.skillPath,
    state: s.state,
    reason: s.reason,
    scanScore: s.scanScore,
    publishedAs: s.publishedAs,
    attempts: s.attempts,
  };
  const res = await attempt(db, (d) =>
    d.submission.upsert({ where: { id: s.id }, create: { id: s.id, ...data, createdAt: new Date(s.createdAt) }, update: data }),
  );
  if (res.ok || resolveDatabaseUrl() === undefined) return true; // no database configured: nothing to sync
  // The KV record is the operational copy; the row catches up when the pending drain runs.
  logEvent("warn", "submission_row_sync_failed", { id: s.id, error: res.error, note: "queued for the pending drain" });
  await kv.put(pendingSubmissionKey(s.id), "", { metadata: { id: s.id } });
  await requestBackfill();
  return false;
}

const PENDING_SUBMISSION_PREFIX = "pending:submission:";
const pendingSubmissionKey = (id: string) => `${PENDING_SUBMISSION_PREFIX}${id}`;

/** Writes to Postgres the submissions whose row could not be written (one list page per call). */
export async function drainPendingSubmissions(kv: KVNamespace, db: Db): Promise<{ synced: number; remaining: number }> {
  const page = await kv.list({ prefix: PENDING_SUBMISSION_PREFIX, limit: 200 });
  let synced = 0;
  for (const key of page.keys) {
    const id = key.name.slice(PENDING_SUBMISSION_PREFIX.length);
    const s = await getSubmission(kv, id);
    if (s && !(await syncRow(kv, db, s))) break; // still failing: the next drain retries
    await kv.delete(key.name);
    synced++;
  }
  return { synced, remaining: page.keys.length - synced + (page.list_complete ? 0 : 1) };
}

/**
 * A submission as its author sees it: the record, and while it is queued its estimated position
 * (submissions queued before it, from Postgres; null when Postgres cannot say).
 */
export async function getSubmissionView(id: string): Promise<(SubmissionRecord & { queuePosition: number | null }) | null> {
  const kv = getKV();
  const s = await getSubmission(kv, id);
  if (!s) return null;
  if (s.state !== "QUEUED") return { ...s, queuePosition: null };
  const position = await withOptionalDb((db) =>
    attempt(db, async (d) => {
      const [row] = await d.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "Submission" WHERE state = 'QUEUED' AND "createdAt" <= $1::timestamp(3)`,
        s.createdAt.replace(/Z$/, ""),
      );
      return row!.n;
    }),
  );
  return { ...s, queuePosition: position.ok ? Math.max(1, position.value) : null };
}
