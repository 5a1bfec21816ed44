// GET /api/v1/admin/health/skills — skill counts per store, drift between them, and what to do (US-007).
import { withAdmin } from "@/lib/http/auth";
import { getKV } from "@/lib/platform/env";
import { withErrors } from "@/lib/http/errors";
import { checkSkillHealth } from "@/lib/operations/skill-health";

export const dynamic = "force-dynamic";

export const GET = withErrors(
  withAdmin(async () => Response.json(await checkSkillHealth(getKV()), { headers: { "cache-control": "no-store" } })),
);
