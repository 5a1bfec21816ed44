/**
 * Submissions live in KV (`submission:{id}`, the operational copy the queue reads) and in the
 * Postgres `Submission` table (best effort, for querying). A duplicate in-flight submission of the
 * same repo + skill returns the existing one (`submission-inflight:{repo}#{name}`).
 */
import { attempt, type Db } from "../platform/db";
import { logEvent } from "../platform/log";
import { submissionRecordSchema, TERMINAL_STATES, type SubmissionRecord, type SubmissionRequest } from "./schema";

const submissionKey = (id: string) => `submission:${id}`;
const inflightKey = (repoUrl: string, skillName: string) => `submission-inflight:${repoUrl.toLowerCase()}#${skillName.trim().toLowerCase()}`;
/** In-flight markers expire on their own, so a lost queue message never blocks resubmission forever. */
const INFLIGHT_TTL_SECONDS = 6 * 60 * 60;

export async function getSubmission(kv: KVNamespace, id: string): Promise<SubmissionRecord | null> {
  const raw = await kv.get(submissionKey(id), "json").catch(() => null);
  const parsed = submissionRecordSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Creates a QUEUED submission, or returns the in-flight one for the same repo + skill. */
export async function createSubmission(
  kv: KVNamespace,
  db: Db | null,
  req: SubmissionRequest,
): Promise<{ submission: SubmissionRecord; duplicate: boolean }> {
  const existingId = await kv.get(inflightKey(req.repoUrl, req.skillName), "text");
  if (existingId) {
    const existing = await getSubmission(kv, existingId);
    if (existing && !TERMINAL_STATES.has(existing.state)) return { submission: existing, duplicate: true };
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
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  };
  await kv.put(submissionKey(submission.id), JSON.stringify(submission));
  await kv.put(inflightKey(req.repoUrl, req.skillName), submission.id, { expirationTtl: INFLIGHT_TTL_SECONDS });
  await syncRow(db, submission);
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
  await syncRow(db, next);
  return next;
}

async function syncRow(db: Db | null, s: SubmissionRecord): Promise<void> {
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
  if (!res.ok && db) logEvent("warn", "submission_row_sync_failed", { id: s.id, error: res.error });
}
