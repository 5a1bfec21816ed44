// Cached public reads in the built worker under wrangler dev (workerd's simulated Cache API, real
// KV, queue and Postgres through the local Hyperdrive): headers per route, ETags and 304s, hits,
// and a publish through the queue that is visible within the 60 s freshness budget.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { ROOT } from "../../scripts/lib/worker-build";

const base = inject("workerUrl");
const github = inject("fakeGithubUrl");
const internalKey = inject("internalKey");

const FRESHNESS_BUDGET_MS = 60_000;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { headers, redirect: "manual" });
  const body = await res.text();
  return { res, body, cache: res.headers.get("x-cache"), cacheControl: res.headers.get("cache-control") };
}

/** The seconds a public response may be served stale at most: max-age + s-maxage + stale-while-revalidate. */
function lifetime(cacheControl: string | null): number {
  const m = /^public, max-age=(\d+), s-maxage=(\d+), stale-while-revalidate=(\d+)$/.exec(cacheControl ?? "");
  expect(m, `public Cache-Control, got ${cacheControl}`).not.toBeNull();
  return Number(m![1]) + Number(m![2]) + Number(m![3]);
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

describe("cache headers per route (workerd)", () => {
  it("public GETs: short public caching within the budget, an ETag of the body, Vary", async () => {
    for (const path of ["/api/v1/skills?limit=5", "/api/v1/skills/categories", "/api/v1/skills/pdf", "/", "/skills", "/skills/pdf"]) {
      const { res, cacheControl, cache } = await get(path);
      expect(res.status, path).toBe(200);
      expect(lifetime(cacheControl) * 1000, path).toBeLessThanOrEqual(FRESHNESS_BUDGET_MS);
      expect(res.headers.get("etag"), path).toMatch(/^"[0-9a-f]{32}"$/);
      expect(res.headers.get("vary"), path).toMatch(/accept-encoding/i);
      expect(["HIT", "MISS"], path).toContain(cache);
    }
  });

  it("admin, submission and authors' routes, errors and every non-GET are no-store", async () => {
    const key = { "x-internal-key": internalKey };
    const cases: [string, RequestInit & { headers?: Record<string, string> }, number][] = [
      ["/api/v1/admin/health/skills", { headers: key }, 200],
      ["/api/v1/admin/health/skills", {}, 401],
      ["/api/v1/admin/rebuild-index?dryRun=true", { method: "POST", headers: key }, 200],
      ["/api/v1/submissions", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }, 400],
      ["/api/v1/submissions/no-such-id", {}, 400],
      ["/submit", {}, 200],
      ["/submissions/no-such-id", {}, 404],
      ["/api/v1/skills/no-such-skill", {}, 404],
      ["/api/v1/skills?page=0", {}, 400],
      ["/skills/no-such-skill", {}, 404],
      ["/api/v1/skills", { method: "POST", body: "{}" }, 405],
    ];
    for (const [path, init, status] of cases) {
      const res = await fetch(base + path, { ...init, redirect: "manual" });
      await res.arrayBuffer();
      const what = `${init.method ?? "GET"} ${path}`;
      expect(res.status, what).toBe(status);
      expect(res.headers.get("cache-control"), what).toBe("no-store");
      expect(res.headers.get("x-cache"), what).not.toBe("HIT");
    }
  });
});

describe("the Workers Cache API in front of the app (workerd)", () => {
  it("a second GET is a hit with the same body and ETag; If-None-Match gets 304", async () => {
    const path = `/api/v1/skills?sortBy=name&limit=${2 + Math.floor(Math.random() * 90)}&page=${2 + Math.floor(Math.random() * 3)}`;
    const first = await get(path);
    expect(first.cache).toBe("MISS");
    const second = await get(path);
    expect(second.cache).toBe("HIT");
    expect(second.body).toBe(first.body);
    expect(second.res.headers.get("etag")).toBe(first.res.headers.get("etag"));
    expect(second.res.headers.get("x-data-source")).toBe("prisma");

    const conditional = await get(path, { "if-none-match": first.res.headers.get("etag")! });
    expect(conditional.res.status).toBe(304);
    expect(conditional.body).toBe("");
    expect(conditional.res.headers.get("etag")).toBe(first.res.headers.get("etag"));
    expect((await get(path, { "if-none-match": '"0000"' })).res.status).toBe(200);

    // Pages too: the second request for a skill page is a hit, and 304s with its ETag.
    const page = await get("/skills/docx");
    const pageAgain = await get("/skills/docx");
    expect(pageAgain.cache).toBe("HIT");
    expect((await get("/skills/docx", { "if-none-match": page.res.headers.get("etag")! })).res.status).toBe(304);
  });

  it("a request with credentials, a cookie or a reload is not answered from the cache", async () => {
    const path = "/api/v1/skills/categories";
    await get(path);
    expect((await get(path)).cache).toBe("HIT");
    const withCookie = await get(path, { cookie: "session=abc" });
    expect(withCookie.cache).toBe("BYPASS");
    expect(withCookie.cacheControl).toBe("private, no-cache");
    expect((await get(path, { authorization: "Bearer not-a-token" })).cache).toBe("BYPASS");
    expect((await get(path, { "cache-control": "no-cache" })).cache).toBe("REFRESH");
  });

  it("health says the worker reaches Postgres through the Hyperdrive binding", async () => {
    const res = await fetch(`${base}/api/v1/admin/health/skills`, { headers: { "x-internal-key": internalKey } });
    const health = (await res.json()) as { database_connection: string; prisma_count: number | null; database: { reachable: boolean } };
    expect(health.database_connection).toBe("hyperdrive");
    expect(health.database.reachable).toBe(true);
    expect(health.prisma_count).toEqual(expect.any(Number));
  });

  it("a publish after a hit is visible within the budget: listing, categories and the skill's pages", async () => {
    const name = `cache-fresh-${unique()}`;
    const listing = "/api/v1/skills?sortBy=newest&limit=5";
    const skillApi = `/api/v1/skills/${name}`;
    await get(listing);
    const before = await get(listing);
    expect(before.cache).toBe("HIT");
    expect(before.body).not.toContain(name);
    const categoriesBefore = JSON.parse((await get("/api/v1/skills/categories")).body) as { category: string; count: number }[];
    expect((await get(skillApi)).res.status).toBe(404);

    const md = `---\nname: ${name}\ndescription: Checks that a fresh publish shows up through the cache within a minute.\n---\n# Fresh\n`;
    expect((await fetch(`${github}/__fake/files/cache-org/fresh/SKILL.md`, { method: "PUT", body: md })).status).toBe(204);
    const started = Date.now();
    const submitted = await fetch(`${base}/api/v1/submissions`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-internal-key": internalKey },
      body: JSON.stringify({ repoUrl: "https://github.com/cache-org/fresh", skillName: name }),
    });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };

    // Poll the cached listing the way a visitor would (no cache-busting), bounded by the budget.
    // publishSkill purges this data centre's entries before the submission says PUBLISHED, so the
    // first look after that is a fresh render that lists the skill (not the entry cached above).
    let visibleAfter: number | null = null;
    let seenAs: string | null = null;
    while (visibleAfter === null && Date.now() - started < FRESHNESS_BUDGET_MS) {
      const state = ((await (await fetch(`${base}/api/v1/submissions/${id}`)).json()) as { state: string }).state;
      expect(["QUEUED", "SCANNING", "PUBLISHED"]).toContain(state);
      const now = await get(listing);
      if (state === "PUBLISHED") {
        expect(now.cache, "the publish purged the cached listing").toBe("MISS");
        expect(now.body).toContain(`"name":"${name}"`);
      }
      if (now.body.includes(`"name":"${name}"`)) {
        visibleAfter = Date.now() - started;
        seenAs = now.cache;
      } else await new Promise((r) => setTimeout(r, 250));
    }
    expect(visibleAfter, "the published skill never showed in the cached listing within 60 s").not.toBeNull();
    expect(visibleAfter!).toBeLessThanOrEqual(FRESHNESS_BUDGET_MS);
    expect(seenAs).toBe("MISS");

    const skill = await get(skillApi);
    expect(skill.res.status).toBe(200);
    expect(JSON.parse(skill.body)).toMatchObject({ name, author: "cache-org" });
    expect((await get(`/skills/${name}`)).body).toContain(name);
    const categoriesAfter = JSON.parse((await get("/api/v1/skills/categories")).body) as { category: string; count: number }[];
    const total = (cats: { count: number }[]) => cats.reduce((n, c) => n + c.count, 0);
    expect(total(categoriesAfter)).toBe(total(categoriesBefore) + 1);
  });
});

describe("static assets beside the worker's own routes (workerd)", () => {
  // A run_worker_first rule that caught an asset would send it to Next, which serves no assets
  // (open-next.config.ts turns OpenNext's asset lookup off): a 404.
  it("every file of the build's assets is served as it is (no run_worker_first rule catches one)", async () => {
    const dir = path.join(ROOT, ".open-next/assets");
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(5);
    for (const e of files) {
      const file = path.join(e.parentPath, e.name);
      const urlPath = "/" + path.relative(dir, file).split(path.sep).join("/");
      const res = await fetch(base + urlPath);
      const body = Buffer.from(await res.arrayBuffer());
      expect(res.status, urlPath).toBe(200);
      expect(body.equals(readFileSync(file)), urlPath).toBe(true);
    }
  });
});
