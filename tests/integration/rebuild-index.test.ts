// US-004 on real Miniflare KV and real Postgres: rebuild from nothing, from 50 keys with aliases,
// with malformed values, and from 5,000 keys with legacy slugs and mixed tiers; idempotence, dry
// runs, and resumable batches within a KV operation budget.
import { describe, expect, it } from "vitest";
import { decodeCursor } from "@/lib/operations/rebuild-cursor";
import { rebuildPublishedIndex, type RebuildReport } from "@/lib/operations/rebuild-index";
import { PUBLISHED_INDEX_KEY } from "@/lib/catalog/kv/keys";
import { SHARD_PREFIX } from "@/lib/catalog/kv/index-shards";
import { readPublishedIndex } from "@/lib/catalog/kv/published-index";
import { runWithWorkerEnv } from "@/lib/platform/worker-context";
import { snapshotKV } from "../helpers/kv";
import { useStores } from "../helpers/stores";
import { legacyEntry, makeRecord, recordEntry, records } from "../helpers/skills";

const stores = useStores();

const rebuild = (opts: Parameters<typeof rebuildPublishedIndex>[1] = {}) =>
  runWithWorkerEnv({ SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: stores.db.url }, () => rebuildPublishedIndex(stores.store.kv, opts));

async function rebuildToCompletion(opsBudget?: number): Promise<RebuildReport[]> {
  const reports: RebuildReport[] = [];
  let cursor: string | null = null;
  do {
    const r = await rebuild({ opsBudget, cursor: cursor ? decodeCursor(cursor) : undefined });
    reports.push(r);
    cursor = r.nextCursor;
    expect(reports.length).toBeLessThan(500);
  } while (cursor);
  return reports;
}

const dbState = () =>
  stores.db.query(`SELECT name, "skillName", "repoUrl", category, "certTier", "certMethod", "certScore", "displayName", labels FROM "Skill" ORDER BY name`);

describe("AC-US4-06: rebuild-index", () => {
  it("from 0 keys: an empty index, nothing else", async () => {
    const r = await rebuild();
    expect(r).toMatchObject({ ok: true, complete: true, rebuilt: 0, errors: 0, orphanedAliases: 0, prismaBackfilled: 0, indexSize: 0 });
    expect(JSON.parse((await stores.store.kv.get(PUBLISHED_INDEX_KEY))!)).toMatchObject({ format: "sharded", version: 2, bounds: [] });
    expect((await stores.store.kv.list({ prefix: SHARD_PREFIX })).keys).toEqual([]);
  });

  it("from 50 keys with 2 aliases: 50 rebuilt, aliases excluded, an orphaned one reported, Postgres backfilled", async () => {
    await stores.store.seed([
      ...records(50).map(recordEntry),
      { key: "skill:alias:Old_Name", value: "community-skill-00003" },
      { key: "skill:alias:gone-skill", value: "no-longer-exists" },
    ]);
    const r = await rebuild();
    expect(r).toMatchObject({ rebuilt: 50, errors: 0, orphanedAliases: 1, orphanedAliasKeys: ["skill:alias:gone-skill"], prismaBackfilled: 50, indexSize: 50 });
    const index = await readPublishedIndex(stores.store.kv);
    expect(index.ok && index.entries.length).toBe(50);
    expect((await stores.db.query(`SELECT 1 FROM "Skill"`)).length).toBe(50);
  });

  it("reports malformed values by key and rebuilds the rest", async () => {
    await stores.store.seed([
      ...records(10).map(recordEntry),
      { key: "skill:broken", value: "{nope" },
      { key: "skill:no-repo", value: JSON.stringify({ name: "x", description: "y" }) },
      { key: "skill:bad-tier", value: JSON.stringify({ name: "x", repoUrl: "https://github.com/a/b", certTier: "PLATINUM" }) },
    ]);
    const r = await rebuild();
    expect(r.rebuilt).toBe(10);
    expect(r.errors).toBe(3);
    expect(r.errorKeys.map((e) => e.key).sort()).toEqual(["skill:bad-tier", "skill:broken", "skill:no-repo"]);
    expect(r.errorKeys.find((e) => e.key === "skill:bad-tier")!.error).toMatch(/certTier/);
    expect(r.indexSize).toBe(10);
  });

  it("from 5,000 keys with legacy slugs and mixed tiers: tiers and categories survive, legacy slugs get aliases", async () => {
    const current = records(5000).map((r, i) => ({ ...r, certTier: (["SCANNED", "VERIFIED", "CERTIFIED"] as const)[i % 3]!, certMethod: (["AUTOMATED_SCAN", "LLM_JUDGE", "MANUAL_REVIEW"] as const)[i % 3]! }));
    const legacy = [
      legacyEntry("Legacy_Tool", { repoUrl: "https://github.com/old/tools", name: "Legacy_Tool" }),
      legacyEntry("old-tools-db-tuner", { repoUrl: "https://github.com/old/tools", name: "db tuner" }),
    ];
    await stores.store.seed([...current.map(recordEntry), ...legacy]);
    const reports = await rebuildToCompletion();
    const total = (k: keyof RebuildReport) => reports.reduce((n, r) => n + (r[k] as number), 0);
    // A renamed record can be met again under its new key later in the walk (counted, not changed).
    expect(total("rebuilt")).toBeGreaterThanOrEqual(5002);
    expect(total("rebuilt")).toBeLessThanOrEqual(5004);
    expect(reports.flatMap((r) => r.renamed).sort((a, b) => (a.from < b.from ? -1 : 1))).toEqual([
      { from: "Legacy_Tool", to: "legacy-tool" },
      { from: "old-tools-db-tuner", to: "db-tuner" },
    ]);
    expect(reports.at(-1)!.indexSize).toBe(5002);
    expect(reports.every((r) => r.kvOps <= 900)).toBe(true);
    expect(await stores.store.kv.get("skill:alias:Legacy_Tool")).toBe("legacy-tool");

    const byTier = await stores.db.query<{ certTier: string; certMethod: string; n: number }>(
      `SELECT "certTier", "certMethod", count(*)::int AS n FROM "Skill" GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(byTier).toEqual([
      { certTier: "SCANNED", certMethod: "AUTOMATED_SCAN", n: 1667 + 2 },
      { certTier: "VERIFIED", certMethod: "LLM_JUDGE", n: 1667 },
      { certTier: "CERTIFIED", certMethod: "MANUAL_REVIEW", n: 1666 },
    ]);
    const [one] = await stores.db.query<{ category: string; certScore: number }>(`SELECT category, "certScore" FROM "Skill" WHERE name = 'community-skill-00007'`);
    expect(one).toEqual({ category: current[7]!.category, certScore: current[7]!.certScore });
  });

  it("AC-US4-05: a second run changes nothing and has nothing to do", async () => {
    await stores.store.seed([
      ...records(120).map(recordEntry),
      // Written before metadata existed: the first run restores the summary metadata.
      legacyEntry("metadata-less", { repoUrl: "https://github.com/m/less", name: "metadata-less" }),
      legacyEntry("Legacy_Name", { repoUrl: "https://github.com/m/legacy", name: "Legacy_Name" }),
      { key: "skill:alias:x", value: "community-skill-00001" },
    ]);
    const first = await rebuild();
    expect(first.metadataRepaired).toBe(1);
    expect(first.renamed).toHaveLength(1);
    const kvAfterFirst = await snapshotKV(stores.store.kv);
    const dbAfterFirst = await dbState();

    const second = await rebuild();
    expect(second).toMatchObject({ rebuilt: 122, renamed: [], metadataRepaired: 0, prismaBackfilled: 0, indexRewritten: false, errors: 0 });
    expect(await snapshotKV(stores.store.kv)).toEqual(kvAfterFirst);
    expect(await dbState()).toEqual(dbAfterFirst);
  });

  it("dryRun reports what would change and changes nothing", async () => {
    await stores.store.seed([...records(30).map(recordEntry), legacyEntry("Legacy_X", { repoUrl: "https://github.com/m/x", name: "Legacy_X" })]);
    await stores.store.kv.put(PUBLISHED_INDEX_KEY, "not json");
    const before = await snapshotKV(stores.store.kv);
    const r = await rebuild({ dryRun: true });
    expect(r).toMatchObject({ dryRun: true, rebuilt: 31, prismaBackfilled: 31, indexRewritten: true, renamed: [{ from: "Legacy_X", to: "legacy-x" }] });
    expect(await snapshotKV(stores.store.kv)).toEqual(before);
    expect(await stores.db.query(`SELECT 1 FROM "Skill"`)).toHaveLength(0);
  });

  it("works in resumable batches under a small KV budget and ends in the same state", async () => {
    await stores.store.seed([...records(300).map(recordEntry), ...Array.from({ length: 40 }, (_, i) => legacyEntry(`Old_${i}`, { repoUrl: `https://github.com/o/r${i}`, name: `Old_${i}` }))]);
    const reports = await rebuildToCompletion(60);
    expect(reports.length).toBeGreaterThan(3);
    expect(reports.every((r) => r.kvOps <= 60)).toBe(true);
    expect(reports.slice(0, -1).every((r) => !r.complete && r.nextCursor)).toBe(true);
    expect(reports.at(-1)).toMatchObject({ complete: true, nextCursor: null, indexSize: 340 });
    const rebuilt = reports.reduce((n, r) => n + r.rebuilt, 0);
    expect(rebuilt).toBeGreaterThanOrEqual(340);
    expect(rebuilt).toBeLessThanOrEqual(380); // renamed records may be met again under their new key
    expect((await stores.db.query(`SELECT 1 FROM "Skill"`)).length).toBe(340);
  });

  it("without a database: rebuilds KV and reports Postgres as not backfilled", async () => {
    await stores.store.seed(records(5).map(recordEntry));
    const r = await runWithWorkerEnv({ SUBMISSIONS_KV: stores.store.kv }, () => rebuildPublishedIndex(stores.store.kv));
    expect(r).toMatchObject({ rebuilt: 5, prismaBackfilled: null, indexSize: 5 });
  });

  it("keeps each record's own tier, method and category (nothing hard-coded)", async () => {
    await stores.store.seed([recordEntry(makeRecord(1, { certTier: "CERTIFIED", certMethod: "VENDOR_AUTO", category: "security", certScore: 99 }))]);
    await rebuild();
    expect(await dbState()).toEqual([
      expect.objectContaining({ name: "community-skill-00001", certTier: "CERTIFIED", certMethod: "VENDOR_AUTO", category: "security", certScore: 99 }),
    ]);
  });
});
