/**
 * submitSkill(): the whole POST /api/v1/submissions operation behind the route — rate limit
 * (internal callers exempt), dedup of in-flight submissions, record, enqueue.
 */
import { withOptionalDb } from "../platform/db";
import { ApiError } from "../http/errors";
import { logEvent } from "../platform/log";
import type { SubmissionMessage } from "./queue-messages";
import { checkSubmissionLimit } from "./rate-limit";
import type { SubmissionRecord, SubmissionRequest } from "./schema";
import { createSubmission, updateSubmission } from "./store";
import { requeueSubmission } from "./requeue-stuck";

export interface SubmitContext {
  kv: KVNamespace;
  queue: Queue<SubmissionMessage> | undefined;
  clientId: string;
  internal: boolean;
  /** The Workers Rate Limiting binding (SUBMIT_LIMITER), when bound. */
  limiter?: RateLimit;
}

export async function submitSkill(ctx: SubmitContext, req: SubmissionRequest): Promise<{ submission: SubmissionRecord; duplicate: boolean }> {
  if (!ctx.internal) {
    const decision = await checkSubmissionLimit(ctx.kv, ctx.clientId, ctx.limiter);
    if (!decision.allowed) {
      throw new ApiError("rate_limited", `Too many submissions; retry in ${decision.retryAfterSeconds} s`, {
        "retry-after": String(decision.retryAfterSeconds),
      });
    }
  }
  if (!ctx.queue) throw new ApiError("unavailable", "Submission queue is not configured");
  return withOptionalDb(async (db) => {
    const created = await createSubmission(ctx.kv, db, req);
    if (created.duplicate && created.stuck) {
      // Its queue message was lost: submitting again re-queues the same submission.
      const requeued = await requeueSubmission(ctx.kv, db, ctx.queue!, created.submission);
      return { submission: requeued, duplicate: true };
    }
    if (created.duplicate) return created;
    try {
      await ctx.queue!.send({ submissionId: created.submission.id });
    } catch (err) {
      logEvent("error", "submission_enqueue_failed", { id: created.submission.id, error: String(err) });
      await updateSubmission(ctx.kv, db, created.submission, { state: "FAILED", reason: "could not enqueue; please resubmit" });
      throw new ApiError("unavailable", "Could not queue the submission; please retry");
    }
    return created;
  });
}
