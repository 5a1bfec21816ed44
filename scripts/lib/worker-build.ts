/**
 * Builds the worker with OpenNext (`opennextjs-cloudflare build`, which runs `next build --webpack`)
 * unless .open-next/worker.js is newer than every input. Shared by `npm start`, the e2e tests and
 * the bench so each builds at most once.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const OUTPUT = path.join(ROOT, ".open-next", "worker.js");
const INPUTS = ["src", "prisma/schema.prisma", "next.config.ts", "open-next.config.ts", "package-lock.json", "wrangler.jsonc"];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function workerIsFresh(): boolean {
  if (!existsSync(OUTPUT)) return false;
  const built = statSync(OUTPUT).mtimeMs;
  return INPUTS.every((i) => newestMtime(path.join(ROOT, i)) <= built);
}

export function ensureWorkerBuilt(opts: { force?: boolean; quiet?: boolean } = {}): void {
  if (!opts.force && workerIsFresh()) return;
  const started = Date.now();
  const result = spawnSync("npx", ["opennextjs-cloudflare", "build"], {
    cwd: ROOT,
    stdio: opts.quiet ? "pipe" : "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ""}\n${result.stderr ?? ""}`.split("\n").slice(-40).join("\n");
    throw new Error(`worker build failed (exit ${result.status}):\n${tail}`);
  }
  if (!opts.quiet) console.log(`worker built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
