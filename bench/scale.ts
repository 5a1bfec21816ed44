// The catalogue at the size of the real ecosystem (issue "Scale"): generated skills with real sizes
// (descriptions 150-1,024 characters, display names and labels as real skills have them, 5% legacy
// records without metadata), at 5,000 and 50,000 by default; 150,000 with BENCH_SIZES=150000.
// Per size, on Miniflare's KV (and the local Postgres for publishes):
//   enumeration KV operations and time; rebuild-index invocations and time; the index's largest
//   value; KV operations and bytes written per publish; the KV fallback's retained memory and
//   listing/search time (Postgres down).
import v8 from "node:v8";
import vm from "node:vm";
import { forEachPublishedPage } from "../src/lib/catalog/kv/enumerate";
import { PUBLISHED_INDEX_KEY } from "../src/lib/catalog/kv/keys";
import { SHARD_PREFIX } from "../src/lib/catalog/kv/index-shards";
import { decodeCursor } from "../src/lib/operations/rebuild-cursor";
import { rebuildPublishedIndex, type RebuildReport } from "../src/lib/operations/rebuild-index";
import { getSkills } from "../src/lib/data";
import { publishSkill } from "../src/lib/submission-store";
import { invalidatePublishedCache } from "../src/lib/catalog/kv/published-index";
import { runWithWorkerEnv } from "../src/lib/platform/worker-context";
import { createTestKV } from "../tests/helpers/kv";
import { catalogueEntries, catalogueRecord, VOCABULARY } from "../tests/helpers/skills";
import { fmt, measure, scratchDatabase, stopBenchServer } from "./lib";

const SIZES = (process.env.BENCH_SIZES ?? "5000,50000").split(",").map(Number);
const MiB = 1024 * 1024;
const DEAD_DATABASE = "postgresql://postgres@127.0.0.1:1/unreachable";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

interface Counted {
  kv: KVNamespace;
  ops: { list: number; get: number; put: number; delete: number };
  bytesWritten: number;
  reset(): void;
  /** Called after every list() result arrives (the fold holds one page then). */
  onList?: () => void;
}

/** Counts operations and the bytes each put writes (value plus metadata), around the real binding. */
function counted(kv: KVNamespace): Counted {
  const c: Counted = {
    kv: undefined as unknown as KVNamespace,
    ops: { list: 0, get: 0, put: 0, delete: 0 },
    bytesWritten: 0,
    reset() {
      c.ops = { list: 0, get: 0, put: 0, delete: 0 };
      c.bytesWritten = 0;
    },
  };
  const enc = new TextEncoder();
  c.kv = {
    get: (...a: unknown[]) => (c.ops.get++, (kv.get as (...x: unknown[]) => unknown)(...a)),
    getWithMetadata: (...a: unknown[]) => (c.ops.get++, (kv.getWithMetadata as (...x: unknown[]) => unknown)(...a)),
    list: async (...a: unknown[]) => {
      c.ops.list++;
      const r = await (kv.list as (...x: unknown[]) => Promise<unknown>)(...a);
      c.onList?.();
      return r;
    },
    put: (key: string, value: string, opts?: { metadata?: unknown }) => {
      c.ops.put++;
      c.bytesWritten += enc.encode(value).length + (opts?.metadata ? enc.encode(JSON.stringify(opts.metadata)).length : 0);
      return kv.put(key, value, opts as KVNamespacePutOptions);
    },
    delete: (key: string) => (c.ops.delete++, kv.delete(key)),
  } as unknown as KVNamespace;
  return c;
}

const total = (o: Counted["ops"]) => o.list + o.get + o.put + o.delete;
const mib = (b: number) => `${(b / MiB).toFixed(2)} MiB`;
const verdict = (ok: boolean) => (ok ? "meets" : "MISSES");

async function rebuildToCompletion(kv: KVNamespace): Promise<{ reports: RebuildReport[]; ms: number }> {
  const started = performance.now();
  const reports: RebuildReport[] = [];
  let cursor: string | null = null;
  do {
    const r: RebuildReport = await runWithWorkerEnv({ SUBMISSIONS_KV: kv }, () => rebuildPublishedIndex(kv, { cursor: cursor ? decodeCursor(cursor) : undefined }));
    reports.push(r);
    cursor = r.nextCursor;
  } while (cursor);
  return { reports, ms: performance.now() - started };
}

export async function benchScale(): Promise<void> {
  for (const n of SIZES) {
    const store = await createTestKV();
    const scratch = await scratchDatabase();
    try {
      const t0 = performance.now();
      const entries = catalogueEntries(n);
      const legacy = entries.filter((e) => e.metadata === undefined);
      const descriptions = entries.map((_, i) => catalogueRecord(i).description.length).sort((a, b) => a - b);
      await store.seed(entries);
      console.log(
        `\n${n.toLocaleString("en-US")} published skills (${legacy.length.toLocaleString("en-US")} legacy; descriptions ${descriptions[0]}-${descriptions.at(-1)} chars, median ${descriptions[descriptions.length >> 1]}) seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );

      // Enumeration: streamed, nothing kept.
      const c = counted(store.kv);
      let seen = 0;
      const enumStart = performance.now();
      await forEachPublishedPage(c.kv, (page) => void (seen += page.skills.length));
      console.log(`  enumeration             ${seen} skills, ${total(c.ops)} KV ops (${c.ops.list} list, ${c.ops.get} bulk get; limit 1,000), ${(performance.now() - enumStart).toFixed(0)} ms`);

      // rebuild-index from nothing: writes metadata to the legacy records, the index shards and
      // the manifest. The legacy records are then written back without metadata, as they were.
      const rebuild = await rebuildToCompletion(store.kv);
      const opsPer = rebuild.reports.map((r) => r.kvOps);
      const last = rebuild.reports.at(-1)!;
      console.log(
        `  rebuild-index           ${rebuild.reports.length} invocation(s), ${(rebuild.ms / 1000).toFixed(1)} s, KV ops per invocation max ${Math.max(...opsPer)} (budget 900), index ${last.indexSize} in ${rebuild.reports.reduce((a, r) => a + r.indexShardsRewritten, 0)} shard(s) written`,
      );
      await store.seed(legacy);
      const again = await rebuildToCompletion(store.kv);
      console.log(`  rebuild-index again     ${again.reports.length} invocation(s), ${(again.ms / 1000).toFixed(1)} s, ${again.reports.reduce((a, r) => a + r.indexShardsRewritten, 0)} shard(s) rewritten`);
      await store.seed(legacy);

      // The index: every value's size.
      let largest = 0;
      let shards = 0;
      let indexBytes = 0;
      let cursor: string | undefined;
      do {
        const page: KVNamespaceListResult<unknown> = await store.kv.list({ prefix: SHARD_PREFIX, cursor });
        for (const k of page.keys) {
          const v = (await store.kv.get(k.name, "text")) ?? "";
          const bytes = Buffer.byteLength(v);
          largest = Math.max(largest, bytes);
          indexBytes += bytes;
          shards++;
        }
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
      const manifestBytes = Buffer.byteLength((await store.kv.get(PUBLISHED_INDEX_KEY, "text")) ?? "");
      console.log(
        `  index                   ${shards} shards, ${mib(indexBytes)} in all; largest value ${mib(largest)} (target <= 5 MiB: ${verdict(largest <= 5 * MiB)}), manifest ${(manifestBytes / 1024).toFixed(1)} KiB`,
      );

      // Publishes of new skills, through the real publish path (KV + Postgres).
      const pub = counted(store.kv);
      const costs: { ops: number; bytes: number }[] = [];
      await runWithWorkerEnv({ SUBMISSIONS_KV: store.kv, DATABASE_URL: scratch.url }, async () => {
        for (let k = 0; k < 20; k++) {
          const r = catalogueRecord(n + 1000 + k);
          pub.reset();
          await publishSkill(pub.kv, { repoUrl: r.repoUrl, skillName: r.skillName, description: r.description, certScore: 90, displayName: r.displayName, labels: r.labels, category: r.category });
          costs.push({ ops: total(pub.ops), bytes: pub.bytesWritten });
        }
      });
      const maxOps = Math.max(...costs.map((x) => x.ops));
      const maxBytes = Math.max(...costs.map((x) => x.bytes));
      const avgBytes = costs.reduce((a, x) => a + x.bytes, 0) / costs.length;
      console.log(
        `  publish                 KV ops max ${maxOps} (target <= 20: ${verdict(maxOps <= 20)}), bytes written max ${mib(maxBytes)} avg ${mib(avgBytes)} (target <= 1 MiB: ${verdict(maxBytes <= MiB)})`,
      );

      // The KV fallback: Postgres unreachable, the listing folds over the enumeration.
      const fb = counted(store.kv);
      let peak = 0;
      let base = 0;
      fb.onList = () => {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      };
      const viaKv = <T>(fn: () => Promise<T>) => runWithWorkerEnv({ SUBMISSIONS_KV: fb.kv, DATABASE_URL: DEAD_DATABASE }, fn);
      await viaKv(() => getSkills({})); // the first request pays the connect timeout; later ones skip the database
      gc();
      base = process.memoryUsage().heapUsed;
      peak = 0;
      fb.reset();
      const first = await viaKv(() => getSkills({ category: "testing", sortBy: "stars" }));
      const fbOps = total(fb.ops);
      fb.onList = undefined;
      console.log(
        `  KV fallback             source ${first.source}, total ${first.total}; ${fbOps} KV ops (limit 1,000); retained heap at most ${mib(Math.max(0, peak))} (target <= 64 MiB: ${verdict(peak <= 64 * MiB)})`,
      );
      // Each run reads KV afresh (the 60 s per-isolate result cache is dropped first), then once cached.
      const runs = n >= 100_000 ? 5 : 12;
      const uncached = <T>(fn: () => Promise<T>) => {
        invalidatePublishedCache(fb.kv);
        return viaKv(fn);
      };
      const listing = await measure(runs, () => uncached(() => getSkills({ category: "testing", sortBy: "stars" })));
      const deep = await measure(runs, () => uncached(() => getSkills({ page: 40, limit: 100 })));
      const words = [VOCABULARY[0]!, VOCABULARY[300]!, `${VOCABULARY[3]} ${VOCABULARY[40]}`];
      const search = await measure(runs, (i) => uncached(() => getSkills({ search: words[i % words.length]! })));
      const cached = await measure(runs * 5, () => viaKv(() => getSkills({ category: "testing", sortBy: "stars" })));
      console.log(`    listing (filtered)    ${fmt(listing)}  (each run reads the whole catalogue from KV)`);
      console.log(`    deep page (40 x 100)  ${fmt(deep)}`);
      console.log(`    search (3 words)      ${fmt(search)}`);
      console.log(`    listing, cached       ${fmt(cached)}  (the isolate's 60 s result cache)`);
    } finally {
      await store.dispose();
      await scratch.drop();
    }
  }
  await stopBenchServer();
}
