// "Did you mean": word lookups over an in-memory vocabulary agree with the plain definition
// (prefix of some word; every word within trigram similarity 0.3), and corrections pick the
// closest word, drop hopeless words and leave known ones alone.
import { describe, expect, it } from "vitest";
import { correctSearch, FUZZY_THRESHOLD, similarity, vocabularyLookup } from "@/lib/catalog/search";

const vocabulary = new Set([
  "design", "designer", "designs", "frontend", "front", "helper", "helps", "lint", "linter", "tensor", "tension",
  "ledger", "café", "naïve", "日本語", "a", "ab", "1a", "x9",
]);

describe("vocabularyLookup", () => {
  const lookup = vocabularyLookup(vocabulary);
  it.each(["des", "desing", "frontend", "fronted", "z", "", "tensro", "cafe", "café", "naive", "日本", "1", "lintt", "helpr", "b"])(
    "%j: same answer as a scan of every word",
    (token) => {
      const { known, candidates } = lookup(token);
      expect(known).toBe([...vocabulary].some((w) => w.startsWith(token)));
      const expected = [...vocabulary].filter((w) => similarity(w, token) >= FUZZY_THRESHOLD).sort();
      expect([...candidates].sort()).toEqual(expected);
    },
  );
});

describe("correctSearch", () => {
  const lookup = vocabularyLookup(vocabulary);
  it("replaces an unknown word with the closest catalogue word", () => {
    expect(correctSearch("frontend-desing", lookup)).toBe("frontend design");
    expect(correctSearch("Tensro", lookup)).toBe("tensor");
  });
  it("keeps words that start a catalogue word and drops words with nothing close", () => {
    expect(correctSearch("lint qqqqzz", lookup)).toBe("lint");
    expect(correctSearch("qqqqzz", lookup)).toBeNull();
  });
  it("returns null when every word is known (the search was right, the catalogue has no match)", () => {
    expect(correctSearch("design helper", lookup)).toBeNull();
    expect(correctSearch("%%", lookup)).toBeNull();
  });
  it("never repeats a word (a correction that equals a word already typed)", () => {
    expect(correctSearch("tensro tensor", lookup)).toBe("tensor");
    expect(correctSearch("tensor tensro", lookup)).toBe("tensor");
  });
  it("breaks similarity ties alphabetically", () => {
    const tie = vocabularyLookup(new Set(["abcx", "abcy"]));
    expect(similarity("abcx", "abcz")).toBe(similarity("abcy", "abcz"));
    expect(correctSearch("abcz", tie)).toBe("abcx");
  });
});
