// Delist and relist in the built worker (workerd, local KV, queue and Postgres): a published skill
// is taken down by an operator; its API and page answer 410 with the reason at once, it leaves the
// listing, search, categories and counts, health counts it as delisted, a re-submission is refused,
// and a relist brings it back. Every action is in the audit log with its actor.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { waitForSubmission } from "../helpers/submissions-e2e";

const base = inject("workerUrl");
const github = inject("fakeGithubUrl");
const internalKey = inject("internalKey");
const adminHeaders = { "content-type": "application/json", "x-internal-key": internalKey };

async function submitAndWait(repo: string, skillName: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}/api/v1/submissions`, { method: "POST", headers: adminHeaders, body: JSON.stringify({ repoUrl: `https://github.com/e2e-ops/${repo}`, skillName }) });
  expect([200, 202]).toContain(res.status);
  const { id } = (await res.json()) as { id: string };
  return waitForSubmission(base, id, ["PUBLISHED", "FAILED", "REJECTED"]);
}

/** Polls until `check` holds (the listing's freshness budget is 60 s; here it is immediate or close). */
async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 500));
  }
}

const names = async (query: string) =>
  ((await (await fetch(`${base}/api/v1/skills?${query}`)).json()) as { skills: { name: string }[] }).skills.map((s) => s.name);
const total = async () => ((await (await fetch(`${base}/api/v1/skills?limit=1`)).json()) as { total: number }).total;
const categoryTotal = async () =>
  ((await (await fetch(`${base}/api/v1/skills/categories`)).json()) as { count: number }[]).reduce((n, c) => n + c.count, 0);

describe("delist and relist (workerd)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const put = await fetch(`${github}/__fake/files/e2e-ops/tools/SKILL.md`, {
      method: "PUT",
      body: "---\nname: Quarry Scribe\ndescription: Summarises quarry survey logs into a weekly extraction report with tonnage per bench and a list of safety notes.\n---\nRead the survey logs and write the weekly report.\n",
    });
    expect(put.status).toBe(204);
    expect(await submitAndWait("tools", "quarry-scribe")).toMatchObject({ state: "PUBLISHED", publishedAs: "quarry-scribe" });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("delist: 410 with the reason at once, gone from listing, search, categories and counts; health counts it apart", async () => {
    expect(await names("search=quarry")).toContain("quarry-scribe");
    const [before, categoriesBefore] = [await total(), await categoryTotal()];

    const res = await fetch(`${base}/api/v1/admin/skills/quarry-scribe/delist`, { method: "POST", headers: adminHeaders, body: JSON.stringify({ reason: "Reported as a credential stealer" }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: "quarry-scribe", delisted: true, postgres: "done" });

    const api = await fetch(`${base}/api/v1/skills/quarry-scribe`);
    expect(api.status).toBe(410);
    expect(await api.json()).toEqual({ error: { code: "gone", message: expect.stringContaining("Reported as a credential stealer") } });
    const page = await fetch(`${base}/skills/quarry-scribe`);
    expect(page.status).toBe(410);
    expect(page.headers.get("cache-control")).toMatch(/no-store/);
    expect(await page.text()).toContain("Reported as a credential stealer");

    await eventually(async () => !(await names("search=quarry")).includes("quarry-scribe"));
    expect(await total()).toBe(before - 1);
    expect(await categoryTotal()).toBe(categoriesBefore - 1);

    // Counted apart, and in no store's gap (other tests share this worker: its drift is theirs).
    const health = (await (await fetch(`${base}/api/v1/admin/health/skills`, { headers: adminHeaders })).json()) as { delisted_count: number; gaps: { sample: string[] }[] };
    expect(health.delisted_count).toBe(1);
    expect(health.gaps.flatMap((g) => g.sample)).not.toContain("quarry-scribe");

    const tab = await browser.newPage();
    try {
      const shown = await tab.goto(`${base}/skills/quarry-scribe`);
      expect(shown?.status()).toBe(410);
      await expect(tab.getByTestId("skill-gone").textContent()).resolves.toContain("Reported as a credential stealer");
    } finally {
      await tab.close();
    }
  });

  it("a re-submission of the delisted skill is refused with the reason", async () => {
    const again = await submitAndWait("tools", "quarry-scribe");
    expect(again.state).toBe("REJECTED");
    expect(String(again.reason)).toMatch(/removed from the marketplace by an operator/);
    expect((await fetch(`${base}/api/v1/skills/quarry-scribe`)).status).toBe(410);
  });

  it("relist brings it back; every action is in the audit log with its actor", async () => {
    const res = await fetch(`${base}/api/v1/admin/skills/quarry-scribe/relist`, { method: "POST", headers: adminHeaders });
    expect(res.status).toBe(200);
    expect((await fetch(`${base}/api/v1/skills/quarry-scribe`)).status).toBe(200);
    expect((await fetch(`${base}/skills/quarry-scribe`)).status).toBe(200);
    await eventually(async () => (await names("search=quarry")).includes("quarry-scribe"));

    const audit = (await (await fetch(`${base}/api/v1/admin/audit?limit=50`, { headers: adminHeaders })).json()) as { entries: { action: string; actor: string; target: string | null }[] };
    const mine = audit.entries.filter((e) => e.target === "quarry-scribe").map((e) => [e.action, e.actor]);
    expect(mine).toEqual([["relist", "internal-key"], ["delist", "internal-key"]]);
  });
});
