// Shared bench helpers: timing statistics and a scratch database on the local Postgres.
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../scripts/lib/migrations";
import { startEmbeddedPostgres, type RunningPostgres } from "../scripts/lib/embedded-postgres";
import { ROOT } from "../scripts/lib/worker-build";

export interface Stats {
  p50: number;
  p95: number;
}

export async function measure(runs: number, fn: (i: number) => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < 3; i++) await fn(i); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    xs.push(performance.now() - start);
  }
  return stats(xs);
}

/**
 * Two ways of doing the same work, timed in alternation (a, b, a, b, …) so that whatever else the
 * machine does in the meantime weighs on both alike: their ratio is then a fair overhead.
 */
export async function measurePair(
  runs: number,
  a: (i: number) => Promise<unknown>,
  b: (i: number) => Promise<unknown>,
): Promise<[Stats, Stats]> {
  for (let i = 0; i < 3; i++) {
    await a(i);
    await b(i);
  }
  const xa: number[] = [];
  const xb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    await a(i);
    xa.push(performance.now() - start);
    start = performance.now();
    await b(i);
    xb.push(performance.now() - start);
  }
  return [stats(xa), stats(xb)];
}

function stats(xs: number[]): Stats {
  xs.sort((x, y) => x - y);
  return { p50: xs[Math.floor(xs.length * 0.5)]!, p95: xs[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]! };
}

export const fmt = (s: Stats) => `p50 ${s.p50.toFixed(2).padStart(7)} ms  p95 ${s.p95.toFixed(2).padStart(7)} ms`;

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

let server: RunningPostgres | undefined;

/**
 * A fresh, migrated database on BENCH_DATABASE_URL's server (or DATABASE_URL's), else on an
 * embedded Postgres started for the bench.
 */
export async function scratchDatabase(): Promise<ScratchDatabase> {
  let adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) {
    server ??= await startEmbeddedPostgres({ dataDir: path.join(ROOT, ".data/bench-postgres"), database: "postgres" });
    adminUrl = server.adminUrl;
  }
  const name = `skills_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  await applyMigrations(url);
  return {
    url,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function stopBenchServer(): Promise<void> {
  await server?.stop();
  server = undefined;
}
