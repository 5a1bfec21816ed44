// GET /api/v1/admin/health/history — the cron's health snapshots and skill-loss incidents of the
// last `days` (1..90, default 7), newest first: "no incident in 7 days" is one request.
import { z } from "zod";
import { withAdmin } from "@/lib/http/auth";
import { getKV } from "@/lib/platform/env";
import { withErrors } from "@/lib/http/errors";
import { listHealthHistory, RETENTION_DAYS } from "@/lib/operations/health-history";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  days: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number of days")
    .min(1, "must be at least 1")
    .max(RETENTION_DAYS, `must be at most ${RETENTION_DAYS}`)
    .default(7),
});

export const GET = withErrors(
  withAdmin(async (req: Request) => {
    const raw = new URL(req.url).searchParams.get("days");
    const { days } = querySchema.parse({ days: raw === null || raw === "" ? undefined : raw });
    const history = await listHealthHistory(getKV(), { days });
    return Response.json(history, { headers: { "cache-control": "no-store" } });
  }),
);
