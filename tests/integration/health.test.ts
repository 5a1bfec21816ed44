// US-007 on real KV and Postgres: counts per store, drift in both directions with samples and
// recommendations, and an unreachable database reported as such.
import { describe, expect, it } from "vitest";
import { checkSkillHealth } from "@/lib/operations/skill-health";
import { summarize } from "@/lib/catalog/kv/skill-record";
import { SEED_SKILL_COUNT } from "@/lib/catalog/seed-data";
import { writePublishedIndex } from "@/lib/catalog/kv/published-index";
import { runWithWorkerEnv } from "@/lib/platform/worker-context";
import { insertSkillRows } from "../helpers/db-seed";
import { useStores } from "../helpers/stores";
import { recordEntry, records } from "../helpers/skills";
import { refusedDatabaseUrl } from "../helpers/network";

const stores = useStores();

const health = (url: string | undefined = stores.db.url) =>
  runWithWorkerEnv({ SUBMISSIONS_KV: stores.store.kv, ...(url ? { DATABASE_URL: url } : {}) }, () => checkSkillHealth(stores.store.kv));

async function seedAll(n: number, opts: { index?: number; prisma?: number } = {}) {
  const recs = records(n);
  await stores.store.seed(recs.map(recordEntry));
  await writePublishedIndex(stores.store.kv, recs.slice(0, opts.index ?? n).map(summarize));
  await insertSkillRows(stores.db.url, recs.slice(0, opts.prisma ?? n));
  return recs;
}

describe("AC-US7-05: GET /api/v1/admin/health/skills", () => {
  it("no drift: every store agrees", async () => {
    await seedAll(200);
    const h = await health();
    expect(h).toMatchObject({ kv_index_count: 200, kv_enumerated_count: 200, prisma_count: 200, seed_count: SEED_SKILL_COUNT, drift_detected: false, drifts: [], recommendations: [] });
    expect(h.database.reachable).toBe(true);
  });

  it("small differences under both thresholds are not drift", async () => {
    await seedAll(400, { index: 392 }); // 8 skills and 2%
    expect((await health()).drift_detected).toBe(false);
  });

  it("KV index < KV keys: drift with the missing slugs and a rebuild recommendation", async () => {
    const recs = await seedAll(200, { index: 150 });
    const h = await health();
    expect(h.drift_detected).toBe(true);
    const drift = h.drifts.find((d) => d.sources.includes("kv_index") && d.sources.includes("kv_enumerated"))!;
    expect(drift).toMatchObject({ short: "kv_index", difference: 50, percent: 25 });
    expect(drift.missing_sample).toHaveLength(10);
    expect(recs.slice(150).map((r) => r.name)).toEqual(expect.arrayContaining(drift.missing_sample));
    expect(h.recommendations.join("\n")).toMatch(/POST \/api\/v1\/admin\/rebuild-index to rewrite skills:published-index: it lists 150 of 200/);
  });

  it("KV index > KV keys: stale entries are drift too", async () => {
    const recs = records(100);
    await stores.store.seed(recs.slice(0, 60).map(recordEntry));
    await writePublishedIndex(stores.store.kv, recs.map(summarize));
    await insertSkillRows(stores.db.url, recs.slice(0, 60));
    const h = await health();
    const drift = h.drifts.find((d) => d.sources.includes("kv_index") && d.sources.includes("kv_enumerated"))!;
    expect(drift).toMatchObject({ short: "kv_enumerated", difference: 40 });
    expect(drift.extra_sample.length + drift.missing_sample.length).toBeGreaterThan(0);
    expect(h.recommendations.join("\n")).toMatch(/drop 40 stale entries/);
  });

  it("Prisma < KV: names the backfill and its size", async () => {
    const recs = await seedAll(100, { prisma: 63 });
    const h = await health();
    expect(h.prisma_count).toBe(63);
    const drift = h.drifts.find((d) => d.sources.includes("prisma") && d.sources.includes("kv_enumerated"))!;
    expect(drift).toMatchObject({ short: "prisma", difference: 37 });
    expect(recs.slice(63).map((r) => r.name)).toEqual(expect.arrayContaining(drift.missing_sample));
    expect(h.recommendations).toContain(
      "POST /api/v1/admin/rebuild-index to backfill 37 skills into Postgres (published to KV while the database was unavailable)",
    );
  });

  it("Prisma > KV: KV lost records that Postgres still has", async () => {
    const recs = records(100);
    await stores.store.seed(recs.slice(0, 70).map(recordEntry));
    await writePublishedIndex(stores.store.kv, recs.slice(0, 70).map(summarize));
    await insertSkillRows(stores.db.url, recs);
    const h = await health();
    const drift = h.drifts.find((d) => d.sources.includes("prisma") && d.sources.includes("kv_enumerated"))!;
    expect(drift).toMatchObject({ short: "kv_enumerated", difference: 30 });
    expect(h.recommendations.join("\n")).toMatch(/30 skills are in Postgres but have no skill:\{slug\} key in KV/);
  });

  it("an unreachable database is reported as such, not as zero skills", async () => {
    await seedAll(20);
    const h = await health(await refusedDatabaseUrl());
    expect(h.prisma_count).toBeNull();
    expect(h.database.reachable).toBe(false);
    expect(h.recommendations.join("\n")).toMatch(/Postgres is unreachable/);
    expect(h.drifts.some((d) => d.sources.includes("prisma"))).toBe(false);
  });
});
