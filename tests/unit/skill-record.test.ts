import { describe, expect, it } from "vitest";
import { parseSkillRecord, parseSummary, summarize, summarySchema } from "@/lib/catalog/kv/skill-record";
import { makeRecord } from "../helpers/skills";

const valid = summarize(makeRecord(1));

describe("parseSummary agrees with summarySchema", () => {
  const cases: [string, unknown][] = [
    ["a summary", valid],
    ["null", null],
    ["a string", "x"],
    ["wrong version", { ...valid, v: 2 }],
    ["empty slug", { ...valid, slug: "" }],
    ["missing author", { ...valid, author: undefined }],
    ["numeric description", { ...valid, description: 5 }],
    ["string score", { ...valid, certScore: "90" }],
    ["unknown tier", { ...valid, certTier: "GOLD" }],
    ["unknown method", { ...valid, certMethod: "VIBES" }],
    ["string extensible", { ...valid, extensible: "true" }],
  ];
  it.each(cases)("%s", (_, input) => {
    expect(parseSummary(input) !== null).toBe(summarySchema.safeParse(input).success);
  });
});

describe("summarize", () => {
  it("stays within KV's 1,024-byte metadata limit whatever the text", () => {
    const huge = makeRecord(2, { description: "描述".repeat(2000), displayName: "Ünïcödé ".repeat(40) });
    const s = summarize(huge);
    expect(new TextEncoder().encode(JSON.stringify(s)).length).toBeLessThanOrEqual(1024);
    expect(s.slug).toBe(huge.name);
  });

  it("fits even when control characters grow six-fold in JSON and other fields are long", () => {
    const nasty = makeRecord(3, { description: "\u0001".repeat(3000), displayName: "\u0002".repeat(300), author: "a".repeat(500), category: "c".repeat(500) });
    expect(new TextEncoder().encode(JSON.stringify(summarize(nasty))).length).toBeLessThanOrEqual(1024);
  });
});

describe("parseSkillRecord", () => {
  it.each([
    ["not JSON", "{", "value is not JSON"],
    ["no repoUrl", JSON.stringify({ name: "x" }), "repoUrl"],
    ["a foreign host", JSON.stringify({ repoUrl: "https://gitlab.com/a/b" }), "repoUrl: must be https://github.com/{owner}/{repo}"],
    ["a bad tier", JSON.stringify({ repoUrl: "https://github.com/a/b", certTier: "GOLD" }), "certTier"],
  ])("reports %s", (_, value, message) => {
    const r = parseSkillRecord("x", value);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });

  it("fills a legacy record from what it has; the key's slug is the name", () => {
    const r = parseSkillRecord("Old_Slug", JSON.stringify({ name: "Old Skill", repoUrl: "https://github.com/alice/kit", publishedAt: "2025-01-02T00:00:00.000Z" }));
    expect(r.ok && r.record).toMatchObject({
      name: "Old_Slug",
      skillName: "Old Skill",
      displayName: "Old Skill",
      author: "alice",
      category: "development",
      certTier: "SCANNED",
      createdAt: "2025-01-02T00:00:00.000Z",
    });
  });
});
