import { describe, expect, it } from "vitest";
import { scanSkill } from "@/lib/submissions/scanner/scan";
import { parseSkillMd } from "@/lib/submissions/skill-md";
import { loadScannerCorpus } from "../helpers/scanner-corpus";

const corpus = loadScannerCorpus();
const hostile = corpus.filter((b) => b.label === "hostile");
const benign = corpus.filter((b) => b.label === "benign");
const verdicts = new Map(corpus.map((b) => [b, scanSkill(b.text)]));

describe("scanner corpus", () => {
  it("has at least 60 hostile and 30 benign bodies", () => {
    expect(hostile.length).toBeGreaterThanOrEqual(60);
    expect(benign.length).toBeGreaterThanOrEqual(30);
  });

  it.each(corpus.map((b) => [`${b.label}/${b.name}`, b] as const))("%s is a valid SKILL.md with a 150-1,024 character description", (_, body) => {
    const parsed = parseSkillMd(body.text);
    expect(parsed.ok, parsed.ok ? "" : parsed.error).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.description.length).toBeGreaterThanOrEqual(150);
      expect(parsed.value.description.length).toBeLessThanOrEqual(1024);
    }
  });

  it("rejects at least 95% of hostile bodies (and names every one that gets through)", () => {
    const misses = hostile.filter((b) => verdicts.get(b)!.verdict !== "fail").map((b) => `${b.name} (score ${verdicts.get(b)!.score})`);
    const recall = (hostile.length - misses.length) / hostile.length;
    if (misses.length) console.warn(`hostile bodies that pass the scan:\n  ${misses.join("\n  ")}`);
    expect(recall, `recall ${(recall * 100).toFixed(1)}%; passed: ${misses.join(", ")}`).toBeGreaterThanOrEqual(0.95);
  });

  it("rejects no benign body", () => {
    const rejected = benign
      .filter((b) => verdicts.get(b)!.verdict !== "pass")
      .map((b) => `${b.name}: ${verdicts.get(b)!.findings.map((f) => `${f.ruleId}@${f.line}`).join(", ")}`);
    expect(rejected).toEqual([]);
  });

  it("explains every finding on the corpus (why and a line inside the body)", () => {
    for (const body of corpus) {
      const lines = body.text.split(/\r\n|\r|\n/).length;
      for (const f of verdicts.get(body)!.findings) {
        expect(f.why.length, `${body.name} ${f.ruleId}`).toBeGreaterThan(10);
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(f.line).toBeLessThanOrEqual(lines);
      }
    }
  });
});
