// POST /api/v1/admin/rebuild-index — rebuild the index cache from skill:* keys and backfill Postgres (US-004).
import { decodeCursor } from "@/lib/operations/rebuild-cursor";
import { parseAdminRunParams } from "@/lib/operations/run-params";
import { rebuildPublishedIndex } from "@/lib/operations/rebuild-index";
import { withAdmin } from "@/lib/http/auth";
import { getKV } from "@/lib/platform/env";
import { withErrors } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export const POST = withErrors(
  withAdmin(async (req: Request) => {
    const { dryRun, cursor } = parseAdminRunParams(req.url);
    const report = await rebuildPublishedIndex(getKV(), { dryRun, cursor: decodeCursor(cursor) });
    return Response.json(report, { headers: { "cache-control": "no-store" } });
  }),
);
