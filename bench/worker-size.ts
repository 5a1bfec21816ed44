// The deployed worker's size as wrangler reports it for upload (`wrangler deploy --dry-run`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureWorkerBuilt, ROOT } from "../scripts/lib/worker-build";

export const FREE_PLAN_LIMIT_KIB = 3 * 1024;

export async function benchWorkerSize(): Promise<void> {
  ensureWorkerBuilt({ quiet: true });
  const outdir = mkdtempSync(path.join(os.tmpdir(), "skills-dry-run-"));
  try {
    const res = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    const out = `${res.stdout}\n${res.stderr}`;
    const m = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(out);
    if (res.status !== 0 || !m) throw new Error(`wrangler deploy --dry-run failed:\n${out.slice(-3000)}`);
    const [raw, gzip] = [Number(m[1]), Number(m[2])];
    console.log("worker bundle (wrangler deploy --dry-run)");
    console.log(`  total upload     ${(raw / 1024).toFixed(2)} MiB`);
    console.log(`  gzip             ${(gzip / 1024).toFixed(2)} MiB  (target <= 3.00 MiB free-plan limit: ${gzip <= FREE_PLAN_LIMIT_KIB ? "met" : "MISSED"})`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
