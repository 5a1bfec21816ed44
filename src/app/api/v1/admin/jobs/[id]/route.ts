// GET /api/v1/admin/jobs/{id} — a long admin job: its state, progress, step reports and final report.
import { getJob } from "@/lib/operations/jobs";
import { withAdmin } from "@/lib/http/auth";
import { ApiError, withErrors } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export const GET = withErrors(
  withAdmin(async (_req: Request, ctx: { params: Promise<{ id: string }> }) => {
    const id = (await ctx.params).id;
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new ApiError("bad_request", "id: not a job id");
    const job = await getJob(id);
    if (!job) throw new ApiError("not_found", `No job ${id}`);
    return Response.json(job, { headers: { "cache-control": "no-store" } });
  }),
);
