// US-001 on real Miniflare KV: enumeration, the index/enumeration union, write-through repair,
// pagination, alias exclusion, legacy records, the sharded index, and the incident itself.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enumeratePublishedSkills } from "@/lib/submission-store";
import { getPublishedSkillsList, readPublishedIndex, writePublishedIndex } from "@/lib/catalog/kv/published-index";
import { PUBLISHED_INDEX_KEY } from "@/lib/catalog/kv/keys";
import { SHARD_PREFIX } from "@/lib/catalog/kv/index-shards";
import { summarize } from "@/lib/catalog/kv/skill-record";
import { createTestKV, instrumentKV, type TestKV } from "../helpers/kv";
import { legacyEntry, recordEntry, records } from "../helpers/skills";

let store: TestKV;
beforeEach(async () => {
  store = await createTestKV();
});
afterEach(async () => {
  await store.dispose();
});

async function indexSlugs(kv: KVNamespace): Promise<string[] | string> {
  const read = await readPublishedIndex(kv);
  return read.ok ? read.entries.map((e) => e.slug).sort() : read.reason;
}

describe("AC-US1-06: enumeratePublishedSkills and getPublishedSkillsList", () => {
  it("empty index + populated keys: lists every skill and rebuilds the index (AC-US1-03)", async () => {
    const recs = records(30);
    await store.seed(recs.map(recordEntry));
    await store.kv.put(PUBLISHED_INDEX_KEY, "[]");
    const list = await getPublishedSkillsList(store.kv);
    expect(list.skills).toHaveLength(30);
    expect(list.source).toBe("kv-enumeration");
    expect(list.repaired).toBe(true);
    expect(await indexSlugs(store.kv)).toEqual(recs.map((r) => r.name).sort());
  });

  it("populated index + fewer keys: drops stale index entries and repairs the index", async () => {
    const recs = records(20);
    await store.seed(recs.slice(0, 15).map(recordEntry));
    await writePublishedIndex(store.kv, recs.map(summarize)); // 5 entries whose keys are gone
    const list = await getPublishedSkillsList(store.kv);
    expect(list.skills.map((s) => s.name).sort()).toEqual(recs.slice(0, 15).map((r) => r.name).sort());
    expect(list.indexCount).toBe(20);
    expect(await indexSlugs(store.kv)).toHaveLength(15);
  });

  it("paginates with the cursor until list_complete (AC-US1-04): 2,500 keys in 3 list calls, plus one for the delist markers", async () => {
    await store.seed(records(2500).map(recordEntry));
    const { kv, ops } = instrumentKV(store.kv);
    const result = await enumeratePublishedSkills(kv);
    expect(result.skills).toHaveLength(2500);
    expect(new Set(result.skills.map((s) => s.skill.name)).size).toBe(2500);
    expect(result.listCalls).toBe(3);
    expect(ops).toEqual({ list: 4, get: 0, put: 0, delete: 0 });
  });

  it("excludes skill:alias:* keys", async () => {
    await store.seed([...records(5).map(recordEntry), { key: "skill:alias:Old_Name", value: "community-skill-00001" }, { key: "skill:alias:x", value: "y" }]);
    const result = await enumeratePublishedSkills(store.kv);
    expect(result.skills).toHaveLength(5);
    expect(result.aliasKeys.sort()).toEqual(["skill:alias:Old_Name", "skill:alias:x"]);
    expect(result.skills.some((s) => s.skill.name.startsWith("alias:"))).toBe(false);
  });

  it("reads records without metadata with bulk gets: 250 legacy records cost 3 gets", async () => {
    const legacy = Array.from({ length: 250 }, (_, i) => legacyEntry(`Legacy_Skill_${i}`, { repoUrl: `https://github.com/old/repo${i}`, name: `Legacy_Skill_${i}` }));
    await store.seed([...legacy, ...records(100).map(recordEntry)]);
    const { kv, ops } = instrumentKV(store.kv);
    const result = await enumeratePublishedSkills(kv);
    expect(result.skills).toHaveLength(350);
    expect(result.skills.filter((s) => s.legacy)).toHaveLength(250);
    expect(ops.list).toBe(2); // one page of skills, one of delist markers
    expect(ops.get).toBe(3);
    const one = result.skills.find((s) => s.skill.name === "Legacy_Skill_7")!;
    expect(one.skill).toMatchObject({ author: "old", repoUrl: "https://github.com/old/repo7", certTier: "SCANNED", category: "development" });
  });

  it("reports malformed values by key and keeps going", async () => {
    await store.seed([
      ...records(3).map(recordEntry),
      { key: "skill:broken-json", value: "{not json" },
      { key: "skill:no-repo", value: JSON.stringify({ name: "x" }) },
      { key: "skill:bad-repo", value: JSON.stringify({ name: "x", repoUrl: "https://gitlab.com/a/b" }) },
    ]);
    const result = await enumeratePublishedSkills(store.kv);
    expect(result.skills).toHaveLength(3);
    expect(result.errors.map((e) => e.key).sort()).toEqual(["skill:bad-repo", "skill:broken-json", "skill:no-repo"]);
    expect(result.errors.find((e) => e.key === "skill:broken-json")!.error).toBe("value is not JSON");
  });

  it("keeps index entries that list() has not caught up with, when their key exists", async () => {
    const recs = records(10);
    await store.seed(recs.map(recordEntry));
    await writePublishedIndex(store.kv, recs.map(summarize));
    const { kv } = instrumentKV(store.kv, { hideFromList: (k) => k === "skill:community-skill-00003" });
    const list = await getPublishedSkillsList(kv);
    expect(list.skills).toHaveLength(10);
    expect(list.enumeratedCount).toBe(9);
  });

  it("a read whose index agrees costs list calls and two index reads, and writes nothing", async () => {
    const recs = records(2500);
    await store.seed(recs.map(recordEntry));
    await writePublishedIndex(store.kv, recs.map(summarize));
    const { kv, ops } = instrumentKV(store.kv);
    const list = await getPublishedSkillsList(kv);
    expect(list.skills).toHaveLength(2500);
    expect(list.repaired).toBe(false);
    // 3 pages of skills, the shard listing, the delist markers, the manifest: no shard is read when its digest agrees.
    expect(ops).toEqual({ list: 5, get: 1, put: 0, delete: 0 });
  });

  it("serves the index alone when enumeration fails (FR-001 layer 3)", async () => {
    const recs = records(12);
    await store.seed(recs.map(recordEntry));
    await writePublishedIndex(store.kv, recs.map(summarize));
    const { kv } = instrumentKV(store.kv, { failList: true });
    const list = await getPublishedSkillsList(kv);
    expect(list.source).toBe("kv-index");
    expect(list.skills).toHaveLength(12);
  });

  it("throws only when both enumeration and index are unreadable", async () => {
    const { kv } = instrumentKV(store.kv, { failList: true });
    await expect(getPublishedSkillsList(kv)).rejects.toThrow(/enumeration failed/);
  });
});

describe("the incident: 5,000 published skills and a broken index", () => {
  const corruptions: [string, ((kv: KVNamespace) => Promise<void>)][] = [
    ["deleted", (kv) => kv.delete(PUBLISHED_INDEX_KEY)],
    ["replaced by []", (kv) => kv.put(PUBLISHED_INDEX_KEY, "[]")],
    ["invalid JSON", (kv) => kv.put(PUBLISHED_INDEX_KEY, '[{"slug": "community-skill-0')],
    ["an object", (kv) => kv.put(PUBLISHED_INDEX_KEY, JSON.stringify({ skills: [] }))],
    ["a truncated index", async (kv) => void (await writePublishedIndex(kv, records(3).map(summarize)))],
    ["an old single blob, truncated", (kv) => kv.put(PUBLISHED_INDEX_KEY, JSON.stringify(records(3).map(summarize)))],
    ["every shard deleted", async (kv) => {
      for (const k of (await kv.list({ prefix: SHARD_PREFIX })).keys) await kv.delete(k.name);
    }],
    ["a shard replaced by [] without its digest", async (kv) => {
      const first = (await kv.list({ prefix: SHARD_PREFIX })).keys[0]!.name;
      await kv.put(first, "[]");
    }],
    ["a shard holding invalid JSON", async (kv) => {
      for (const k of (await kv.list({ prefix: SHARD_PREFIX })).keys) await kv.put(k.name, "[{", { metadata: { count: 1, digest: "x" } });
    }],
    ["a manifest with bounds out of order", (kv) => kv.put(PUBLISHED_INDEX_KEY, JSON.stringify({ format: "sharded", version: 2, bounds: ["b", "a"] }))],
  ];

  it("lists all 5,000 and repairs the index after every corruption", async () => {
    const recs = records(5000);
    await store.seed(recs.map(recordEntry));
    const expected = recs.map((r) => r.name).sort();
    for (const [name, corrupt] of corruptions) {
      await corrupt(store.kv);
      const { kv } = instrumentKV(store.kv); // a fresh binding object: no cached list
      const list = await getPublishedSkillsList(kv);
      expect(list.skills, name).toHaveLength(5000);
      expect(list.repaired, name).toBe(true);
      expect(await indexSlugs(store.kv), name).toEqual(expected);
    }
  });
});
