// GitHub discovery (US-006) against a local fake GitHub, real Miniflare KV and real Postgres:
// finds are deduplicated in "DiscoveryRecord", submitted once, and every run is logged; without
// DATABASE_URL the run is skipped with a loud error; a queue or GitHub failure loses nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runGitHubDiscovery } from "@/lib/discovery/github-discovery";
import { runScheduled } from "@/lib/operations/scheduled";
import type { WorkerEnv } from "@/lib/platform/env";
import type { SubmissionMessage } from "@/lib/submissions/queue-messages";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github";
import { useStores } from "../helpers/stores";

const stores = useStores();
let github: FakeGitHub;
let sent: SubmissionMessage[];
let queueDown: boolean;

beforeAll(async () => {
  github = await startFakeGitHub();
  const skill = (name: string) => `---\nname: ${name}\ndescription: Found by discovery.\n---\n# ${name}\n`;
  github.putFile("acme", "agent-skills", "skills/commit-poet/SKILL.md", skill("commit-poet"));
  github.putFile("acme", "agent-skills", "skills/bug-hunter/SKILL.md", skill("bug-hunter"));
  github.putFile("solo", "one-skill", "SKILL.md", skill("one-skill"));
  github.putFile("acme", "agent-skills", "README.md", "# not a skill");
});
afterAll(async () => {
  await github.close();
});
beforeEach(() => {
  sent = [];
  queueDown = false;
});

const queue = {
  send: async (m: SubmissionMessage) => {
    if (queueDown) throw new Error("queue unavailable");
    sent.push(m);
  },
  sendBatch: async () => undefined,
} as unknown as Queue<SubmissionMessage>;
const env = (): Partial<WorkerEnv> => ({ GITHUB_API_URL: github.url, GITHUB_TOKEN: "ghp_test_token", SUBMISSION_QUEUE: queue });
const discover = (url?: string | null) => stores.inWorker(() => runGitHubDiscovery({ kv: stores.store.kv, queue }), url, env());
const records = () =>
  stores.db.query<{ repoFullName: string; skillPath: string; queued: boolean }>(
    `SELECT "repoFullName", "skillPath", "submissionId" IS NOT NULL AS queued FROM "DiscoveryRecord" ORDER BY 1, 2`,
  );
const runs = () => stores.db.query<{ found: number; queued: number; skipped: number; error: string | null; finished: boolean }>(
  `SELECT found, queued, skipped, error, "finishedAt" IS NOT NULL AS finished FROM "DiscoveryRunLog" ORDER BY "startedAt"`,
);

describe("runGitHubDiscovery", () => {
  it("submits every SKILL.md it finds once, records it, and logs the run", async () => {
    expect(await discover()).toEqual({ ran: true, found: 3, queued: 3, skipped: 0, error: null });
    expect(sent).toHaveLength(3);
    expect(await records()).toEqual([
      { repoFullName: "acme/agent-skills", skillPath: "skills/bug-hunter", queued: true },
      { repoFullName: "acme/agent-skills", skillPath: "skills/commit-poet", queued: true },
      { repoFullName: "solo/one-skill", skillPath: "", queued: true },
    ]);
    const submissions = await stores.db.query<{ repoUrl: string; skillName: string; skillPath: string }>(
      `SELECT "repoUrl", "skillName", "skillPath" FROM "Submission" ORDER BY 2`,
    );
    expect(submissions).toEqual([
      { repoUrl: "https://github.com/acme/agent-skills", skillName: "bug-hunter", skillPath: "skills/bug-hunter" },
      { repoUrl: "https://github.com/acme/agent-skills", skillName: "commit-poet", skillPath: "skills/commit-poet" },
      { repoUrl: "https://github.com/solo/one-skill", skillName: "one-skill", skillPath: "" },
    ]);

    // The next run sees the same files and submits nothing again.
    expect(await discover()).toEqual({ ran: true, found: 3, queued: 0, skipped: 3, error: null });
    expect(sent).toHaveLength(3);
    expect(await runs()).toEqual([
      { found: 3, queued: 3, skipped: 0, error: null, finished: true },
      { found: 3, queued: 0, skipped: 3, error: null, finished: true },
    ]);
  });

  it("keeps a find whose submission could not be queued, and submits it on the next run", async () => {
    queueDown = true;
    const failed = await discover();
    expect(failed).toMatchObject({ ran: true, found: 3, queued: 0, error: expect.stringContaining("queue") });
    expect((await records()).filter((r) => r.queued)).toEqual([]);
    queueDown = false;
    expect(await discover()).toEqual({ ran: true, found: 3, queued: 3, skipped: 0, error: null });
    expect((await records()).every((r) => r.queued)).toBe(true);
  });

  it("records a GitHub failure in the run log instead of throwing", async () => {
    github.failNext(503, 5);
    const report = await discover();
    expect(report).toMatchObject({ ran: true, found: 0, queued: 0, error: expect.stringContaining("503") });
    expect((await runs()).at(-1)).toMatchObject({ error: expect.stringContaining("503"), finished: true });
    github.failNext(200, 0);
  });

  it("without DATABASE_URL, skips the run with an error that says how to fix it (AC-US6-03)", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await discover(null)).toEqual({ ran: false, reason: "database-not-configured" });
      const lines = errors.mock.calls.map((c) => JSON.parse(String(c[0])) as { event: string; message?: string });
      expect(lines).toContainEqual(expect.objectContaining({ event: "discovery_skipped", message: expect.stringContaining("DATABASE_URL") }));
    } finally {
      errors.mockRestore();
    }
    expect(sent).toEqual([]);
  });

  it("runs from the hourly cron under the worker's env", async () => {
    const report = await runScheduled("0 * * * *", { SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: stores.db.url, ...env() });
    expect(report.discovery).toEqual({ ran: true, found: 3, queued: 3, skipped: 0, error: null });
  });
});
