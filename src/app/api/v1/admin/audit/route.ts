// GET /api/v1/admin/audit — the admin audit log, newest first (issue 13); `source` (and x-data-source)
// says "kv-pending" when Postgres is unavailable and only the entries KV holds pending are listed.
import { parseAuditQuery } from "@/lib/operations/audit-entry";
import { listAudit } from "@/lib/operations/audit";
import { withAdmin } from "@/lib/http/auth";
import { withErrors } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export const GET = withErrors(
  withAdmin(async (req: Request) => {
    const page = await listAudit(parseAuditQuery(new URL(req.url).searchParams));
    return Response.json(page, { headers: { "cache-control": "no-store", "x-data-source": page.source } });
  }),
);
