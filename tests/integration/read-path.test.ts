// US-003 / FR-001..003 on the real database and real KV: the Prisma-primary listing with seed
// merge, every filter and sort, exact paging, ranked search, lookups, counts, and the fallback
// chain with the database made unreachable for real.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as GET_SKILL } from "@/app/api/v1/skills/[name]/route";
import SkillPage from "@/app/skills/[name]/page";
import { getSkillByName, getSkillCategories, getSkillCount, getSkills, mergeWithSeed } from "@/lib/data";
import { invalidatePublishedCache } from "@/lib/catalog/kv/published-index";
import { resetDatabaseHealth } from "@/lib/platform/db";
import { SEED_SKILLS } from "@/lib/catalog/seed-data";
import { compareSkills, matchesFilters, querySkills, withDefaults, type SkillQuery } from "@/lib/catalog/listing-query";
import { FILTER_KEYS, SORT_FIELDS, type FilterKey } from "@/lib/catalog/listing-rules";
import { correctSearch, vocabularyLookup, vocabularyOf } from "@/lib/catalog/search";
import type { Skill } from "@/lib/catalog/skill";
import { skillFromKvRecord, type SkillRecord } from "@/lib/catalog/kv/skill-record";
import { runWithWorkerEnv } from "@/lib/platform/worker-context";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertSkillRows } from "../helpers/db-seed";
import { createTestKV, instrumentKV, type TestKV } from "../helpers/kv";
import { catalogueRecord, makeRecord, realisticRecord, realisticRecords, recordEntry, records, VOCABULARY } from "../helpers/skills";
import { silentPort } from "../helpers/network";

let db: TestDatabase;
let store: TestKV;
beforeAll(async () => {
  db = await createTestDatabase();
  store = await createTestKV();
});
afterAll(async () => {
  await store.dispose();
  await db.drop();
});
beforeEach(() => resetDatabaseHealth());

const inWorker = <T>(fn: () => Promise<T>, url: string | undefined = db.url) =>
  runWithWorkerEnv({ SUBMISSIONS_KV: store.kv, ...(url ? { DATABASE_URL: url } : {}) }, fn);

/** The whole catalogue as the database holds it, in memory, to compare pages against. */
function catalogue(rows: SkillRecord[]): Skill[] {
  return mergeWithSeed(rows.map((r) => ({ ...skillFromKvRecord(r), source: "postgres" as const })));
}

/** Every match of `q` in the catalogue, in the query's order (no page cap). */
function expectedOrder(all: Skill[], q: Partial<SkillQuery>): string[] {
  const query = withDefaults(q);
  return all.filter((s) => matchesFilters(s, query)).sort(compareSkills(query)).map((s) => s.name);
}

async function walk(q: Partial<SkillQuery>, limit = 100): Promise<{ names: string[]; totals: Set<number> }> {
  const names: string[] = [];
  const totals = new Set<number>();
  for (let page = 1; ; page++) {
    const res = await inWorker(() => getSkills({ ...q, page, limit }));
    totals.add(res.total);
    names.push(...res.skills.map((s) => s.name));
    if (res.skills.length < limit) break;
  }
  return { names, totals };
}

describe("AC-US3-07 with a real database: merge, filters and sorts", () => {
  const rows = [
    ...records(300),
    // A published copy of a seed skill: the seed stays canonical and is listed once.
    makeRecord(9001, { name: "pdf", skillName: "pdf", displayName: "PDF (community copy)", repoUrl: "https://github.com/anthropics/skills", author: "anthropics" }),
  ];
  beforeAll(async () => {
    await db.truncate();
    await insertSkillRows(db.url, rows);
  });

  it("serves from Postgres with the seed merged in and never duplicated (AC-US3-05)", async () => {
    const res = await inWorker(() => getSkills({ limit: 100 }));
    expect(res.source).toBe("prisma");
    expect(res.total).toBe(300 + SEED_SKILLS.length);
    const { names } = await walk({});
    expect(names.filter((n) => n === "pdf")).toHaveLength(1);
    expect((await inWorker(() => getSkillByName("pdf")))!.displayName).toBe("PDF");
  });

  const cases: [string, Partial<SkillQuery>][] = [
    ["trending (default)", {}],
    ["newest", { sortBy: "newest" }],
    ["oldest", { sortBy: "newest", sortDir: "asc" }],
    ["name", { sortBy: "name" }],
    ["name desc", { sortBy: "name", sortDir: "desc" }],
    ["certScore", { sortBy: "certScore" }],
    ["stars asc", { sortBy: "stars", sortDir: "asc" }],
    ["category", { category: "testing" }],
    ["certTier", { certTier: "CERTIFIED", sortBy: "stars" }],
    ["author (any case)", { author: "OWNER7" }],
    ["extensible", { extensible: true }],
    ["not extensible", { extensible: false, sortBy: "name" }],
    ["combined", { category: "development", certTier: "SCANNED", sortBy: "newest" }],
  ];
  it.each(cases)("%s: every page equals the in-memory order of the full catalogue", async (_, q) => {
    const expected = expectedOrder(catalogue(rows), q);
    const { names, totals } = await walk(q, 37);
    expect([...totals]).toEqual([expected.length]);
    expect(names).toEqual(expected);
  });
});

describe("one rulebook: every filter x every sort agrees on both engines (Postgres and in memory)", () => {
  const rows = records(300);
  // One sample value per filter; a filter added to the rulebook without one fails to compile.
  const SAMPLES: { [K in FilterKey]-?: NonNullable<SkillQuery[K]> } = {
    search: "community",
    category: "testing",
    certTier: "VERIFIED",
    author: "Owner3",
    extensible: true,
  };
  beforeAll(async () => {
    await db.truncate();
    await insertSkillRows(db.url, rows);
  });
  const combos: [string, Partial<SkillQuery>][] = [];
  for (const filter of [undefined, ...FILTER_KEYS]) {
    for (const sortBy of SORT_FIELDS) {
      for (const sortDir of ["asc", "desc"] as const) {
        const q: Partial<SkillQuery> = { sortBy, sortDir, ...(filter ? { [filter]: SAMPLES[filter] } : {}) };
        combos.push([`${filter ?? "no filter"} / ${sortBy} ${sortDir}`, q]);
      }
    }
  }
  it.each(combos)("%s: rows and totals", async (_, q) => {
    const memory = catalogue(rows);
    const limit = 45;
    const { names, totals } = await walk(q, limit);
    const inMemory: string[] = [];
    for (let page = 1; ; page++) {
      const res = querySkills(memory, withDefaults({ ...q, page, limit }));
      expect(totals).toEqual(new Set([res.total]));
      inMemory.push(...res.skills.map((s) => s.name));
      if (res.skills.length < limit) break;
    }
    expect(names).toEqual(inMemory);
  });
});

describe("paging at scale: every page of the merged catalogue, exactly once", () => {
  it.each([5_000, 50_000])("%i community skills + the seed", async (n) => {
    await db.truncate();
    const rows = realisticRecords(n);
    await insertSkillRows(db.url, rows);
    const expected = expectedOrder(catalogue(rows), {});
    const { names, totals } = await walk({});
    expect([...totals]).toEqual([n + SEED_SKILLS.length]);
    expect(names.length).toBe(n + SEED_SKILLS.length);
    expect(names).toEqual(expected);
  }, 240_000);
});

describe("broad searches at catalogue size: index walks and word-index fallbacks agree with memory", () => {
  // 5,000 skills whose words follow the catalogue's Zipf-like law: large enough for the statement
  // to walk sort indexes for common words (a third of all skills hold the commonest), and to fall
  // back to the word index for rare ones and for pages too deep to walk.
  const rows = Array.from({ length: 5_000 }, (_, i) => catalogueRecord(i));
  beforeAll(async () => {
    await db.truncate();
    await insertSkillRows(db.url, rows);
  }, 120_000);
  const terms = [VOCABULARY[0]!, VOCABULARY[4]!, VOCABULARY[60]!, `${VOCABULARY[0]} ${VOCABULARY[1]}`, realisticRecord(40).name.split("-")[0]!];
  const orders: Partial<SkillQuery>[] = [
    {},
    { sortDir: "asc" },
    { sortBy: "stars" },
    { sortBy: "name" },
    { sortBy: "name", sortDir: "desc" },
    { sortBy: "newest" },
    { sortBy: "trending", sortDir: "asc" },
  ];
  const combos = terms.flatMap((search) => orders.map((o) => [`${search} / ${o.sortBy ?? "relevance"} ${o.sortDir ?? "desc"}`, { search, ...o }] as const));
  it.each(combos)("%s: pages 1-3, a deep page and the total", async (_, q) => {
    const all = catalogue(rows);
    for (const [page, limit] of [[1, 25], [2, 25], [3, 25], [9, 100]] as const) {
      const res = await inWorker(() => getSkills({ ...q, page, limit }));
      const expected = querySkills(all, withDefaults({ ...q, page, limit }));
      expect(res.skills.map((s) => s.name)).toEqual(expected.skills.map((s) => s.name));
      expect(res.total).toBe(expected.total);
    }
  });
});

describe("ranked search", () => {
  beforeAll(async () => {
    await db.truncate();
    await insertSkillRows(db.url, [
      makeRecord(1, { name: "quillcraft", displayName: "Quillcraft", description: "Distinctive calligraphy.", trendingScore7d: 10 }),
      makeRecord(2, { name: "quillcraft-studio", displayName: "Quillcraft Studio", description: "Brushes and strokes.", trendingScore7d: 90 }),
      makeRecord(3, { name: "ink-review", displayName: "Ink Review", description: "Reviews quillcraft pages for accessibility.", trendingScore7d: 99 }),
      makeRecord(5, { name: "frontend-design-audit", displayName: "Frontend Design Audit", description: "Audits layouts.", trendingScore7d: 5 }),
      makeRecord(4, { name: "percent-parser", displayName: "Percent_Parser", description: "Parses 100% of strings with a \\ backslash and 'quotes' 🚀." }),
      ...records(200, 100),
    ]);
  });

  const search = (term: string, extra: Partial<SkillQuery> = {}) => inWorker(() => getSkills({ search: term, limit: 100, ...extra }));

  it("ranks exact, then prefix, then word matches (trending only breaks ties)", async () => {
    const res = await search("quillcraft");
    expect(res.skills.map((s) => s.name)).toEqual(["quillcraft", "quillcraft-studio", "ink-review"]);
  });

  it("merges seed and community matches into one ranking", async () => {
    const res = await search("frontend-design");
    // The seed skill is the exact match; the community one is a prefix match.
    expect(res.skills.slice(0, 2).map((s) => s.name)).toEqual(["frontend-design", "frontend-design-audit"]);
    expect(res.skills[0]!.source).toBe("seed");
  });

  it("tolerates typos (trigram similarity), in the database and in the seed", async () => {
    const community = await search("quilcraft");
    expect(community.skills.map((s) => s.name)).toContain("quillcraft");
    const seed = await search("frontend-desing");
    expect(seed.skills.map((s) => s.name)).toContain("frontend-design");
    expect(seed.source).toBe("prisma");
  });

  it("matches words in descriptions", async () => {
    const res = await search("accessibility");
    expect(res.skills.map((s) => s.name)).toContain("ink-review");
  });

  // Symbols alone match nothing (they are not wildcards); words inside them still match as words.
  it.each([
    ["%", 0],
    ["_", 0],
    ["%%", 0],
    ["\\%", 0],
    ["'", 0],
    ["\\", 0],
    ["🚀", 0],
    [":*", 0],
    ["&|!()", 0],
    ["'; DROP TABLE \"Skill\"; --", -1],
    ["a%b", -1],
    ["$1", -1],
  ])("treats %j as plain text", async (term, expectedTotal) => {
    const res = await search(term);
    expect(res.source).toBe("prisma");
    if (expectedTotal >= 0) expect(res.total).toBe(expectedTotal);
    else expect(res.total).toBeLessThan(205 + SEED_SKILLS.length);
    expect((await db.query(`SELECT count(*)::int AS n FROM "Skill"`))[0]).toEqual({ n: 205 });
  });

  it("matches LIKE wildcards literally", async () => {
    const res = await search("percent_p");
    expect(res.skills.map((s) => s.name)).toContain("percent-parser");
    const pct = await search("100%");
    expect(pct.skills.map((s) => s.name)).toContain("percent-parser");
  });

  it("merged search pages equal the in-memory ranking for seed-only matches", async () => {
    const res = await search("pdf");
    expect(res.skills[0]!.name).toBe("pdf");
  });
});

describe("search: Postgres ranks exactly as the in-memory search does", () => {
  // Names and display names full of punctuation: the database must split them into the same
  // words as the app, or prefix matches would go missing from the index-only search.
  const rows = [
    makeRecord(1, { name: "next-js-helper", displayName: "Next.js Helper", description: "Routes for next.js apps.", trendingScore7d: 40 }),
    makeRecord(2, { name: "c-plus-plus-lint", displayName: "C++ Lint", description: "Lints c++ (and C) code.", trendingScore7d: 40 }),
    makeRecord(3, { name: "node-js-cli", displayName: "node.js/CLI tools", description: "CLI helpers: argv, env & exit codes.", trendingScore7d: 12 }),
    makeRecord(4, { name: "email-triage", displayName: "E-mail Triage", description: "Sorts e-mail by sender@example.com.", trendingScore7d: 7 }),
    makeRecord(5, { name: "snake-case-tools", displayName: "snake_case_tools", description: "Renames snake_case to camelCase.", trendingScore7d: 7 }),
    makeRecord(6, { name: "cafe-menu", displayName: "Café — Menu", description: "Menus for a café, naïvely.", trendingScore7d: 3 }),
    makeRecord(7, { name: "next-steps", displayName: "Next Steps", description: "Plans the js next steps.", trendingScore7d: 90 }),
    // "1e1g": one word for the app, a number and a word for Postgres's parser (a phrase match).
    makeRecord(10, { name: "grid-1e1g", displayName: "Grid Plot", description: "Plots grids.", trendingScore7d: 5 }),
    makeRecord(9, { name: "pokemon-deck", displayName: "Poke\u0301mon Deck", description: "Builds Poke\u0301mon decks; monsters too.", trendingScore7d: 3 }),
    // A community copy of a seed slug: never listed, so its words must not count for corrections.
    makeRecord(8, { name: "pdf", skillName: "pdf", displayName: "PDF copy", description: "Zyxwvut copy.", repoUrl: "https://github.com/x/pdf-copy" }),
    ...realisticRecords(300),
  ];
  beforeAll(async () => {
    await db.truncate();
    await insertSkillRows(db.url, rows);
  });

  it.each([
    "next.js", "next.j", "next", "Next.js Helper", "c++", "c++ lint", "node.js/c", "node.js/CLI tools", "e-mail", "e-mail tri",
    "snake_case", "snake_case_tools", "café", "café — m", "naïvely", "ledger", realisticRecord(7).name.split("-").slice(0, 2).join("-"), "next.js helpper", "c++ lintt",
    "tensro", "ledgre", "zyxwvut pdf", "mon", "poke\u0301mon", "poke\u0301",
    // One word: counted from the prefix counts, less the seed-slug copy that also holds it.
    "copy", "n", "ne", "c", "next-", "1e1g", "1e1", realisticRecord(11).description.split(" ")[3]!,
  ])("%j: every page, in order, with the same total", async (term) => {
    const all = catalogue(rows);
    const { names, totals } = await walk({ search: term }, 25);
    const expected: string[] = [];
    let total = -1;
    for (let page = 1; expected.length < names.length || page === 1; page++) {
      const res = querySkills(all, withDefaults({ search: term, page, limit: 25 }));
      expected.push(...res.skills.map((s) => s.name));
      total = res.total;
      if (res.skills.length < 25) break;
    }
    expect(names).toEqual(expected);
    expect([...totals]).toEqual([total]);
    expect(total).toBeGreaterThan(0);
    const first = await inWorker(() => getSkills({ search: term }));
    expect(first.correctedSearch).toBe(querySkills(all, withDefaults({ search: term })).correctedSearch);
  });

  it("a word only the seed-slug copy holds counts nothing (the prefix count less that copy)", async () => {
    const [held] = await db.query<{ skills: number }>(`SELECT skills FROM "SearchPrefix" WHERE prefix = 'zyxwvut'`);
    expect(held!.skills).toBe(1);
    const res = await inWorker(() => getSkills({ search: "zyxwvut" }));
    expect(querySkills(catalogue(rows), withDefaults({ search: "zyxwvut" })).total).toBe(0);
    expect(res.total).toBe(0);
    expect(res.skills).toEqual([]);
  });

  it("words that each exist but never meet in one skill find nothing (no flood of near-misses)", async () => {
    const res = await inWorker(() => getSkills({ search: "quill sketch" }));
    expect(querySkills(catalogue(rows), withDefaults({ search: "quill sketch" })).total).toBe(0);
    expect(res.total).toBe(0);
    expect(res.correctedSearch).toBeUndefined();
  });

  it("does not claim a correction that finds nothing either", async () => {
    // "cse" becomes "css"; no skill has "c", "lint", "snake" and "css" together.
    expect(correctSearch("c++ lint snake_cse", vocabularyLookup(vocabularyOf(catalogue(rows))))).toBe("c lint snake css");
    const typo = await inWorker(() => getSkills({ search: "c++ lint snake_cse" }));
    expect(querySkills(catalogue(rows), withDefaults({ search: "c++ lint snake_cse" }))).toMatchObject({ total: 0 });
    expect(typo.total).toBe(0);
    expect(typo.correctedSearch).toBeUndefined();
  });

  it("corrects misspelt words against the catalogue's vocabulary and says so", async () => {
    const res = await inWorker(() => getSkills({ search: "c++ lintt" }));
    expect(res.correctedSearch).toBe("c lint");
    expect(res.skills.map((s) => s.name)).toContain("c-plus-plus-lint");
    // A word with nothing close is dropped; the rest still corrects.
    const dropped = await inWorker(() => getSkills({ search: "tensro zzqxv" }));
    expect(dropped.correctedSearch).toBe("tensor");
    expect(dropped.total).toBe(querySkills(catalogue(rows), withDefaults({ search: "tensor" })).total);
  });
});

describe("lookups and counts (AC-US3-03, AC-US3-04)", () => {
  beforeAll(async () => {
    await db.truncate();
    await insertSkillRows(db.url, records(40));
  });

  it("getSkillByName checks Prisma before KV, and follows KV aliases", async () => {
    const fromDb = await inWorker(() => getSkillByName("community-skill-00003"));
    expect(fromDb?.source).toBe("postgres");
    const kvOnly = makeRecord(777, { name: "kv-only-skill" });
    await store.seed([recordEntry(kvOnly), { key: "skill:alias:Old_Kv_Skill", value: "kv-only-skill" }, { key: "skill:alias:old-db-skill", value: "community-skill-00004" }]);
    expect((await inWorker(() => getSkillByName("kv-only-skill")))?.source).toBe("kv");
    expect((await inWorker(() => getSkillByName("Old_Kv_Skill")))?.name).toBe("kv-only-skill");
    const viaAlias = await inWorker(() => getSkillByName("old-db-skill"));
    expect(viaAlias).toMatchObject({ name: "community-skill-00004", source: "postgres" });
  });

  it("the API answers an old slug with a 308 to the canonical one, and 404s unknown names", async () => {
    const get = (name: string) =>
      inWorker(() => GET_SKILL(new Request(`http://localhost/api/v1/skills/${name}`), { params: Promise.resolve({ name }) }));
    const moved = await get("Old_Kv_Skill");
    expect(moved.status).toBe(308);
    expect(moved.headers.get("location")).toBe("http://localhost/api/v1/skills/kv-only-skill");
    expect((await get("community-skill-00004")).status).toBe(200);
    expect((await get("%")).status).toBe(400); // not a valid escape: a client error, never a 500
    const missing = await get("no-such-skill");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "not_found", message: 'No skill named "no-such-skill"' } });
  });

  it("the skill page answers an old slug with a permanent (308) redirect to the canonical page", async () => {
    const render = (name: string) => inWorker(() => SkillPage({ params: Promise.resolve({ name: encodeURIComponent(name) }) }));
    // Next's permanentRedirect() ends rendering by throwing; its digest carries the target and 308.
    const redirect = await render("old-db-skill").then(
      () => null,
      (err: { digest?: string }) => err.digest ?? String(err),
    );
    expect(redirect).toMatch(/^NEXT_REDIRECT;replace;\/skills\/community-skill-00004;308;/);
    await expect(render("community-skill-00004")).resolves.toBeTruthy();
    await expect(render("no-such-skill")).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_HTTP_ERROR_FALLBACK;404/) });
  });

  it("counts and categories come from Postgres plus the seed", async () => {
    expect(await inWorker(() => getSkillCount())).toBe(40 + SEED_SKILLS.length);
    const cats = await inWorker(() => getSkillCategories());
    expect(cats.reduce((n, c) => n + c.count, 0)).toBe(40 + SEED_SKILLS.length);
    const seedTesting = SEED_SKILLS.filter((s) => s.category === "testing").length;
    expect(cats.find((c) => c.category === "testing")!.count).toBe(seedTesting + 10);
  });
});

describe("the fallback chain (FR-001) with the database really unreachable", () => {
  let kvStore: TestKV;
  beforeEach(async () => {
    kvStore = await createTestKV();
    await kvStore.seed(records(25, 500).map(recordEntry));
  });
  afterEach(async () => {
    await kvStore.dispose();
  });
  const inKvWorker = <T>(fn: () => Promise<T>, url?: string) =>
    runWithWorkerEnv({ SUBMISSIONS_KV: kvStore.kv, ...(url ? { DATABASE_URL: url } : {}) }, fn);

  it("a hung database: the first request answers from KV within ~1 s, the next ones at once", async () => {
    const silent = await silentPort();
    const url = silent.url;
    try {
      let t = Date.now();
      const first = await inKvWorker(() => getSkills({}), url);
      const firstMs = Date.now() - t;
      expect(first.source).toBe("kv-enumeration");
      expect(first.total).toBe(25 + SEED_SKILLS.length);
      expect(firstMs).toBeLessThan(1800);
      t = Date.now();
      for (let i = 0; i < 5; i++) expect((await inKvWorker(() => getSkills({ page: 2 }), url)).source).toBe("kv-enumeration");
      expect((Date.now() - t) / 5).toBeLessThan(150);
    } finally {
      await silent.close();
    }
  });

  it("no database configured: KV enumeration", async () => {
    const res = await inKvWorker(() => getSkills({ limit: 5 }));
    expect(res).toMatchObject({ source: "kv-enumeration", total: 25 + SEED_SKILLS.length });
  });

  it("the KV fallback caches each query's result 60 s in the isolate (AC-US1-05); a publish here drops it", async () => {
    const { kv, ops, reset } = instrumentKV(kvStore.kv);
    const run = <T>(fn: () => Promise<T>) => runWithWorkerEnv({ SUBMISSIONS_KV: kv }, fn);
    const first = await run(() => getSkills({ category: "testing" }));
    expect(first.source).toBe("kv-enumeration");
    reset();
    expect(await run(() => getSkills({ category: "testing" }))).toEqual(first);
    expect(ops.list + ops.get).toBe(0);
    expect((await run(() => getSkills({ category: "data" }))).source).toBe("kv-enumeration"); // another query: read
    expect(ops.list).toBeGreaterThan(0);
    const cats = await run(() => getSkillCategories());
    expect(cats.reduce((n, c) => n + c.count, 0)).toBe(25 + SEED_SKILLS.length);
    invalidatePublishedCache(kv);
    reset();
    await run(() => getSkills({ category: "testing" }));
    expect(ops.list).toBeGreaterThan(0);
  });

  it("KV unavailable too: the seed catalogue", async () => {
    const res = await runWithWorkerEnv({}, () => getSkills({}));
    expect(res).toMatchObject({ source: "seed", total: SEED_SKILLS.length });
  });
});
