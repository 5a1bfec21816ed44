// rebuild-index over 5,000 and 50,000 published skills (Miniflare KV, local Postgres, empty
// database = a full backfill; 5% legacy records without metadata): invocations needed, wall
// time, KV operations per invocation (budget 900 of the platform's 1,000), Postgres round trips;
// then the same rebuild again (nothing to do).
import { decodeCursor } from "../src/lib/operations/rebuild-cursor";
import { rebuildPublishedIndex, type RebuildReport } from "../src/lib/operations/rebuild-index";
import { runWithWorkerEnv } from "../src/lib/platform/worker-context";
import { createTestKV } from "../tests/helpers/kv";
import { legacyEntry, recordEntry, records } from "../tests/helpers/skills";
import { scratchDatabase, stopBenchServer } from "./lib";

const SIZES = (process.env.BENCH_SIZES ?? "5000,50000").split(",").map(Number);

async function toCompletion(kv: KVNamespace, url: string): Promise<{ reports: RebuildReport[]; ms: number }> {
  const started = performance.now();
  const reports: RebuildReport[] = [];
  let cursor: string | null = null;
  do {
    const r: RebuildReport = await runWithWorkerEnv({ SUBMISSIONS_KV: kv, DATABASE_URL: url }, () =>
      rebuildPublishedIndex(kv, { cursor: cursor ? decodeCursor(cursor) : undefined }),
    );
    reports.push(r);
    cursor = r.nextCursor;
  } while (cursor);
  return { reports, ms: performance.now() - started };
}

function summary(label: string, run: { reports: RebuildReport[]; ms: number }) {
  const ops = run.reports.map((r) => r.kvOps);
  const last = run.reports.at(-1)!;
  const sum = (k: keyof RebuildReport) => run.reports.reduce((n, r) => n + Number(r[k] ?? 0), 0);
  console.log(
    `  ${label.padEnd(12)} ${(run.ms / 1000).toFixed(1).padStart(6)} s  ${run.reports.length} invocation(s)  KV ops per invocation max ${Math.max(...ops)} / avg ${Math.round(ops.reduce((a, b) => a + b, 0) / ops.length)}  ` +
      `Postgres round trips ${sum("prismaRoundTrips")}  backfilled ${sum("prismaBackfilled")}  metadata repaired ${sum("metadataRepaired")}  index ${last.indexSize} (${last.indexRewritten ? "rewritten" : "unchanged"})`,
  );
}

export async function benchRebuildIndex(): Promise<void> {
  for (const n of SIZES) {
    const store = await createTestKV();
    const scratch = await scratchDatabase();
    try {
      const legacy = Math.floor(n * 0.05);
      await store.seed([
        ...records(n - legacy).map(recordEntry),
        ...Array.from({ length: legacy }, (_, i) => legacyEntry(`legacy-skill-${i}`, { repoUrl: `https://github.com/old${i % 40}/kit${i}`, name: `legacy-skill-${i}` })),
      ]);
      console.log(`\n${n.toLocaleString("en-US")} published skills in KV, empty Postgres`);
      summary("first run", await toCompletion(store.kv, scratch.url));
      summary("second run", await toCompletion(store.kv, scratch.url));
    } finally {
      await store.dispose();
      await scratch.drop();
    }
  }
  await stopBenchServer();
}
