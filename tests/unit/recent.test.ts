// The per-isolate memo of repeated pure work on the read path: bounded, most recent kept, and
// the results it shares are frozen so no request can change another's.
import { describe, expect, it } from "vitest";
import { MAX_KEY_LENGTH, recentResults } from "@/lib/platform/recent";
import { parseSkillQuery } from "@/lib/catalog/listing-query";
import { overlayMatches } from "@/lib/catalog/overlay";
import { SEED } from "@/lib/data";

describe("recentResults", () => {
  it("makes a value once per key and keeps the most recently used", () => {
    const made: string[] = [];
    const recent = recentResults<string>(2);
    const get = (k: string) => recent(k, () => (made.push(k), k.toUpperCase()));
    expect([get("a"), get("b"), get("a")]).toEqual(["A", "B", "A"]);
    get("c"); // evicts b, the least recently used
    get("a");
    get("b");
    expect(made).toEqual(["a", "b", "c", "b"]);
  });

  it("keeps nothing for a key longer than MAX_KEY_LENGTH (what a client sends cannot grow it)", () => {
    let made = 0;
    const recent = recentResults<number>(4);
    const long = "x".repeat(MAX_KEY_LENGTH + 1);
    expect(recent(long, () => ++made)).toBe(1);
    expect(recent(long, () => ++made)).toBe(2);
    const short = "x".repeat(MAX_KEY_LENGTH);
    expect(recent(short, () => ++made)).toBe(3);
    expect(recent(short, () => ++made)).toBe(3);
  });

  it("keeps nothing when making the value throws", () => {
    const recent = recentResults<number>(4);
    let calls = 0;
    const fail = () => {
      calls++;
      throw new Error("bad");
    };
    expect(() => recent("k", fail)).toThrow("bad");
    expect(() => recent("k", fail)).toThrow("bad");
    expect(calls).toBe(2);
    expect(recent("k", () => 7)).toBe(7);
  });
});

describe("the read path's repeated work", () => {
  it("parses a query once and shares it frozen; a bad query fails every time", () => {
    const a = parseSkillQuery(new URLSearchParams("category=frontend&page=2&b=123"));
    const b = parseSkillQuery(new URLSearchParams("page=2&category=frontend&b=456"));
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(a).toMatchObject({ category: "frontend", page: 2, sortBy: "trending", sortDir: "desc", limit: 24 });
    expect(parseSkillQuery(new URLSearchParams("category=frontend&page=3"))).not.toBe(a);
    expect(() => parseSkillQuery(new URLSearchParams("page=0"))).toThrow(/at least 1/);
    expect(() => parseSkillQuery(new URLSearchParams("page=0"))).toThrow(/at least 1/);
  });

  it("orders the seed for a query once, per query", () => {
    const q = parseSkillQuery(new URLSearchParams(""));
    const first = overlayMatches(SEED, q);
    expect(overlayMatches(SEED, q)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first.every((r) => Object.isFrozen(r))).toBe(true); // each shared match too, not only the list
    expect(first.length).toBe(SEED.skills.length);
    const byName = overlayMatches(SEED, parseSkillQuery(new URLSearchParams("sortBy=name")));
    expect(byName).not.toBe(first);
    expect(byName.map((r) => r.skill.name)).toEqual([...SEED.skills.map((s) => s.name)].sort());
    const searched = overlayMatches(SEED, parseSkillQuery(new URLSearchParams("search=pdf")));
    expect(searched.length).toBeGreaterThan(0);
    expect(searched.length).toBeLessThan(first.length);
  });
});
