/**
 * Per-invocation worker env. The queue and cron handlers run their work inside
 * `runWithWorkerEnv(env, …)`; route handlers inside Next see OpenNext's request context. Never a
 * module-level mutable env: one isolate serves concurrent requests, queue batches and cron runs.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { getCloudflareContext } from "@opennextjs/cloudflare";
import type { WorkerEnv } from "./env";

const storage = new AsyncLocalStorage<Partial<WorkerEnv>>();

/** Runs `fn` with `env` as the worker env of everything it calls, including awaited work. */
export function runWithWorkerEnv<T>(env: Partial<WorkerEnv>, fn: () => T): T {
  return storage.run(env, fn);
}

/**
 * The env of the current invocation: the one given to `runWithWorkerEnv`, else OpenNext's
 * request context, else undefined (plain Node outside any invocation).
 */
export function getWorkerEnv(): Partial<WorkerEnv> | undefined {
  const own = storage.getStore();
  if (own) return own;
  try {
    return getCloudflareContext().env as Partial<WorkerEnv>;
  } catch {
    return undefined; // not inside a Cloudflare request: caller falls back to process.env
  }
}
