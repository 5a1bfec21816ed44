/**
 * The per-invocation context: the worker env of this request, queue batch or cron run, its
 * validated form (parsed once, on first use), and at most one database connection, opened lazily
 * and closed when the invocation ends (the Prisma client over it is the isolate's: db.ts). Never a
 * module-level mutable env: one isolate serves concurrent requests, queue batches and cron runs,
 * and AsyncLocalStorage keeps each one's own.
 *
 * Entries: `worker-with-queues.js` runs every fetch inside `openInvocation(env)` and closes it only
 * after the response body has finished streaming (a page is rendered while it streams);
 * queue() and scheduled() use `runWithWorkerEnv`, as do tests. Code running inside Next without
 * such an entry (`next dev`) falls back to OpenNext's request context, with no shared client.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { getCloudflareContext } from "@opennextjs/cloudflare";
import type { WorkerEnv } from "./env";

export interface Invocation {
  readonly raw: Partial<WorkerEnv>;
  /** The validated env, set by env.ts on first use. */
  env?: WorkerEnv;
  /** Lazily opened resources with their closers (db.ts keeps its connection here). */
  readonly resources: Map<string, { value: unknown; close: () => Promise<void> }>;
  /** Set once the invocation has been closed: later work (a late waitUntil) opens nothing in it. */
  closed?: boolean;
  /**
   * Why this invocation's answer is degraded (a database read failed and a fallback served), if it
   * is: the worker entry then keeps the response out of shared caches (http/cache-policy.ts).
   */
  degraded?: string;
}

// One store per isolate, shared through globalThis: the worker entry and the Next bundle each
// carry their own copy of this module, and both must see the same invocation.
const STORAGE_KEY = Symbol.for("skill-marketplace.invocation");
const storage: AsyncLocalStorage<Invocation> = ((globalThis as Record<symbol, unknown>)[STORAGE_KEY] ??=
  new AsyncLocalStorage<Invocation>()) as AsyncLocalStorage<Invocation>;

/** A new invocation for `env`: `run` work inside it, then `close` it once everything is done. */
export function openInvocation(env: Partial<WorkerEnv>): { run<T>(fn: () => T): T; close(): Promise<void>; degraded(): string | undefined } {
  const invocation: Invocation = { raw: env, resources: new Map() };
  return {
    run: (fn) => storage.run(invocation, fn),
    degraded: () => invocation.degraded,
    close: async () => {
      invocation.closed = true;
      const open = [...invocation.resources.values()];
      invocation.resources.clear();
      await Promise.all(open.map((r) => r.close().catch(() => undefined)));
    },
  };
}

/** Runs `fn` as one invocation with `env` (including everything it awaits), then closes it. */
export async function runWithWorkerEnv<T>(env: Partial<WorkerEnv>, fn: () => T | Promise<T>): Promise<T> {
  const invocation = openInvocation(env);
  try {
    return await invocation.run(fn);
  } finally {
    await invocation.close();
  }
}

/** The invocation's resource under `key`, opened (and registered for closing) on first use. */
export function heldResource<T>(invocation: Invocation, key: string, open: () => { value: T; close: () => Promise<void> }): T {
  let held = invocation.resources.get(key);
  if (!held) {
    held = open();
    invocation.resources.set(key, held);
  }
  return held.value as T;
}

/** Records that this invocation served from a fallback (no-op outside an invocation). */
export function markDegraded(reason: string): void {
  const invocation = storage.getStore();
  if (invocation && invocation.degraded === undefined) invocation.degraded = reason;
}

/** The current invocation, if this code runs inside one. */
export function currentInvocation(): Invocation | undefined {
  return storage.getStore();
}

/**
 * The raw env of the current invocation: its own, else OpenNext's request context, else
 * undefined (plain Node outside any invocation).
 */
export function getWorkerEnv(): Partial<WorkerEnv> | undefined {
  const own = storage.getStore();
  if (own) return own.raw;
  try {
    return getCloudflareContext().env as Partial<WorkerEnv>;
  } catch {
    return undefined; // not inside a Cloudflare request: callers fall back to process.env
  }
}
