// GET /api/v1/admin/health/skills — skill counts per store, drift between them, and what to do (US-007).
import { withAdmin } from "@/lib/auth";
import { getKV } from "@/lib/env";
import { withErrors } from "@/lib/errors";
import { checkSkillHealth } from "@/lib/health/skill-health";

export const dynamic = "force-dynamic";

export const GET = withErrors(
  withAdmin(async () => Response.json(await checkSkillHealth(getKV()), { headers: { "cache-control": "no-store" } })),
);
