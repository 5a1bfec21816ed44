// GitHub stars kept fresh, against a fake GitHub, real KV and real Postgres: the cron claims the
// repos read longest ago and sends them to the queue; the consumer reads each repo and writes
// its skills' stars and trending scores (star growth over 7 and 30 days) to their Postgres rows,
// never rewriting a KV record (so it cannot undo a publish), and a backfill from KV does not turn
// them back; a rate limit pauses the reads and puts the unread repos back at the front of the line.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { publishSkill } from "@/lib/submission-store";
import { runMaintenance } from "@/lib/operations/maintenance";
import { runScheduled } from "@/lib/operations/scheduled";
import { rebuildPublishedIndex } from "@/lib/operations/rebuild-index";
import { STAR_REPOS_PER_MESSAGE, type StarsMessage } from "@/lib/discovery/stars";
import { GITHUB_PAUSE_KEY } from "@/lib/submissions/github-facts";
import { skillKey } from "@/lib/catalog/kv/keys";
import type { WorkerEnv } from "@/lib/platform/env";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github";
import { useStores } from "../helpers/stores";

const stores = useStores();
let github: FakeGitHub;
let batched: StarsMessage[];
beforeAll(async () => {
  github = await startFakeGitHub();
});
afterAll(() => github.close());

const queue = {
  send: async () => undefined,
  sendBatch: async (messages: { body: StarsMessage }[]) => {
    batched.push(...messages.map((m) => m.body));
  },
} as unknown as Queue;
const env = (): Partial<WorkerEnv> => ({ GITHUB_API_URL: github.url, SUBMISSION_QUEUE: queue });

const REPOS = ["tidewater/harbour-skills", "northwind/ops-kit", "quill/writing-tools"];
beforeEach(async () => {
  batched = [];
  for (const [i, full] of REPOS.entries()) {
    const [owner, repo] = full.split("/") as [string, string];
    github.putFile(owner, repo, "SKILL.md", "---\nname: x\ndescription: y\n---\n");
    github.setStars(owner, repo, 100 * (i + 1));
    await stores.inWorker(() =>
      publishSkill(stores.store.kv, {
        repoUrl: `https://github.com/${full}`,
        skillName: `${repo}-skill`,
        description: `A skill from ${full} that plans, checks and reports the work it was asked to do, step by step.`,
        certScore: 90,
      }),
    );
  }
});

const cron = () => stores.inWorker(() => runScheduled("0 * * * *", { SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: stores.db.url, ...env() }));
const consume = async () => {
  for (const m of batched.splice(0)) await stores.inWorker(() => runMaintenance(m), undefined, env());
};
const rows = () =>
  stores.db.query<{ name: string; githubStars: number; trendingScore7d: number; trendingScore30d: number }>(
    `SELECT name, "githubStars", "trendingScore7d", "trendingScore30d" FROM "Skill" ORDER BY name`,
  );
const kvStars = async (slug: string) => {
  const r = JSON.parse((await stores.store.kv.get(skillKey(slug), "text"))!) as { githubStars: number; trendingScore7d: number };
  const meta = (await stores.store.kv.getWithMetadata<{ githubStars: number }>(skillKey(slug), "text")).metadata;
  return { record: r.githubStars, trending: r.trendingScore7d, metadata: meta?.githubStars };
};

describe("stars refresh", () => {
  it("the cron sends the repos due; the consumer writes stars to the rows, and a repo read recently is not sent again", async () => {
    const report = await cron();
    expect(report.stars).toMatchObject({ repos: 3 });
    expect(batched).toEqual([{ kind: "stars", repos: REPOS.map((r) => `https://github.com/${r}`).sort() }]);
    const kvBefore = await stores.store.kv.get(skillKey("ops-kit-skill"), "text");
    await consume();
    expect((await rows()).map((r) => r.githubStars)).toEqual([100, 200, 300]);
    // The KV record is not rewritten (it keeps the last publish's stars).
    expect(await stores.store.kv.get(skillKey("ops-kit-skill"), "text")).toBe(kvBefore);
    expect(await kvStars("ops-kit-skill")).toEqual({ record: 0, trending: 0, metadata: 0 });
    expect(await cron()).toMatchObject({ stars: { repos: 0 } });
  });

  it("a backfill from KV, and a republish that could not read GitHub, keep the rows' GitHub facts", async () => {
    await cron();
    await consume();
    await stores.inWorker(() => rebuildPublishedIndex(stores.store.kv));
    expect((await rows()).map((r) => r.githubStars)).toEqual([100, 200, 300]);
    await stores.inWorker(() =>
      publishSkill(stores.store.kv, {
        repoUrl: "https://github.com/northwind/ops-kit",
        skillName: "ops-kit-skill",
        description: "A skill from northwind/ops-kit that plans, checks and reports the work it was asked to do, now in fewer steps.",
        certScore: 90,
      }),
    );
    expect((await rows()).find((r) => r.name === "ops-kit-skill")!.githubStars).toBe(200);
  });

  it("trending is the star growth over 7 and 30 days, from the samples", async () => {
    const repo = "https://github.com/northwind/ops-kit";
    await stores.db.query(`INSERT INTO "StarSample" ("repoUrl", at, stars) VALUES ($1, now() - interval '40 days', 20), ($1, now() - interval '31 days', 50), ($1, now() - interval '8 days', 150)`, [repo]);
    github.setStars("northwind", "ops-kit", 180);
    await cron();
    await consume();
    expect((await rows()).find((r) => r.name === "ops-kit-skill")).toMatchObject({ githubStars: 180, trendingScore7d: 30, trendingScore30d: 130 });
    // The 40-day-old sample is past the retention: the cron pruned it.
    const kept = await stores.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "StarSample" WHERE "repoUrl" = $1 AND at < now() - interval '35 days'`, [repo]);
    expect(kept[0]!.n).toBe(0);
  });

  it("a rate limit pauses the reads and puts the unread repos back at the front of the line", async () => {
    await cron();
    const reset = Math.ceil(Date.now() / 1000) + 600;
    github.failNext(403, 1, { only: /^\/repos\/[^/]+\/[^/]+$/, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) } });
    await consume();
    expect(Number(await stores.store.kv.get(GITHUB_PAUSE_KEY))).toBe(reset * 1000);
    const unread = await stores.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "RepoStars" WHERE "checkedAt" = 'epoch'`);
    expect(unread[0]!.n).toBe(3);
    await stores.store.kv.delete(GITHUB_PAUSE_KEY);
    expect(await cron()).toMatchObject({ stars: { repos: 3 } });
  });

  it("refuses a malformed stars message rather than calling GitHub with it", async () => {
    expect(STAR_REPOS_PER_MESSAGE).toBeGreaterThan(1);
    const { maintenanceMessageSchema } = await import("@/lib/submissions/queue-messages");
    expect(maintenanceMessageSchema.safeParse({ kind: "stars", repos: ["https://evil.example/x/y"] }).success).toBe(false);
    expect(maintenanceMessageSchema.safeParse({ kind: "stars", repos: [] }).success).toBe(false);
  });
});
