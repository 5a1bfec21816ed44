// The streaming listing (the KV fallback at any size) must answer every query exactly as the
// in-memory engine does over the whole catalogue, while keeping only the page's window.
import { describe, expect, it } from "vitest";
import { createListingFold, querySkills, withDefaults, type SkillQuery } from "@/lib/catalog/listing-query";
import { skillFromKvRecord } from "@/lib/catalog/kv/skill-record";
import { balancedBounds, compareUtf8, DEFAULT_BOUNDS, digestOf, shardOf, shardsFor } from "@/lib/catalog/kv/index-shards";
import { catalogueRecord, VOCABULARY } from "../helpers/skills";

const catalogue = Array.from({ length: 3000 }, (_, i) => skillFromKvRecord(catalogueRecord(i)));

function folded(q: SkillQuery) {
  const fold = createListingFold(q);
  for (const s of catalogue) fold.add(s);
  return fold;
}

describe("createListingFold", () => {
  const queries: Partial<SkillQuery>[] = [
    {},
    { page: 3, limit: 50 },
    { page: 60, limit: 50 },
    { category: "testing", sortBy: "stars" },
    { certTier: "VERIFIED", sortBy: "name" },
    { sortBy: "name", sortDir: "desc", page: 2 },
    { sortBy: "newest" },
    { search: VOCABULARY[0] },
    { search: VOCABULARY[40], page: 2, limit: 10 },
    { search: catalogueRecord(1234).name },
    { extensible: true, limit: 100 },
  ];
  for (const raw of queries) {
    it(`matches querySkills for ${JSON.stringify(raw)}`, () => {
      const q = withDefaults(raw);
      const want = querySkills(catalogue, q);
      const got = folded(q).page();
      expect(got.total).toBe(want.total);
      expect(got.skills.map((s) => s.name)).toEqual(want.skills.map((s) => s.name));
    });
  }

  it("counts every category, whatever the filter", () => {
    const counts = folded(withDefaults({ category: "testing" })).categories();
    const want = new Map<string, number>();
    for (const s of catalogue) want.set(s.category, (want.get(s.category) ?? 0) + 1);
    expect(counts).toEqual(want);
  });

  it("collects the vocabulary only for searches", () => {
    expect(folded(withDefaults({})).vocabulary().size).toBe(0);
    expect(folded(withDefaults({ search: "zzzz" })).vocabulary().size).toBeGreaterThan(500);
  });
});

describe("index shards", () => {
  it("orders like KV (UTF-8 bytes), not like JavaScript (UTF-16)", () => {
    expect(compareUtf8("a\uffff", "a\u{1f600}")).toBeLessThan(0); // JS's < says the opposite
    expect("a\uffff" < "a\u{1f600}").toBe(false);
    expect(compareUtf8("abc", "abd")).toBeLessThan(0);
    expect(compareUtf8("ab", "abc")).toBeLessThan(0);
  });

  it("cuts a catalogue into balanced shards of ~200, at most 256", () => {
    expect(shardsFor(0)).toBe(1);
    expect(shardsFor(5000)).toBe(25);
    expect(shardsFor(150_000)).toBe(256);
    const slugs = catalogue.map((s) => s.name).sort(compareUtf8);
    const bounds = balancedBounds(slugs);
    const sizes = new Array(bounds.length + 1).fill(0);
    for (const s of slugs) sizes[shardOf(bounds, s)]++;
    expect(sizes).toHaveLength(15);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(2);
  });

  it("places every slug in exactly one shard, in order", () => {
    expect([...DEFAULT_BOUNDS].sort(compareUtf8)).toEqual(DEFAULT_BOUNDS);
    expect(shardOf(DEFAULT_BOUNDS, "")).toBe(0);
    expect(shardOf(DEFAULT_BOUNDS, "zzzz")).toBe(DEFAULT_BOUNDS.length);
    let last = 0;
    for (const s of catalogue.map((x) => x.name).sort(compareUtf8)) {
      const i = shardOf(DEFAULT_BOUNDS, s);
      expect(i).toBeGreaterThanOrEqual(last);
      last = i;
    }
  });

  it("digests a set: order does not matter, a changed version does", () => {
    const a = [{ slug: "x", updatedAt: "1" }, { slug: "y", updatedAt: "2" }];
    expect(digestOf(a)).toEqual(digestOf([...a].reverse()));
    expect(digestOf(a)).not.toEqual(digestOf([a[0]!, { slug: "y", updatedAt: "3" }]));
    expect(digestOf([])).toEqual({ count: 0, digest: "0000000000000000" });
  });
});
