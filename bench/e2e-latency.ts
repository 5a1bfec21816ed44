// End to end under `wrangler dev`: the built worker (workerd, local KV and queue, Postgres through
// the local Hyperdrive) on a generated catalogue, timed over HTTP against a static asset served
// by the same wrangler dev. Requests go round robin (asset, listing, …) so whatever else the
// machine does weighs on all alike, each followed by a short pause (BENCH_E2E_SETTLE_MS, 5) so
// that what one leaves running (a miss's Cache API put) is not timed as part of the next one.
// The worker runs under bench/e2e-probe-worker.js: the real entry plus /api/__bench/ probes that
// each do one part of an uncached listing (a connection, the listing's SQL, a Cache API put), from
// which the bench prints where that listing's time goes. Targets (issue 11): uncached listing
// p50 <= 2x the asset, cached listing <= 1.2x.
//   BENCH_E2E_SKILLS (default 5000) catalogue size; BENCH_E2E_RUNS (default 200) rounds.
// Locally wrangler dev's Hyperdrive is a plain proxy: every request opens a fresh Postgres backend
// (fork, authentication, cold catalogue caches before the first plan). Production Hyperdrive keeps
// warm pooled connections instead. So the same worker is timed twice when it can be: direct, and
// through a transaction pooler in front of the same database — a pgbouncer it starts itself when
// `pgbouncer` is installed (Debian package), or BENCH_E2E_POOLER=host:port; BENCH_E2E_POOLER=off
// skips that run.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { getDb } from "../src/lib/platform/db";
import { rowData } from "../src/lib/catalog/postgres/skill-rows";
import type { SkillRecord } from "../src/lib/catalog/skill";
import { ensureWorkerBuilt, ROOT } from "../scripts/lib/worker-build";
import { startWranglerDev, type RunningWorker } from "../scripts/lib/wrangler-dev";
import { freePort } from "../scripts/lib/embedded-postgres";
import { realisticRecord, VOCABULARY } from "../tests/helpers/skills";
import { scratchDatabase, stopBenchServer } from "./lib";

const SKILLS = Number(process.env.BENCH_E2E_SKILLS ?? 5000);
const RUNS = Number(process.env.BENCH_E2E_RUNS ?? 200);
/**
 * A pause after each request, so that what it left running (a miss's Cache API put, a connection
 * being closed) is not timed as part of the next request: each row is its own request's cost.
 */
const SETTLE_MS = Number(process.env.BENCH_E2E_SETTLE_MS ?? 5);
const TARGET_UNCACHED = 2;
const TARGET_CACHED = 1.2;

/** A deterministic number in [0, 1) for (i, k). */
function unit(i: number, k: number): number {
  let h = Math.imul(i + 7, 0x9e3779b1) ^ Math.imul(k + 13, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 13), 0x297a2d39);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

const LABELS = ["automation", "cli", "typescript", "python", "testing", "docs", "git", "review", "api", "data", "security", "design", "agents", "productivity"];
const OPENERS = ["Use this skill when", "Helps the agent", "Guides Claude to", "A workflow that lets the agent", "Teaches the agent how to"];

/**
 * Skill i with the sizes real skills have: a description of 150 to 1,024 characters (most a few
 * hundred, a long tail up to the format's limit), a display name in words, two to six labels.
 */
export function sizedRecord(i: number): SkillRecord {
  const base = realisticRecord(i);
  const word = (k: number) => VOCABULARY[Math.floor(unit(i, k) ** 2 * VOCABULARY.length)]!;
  const target = 150 + Math.floor(unit(i, 1) ** 2.5 * (1024 - 150));
  let description = `${OPENERS[i % OPENERS.length]} ${word(2)} ${word(3)} and ${word(4)}.`;
  for (let k = 5; description.length < target; k += 6) {
    description += ` It ${word(k)}s the ${word(k + 1)} ${word(k + 2)}, checks ${word(k + 3)} against the ${word(k + 4)} and reports ${word(k + 5)}.`;
  }
  description = description.slice(0, target).replace(/ $/, ".");
  const labels = Array.from({ length: 2 + Math.floor(unit(i, 90) * 5) }, (_, k) => LABELS[Math.floor(unit(i, 91 + k) * LABELS.length)]!);
  return {
    ...base,
    displayName: base.displayName.replace(/ [0-9A-Z]+$/, ""),
    description,
    labels: ["community", "verified", ...new Set(labels)],
    githubStars: Math.floor(unit(i, 95) ** 3 * 20_000),
    trendingScore7d: Math.round(unit(i, 96) * 1000) / 10,
  };
}

export interface Target {
  name: string;
  /** The path, or one per round (a cache-busting query makes every request a miss). */
  path: string | ((round: number) => string);
  headers?: Record<string, string>;
  status?: number;
}

export const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

export async function timeRoundRobin(worker: RunningWorker, targets: Target[], runs: number): Promise<Map<string, number[]>> {
  const times = new Map(targets.map((t) => [t.name, [] as number[]]));
  const once = async (t: Target, round: number) => {
    const start = performance.now();
    const res = await fetch(worker.url + (typeof t.path === "string" ? t.path : t.path(round)), { headers: t.headers });
    await res.arrayBuffer();
    const elapsed = performance.now() - start;
    if (res.status !== (t.status ?? 200)) throw new Error(`${t.path}: ${res.status}`);
    if (SETTLE_MS > 0) await new Promise((r) => setTimeout(r, SETTLE_MS));
    return elapsed;
  };
  const warmUp = -1_000_000 * Math.random(); // the warm-up's own cache-busting queries
  for (let i = 0; i < 10; i++) for (const t of targets) await once(t, warmUp - i); // isolate, caches
  for (let i = 0; i < runs; i++) for (const t of targets) times.get(t.name)!.push(await once(t, i));
  return times;
}

const PROBE = {
  connect: "probe: a connection and SELECT 1",
  query: "probe: a connection and the listing's SQL",
  body: "probe: a listing-sized body from memory",
  stored: "probe: the same, also put in the Cache API",
  looked: "probe: the same after a Cache API lookup (miss)",
};

/** Where an uncached listing's time goes: differences of p50s (each part measured on its own). */
function breakdown(times: Map<string, number[]>): string {
  const p50 = (name: string) => quantile(times.get(name)!, 0.5);
  const floor = p50("the worker doing nothing (400)");
  const render = p50("GET /api/v1/skills (bypass, not stored)");
  const parts: [string, number][] = [
    ["the worker at all", floor - p50("static asset")],
    ["a connection (+ SELECT 1)", p50(PROBE.connect) - floor],
    ["the listing's SQL and its rows", p50(PROBE.query) - p50(PROBE.connect)],
    ["the rest of the render (route, merge, JSON, ETag)", render - p50(PROBE.query)],
    ["a miss's lookup and store", p50("GET /api/v1/skills (uncached)") - render],
  ];
  const put = p50(PROBE.stored) - p50(PROBE.body);
  const missed = p50(PROBE.looked) - p50(PROBE.body);
  const lookup = p50("the same behind the asset lookup (404)") - floor;
  return (
    `${parts.map(([name, ms]) => `${name} ${ms.toFixed(2)} ms`).join("; ")} (the local Cache API alone: a lookup that misses ${missed.toFixed(2)} ms, a put ${put.toFixed(2)} ms); ` +
    `a path outside run_worker_first pays ${lookup.toFixed(2)} ms more for the router's asset lookup`
  );
}

function report(label: string, times: Map<string, number[]>): void {
  const asset = quantile(times.get("static asset")!, 0.5);
  console.log(`  ${label}`);
  for (const [name, xs] of times) {
    const p50 = quantile(xs, 0.5);
    const ratio = name === "static asset" ? "" : `  ${(p50 / asset).toFixed(2)}x the asset`;
    console.log(`    ${name.padEnd(44)} p50 ${p50.toFixed(2).padStart(6)} ms  p95 ${quantile(xs, 0.95).toFixed(2).padStart(6)} ms${ratio}`);
  }
  const ratio = (name: string) => quantile(times.get(name)!, 0.5) / asset;
  const verdict = (name: string, target: number) => `${ratio(name).toFixed(2)}x (target <= ${target}x: ${ratio(name) <= target ? "met" : "MISSED"})`;
  console.log(`    where an uncached listing's time goes (p50 differences): ${breakdown(times)}`);
  console.log(`    listing uncached / asset ${verdict("GET /api/v1/skills (uncached)", TARGET_UNCACHED)}; cached / asset ${verdict("GET /api/v1/skills (cached)", TARGET_CACHED)}`);
}

export function staticAssetPath(): string {
  const dir = path.join(ROOT, ".open-next/assets/_next/static/css");
  const css = readdirSync(dir).find((f) => f.endsWith(".css"));
  if (!css) throw new Error(`no stylesheet in ${dir}`);
  return `/_next/static/css/${css}`;
}

/** Writes the records as "Skill" rows, 1,000 to a statement, and refreshes the planner's statistics. */
export async function loadCatalogue(url: string, records: readonly SkillRecord[]): Promise<void> {
  const db = getDb(url);
  try {
    for (let i = 0; i < records.length; i += 1000) await db.skill.createMany({ data: records.slice(i, i + 1000).map(rowData) });
    await db.$executeRawUnsafe(`VACUUM ANALYZE "Skill", "SkillCount", "SearchWord", "SearchPrefix"`);
  } finally {
    await db.$disconnect();
  }
}

export async function benchE2eLatency(): Promise<void> {
  ensureWorkerBuilt({ quiet: true });
  const scratch = await scratchDatabase();
  const persistTo = mkdtempSync(path.join(os.tmpdir(), "skills-bench-e2e-"));
  const records = Array.from({ length: SKILLS }, (_, i) => sizedRecord(i));
  try {
    await loadCatalogue(scratch.url, records);
    const lengths = records.map((r) => r.description.length);
    console.log(
      `${SKILLS} skills in Postgres (descriptions ${Math.min(...lengths)}-${Math.max(...lengths)} chars, median ${quantile(lengths, 0.5)}); ` +
        `${RUNS} rounds; the worker reaches Postgres through wrangler dev's local Hyperdrive`,
    );
    const community = records[Math.floor(SKILLS / 3)]!.name;
    // Uncached = a miss: a query no one asked for yet (rendered, then stored in the background).
    const run = Date.now().toString(36);
    const targets: Target[] = [
      { name: "static asset", path: staticAssetPath() },
      // Answered by the worker's first line (the malformed-path guard): the cost of running it at all.
      { name: "the worker doing nothing (400)", path: "/api/%ZZ", status: 400 },
      // The same for a path that is not one of the app's routes (wrangler.jsonc's run_worker_first):
      // the router first asks the asset worker whether it is an asset.
      { name: "the same behind the asset lookup (404)", path: "/no-route/%ZZ", status: 404 },
      { name: "GET /api/v1/skills (uncached)", path: (i) => `/api/v1/skills?b=${run}${i}` },
      // The same render without the store that follows a miss (a cookie bypasses the cache).
      { name: "GET /api/v1/skills (bypass, not stored)", path: "/api/v1/skills", headers: { cookie: "bench=1" } },
      { name: "GET /api/v1/skills (cached)", path: "/api/v1/skills" },
      { name: `GET /skills/{name} (uncached)`, path: (i) => `/skills/${community}?b=${run}${i}` },
      { name: `GET /skills/{name} (cached)`, path: `/skills/${community}` },
      { name: "GET / (uncached)", path: (i) => `/?b=${run}${i}` },
      // The probes (bench/e2e-probe-worker.js): one part of an uncached listing each.
      { name: PROBE.connect, path: "/api/__bench/connect" },
      { name: PROBE.query, path: "/api/__bench/query" },
      { name: PROBE.body, path: "/api/__bench/body" },
      { name: PROBE.stored, path: "/api/__bench/body-stored" },
      { name: PROBE.looked, path: "/api/__bench/body-looked-up" },
    ];

    const runs: [string, string][] = [["direct: a fresh Postgres backend per request", scratch.url]];
    const pooler = await startPooler(scratch.url);
    if (pooler) runs.push([`through ${pooler.label} (pooled, as Hyperdrive is in production)`, pooler.url]);
    try {
      for (const [label, url] of runs) {
        const worker = await startWranglerDev({ persistTo, hyperdrive: url, vars: { INTERNAL_BROADCAST_KEY: "bench" }, script: "bench/e2e-probe-worker.js", testScheduled: false });
        try {
          report(label, await timeRoundRobin(worker, targets, RUNS));
        } finally {
          await worker.stop();
        }
      }
    } finally {
      await pooler?.stop();
    }
    if (!pooler) console.log("  (no pooled run: install pgbouncer, or set BENCH_E2E_POOLER=host:port)");
  } finally {
    rmSync(persistTo, { recursive: true, force: true });
    await scratch.drop();
    await stopBenchServer();
  }
}

interface Pooler {
  label: string;
  url: string;
  stop(): Promise<void>;
}

/** A transaction pooler in front of `databaseUrl`'s server: BENCH_E2E_POOLER, or our own pgbouncer. */
export async function startPooler(databaseUrl: string): Promise<Pooler | null> {
  const setting = process.env.BENCH_E2E_POOLER;
  if (setting === "off") return null;
  const server = new URL(databaseUrl);
  if (setting) {
    const u = new URL(databaseUrl);
    u.host = setting;
    return { label: `the pooler at ${setting}`, url: u.toString(), stop: async () => undefined };
  }
  if (spawnSync("pgbouncer", ["--version"], { encoding: "utf8" }).status !== 0) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), "skills-bench-pgbouncer-"));
  const port = await freePort();
  const user = decodeURIComponent(server.username || "postgres");
  const password = decodeURIComponent(server.password);
  writeFileSync(path.join(dir, "users.txt"), `"${user}" ""\n`);
  writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${server.hostname} port=${server.port || 5432} user=${user}${password ? ` password=${password}` : ""}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "auth_type = trust",
      `auth_file = ${path.join(dir, "users.txt")}`,
      "pool_mode = transaction",
      "default_pool_size = 10",
      "unix_socket_dir =",
      // node-postgres sends these in its startup packet; a pooler cannot apply them per client.
      "ignore_startup_parameters = extra_float_digits,options,statement_timeout",
      "",
    ].join("\n"),
  );
  chmodSync(dir, 0o755); // pgbouncer refuses to run as root: it runs as `postgres` then, and reads these
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const child: ChildProcess = spawn("pgbouncer", [...(asRoot ? ["-u", "postgres"] : []), path.join(dir, "pgbouncer.ini")], { stdio: "ignore" });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  url.password = "";
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) break;
    const probe = spawnSync("pg_isready", ["-q", "-h", "127.0.0.1", "-p", String(port)]);
    if (probe.error) await new Promise((r) => setTimeout(r, 500)); // no pg_isready: give it a moment
    if (probe.status === 0 || probe.error) return { label: `a local pgbouncer (transaction pooling) on :${port}`, url: url.toString(), stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  console.log("  (pgbouncer did not start: no pooled run)");
  return null;
}
