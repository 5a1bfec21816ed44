import { describe, it, expect } from "vitest";
import {
  SEED_SKILLS,
  SEED_SKILL_COUNT,
  SKILL_CATEGORIES,
  findSeedSkill,
} from "../../src/lib/catalog/seed-data";
import { CERT_METHODS, CERT_TIERS, type CertMethod, type CertTier } from "../../src/lib/catalog/skill";

const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SEMVER_RE = /^\d+\.\d+\.\d+$/;
const GITHUB_REPO_NAME_RE = /^[A-Za-z0-9._-]+$/;
const RESERVED_NAMES = ["categories", "search", "new", "api", "admin", "submit", "health"];
const DATE_CUTOFF = Date.parse("2026-11-01T00:00:00.000Z");

/** Which certification methods each tier may be awarded by. */
const METHODS_BY_TIER: Record<CertTier, readonly CertMethod[]> = {
  CERTIFIED: ["VENDOR_AUTO", "MANUAL_REVIEW"],
  VERIFIED: ["LLM_JUDGE"],
  SCANNED: ["AUTOMATED_SCAN"],
};

function expectValidDate(value: string): number {
  const time = Date.parse(value);
  expect(Number.isNaN(time), `${value} should parse as a date`).toBe(false);
  expect(time).toBeLessThan(DATE_CUTOFF);
  return time;
}

describe("SEED_SKILLS collection", () => {
  it("has exactly 118 skills", () => {
    expect(SEED_SKILLS).toHaveLength(118);
    expect(SEED_SKILL_COUNT).toBe(118);
  });

  it("has unique names", () => {
    const names = SEED_SKILLS.map((skill) => skill.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("has at least 6 extensible skills", () => {
    const extensible = SEED_SKILLS.filter((skill) => skill.extensible);
    expect(extensible.length).toBeGreaterThanOrEqual(6);
    expect(extensible.length).toBeLessThanOrEqual(10);
  });

  it("uses every certification tier", () => {
    const tiers = new Set(SEED_SKILLS.map((skill) => skill.certTier));
    expect([...tiers].sort()).toEqual([...CERT_TIERS].sort());
  });
});

describe("SKILL_CATEGORIES", () => {
  it("has at least 12 unique kebab-case categories including the default", () => {
    expect(SKILL_CATEGORIES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(SKILL_CATEGORIES).size).toBe(SKILL_CATEGORIES.length);
    expect(SKILL_CATEGORIES).toContain("development");
    for (const category of SKILL_CATEGORIES) expect(category).toMatch(SLUG_RE);
  });

  it.each(SKILL_CATEGORIES)("category %s is used by at least 2 skills", (category) => {
    const count = SEED_SKILLS.filter((skill) => skill.category === category).length;
    expect(count).toBeGreaterThanOrEqual(2);
  });
});

describe.each(SEED_SKILLS)("seed skill $name", (skill) => {
  it("has a valid, unreserved slug", () => {
    expect(skill.name).toMatch(SLUG_RE);
    expect(skill.name.length).toBeLessThanOrEqual(64);
    expect(RESERVED_NAMES).not.toContain(skill.name);
  });

  it("has display text and a known category", () => {
    expect(skill.displayName.trim()).not.toBe("");
    expect(skill.description.trim()).not.toBe("");
    expect(skill.description.length).toBeLessThan(300);
    expect(SKILL_CATEGORIES as readonly string[]).toContain(skill.category);
  });

  it("points at https://github.com/{author}/{repo}", () => {
    const prefix = `https://github.com/${skill.author}/`;
    expect(skill.author).toMatch(GITHUB_REPO_NAME_RE);
    expect(skill.repoUrl.startsWith(prefix), skill.repoUrl).toBe(true);
    expect(skill.repoUrl.slice(prefix.length)).toMatch(GITHUB_REPO_NAME_RE);
    expect(skill.skillPath).not.toBe("");
    expect(skill.skillPath.startsWith("/") || skill.skillPath.endsWith("/")).toBe(false);
  });

  it("has a consistent certification", () => {
    expect(CERT_TIERS).toContain(skill.certTier);
    expect(CERT_METHODS).toContain(skill.certMethod);
    expect(METHODS_BY_TIER[skill.certTier]).toContain(skill.certMethod);
    expect(Number.isInteger(skill.certScore)).toBe(true);
    expect(skill.certScore).toBeGreaterThanOrEqual(0);
    expect(skill.certScore).toBeLessThanOrEqual(100);
    expect(skill.currentVersion).toMatch(SEMVER_RE);
  });

  it("has parseable dates with updatedAt >= createdAt", () => {
    const created = expectValidDate(skill.createdAt);
    const updated = expectValidDate(skill.updatedAt);
    expect(updated).toBeGreaterThanOrEqual(created);
    if (skill.certifiedAt !== null) expectValidDate(skill.certifiedAt);
  });

  it("has 1-4 kebab-case labels", () => {
    expect(skill.labels.length).toBeGreaterThanOrEqual(1);
    expect(skill.labels.length).toBeLessThanOrEqual(4);
    for (const label of skill.labels) expect(label).toMatch(SLUG_RE);
  });

  it("has extension points exactly when extensible", () => {
    if (skill.extensible) {
      expect(skill.extensionPoints.length).toBeGreaterThanOrEqual(1);
      expect(skill.extensionPoints.length).toBeLessThanOrEqual(3);
      for (const point of skill.extensionPoints) {
        expect(point.name.trim()).not.toBe("");
        expect(point.description.trim()).not.toBe("");
      }
    } else {
      expect(skill.extensionPoints).toEqual([]);
    }
  });

  it("has in-range trending scores and stars", () => {
    for (const score of [skill.trendingScore7d, skill.trendingScore30d]) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
      expect(Math.round(score * 10) / 10).toBe(score);
    }
    expect(Number.isInteger(skill.githubStars)).toBe(true);
    expect(skill.githubStars).toBeGreaterThanOrEqual(0);
  });

  it("comes from the seed source and is found by name", () => {
    expect(skill.source).toBe("seed");
    expect(findSeedSkill(skill.name)).toBe(skill);
  });
});

describe("findSeedSkill", () => {
  it.each([
    { name: "pdf", author: "anthropics" },
    { name: "test-driven-development", author: "obra" },
  ])("finds $name by $author", ({ name, author }) => {
    const skill = findSeedSkill(name);
    expect(skill).toBeDefined();
    expect(skill?.name).toBe(name);
    expect(skill?.author).toBe(author);
  });

  it.each(["definitely-not-a-seed-skill", "", "PDF", "search"])(
    "returns undefined for %j",
    (name) => {
      expect(findSeedSkill(name)).toBeUndefined();
    },
  );
});
