// Global setup for e2e: builds the worker (if stale), starts the fake GitHub API, gives the worker
// its own cloned database, and runs it under `wrangler dev` with local state in a temp folder.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureWorkerBuilt } from "../../scripts/lib/worker-build";
import { startWranglerDev } from "../../scripts/lib/wrangler-dev";
import { cloneTemplate } from "../helpers/database";
import { startFakeGitHub } from "../helpers/fake-github";

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    workerDatabaseUrl: string;
    fakeGithubUrl: string;
    internalKey: string;
    /** The worker's local state (KV, queues), for tests that seed KV with `wrangler kv bulk put --local`. */
    workerPersistTo: string;
    jwtSecret: string;
  }
}

export const E2E_INTERNAL_KEY = "e2e-internal-key-not-a-secret";
export const E2E_JWT_SECRET = "e2e-jwt-secret-not-a-secret";

export default async function setup(project: TestProject) {
  ensureWorkerBuilt();
  const github = await startFakeGitHub();
  const db = await cloneTemplate(process.env.SKILLS_TEST_DB_ADMIN_URL!, process.env.SKILLS_TEST_DB_TEMPLATE!);
  const persistTo = mkdtempSync(path.join(os.tmpdir(), "skills-e2e-"));
  // No DATABASE_URL: the worker reaches its database only through the HYPERDRIVE binding (wrangler
  // dev's local Hyperdrive in front of the real Postgres), so every e2e test runs the pooled path.
  const worker = await startWranglerDev({
    persistTo,
    hyperdrive: db.url,
    vars: {
      GITHUB_API_URL: github.url,
      INTERNAL_BROADCAST_KEY: E2E_INTERNAL_KEY,
      JWT_SECRET: E2E_JWT_SECRET,
    },
  });
  project.provide("workerUrl", worker.url);
  project.provide("workerDatabaseUrl", db.url);
  project.provide("fakeGithubUrl", github.url);
  project.provide("internalKey", E2E_INTERNAL_KEY);
  project.provide("workerPersistTo", persistTo);
  project.provide("jwtSecret", E2E_JWT_SECRET);

  return async () => {
    await worker.stop();
    await github.close();
    await db.drop().catch(() => undefined);
    rmSync(persistTo, { recursive: true, force: true });
  };
}
