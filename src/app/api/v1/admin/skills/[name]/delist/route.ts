// POST /api/v1/admin/skills/{name}/delist — take a skill down, with a reason shown on its 410 page.
import { z } from "zod";
import { auditActor, recordAudit } from "@/lib/operations/audit";
import { delistSkill } from "@/lib/operations/delist";
import { DELIST_REASON_MAX } from "@/lib/catalog/kv/delisted";
import { withAdmin } from "@/lib/http/auth";
import { ApiError, withErrors } from "@/lib/http/errors";
import { skillNameParam } from "@/lib/http/skill-name-param";
import { getKV } from "@/lib/platform/env";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ reason: z.string().trim().min(1, "a delist needs a reason (it is shown on the skill's page)").max(DELIST_REASON_MAX) }).strict();

export const POST = withErrors(
  withAdmin(async (req: Request, ctx: { params: Promise<{ name: string }> }, who) => {
    const name = skillNameParam((await ctx.params).name);
    const body = await req.json().catch(() => {
      throw new ApiError("bad_request", 'Body must be JSON: { "reason": "…" }');
    });
    const { reason } = bodySchema.parse(body);
    const actor = auditActor(who);
    try {
      const result = await delistSkill(getKV(), name, { reason, actor });
      await recordAudit({ actor, action: "delist", target: result.name, params: { reason }, result });
      return Response.json(result, { headers: { "cache-control": "no-store" } });
    } catch (err) {
      await recordAudit({ actor, action: "delist", target: name, params: { reason }, result: { error: String((err as Error).message ?? err) } });
      throw err;
    }
  }),
);
