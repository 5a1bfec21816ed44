// GET /api/v1/skills/{name}/versions/{version} — one published version: its SKILL.md and its scan.
import { lookupSkill } from "@/lib/data";
import { publishedVersion } from "@/lib/catalog/version-reads";
import { VERSION_MAX_CHARS } from "@/lib/catalog/versions";
import { ApiError, withErrors } from "@/lib/http/errors";
import { skillNameParam } from "@/lib/http/skill-name-param";
import { getKV } from "@/lib/platform/env";

export const dynamic = "force-dynamic";

export const GET = withErrors(async (_req: Request, ctx: { params: Promise<{ name: string; version: string }> }) => {
  const params = await ctx.params;
  const name = skillNameParam(params.name);
  const version = skillNameParam(params.version);
  if (version.length > VERSION_MAX_CHARS) throw new ApiError("bad_request", `version: at most ${VERSION_MAX_CHARS} characters`);
  const found = await lookupSkill(name);
  if (!found) throw new ApiError("not_found", `No skill named "${name}"`);
  if ("gone" in found) throw new ApiError("gone", `"${found.gone.name}" was removed from the marketplace: ${found.gone.reason}`);
  const v = await publishedVersion(getKV(), found.skill.name, version);
  if (!v) throw new ApiError("not_found", `"${found.skill.name}" has no published version ${version}`);
  return Response.json({
    version: v.version,
    sha256: v.sha256,
    path: v.path,
    commitSha: v.commitSha,
    filesSha256: v.filesSha256 ?? null,
    content: v.content,
    publishedAt: v.publishedAt,
    scan: { verdict: v.scan.verdict, score: v.scan.score, findings: v.scan.findings.map(({ ruleId, severity, title, line }) => ({ ruleId, severity, title, line })) },
  });
});
