// Convergence in the built worker (workerd, the real local queue, KV and Postgres): name variants
// of one SKILL.md update one skill in both stores, and health then shows no gap.
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { waitForSubmission } from "../helpers/submissions-e2e";

const base = inject("workerUrl");
const github = inject("fakeGithubUrl");
const internalKey = inject("internalKey");
const databaseUrl = inject("workerDatabaseUrl");

describe("one identity per skill (workerd)", () => {
  it("six spellings of the submitted name publish one skill, the same in KV and Postgres", async () => {
    const md = "---\nname: e2e-plain\ndescription: A plain skill that checks name variants update one skill and never fork it.\n---\n# Plain\n";
    expect((await fetch(`${github}/__fake/files/variants/plain/SKILL.md`, { method: "PUT", body: md })).status).toBe(204);
    for (const skillName of ["e2e-plain", "e2e plain", "e2e_plain", "E2E Plain", "e2e--plain", "E2E-PLAIN"]) {
      const res = await fetch(`${base}/api/v1/submissions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-internal-key": internalKey },
        body: JSON.stringify({ repoUrl: "https://github.com/variants/plain", skillName }),
      });
      const { id } = (await res.json()) as { id: string };
      expect(await waitForSubmission(base, id)).toMatchObject({ state: "PUBLISHED", publishedAs: "e2e-plain", reason: null });
    }
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const rows = await client.query(`SELECT name, "skillName" FROM "Skill" WHERE "repoUrl" = 'https://github.com/variants/plain'`);
      expect(rows.rows).toEqual([{ name: "e2e-plain", skillName: "e2e-plain" }]);
    } finally {
      await client.end();
    }
    const listing = (await (await fetch(`${base}/api/v1/skills?search=e2e-plain`)).json()) as { skills: { name: string }[] };
    expect(listing.skills.filter((s) => s.name.startsWith("e2e-plain")).map((s) => s.name)).toEqual(["e2e-plain"]);
    const health = (await (await fetch(`${base}/api/v1/admin/health/skills`, { headers: { "x-internal-key": internalKey } })).json()) as {
      gaps: { missing_from: string; sample: string[] }[];
    };
    expect(health.gaps.filter((g) => g.sample.includes("e2e-plain"))).toEqual([]);
  }, 180_000); // six submissions through the local queue: slow on a loaded machine
});
