// POST /api/v1/submissions — submit a skill from a GitHub repo for scanning and publishing.
import { hasInternalKey } from "@/lib/http/auth";
import { getEnv, getKV } from "@/lib/platform/env";
import { ApiError, withErrors } from "@/lib/http/errors";
import type { SubmissionMessage } from "@/lib/submissions/queue-messages";
import { clientIdOf } from "@/lib/submissions/rate-limit";
import { submissionRequestSchema } from "@/lib/submissions/schema";
import { submitSkill } from "@/lib/submissions/submit";
import { getWorkerEnv } from "@/lib/platform/worker-context";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (req: Request) => {
  const body = await req.json().catch(() => {
    throw new ApiError("bad_request", "Body must be JSON: { repoUrl, skillName, skillPath? }");
  });
  const input = submissionRequestSchema.parse(body);
  const { submission, duplicate } = await submitSkill(
    {
      kv: getKV(),
      queue: getWorkerEnv()?.SUBMISSION_QUEUE as Queue<SubmissionMessage> | undefined,
      clientId: clientIdOf(req),
      internal: hasInternalKey(req),
      limiter: getEnv().SUBMIT_LIMITER,
    },
    input,
  );
  return Response.json(
    { id: submission.id, state: submission.state, duplicate },
    { status: duplicate ? 200 : 202, headers: { location: `/api/v1/submissions/${submission.id}` } },
  );
});
