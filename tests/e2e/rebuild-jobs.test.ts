// A rebuild started by one call over thousands of legacy records (written before KV metadata
// existed) completes through the real admin-jobs queue in workerd: 202 with the job, the job
// shows progress until done, a second start meanwhile is 409 with the running job's id, and the
// records end up with metadata, in Postgres and in the index.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../helpers/browser";

const base = inject("workerUrl");
const internalKey = inject("internalKey");
const persistTo = inject("workerPersistTo");
const databaseUrl = inject("workerDatabaseUrl");
const headers = { "x-internal-key": internalKey };
const N = 2400;

const names = Array.from({ length: N }, (_, i) => `archive-tool-${String(i).padStart(5, "0")}`);

/** Runs `wrangler kv bulk <verb>` on the worker's local KV with `entries` as its file. */
function bulk(verb: "put" | "delete", entries: unknown[]): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), "skills-legacy-"));
  try {
    const file = path.join(dir, `${verb}.json`);
    writeFileSync(file, JSON.stringify(entries));
    execFileSync("npx", ["wrangler", "kv", "bulk", verb, file, "--binding", "SUBMISSIONS_KV", "--local", "--persist-to", persistTo, ...(verb === "delete" ? ["--force"] : [])], { stdio: "pipe", timeout: 120_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Legacy records straight into the worker's local KV (no metadata, an old field set). */
function seedLegacy(): void {
  bulk("put", names.map((name, i) => ({
    key: `skill:${name}`,
    value: JSON.stringify({ name, repoUrl: `https://github.com/archive-org/tools-${i % 50}`, description: `An archived reporting tool, number ${i}, published before listings kept metadata.`, publishedAt: "2025-02-01T00:00:00.000Z" }),
  })));
}

// The later test files share this worker: take the records out of every store again.
afterAll(async () => {
  bulk("delete", names.map((n) => `skill:${n}`));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DELETE FROM "Skill" WHERE name LIKE 'archive-tool-%'`);
  } finally {
    await client.end();
  }
  // Then repair the index, and leave no job running behind for the next test file.
  const res = await fetch(`${base}/api/v1/admin/rebuild-index`, { method: "POST", headers });
  const started = (await res.json()) as { job?: { id: string } };
  if (res.status === 202 && started.job) await waitForJob(started.job.id);
}, 240_000);

async function waitForJob(id: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const job = (await (await fetch(`${base}/api/v1/admin/jobs/${id}`, { headers })).json()) as { state: string };
    if (job.state !== "running") return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("rebuild-index as a job through the admin-jobs queue (workerd)", () => {
  it(`${N.toLocaleString("en-US")} legacy records: one call, 202, progress, 409 meanwhile, done`, async () => {
    seedLegacy();
    const res = await fetch(`${base}/api/v1/admin/rebuild-index`, { method: "POST", headers });
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as { job: { id: string; state: string } };
    expect(job.state).toBe("running");

    const second = await fetch(`${base}/api/v1/admin/rebuild-index`, { method: "POST", headers });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ job: { id: job.id } });

    const seen: number[] = [];
    let last: { state: string; progress: { processed: number; total: number | null }; report: Record<string, unknown> | null } | null = null;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      last = (await (await fetch(`${base}/api/v1/admin/jobs/${job.id}`, { headers })).json()) as typeof last;
      seen.push(last!.progress.processed);
      if (last!.state !== "running") break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(last).toMatchObject({ state: "done", progress: { processed: expect.any(Number) } });
    expect(last!.progress.processed).toBeGreaterThanOrEqual(N);
    expect(new Set(seen).size).toBeGreaterThan(1); // progress moved while it ran
    expect(last!.report).toMatchObject({ complete: true, errors: 0 });

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "Skill" WHERE name LIKE 'archive-tool-%'`);
      expect(rows[0].n).toBe(N);
    } finally {
      await client.end();
    }
    const listed = (await (await fetch(`${base}/api/v1/skills?author=archive-org&limit=1`)).json()) as { total: number };
    expect(listed.total).toBe(N);
    const audit = (await (await fetch(`${base}/api/v1/admin/audit?limit=20`, { headers })).json()) as { entries: { action: string; target: string | null }[] };
    expect(audit.entries.some((e) => e.action === "job-start" && e.target === job.id)).toBe(true);
  }, 240_000);

  it("from the dashboard: a dry run, then 'Rebuild for real' opens the job's page, whose progress bar runs to done", async () => {
    // Legacy records again (the previous run gave them metadata): the rebuild needs several steps.
    seedLegacy();
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${base}/admin/sign-in`);
      await page.locator("input[name=credential]").fill(internalKey);
      await Promise.all([page.waitForURL(`${base}/admin`), page.getByRole("button", { name: "Sign in" }).click()]);
      // A dry run first (it writes nothing, so it fits one step: its report), then for real.
      await Promise.all([page.waitForURL(`${base}/admin/actions/rebuild`), page.getByTestId("rebuild-dry-run").click()]);
      await Promise.all([page.waitForURL(/\/admin\/jobs\/[0-9a-f-]{36}$/), page.getByTestId("rebuild-real").click()]);
      expect(await page.getByTestId("job").getAttribute("data-state")).toBe("running");
      const values: number[] = [];
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        await page.waitForLoadState("domcontentloaded");
        const state = await page.getByTestId("job").getAttribute("data-state").catch(() => null);
        const value = Number((await page.getByTestId("job-progress").getAttribute("value").catch(() => null)) ?? NaN);
        if (Number.isFinite(value)) values.push(value);
        if (state === "done" || state === "failed") break;
        await page.waitForTimeout(700); // the page refreshes itself every 2 s
      }
      expect(await page.getByTestId("job-state").textContent()).toBe("done");
      expect(await page.getByTestId("job-progress-text").textContent()).toMatch(/processed \(100%\)/);
      expect(await page.getByTestId("job-report").isVisible()).toBe(true);
      expect(new Set(values).size).toBeGreaterThan(1); // the bar moved
    } finally {
      await browser.close();
    }
  }, 240_000);
});
