// Convergence costs: what the "never fewer listed than any store holds" check adds to a listing
// request (the pending outbox and coverage marker, cached per isolate for a few seconds), and
// how long Postgres takes to catch up after an outage: 100 skills published while it was down,
// drained through the same code the queue's drain message runs.
import { getSkills, getSkillsFromDb } from "../src/lib/data";
import { invalidateConvergence } from "../src/lib/catalog/convergence";
import { listPending } from "../src/lib/catalog/kv/pending";
import { withDb, resetDatabaseHealth } from "../src/lib/platform/db";
import { runWithWorkerEnv } from "../src/lib/platform/worker-context";
import { drainPendingSkills } from "../src/lib/operations/drain-pending";
import { publishSkill } from "../src/lib/submission-store";
import { insertSkillRows } from "../tests/helpers/db-seed";
import { createTestKV } from "../tests/helpers/kv";
import { refusedDatabaseUrl } from "../tests/helpers/network";
import { realisticRecord, realisticRecords } from "../tests/helpers/skills";
import { fmt, measure, scratchDatabase, stopBenchServer } from "./lib";

const N = Number((process.env.BENCH_SIZES ?? "5000").split(",")[0]);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);

export async function benchConvergence(): Promise<void> {
  const scratch = await scratchDatabase();
  const store = await createTestKV();
  try {
    await insertSkillRows(scratch.url, realisticRecords(N));
    const env = { SUBMISSIONS_KV: store.kv, DATABASE_URL: scratch.url };
    const q = { category: "testing" } as const;
    console.log(`${N.toLocaleString("en-US")} skills in Postgres, KV holding only the outbox (Miniflare, from Node: ~2-3 ms per KV call)`);
    const without = await measure(RUNS, () => runWithWorkerEnv(env, () => withDb((db) => getSkillsFromDb(db, q))));
    const cached = await measure(RUNS, () => runWithWorkerEnv(env, () => getSkills(q)));
    const fresh = await measure(RUNS, () => runWithWorkerEnv(env, () => (invalidateConvergence(store.kv), getSkills(q))));
    console.log(`  listing without the check          ${fmt(without)}`);
    console.log(`  with the check, facts cached (5 s) ${fmt(cached)}`);
    console.log(`  with the check, facts re-read      ${fmt(fresh)}   (1 list + 1 get per isolate every 5 s)`);

    const down = await refusedDatabaseUrl();
    for (let i = 0; i < 100; i++) {
      const r = realisticRecord(N + i);
      await runWithWorkerEnv({ ...env, DATABASE_URL: down }, () =>
        publishSkill(store.kv, { repoUrl: r.repoUrl, skillName: r.skillName, description: r.description, certScore: 90 }),
      );
    }
    resetDatabaseHealth();
    const pending = (await listPending(store.kv)).entries.length;
    const listed = (await runWithWorkerEnv(env, () => getSkills({ limit: 1 }))).total;
    const start = performance.now();
    let drains = 0;
    while ((await listPending(store.kv)).entries.length > 0 && drains < 20) {
      await runWithWorkerEnv(env, () => drainPendingSkills(store.kv));
      drains++;
    }
    console.log(`  outage: ${pending} publishes pending, listed total ${listed} while pending (Postgres + overlay)`);
    console.log(`  recovery to the last backfilled skill: ${(performance.now() - start).toFixed(0)} ms in ${drains} drain invocation(s) after Postgres answered (the queue sends the first 30 s after the failed publish, then backs off)`);
  } finally {
    await store.dispose();
    await scratch.drop();
    await stopBenchServer();
  }
}
