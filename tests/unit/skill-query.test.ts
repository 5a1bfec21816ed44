import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { compareSkills, MAX_LIMIT, parseSkillQuery, querySkills, withDefaults } from "@/lib/catalog/listing-query";
import { SKILL_DEFAULTS, type Skill } from "@/lib/catalog/skill";

function skill(name: string, over: Partial<Skill> = {}): Skill {
  return {
    ...SKILL_DEFAULTS,
    name,
    displayName: name,
    description: `${name} description`,
    author: "acme",
    repoUrl: "https://github.com/acme/skills",
    skillPath: name,
    category: "development",
    currentVersion: "1.0.0",
    certTier: "SCANNED",
    certMethod: "AUTOMATED_SCAN",
    certScore: 80,
    certifiedAt: null,
    labels: [],
    extensible: false,
    extensionPoints: [],
    trendingScore7d: 10,
    trendingScore30d: 10,
    githubStars: 1,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    source: "seed",
    ...over,
  };
}

describe("parseSkillQuery", () => {
  it("applies defaults", () => {
    expect(parseSkillQuery(new URLSearchParams())).toMatchObject({ sortBy: "trending", sortDir: "desc", page: 1, limit: 24 });
    expect(parseSkillQuery(new URLSearchParams("search=pdf"))).toMatchObject({ sortBy: "relevance" });
    expect(parseSkillQuery(new URLSearchParams("sortBy=name"))).toMatchObject({ sortDir: "asc" });
  });

  it("caps limit at the maximum", () => {
    expect(parseSkillQuery(new URLSearchParams("limit=5000")).limit).toBe(MAX_LIMIT);
  });

  it("accepts tabs and newlines in a search (they are whitespace)", () => {
    expect(parseSkillQuery(new URLSearchParams("search=pdf%09tools%0A")).search).toBe("pdf\ttools");
  });

  it("treats empty values as absent (a submitted empty form)", () => {
    expect(parseSkillQuery(new URLSearchParams("search=&category=&certTier=")).search).toBeUndefined();
  });

  it.each([
    ["page=0", /page: must be at least 1/],
    ["page=abc", /page: must be a number/],
    ["page=1.5", /page: must be a whole number/],
    ["limit=-3", /limit: must be at least 1/],
    ["certTier=GOLD", /certTier: must be one of SCANNED, VERIFIED, CERTIFIED/],
    ["sortBy=popularity", /sortBy: must be one of/],
    ["sortDir=up", /sortDir: must be asc or desc/],
    ["extensible=yes", /extensible: must be true or false/],
    ["category=Not A Slug", /category: must be a category slug/],
    ["author=bad/owner", /author: must be a GitHub owner name/],
    [`search=${"x".repeat(201)}`, /search: must be at most 200 characters/],
    ["search=pdf%00", /search: must not contain control characters/],
    ["search=a%1Bb", /search: must not contain control characters/],
  ])("rejects %s with a readable reason", (qs, message) => {
    try {
      parseSkillQuery(new URLSearchParams(qs));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ZodError);
      const text = (err as ZodError).issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      expect(text).toMatch(message);
    }
  });
});

describe("querySkills", () => {
  const all = [
    skill("pdf", { trendingScore7d: 50, category: "documents", certTier: "CERTIFIED" }),
    skill("pdf-tools", { trendingScore7d: 60, category: "documents" }),
    skill("docx", { trendingScore7d: 40, category: "documents", description: "Word files, not pdf" }),
    skill("frontend-design", { trendingScore7d: 90, category: "frontend", extensible: true, author: "anthropics" }),
    skill("tdd", { trendingScore7d: 90, category: "testing", githubStars: 500 }),
  ];

  it("filters by category, tier, author and extensibility", () => {
    const q = (over: object) => querySkills(all, withDefaults(over)).skills.map((s) => s.name);
    expect(q({ category: "documents" })).toEqual(["pdf-tools", "pdf", "docx"]);
    expect(q({ certTier: "CERTIFIED" })).toEqual(["pdf"]);
    expect(q({ author: "ANTHROPICS" })).toEqual(["frontend-design"]);
    expect(q({ extensible: true })).toEqual(["frontend-design"]);
    expect(q({ extensible: false })).toHaveLength(4);
  });

  it("ranks an exact name first, then prefix, then other matches", () => {
    const names = querySkills(all, withDefaults({ search: "pdf" })).skills.map((s) => s.name);
    expect(names).toEqual(["pdf", "pdf-tools", "docx"]);
  });

  it("breaks ties by name so the order is total", () => {
    const names = querySkills(all, withDefaults({ sortBy: "trending" })).skills.map((s) => s.name);
    expect(names.slice(0, 2)).toEqual(["frontend-design", "tdd"]);
    const sorted = [...all].sort(compareSkills(withDefaults({ sortBy: "stars", sortDir: "asc" })));
    expect(sorted.at(-1)!.name).toBe("tdd");
  });

  it("paginates without gaps or repeats and reports the total", () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = querySkills(all, withDefaults({ limit: 2, page }));
      expect(res.total).toBe(5);
      seen.push(...res.skills.map((s) => s.name));
    }
    expect(new Set(seen).size).toBe(5);
    expect(querySkills(all, withDefaults({ limit: 2, page: 9 })).skills).toEqual([]);
  });
});
