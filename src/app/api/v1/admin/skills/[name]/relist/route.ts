// POST /api/v1/admin/skills/{name}/relist — put a delisted skill back, from its kept KV record.
import { auditActor, recordAudit } from "@/lib/operations/audit";
import { relistSkill } from "@/lib/operations/delist";
import { withAdmin } from "@/lib/http/auth";
import { withErrors } from "@/lib/http/errors";
import { skillNameParam } from "@/lib/http/skill-name-param";
import { getKV } from "@/lib/platform/env";

export const dynamic = "force-dynamic";

export const POST = withErrors(
  withAdmin(async (_req: Request, ctx: { params: Promise<{ name: string }> }, who) => {
    const name = skillNameParam((await ctx.params).name);
    const actor = auditActor(who);
    try {
      const result = await relistSkill(getKV(), name);
      await recordAudit({ actor, action: "relist", target: result.name, result });
      return Response.json(result, { headers: { "cache-control": "no-store" } });
    } catch (err) {
      await recordAudit({ actor, action: "relist", target: name, result: { error: String((err as Error).message ?? err) } });
      throw err;
    }
  }),
);
