// Enumeration of N published skills in Miniflare's KV: enumeratePublishedSkills (list pages with
// summary metadata) beside the one-get-per-key approach, in the same run, with KV operation counts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { enumeratePublishedSkills } from "../src/lib/catalog/kv/enumerate";
import { SKILL_PREFIX } from "../src/lib/catalog/kv/keys";
import { createTestKV, instrumentKV } from "../tests/helpers/kv";
import { recordEntry, records } from "../tests/helpers/skills";

const SIZES = (process.env.BENCH_SIZES ?? "5000,50000").split(",").map(Number);
const RUNS = 5;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The approach the index blob replaced badly: list the keys, then get every value. */
async function enumerateOneGetPerKey(kv: KVNamespace, concurrency = 50): Promise<number> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix: SKILL_PREFIX, cursor });
    keys.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  let found = 0;
  for (let i = 0; i < keys.length; i += concurrency) {
    const values = await Promise.all(keys.slice(i, i + concurrency).map((k) => kv.get(k, "text")));
    found += values.filter((v) => v !== null).length;
  }
  return found;
}

/** Times enumeratePublishedSkills inside workerd: the bundled bench worker over its own KV. */
async function timeInsideWorkerd(n: number): Promise<{ ms: number[]; listCalls: number; getCalls: number }> {
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), "workerd-enumerate.ts");
  const bundle = await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "neutral", write: false, logLevel: "silent", mainFields: ["module", "main"] });
  const mf = new Miniflare(convertV4MiniflareOptions({ modules: true, script: bundle.outputFiles[0]!.text, kvNamespaces: ["SUBMISSIONS_KV"], compatibilityDate: "2026-11-01" }));
  try {
    const all = records(n).map(recordEntry);
    for (let i = 0; i < all.length; i += 1000) {
      await (await mf.dispatchFetch("http://bench/seed", { method: "POST", body: JSON.stringify(all.slice(i, i + 1000)) })).text();
    }
    const ms: number[] = [];
    let last = { listCalls: 0, getCalls: 0 };
    for (let i = 0; i < RUNS; i++) {
      const r = (await (await mf.dispatchFetch("http://bench/enumerate")).json()) as { ms: number; skills: number; listCalls: number; getCalls: number };
      if (r.skills !== n) throw new Error(`workerd enumerated ${r.skills}, expected ${n}`);
      ms.push(r.ms);
      last = { listCalls: r.listCalls, getCalls: r.getCalls };
    }
    return { ms, ...last };
  } finally {
    await mf.dispose();
  }
}

export async function benchKvEnumeration(): Promise<void> {
  for (const n of SIZES) {
    const store = await createTestKV();
    try {
      const seeded = await timed(() => store.seed(records(n).map(recordEntry)));
      console.log(`\n${n.toLocaleString("en-US")} published skills (seeded in ${(seeded.ms / 1000).toFixed(1)} s)`);
      const fast = instrumentKV(store.kv);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        fast.reset();
        const r = await timed(() => enumeratePublishedSkills(fast.kv));
        if (r.value.skills.length !== n) throw new Error(`enumerated ${r.value.skills.length}, expected ${n}`);
        times.push(r.ms);
      }
      const fastOps = fast.ops.list + fast.ops.get;
      const inside = await timeInsideWorkerd(n);
      console.log(`  enumeratePublishedSkills  ${fastOps} KV ops (${fast.ops.list} list, ${fast.ops.get} get; target ceil(N/1000) = ${Math.ceil(n / 1000)})`);
      console.log(`    inside workerd          median ${median(inside.ms).toFixed(0)} ms over ${RUNS} runs${n === 5000 ? " (target <= 100 ms)" : ""}`);
      console.log(`    from Node via Miniflare median ${median(times).toFixed(0)} ms (adds the Node-to-workerd proxy per call)`);

      const slow = instrumentKV(store.kv);
      const slowRun = await timed(() => enumerateOneGetPerKey(slow.kv));
      if (slowRun.value !== n) throw new Error(`one-get-per-key found ${slowRun.value}`);
      const slowOps = slow.ops.list + slow.ops.get;
      console.log(`  one get per key           ${slowOps} KV ops (${slow.ops.list} list, ${slow.ops.get} get)  ${slowRun.ms.toFixed(0)} ms (50 gets in flight)`);
      console.log(`  ratio                     ${(slowOps / fastOps).toFixed(0)}x fewer operations, ${(slowRun.ms / median(times)).toFixed(1)}x faster`);
    } finally {
      await store.dispose();
    }
  }
}
