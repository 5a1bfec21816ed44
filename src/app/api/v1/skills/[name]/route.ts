// GET /api/v1/skills/{name} — one skill; an old slug answers 308 with the canonical URL; a delisted one 410 with the reason.
import { lookupSkill } from "@/lib/data";
import { currentVersionSummary } from "@/lib/catalog/version-reads";
import { getKV } from "@/lib/platform/env";
import { findSeedSkill } from "@/lib/catalog/seed-data";
import { ApiError, withErrors } from "@/lib/http/errors";
import { malformedPathReason } from "@/lib/http/path-guard";

export const dynamic = "force-dynamic";

export const GET = withErrors(async (req: Request, ctx: { params: Promise<{ name: string }> }) => {
  const raw = (await ctx.params).name;
  const malformed = malformedPathReason(raw);
  if (malformed) throw new ApiError("bad_request", `name: ${malformed}`);
  const requested = safeDecode(raw);
  if (requested.length === 0 || requested.length > 200) throw new ApiError("bad_request", "name: must be 1 to 200 characters");
  const found = await lookupSkill(requested);
  if (!found) throw new ApiError("not_found", `No skill named "${requested}"`);
  if ("gone" in found) throw new ApiError("gone", `"${found.gone.name}" was removed from the marketplace: ${found.gone.reason}`);
  const skill = found.skill;
  if (skill.name !== requested) {
    const location = new URL(`/api/v1/skills/${encodeURIComponent(skill.name)}`, req.url);
    return Response.json({ redirect: skill.name }, { status: 308, headers: { location: location.toString() } });
  }
  // The listed version's summary (number, hash, date, scan), when the skill has stored versions;
  // `contentPending`: a community skill listed before versions were kept, whose SKILL.md the next
  // re-check stores.
  const current = await currentVersionSummary(getKV(), skill.name);
  return Response.json({ ...skill, current, contentPending: current === null && !findSeedSkill(skill.name) });
});

/** Route params may arrive encoded or already decoded (checked decodable above). */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
