/**
 * checkSkillHealth() — GET /api/v1/admin/health/skills (US-007). Counts published skills in each
 * store, flags drift between them in both directions with sample slugs, and says what to run.
 * KV cost: ceil(N/1000) list calls plus one read per index shard (their slugs only are kept);
 * Postgres: six queries.
 * An unreachable database is reported as such, never as zero skills.
 */
import { attempt, withOptionalDb } from "../platform/db";
import { SEED_SKILL_COUNT } from "../catalog/seed-data";
import { listSkillSlugs } from "../catalog/kv/enumerate";
import { forEachIndexShard, type IndexFormat } from "../catalog/kv/published-index";
import { listPending } from "../catalog/kv/pending";
import { listDelisted } from "../catalog/kv/delisted";
import { describeDrift, type Drift } from "./drift";
import { SOURCE_MISSING_DELIST_DAYS, SOURCE_MISSING_MIN_MISSES } from "../discovery/source-missing";

export interface SkillHealth {
  kv_index_count: number;
  kv_enumerated_count: number;
  prisma_count: number | null;
  seed_count: number;
  /** Skills an operator delisted (KV markers): counted here, excluded from every other count. */
  delisted_count: number;
  /** Delisted skills whose Postgres row is still there (delisted while Postgres was down; the cron's reconcile removes it). */
  delisted_pending_postgres: number | null;
  drift_detected: boolean;
  drifts: Drift[];
  recommendations: string[];
  /** Every skill present in one store and absent from another, whatever the size (drift or not). */
  gaps: Gap[];
  /**
   * Listed skills whose SKILL.md answered 404 on a discovery re-check ("source missing"), oldest
   * first; each is delisted automatically after SOURCE_MISSING_MIN_MISSES misses over
   * SOURCE_MISSING_DELIST_DAYS. Null when Postgres (which keeps the re-checks) is unreachable.
   */
  source_missing: { count: number; sample: { skill: string; repo: string; path: string; since: string; misses: number }[] } | null;
  /**
   * Listed versions a re-scan under newer rules failed (submissions/rescan.ts): flagged for an
   * operator's review, still listed. Null when Postgres is unreachable.
   */
  flagged_for_review: { count: number; sample: { skill: string; version: string; score: number; reason: string; flagged_at: string }[] } | null;
  /** The Postgres outbox: skills KV holds that Postgres may lack, and those it refused. */
  pending: { count: number; quarantined: { slug: string; reason: string }[] };
  kv_index_status: "ok" | "missing" | "not-json" | "not-an-array" | "invalid-manifest" | "has-invalid-entries";
  /** `sharded` (manifest and shards) or `legacy` (one blob, from before sharding; rebuild-index converts it). */
  kv_index_format: IndexFormat | null;
  kv_index_shards: number;
  database: { reachable: boolean; error?: string };
  checked_at: string;
}

const REBUILD = "POST /api/v1/admin/rebuild-index";

export interface Gap {
  /** The store that lacks the skills, and the one that has them. */
  missing_from: "prisma" | "kv_enumerated" | "kv_index";
  present_in: "prisma" | "kv_enumerated" | "kv_index";
  count: number;
  sample: string[];
  /** How many of them are already queued for backfill (pending outbox), when known. */
  backfilling?: number;
}

export function checkSkillHealth(kv: KVNamespace): Promise<SkillHealth> {
  return withOptionalDb(async (db) => {
    const [kvSlugs, index, pending, delistedMap] = await Promise.all([listSkillSlugs(kv), readIndexSlugs(kv), listPending(kv, 5), listDelisted(kv)]);
    const delisted = [...delistedMap.keys()];
    const pendingSlugs = new Set(pending.entries.map((e) => e.summary.slug));
    const kvSet = new Set(kvSlugs);
    const indexSlugs = index.ok ? index.slugs : [];
    const indexSet = new Set(indexSlugs);
    const health: SkillHealth = {
      kv_index_count: indexSet.size,
      kv_enumerated_count: kvSet.size,
      prisma_count: null,
      seed_count: SEED_SKILL_COUNT,
      delisted_count: delisted.length,
      delisted_pending_postgres: null,
      source_missing: null,
      flagged_for_review: null,
      drift_detected: false,
      drifts: [],
      gaps: [],
      pending: {
        count: pending.entries.length,
        quarantined: pending.entries.filter((e) => e.quarantined).map((e) => ({ slug: e.summary.slug, reason: e.quarantined! })),
      },
      recommendations: [],
      kv_index_status: !index.ok ? index.reason : index.invalidEntries > 0 ? "has-invalid-entries" : "ok",
      kv_index_format: index.ok ? index.format : null,
      kv_index_shards: index.ok ? index.shards : 0,
      database: { reachable: false },
      checked_at: new Date().toISOString(),
    };

    const notInIndex = kvSlugs.filter((s) => !indexSet.has(s));
    const staleInIndex = indexSlugs.filter((s) => !kvSet.has(s));
    addGap(health, "kv_index", "kv_enumerated", notInIndex.length, notInIndex);
    addGap(health, "kv_enumerated", "kv_index", staleInIndex.length, staleInIndex);
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
      // Rows under a delist marker are not listed: counted apart, not as drift.
      const [{ n, underMarker }] = await d.$queryRawUnsafe<{ n: number; underMarker: number }[]>(
        `SELECT count(*) FILTER (WHERE NOT (name = ANY($1::text[])))::int AS n, count(*) FILTER (WHERE name = ANY($1::text[]))::int AS "underMarker" FROM "Skill"`,
        delisted,
      );
      const missing = await d.$queryRawUnsafe<{ s: string; total: number }[]>(
        `SELECT s, count(*) OVER ()::int AS total FROM unnest($1::text[]) AS s
         WHERE NOT EXISTS (SELECT 1 FROM "Skill" WHERE name = s) ORDER BY s LIMIT 10`,
        kvSlugs,
      );
      const extra = await d.$queryRawUnsafe<{ name: string; total: number }[]>(
        `SELECT name, count(*) OVER ()::int AS total FROM "Skill" WHERE NOT (name = ANY($1::text[])) AND NOT (name = ANY($2::text[])) ORDER BY name LIMIT 10`,
        kvSlugs,
        delisted,
      );
      const [{ backfilling }] = await d.$queryRawUnsafe<{ backfilling: number }[]>(
        `SELECT count(*)::int AS backfilling FROM unnest($1::text[]) AS s WHERE NOT EXISTS (SELECT 1 FROM "Skill" WHERE name = s)`,
        [...pendingSlugs],
      );
      const sourceMissing = await d.$queryRawUnsafe<{ skill: string; repo: string; path: string; since: Date; misses: number; total: number }[]>(
        `SELECT s.name AS skill, d."repoFullName" AS repo, d."skillPath" AS path, d."missingSince" AS since, d."missCount" AS misses, count(*) OVER ()::int AS total
         FROM "DiscoveryRecord" d JOIN "Skill" s ON lower(s."repoUrl") = lower('https://github.com/' || d."repoFullName") AND s."skillPath" = d."skillPath"
         WHERE d."missingSince" IS NOT NULL ORDER BY d."missingSince", s.name LIMIT 10`,
      );
      const flagged = await d.$queryRawUnsafe<{ skill: string; version: string; score: number; reason: string; flaggedAt: Date; total: number }[]>(
        `SELECT v.skill, v.version, v."scanScore" AS score, v."flagReason" AS reason, v."flaggedAt", count(*) OVER ()::int AS total
         FROM "SkillVersion" v JOIN "Skill" s ON s.name = v.skill AND s."currentVersion" = v.version
         WHERE v."flaggedAt" IS NOT NULL ORDER BY v."flaggedAt" DESC, v.skill LIMIT 10`,
      );
      return { n, underMarker, missing, extra, backfilling, sourceMissing, flagged };
    });
    if (!prisma.ok) {
      health.database = { reachable: false, error: prisma.error };
      health.recommendations.push(`Postgres is unreachable (${prisma.error}): check DATABASE_URL and the database; listings are served from KV meanwhile`);
    } else {
      health.database = { reachable: true };
      health.prisma_count = prisma.value.n;
      health.delisted_pending_postgres = prisma.value.underMarker;
      const sourceMissing = prisma.value.sourceMissing;
      health.source_missing = {
        count: sourceMissing[0]?.total ?? 0,
        sample: sourceMissing.map(({ skill, repo, path, since, misses }) => ({ skill, repo, path, since: since.toISOString(), misses })),
      };
      health.flagged_for_review = {
        count: prisma.value.flagged[0]?.total ?? 0,
        sample: prisma.value.flagged.map(({ skill, version, score, reason, flaggedAt }) => ({ skill, version, score, reason: reason ?? "", flagged_at: flaggedAt.toISOString() })),
      };
      if (health.flagged_for_review.count > 0) {
        health.recommendations.push(
          `${health.flagged_for_review.count} listed skills failed a re-scan under newer rules and are flagged for review (flagged_for_review): read their findings, then delist with POST /api/v1/admin/skills/{name}/delist or leave them listed`,
        );
      }
      if (health.source_missing.count > 0) {
        health.recommendations.push(
          `${health.source_missing.count} listed skills are source missing (their SKILL.md answered 404 on GitHub): each is delisted automatically after ${SOURCE_MISSING_MIN_MISSES} misses over ${SOURCE_MISSING_DELIST_DAYS} days; one that comes back is cleared by its next re-check`,
        );
      }
      if (prisma.value.underMarker > 0) {
        health.recommendations.push(`${prisma.value.underMarker} delisted skills still have a Postgres row (delisted while Postgres was down): they are not listed; the hourly reconcile removes the rows`);
      }
      const drift = describeDrift(
        { source: "prisma", count: prisma.value.n, onlyHere: prisma.value.extra.map((r) => r.name) },
        { source: "kv_enumerated", count: kvSet.size, onlyHere: prisma.value.missing.map((r) => r.s) },
      );
      const missingInDb = prisma.value.missing[0]?.total ?? 0;
      const missingInKv = prisma.value.extra[0]?.total ?? 0;
      if (drift) health.drifts.push(drift);
      addGap(health, "prisma", "kv_enumerated", missingInDb, prisma.value.missing.map((r) => r.s), prisma.value.backfilling);
      addGap(health, "kv_enumerated", "prisma", missingInKv, prisma.value.extra.map((r) => r.name));
      if (missingInDb > 0 && prisma.value.backfilling === missingInDb) {
        health.recommendations.push(`${missingInDb} skills published to KV are being written to Postgres (pending outbox, drained by the queue and the cron); they are listed meanwhile`);
      } else if (!drift && missingInDb > 0) {
        health.recommendations.push(`${REBUILD} to backfill ${missingInDb - prisma.value.backfilling} skills into Postgres that nothing is backfilling yet (they are listed meanwhile)`);
      } else if (drift && missingInDb > 0) {
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
    if (health.pending.quarantined.length > 0) {
      const q = health.pending.quarantined;
      health.recommendations.push(`${q.length} skills were refused by Postgres and are quarantined (still listed from KV), e.g. ${q[0]!.slug}: ${q[0]!.reason}; fix the record (republish) and run ${REBUILD}`);
    }
    if (!indexDrift && health.kv_index_status === "ok" && notInIndex.length + staleInIndex.length > 0) {
      health.recommendations.push(`${REBUILD} to rewrite skills:published-index (${notInIndex.length} missing, ${staleInIndex.length} stale; listings already include every skill)`);
    }
    health.drift_detected = health.drifts.length > 0;
    return health;
  });
}

/** Records a gap of any size (the drift threshold decides only `drift_detected`). */
function addGap(health: SkillHealth, missing_from: Gap["missing_from"], present_in: Gap["present_in"], count: number, sample: string[], backfilling?: number): void {
  if (count === 0) return;
  health.gaps.push({ missing_from, present_in, count, sample: sample.slice(0, 10), ...(backfilling !== undefined ? { backfilling } : {}) });
}

/** The slugs the index holds, read shard by shard. */
async function readIndexSlugs(kv: KVNamespace) {
  const slugs: string[] = [];
  const scan = await forEachIndexShard(kv, (entries) => {
    for (const e of entries) slugs.push(e.slug);
  });
  return scan.ok ? { ...scan, slugs } : scan;
}
