/**
 * Counts KV operations made through a binding (a bulk get is one operation). A Worker invocation
 * may make at most 1,000; long admin jobs use this to stop in time and hand back a cursor.
 */
/** KV operations one invocation may spend (the platform allows 1,000; the rest is headroom). */
export const OPS_BUDGET = 900;

export interface CountedKV {
  kv: KVNamespace;
  used(): number;
}

export function countKvOps(kv: KVNamespace): CountedKV {
  let ops = 0;
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      ops++;
      return fn(...args);
    };
  const counted = {
    get: wrap(kv.get.bind(kv) as (...a: unknown[]) => unknown),
    getWithMetadata: wrap(kv.getWithMetadata.bind(kv) as (...a: unknown[]) => unknown),
    list: wrap(kv.list.bind(kv) as (...a: unknown[]) => unknown),
    put: wrap(kv.put.bind(kv) as (...a: unknown[]) => unknown),
    delete: wrap(kv.delete.bind(kv) as (...a: unknown[]) => unknown),
  };
  return { kv: counted as unknown as KVNamespace, used: () => ops };
}
