// GET /api/v1/submissions/{id} — where a submission is: queued, scanning, published, rejected, failed.
import { z } from "zod";
import { ApiError, withErrors } from "@/lib/http/errors";
import { getSubmissionView } from "@/lib/submissions/store";

export const dynamic = "force-dynamic";

const idSchema = z.string().uuid("id: must be a submission id (UUID)");

export const GET = withErrors(async (_req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const id = idSchema.parse((await ctx.params).id);
  const submission = await getSubmissionView(id);
  if (!submission) throw new ApiError("not_found", `No submission ${id}`);
  return Response.json(submission, { headers: { "cache-control": "no-store" } });
});
