/**
 * checkSkillHealth() — GET /api/v1/admin/health/skills (US-007). Counts published skills in each
 * store, flags drift between them in both directions with sample slugs, and says what to run.
 * KV cost: ceil(N/1000) list calls plus one index read; Postgres: three queries.
 * An unreachable database is reported as such, never as zero skills.
 */
import { attempt, withOptionalDb } from "../platform/db";
import { SEED_SKILL_COUNT } from "../catalog/seed-data";
import { listSkillSlugs } from "../catalog/kv/enumerate";
import { readPublishedIndex } from "../catalog/kv/published-index";
import { describeDrift, type Drift } from "./drift";

export interface SkillHealth {
  kv_index_count: number;
  kv_enumerated_count: number;
  prisma_count: number | null;
  seed_count: number;
  drift_detected: boolean;
  drifts: Drift[];
  recommendations: string[];
  kv_index_status: "ok" | "missing" | "not-json" | "not-an-array" | "has-invalid-entries";
  database: { reachable: boolean; error?: string };
  checked_at: string;
}

const REBUILD = "POST /api/v1/admin/rebuild-index";

export function checkSkillHealth(kv: KVNamespace): Promise<SkillHealth> {
  return withOptionalDb(async (db) => {
    const [kvSlugs, index] = await Promise.all([listSkillSlugs(kv), readPublishedIndex(kv)]);
    const kvSet = new Set(kvSlugs);
    const indexSlugs = index.ok ? index.entries.map((e) => e.slug) : [];
    const indexSet = new Set(indexSlugs);
    const health: SkillHealth = {
      kv_index_count: indexSet.size,
      kv_enumerated_count: kvSet.size,
      prisma_count: null,
      seed_count: SEED_SKILL_COUNT,
      drift_detected: false,
      drifts: [],
      recommendations: [],
      kv_index_status: !index.ok ? index.reason : index.invalidEntries > 0 ? "has-invalid-entries" : "ok",
      database: { reachable: false },
      checked_at: new Date().toISOString(),
    };

    const indexDrift = describeDrift(
      { source: "kv_index", count: indexSet.size, onlyHere: indexSlugs.filter((s) => !kvSet.has(s)) },
      { source: "kv_enumerated", count: kvSet.size, onlyHere: kvSlugs.filter((s) => !indexSet.has(s)) },
    );
    if (indexDrift) {
      health.drifts.push(indexDrift);
      health.recommendations.push(
        indexDrift.short === "kv_index"
          ? `${REBUILD} to rewrite skills:published-index: it lists ${indexSet.size} of ${kvSet.size} published skills (it is a cache; listings already include the missing ones)`
          : `${REBUILD} to drop ${indexSet.size - kvSet.size} stale entries from skills:published-index`,
      );
    } else if (health.kv_index_status !== "ok") {
      health.recommendations.push(`${REBUILD} to rewrite skills:published-index (${health.kv_index_status})`);
    }

    const prisma = await attempt(db, async (d) => {
      const [{ n }] = await d.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "Skill"`);
      const missing = await d.$queryRawUnsafe<{ s: string; total: number }[]>(
        `SELECT s, count(*) OVER ()::int AS total FROM unnest($1::text[]) AS s
         WHERE NOT EXISTS (SELECT 1 FROM "Skill" WHERE name = s) ORDER BY s LIMIT 10`,
        kvSlugs,
      );
      const extra = await d.$queryRawUnsafe<{ name: string; total: number }[]>(
        `SELECT name, count(*) OVER ()::int AS total FROM "Skill" WHERE NOT (name = ANY($1::text[])) ORDER BY name LIMIT 10`,
        kvSlugs,
      );
      return { n, missing, extra };
    });
    if (!prisma.ok) {
      health.database = { reachable: false, error: prisma.error };
      health.recommendations.push(`Postgres is unreachable (${prisma.error}): check DATABASE_URL and the database; listings are served from KV meanwhile`);
    } else {
      health.database = { reachable: true };
      health.prisma_count = prisma.value.n;
      const drift = describeDrift(
        { source: "prisma", count: prisma.value.n, onlyHere: prisma.value.extra.map((r) => r.name) },
        { source: "kv_enumerated", count: kvSet.size, onlyHere: prisma.value.missing.map((r) => r.s) },
      );
      const missingInDb = prisma.value.missing[0]?.total ?? 0;
      const missingInKv = prisma.value.extra[0]?.total ?? 0;
      if (drift) health.drifts.push(drift);
      if (drift && missingInDb > 0) {
        health.recommendations.push(`${REBUILD} to backfill ${missingInDb} skills into Postgres (published to KV while the database was unavailable)`);
      }
      if (drift && missingInKv > 0) {
        health.recommendations.push(
          `${missingInKv} skills are in Postgres but have no skill:{slug} key in KV (e.g. ${prisma.value.extra.slice(0, 3).map((r) => r.name).join(", ")}): they are still listed from Postgres; republish them (POST /api/v1/submissions) to restore their KV copies`,
        );
      }
      const dbIndexDrift = describeDrift(
        { source: "prisma", count: prisma.value.n, onlyHere: [] },
        { source: "kv_index", count: indexSet.size, onlyHere: [] },
      );
      if (dbIndexDrift) health.drifts.push(dbIndexDrift);
    }
    health.drift_detected = health.drifts.length > 0;
    return health;
  });
}
