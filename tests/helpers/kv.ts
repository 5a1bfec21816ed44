// Real Workers KV from Miniflare (the same simulator wrangler dev uses), one namespace per caller,
// plus fault injection that wraps the real binding (operation counts, delays, failures).
import { Miniflare, convertV4MiniflareOptions } from "miniflare";

export interface TestKV {
  kv: KVNamespace;
  mf: Miniflare;
  /** Writes many entries from inside workerd (one request per 1,000 entries, not one per key). */
  seed(entries: SeedEntry[]): Promise<void>;
  dispose(): Promise<void>;
}

export interface SeedEntry {
  key: string;
  value: string;
  metadata?: unknown;
}

// A tiny worker that performs bulk writes next to the KV simulator.
const SEED_WORKER = `
export default {
  async fetch(request, env) {
    const entries = await request.json();
    for (let i = 0; i < entries.length; i += 50) {
      await Promise.all(entries.slice(i, i + 50).map((e) =>
        env.SUBMISSIONS_KV.put(e.key, e.value, e.metadata === undefined ? {} : { metadata: e.metadata })));
    }
    return new Response(String(entries.length));
  },
};`;

export async function createTestKV(): Promise<TestKV> {
  const mf = new Miniflare(convertV4MiniflareOptions({ modules: true, script: SEED_WORKER, kvNamespaces: ["SUBMISSIONS_KV"] }));
  const kv = (await mf.getKVNamespace("SUBMISSIONS_KV")) as unknown as KVNamespace;
  return {
    kv,
    mf,
    async seed(entries) {
      for (let i = 0; i < entries.length; i += 1000) {
        const res = await mf.dispatchFetch("http://seed.local/", { method: "POST", body: JSON.stringify(entries.slice(i, i + 1000)) });
        if (!res.ok) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
        await res.text();
      }
    },
    dispose: () => mf.dispose(),
  };
}

export interface KVOps {
  list: number;
  get: number;
  put: number;
  delete: number;
}

export interface KVFaults {
  /** Milliseconds added before reads of matching keys resolve (default: every key). */
  getDelayMs?: number;
  delayKeys?: (key: string) => boolean;
  /** Make list() throw. */
  failList?: boolean;
  /** Make put() of matching keys throw. */
  failPut?: (key: string) => boolean;
  /** Hide keys from list() results (simulates list lagging behind writes). */
  hideFromList?: (key: string) => boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wraps a real KV binding: counts each operation (a bulk get is one) and injects faults. */
export function instrumentKV(kv: KVNamespace, faults: KVFaults = {}): { kv: KVNamespace; ops: KVOps; faults: KVFaults; reset(): void } {
  const ops: KVOps = { list: 0, get: 0, put: 0, delete: 0 };
  const delayFor = (key: string | string[]) => {
    if (!faults.getDelayMs) return 0;
    const keys = Array.isArray(key) ? key : [key];
    return !faults.delayKeys || keys.some(faults.delayKeys) ? faults.getDelayMs : 0;
  };
  const wrapped = {
    async get(key: string | string[], type?: unknown) {
      ops.get++;
      const delay = delayFor(key);
      // The read happens first; its (now stale) result arrives late, as under KV's lagging reads.
      const result = await (kv.get as (k: unknown, t?: unknown) => Promise<unknown>)(key, type);
      if (delay) await sleep(delay);
      return result;
    },
    async getWithMetadata(key: string, type?: unknown) {
      ops.get++;
      return (kv.getWithMetadata as (k: string, t?: unknown) => Promise<unknown>)(key, type);
    },
    async list(options?: KVNamespaceListOptions) {
      ops.list++;
      if (faults.failList) throw new Error("injected list failure");
      const page = await kv.list(options);
      if (!faults.hideFromList) return page;
      return { ...page, keys: page.keys.filter((k) => !faults.hideFromList!(k.name)) };
    },
    async put(key: string, value: string, options?: KVNamespacePutOptions) {
      ops.put++;
      if (faults.failPut?.(key)) throw new Error(`injected put failure for ${key}`);
      return kv.put(key, value, options);
    },
    async delete(key: string) {
      ops.delete++;
      return kv.delete(key);
    },
  };
  return {
    kv: wrapped as unknown as KVNamespace,
    ops,
    faults,
    reset() {
      ops.list = ops.get = ops.put = ops.delete = 0;
    },
  };
}

/** Every key with its value and metadata, sorted: compare two of these to prove nothing changed. */
export async function snapshotKV(kv: KVNamespace, prefix = ""): Promise<Record<string, { value: string | null; metadata: unknown }>> {
  const out: Record<string, { value: string | null; metadata: unknown }> = {};
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix, cursor });
    for (const k of page.keys) out[k.name] = { value: null, metadata: k.metadata ?? null };
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  const keys = Object.keys(out);
  for (let i = 0; i < keys.length; i += 100) {
    const values = await kv.get(keys.slice(i, i + 100), "text");
    for (const [k, v] of values) out[k]!.value = v;
  }
  return out;
}
