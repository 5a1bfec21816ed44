// One migrated database per test file and a fresh Miniflare KV per test, with the hooks that
// create, empty and dispose them; `inWorker` runs code under a worker env pointing at both.
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { resetDatabaseHealth } from "@/lib/platform/db";
import type { WorkerEnv } from "@/lib/platform/env";
import { runWithWorkerEnv } from "@/lib/platform/worker-context";
import { createTestDatabase, type TestDatabase } from "./database";
import { createTestKV, type TestKV } from "./kv";

export interface Stores {
  readonly db: TestDatabase;
  readonly store: TestKV;
  /** Runs `fn` with SUBMISSIONS_KV and DATABASE_URL (override the URL, or pass null for none). */
  inWorker<T>(fn: () => Promise<T>, url?: string | null, env?: Partial<WorkerEnv>): Promise<T>;
}

export function useStores(): Stores {
  let db: TestDatabase;
  let store: TestKV;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(async () => {
    store = await createTestKV();
    await db.truncate();
    resetDatabaseHealth();
  });
  afterEach(async () => {
    await store.dispose();
  });
  return {
    get db() {
      return db;
    },
    get store() {
      return store;
    },
    inWorker(fn, url, env = {}) {
      const databaseUrl = url === null ? undefined : (url ?? db.url);
      return runWithWorkerEnv({ SUBMISSIONS_KV: store.kv, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env }, fn);
    },
  };
}
