// The sharded index (issue "Scale") on real Miniflare KV: no value near KV's limit at 150,000
// skills, a publish rewrites one shard whatever the catalogue's size, old single-blob indexes are
// still read (and converted), and a publish into a shard that races another loses nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addToPublishedIndex, createIndexWriter, getPublishedSkillsList, readPublishedIndex, writePublishedIndex } from "@/lib/catalog/kv/published-index";
import { readManifest, SHARD_PREFIX } from "@/lib/catalog/kv/index-shards";
import { PUBLISHED_INDEX_KEY } from "@/lib/catalog/kv/keys";
import { summarize } from "@/lib/catalog/kv/skill-record";
import { createTestKV, instrumentKV, type TestKV } from "../helpers/kv";
import { catalogueEntries, catalogueRecord, recordEntry } from "../helpers/skills";

let store: TestKV;
beforeEach(async () => {
  store = await createTestKV();
});
afterEach(async () => {
  await store.dispose();
});

const MiB = 1024 * 1024;

/** Every put's key and size, around the real binding. */
function recordPuts(kv: KVNamespace) {
  const puts: { key: string; bytes: number }[] = [];
  const wrapped = Object.create(kv) as KVNamespace;
  wrapped.put = ((key: string, value: string, opts?: KVNamespacePutOptions) => {
    puts.push({ key, bytes: Buffer.byteLength(value) });
    return kv.put(key, value, opts);
  }) as KVNamespace["put"];
  return { kv: wrapped, puts };
}

async function indexValueSizes(kv: KVNamespace): Promise<number[]> {
  const sizes: number[] = [];
  for (const k of (await kv.list({ prefix: SHARD_PREFIX })).keys) sizes.push(Buffer.byteLength((await kv.get(k.name, "text")) ?? ""));
  return sizes;
}

describe("the index at any size", () => {
  it("150,000 realistic summaries: no value over 5 MiB (one blob would be ~90 MiB, over KV's 25 MiB limit)", async () => {
    const summaries = Array.from({ length: 150_000 }, (_, i) => summarize(catalogueRecord(i)));
    const total = summaries.reduce((n, s) => n + Buffer.byteLength(JSON.stringify(s)), 0);
    expect(total).toBeGreaterThan(25 * MiB); // the single blob could not be written at all
    await writePublishedIndex(store.kv, summaries);
    const sizes = await indexValueSizes(store.kv);
    expect(sizes.length).toBe(256);
    expect(Math.max(...sizes)).toBeLessThan(1 * MiB);
    expect(Buffer.byteLength((await store.kv.get(PUBLISHED_INDEX_KEY, "text"))!)).toBeLessThan(64 * 1024);
    const read = await readPublishedIndex(store.kv);
    expect(read.ok && read.entries.length).toBe(150_000);
  }, 120_000);

  it("a publish rewrites one shard: the same operations at 500 and 20,000 skills, a fraction of the bytes", async () => {
    const cost = async (n: number) => {
      const summaries = Array.from({ length: n }, (_, i) => summarize(catalogueRecord(i)));
      await writePublishedIndex(store.kv, summaries);
      const { kv: recording, puts } = recordPuts(store.kv);
      const { kv, ops } = instrumentKV(recording);
      const result = await createIndexWriter()(kv, summarize(catalogueRecord(n + 5)));
      expect(result.ok).toBe(true);
      const indexBytes = summaries.reduce((a, s) => a + Buffer.byteLength(JSON.stringify(s)), 0);
      return { ops: ops.get + ops.put + ops.list + ops.delete, puts: puts.map((p) => p.key), bytes: puts.reduce((a, p) => a + p.bytes, 0), indexBytes };
    };
    const small = await cost(500);
    const large = await cost(20_000);
    expect(small.ops).toBe(large.ops); // manifest, shard, write, verify
    expect(large.ops).toBeLessThanOrEqual(4);
    expect(large.puts).toHaveLength(1);
    expect(large.puts[0]).toMatch(/^skills:published-index:shard:\d+$/);
    expect(large.bytes).toBeLessThan(large.indexBytes / 50);
  }, 120_000);

  it("concurrent publishes into one shard from two isolates lose nothing once read", async () => {
    await writePublishedIndex(store.kv, Array.from({ length: 400 }, (_, i) => summarize(catalogueRecord(i))));
    const fresh = Array.from({ length: 12 }, (_, i) => catalogueRecord(10_000 + i));
    await store.seed(fresh.map(recordEntry));
    const { kv } = instrumentKV(store.kv, { getDelayMs: 20, delayKeys: (k) => k.startsWith(SHARD_PREFIX) });
    const a = createIndexWriter();
    const b = createIndexWriter();
    await Promise.all(fresh.map((r, i) => (i % 2 ? a : b)(kv, summarize(r))));
    // Whatever the last writer of each shard overwrote, the read lists every skill and repairs.
    const list = await getPublishedSkillsList(store.kv);
    expect(list.skills.map((s) => s.name)).toEqual(expect.arrayContaining(fresh.map((r) => r.name)));
    const read = await readPublishedIndex(store.kv);
    expect(read.ok && read.entries.map((e) => e.slug)).toEqual(expect.arrayContaining(fresh.map((r) => r.name)));
  });
});

describe("an old single-blob index", () => {
  it("is still read: its entries cover skills list() has not caught up with, then it is converted to shards", async () => {
    const entries = catalogueEntries(300).filter((e) => e.metadata !== undefined);
    await store.seed(entries);
    const summaries = entries.map((e) => e.metadata as ReturnType<typeof summarize>);
    await store.kv.put(PUBLISHED_INDEX_KEY, JSON.stringify(summaries)); // the format before shards
    const hidden = summaries[17]!.slug;
    const { kv } = instrumentKV(store.kv, { hideFromList: (k) => k === `skill:${hidden}` });
    const list = await getPublishedSkillsList(kv);
    expect(list.skills).toHaveLength(summaries.length);
    expect(list.skills.some((s) => s.name === hidden)).toBe(true);
    expect(list.repaired).toBe(true);
    // A read rewrites at most READ_REPAIR_MAX shards; the manifest follows once all are written.
    let reads = 1;
    while ((await readManifest(store.kv)).kind !== "sharded" && reads < 10) {
      expect((await getPublishedSkillsList(kv)).skills).toHaveLength(summaries.length);
      reads++;
    }
    expect((await readManifest(store.kv)).kind).toBe("sharded");
    const read = await readPublishedIndex(store.kv);
    expect(read.ok && read.entries.length).toBe(summaries.length);
  });

  it("a publish into a namespace holding an old blob starts the sharded index (every blob entry has its own key)", async () => {
    const entries = catalogueEntries(50).filter((e) => e.metadata !== undefined);
    await store.seed(entries);
    await store.kv.put(PUBLISHED_INDEX_KEY, JSON.stringify(entries.map((e) => e.metadata)));
    const added = summarize(catalogueRecord(999));
    expect((await addToPublishedIndex(store.kv, added)).ok).toBe(true);
    expect((await readManifest(store.kv)).kind).toBe("sharded");
    await store.seed([recordEntry(catalogueRecord(999))]);
    const list = await getPublishedSkillsList(store.kv);
    expect(list.skills).toHaveLength(entries.length + 1);
  });
});
