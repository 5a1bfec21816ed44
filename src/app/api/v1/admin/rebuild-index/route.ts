// POST /api/v1/admin/rebuild-index — rebuild the index cache from skill:* keys and backfill Postgres (US-004).
import { decodeCursor } from "@/lib/admin/rebuild-cursor";
import { parseAdminRunParams } from "@/lib/admin/params";
import { rebuildPublishedIndex } from "@/lib/admin/rebuild-index";
import { withAdmin } from "@/lib/auth";
import { getKV } from "@/lib/env";
import { withErrors } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const POST = withErrors(
  withAdmin(async (req: Request) => {
    const { dryRun, cursor } = parseAdminRunParams(req.url);
    const report = await rebuildPublishedIndex(getKV(), { dryRun, cursor: decodeCursor(cursor) });
    return Response.json(report, { headers: { "cache-control": "no-store" } });
  }),
);
