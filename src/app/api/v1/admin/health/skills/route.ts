// GET /api/v1/admin/health/skills — skill counts per store, drift between them, and what to do (US-007),
// plus which connection reaches Postgres (`database_connection`: hyperdrive, neon, postgres or null).
import { withAdmin } from "@/lib/http/auth";
import { getKV } from "@/lib/platform/env";
import { withErrors } from "@/lib/http/errors";
import { databaseConnection } from "@/lib/platform/db";
import { checkSkillHealth } from "@/lib/operations/skill-health";

export const dynamic = "force-dynamic";

export const GET = withErrors(
  withAdmin(async () => {
    const health = await checkSkillHealth(getKV());
    return Response.json({ ...health, database_connection: databaseConnection() }, { headers: { "cache-control": "no-store" } });
  }),
);
