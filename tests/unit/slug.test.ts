import { describe, expect, it } from "vitest";
import {
  detectSlugFormat,
  isCurrentFormatSlug,
  legacyBareSlug,
  legacyOwnerRepoSlug,
  makeSlug,
  parseRepoUrl,
  RESERVED_SLUGS,
  slugify,
} from "@/lib/catalog/slug";

const ref = { owner: "acme", repo: "agent-skills" };
const ACME = "https://github.com/acme/agent-skills";
const OTHER = "https://github.com/other/skills";

describe("slugify (the current rule)", () => {
  it.each([
    ["Frontend Design", "frontend-design"],
    ["frontend_design", "frontend-design"],
    ["  PDF -- Tools!! ", "pdf-tools"],
    ["MCP Builder v2.0", "mcp-builder-v2-0"],
    ["Café Crème", "cafe-creme"],
    ["already-a-slug", "already-a-slug"],
    ["___", ""],
    ["x".repeat(200), "x".repeat(96)],
  ])("%j -> %j", (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  it("always yields the current format (or empty)", () => {
    for (const s of ["A B", "a--b", "-a-", "1.2.3", "ümlaut ünd", "emoji 🚀 skill"]) {
      const slug = slugify(s);
      expect(slug === "" || isCurrentFormatSlug(slug)).toBe(true);
    }
  });
});

describe("makeSlug collisions", () => {
  const holders = (map: Record<string, string>) => (slug: string) => map[slug] ?? null;

  it.each([
    ["free base slug", {}, "pdf"],
    ["same repo keeps its slug", { pdf: ACME }, "pdf"],
    ["taken by another repo -> owner prefix", { pdf: OTHER }, "acme-pdf"],
    ["owner prefix also taken -> owner-repo prefix", { pdf: OTHER, "acme-pdf": OTHER }, "acme-agent-skills-pdf"],
    ["all taken -> numeric suffix", { pdf: OTHER, "acme-pdf": OTHER, "acme-agent-skills-pdf": OTHER }, "acme-agent-skills-pdf-2"],
  ])("%s", async (_, taken, expected) => {
    expect(await makeSlug("PDF", ref, holders(taken as Record<string, string>))).toBe(expected);
  });

  it("treats route names as taken", async () => {
    for (const reserved of RESERVED_SLUGS) {
      const slug = await makeSlug(reserved, ref, () => null);
      expect(slug).toBe(`acme-${reserved}`);
    }
  });

  it("rejects names without letters or digits", async () => {
    await expect(makeSlug("!!!", ref, () => null)).rejects.toThrow(/no letters or digits/);
  });

  it("compares repos case-insensitively", async () => {
    expect(await makeSlug("pdf", ref, () => "https://github.com/ACME/Agent-Skills")).toBe("pdf");
  });
});

describe("legacy slug recognisers", () => {
  it.each([
    ["pdf", "pdf", "current"],
    ["acme-pdf", "pdf", "current"],
    ["acme-agent-skills-pdf", "pdf", "current"],
    ["acme-agent-skills-pdf-3", "pdf", "current"],
    ["Frontend_Design", "Frontend_Design", "legacy-bare"],
    ["acme-agent-skills-frontend_design", "Frontend_Design", "legacy-owner-repo"],
    ["something-else", "pdf", "unknown"],
  ])("%j for %j is %s", (slug, name, format) => {
    expect(detectSlugFormat(slug, name, ref)).toBe(format);
  });

  it("builds the legacy shapes", () => {
    expect(legacyBareSlug(" My Skill ")).toBe("My Skill");
    expect(legacyOwnerRepoSlug("My Skill", ref)).toBe("acme-agent-skills-my-skill");
  });
});

describe("parseRepoUrl", () => {
  it.each([
    ["https://github.com/anthropics/skills", { owner: "anthropics", repo: "skills" }],
    ["https://github.com/a-b/c.d_e", { owner: "a-b", repo: "c.d_e" }],
    ["https://github.com/anthropics/skills/", null],
    ["http://github.com/anthropics/skills", null],
    ["https://gitlab.com/anthropics/skills", null],
    ["https://github.com/anthropics", null],
    ["https://github.com/anthropics/skills.git", null],
    ["https://github.com/-bad/skills", null],
    ["https://github.com/anthropics/skills/tree/main", null],
  ])("%j", (url, expected) => {
    expect(parseRepoUrl(url)).toEqual(expected);
  });
});
