// POST /api/v1/admin/rebuild-index — rebuild the index cache from skill:* keys and backfill Postgres (US-004).
import { decodeCursor } from "@/lib/operations/rebuild-cursor";
import { parseAdminRunParams } from "@/lib/operations/run-params";
import { rebuildPublishedIndex } from "@/lib/operations/rebuild-index";
import { auditActor, runAudited } from "@/lib/operations/audit";
import { summarizeRebuild } from "@/lib/operations/audit-summaries";
import { withAdmin } from "@/lib/http/auth";
import { getKV } from "@/lib/platform/env";
import { withErrors } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export const POST = withErrors(
  withAdmin(async (req: Request, _ctx, who) => {
    const { dryRun, cursor } = parseAdminRunParams(req.url);
    const from = decodeCursor(cursor);
    const report = await runAudited(
      { actor: auditActor(who), action: "rebuild-index", params: { dryRun, cursor: cursor !== undefined } },
      () => rebuildPublishedIndex(getKV(), { dryRun, cursor: from }),
      summarizeRebuild,
    );
    return Response.json(report, { headers: { "cache-control": "no-store" } });
  }),
);
