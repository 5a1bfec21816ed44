import { describe, expect, it } from "vitest";
import { describeDrift, isDrift } from "@/lib/operations/drift";

describe("AC-US7-02: drift thresholds (more than 10 skills or more than 5%)", () => {
  it.each([
    [100, 100, false],
    [100, 95, false], // 5 skills, 5%: neither exceeded
    [100, 94, true], // 6%
    [1000, 989, true], // 11 skills (1.1%)
    [1000, 990, false], // 10 skills, 1%
    [3, 2, true], // 33%
    [0, 0, false],
    [0, 1, true],
    [50_000, 49_990, false],
    [50_000, 49_989, true],
  ])("%i vs %i -> %s", (a, b, drift) => {
    expect(isDrift(a, b)).toBe(drift);
    expect(isDrift(b, a)).toBe(drift);
  });

  it("describes the shorter side and samples at most 10 slugs each way", () => {
    const d = describeDrift(
      { source: "prisma", count: 50, onlyHere: ["x"] },
      { source: "kv_enumerated", count: 80, onlyHere: Array.from({ length: 30 }, (_, i) => `s${i}`) },
    )!;
    expect(d).toMatchObject({ short: "prisma", difference: 30, percent: 37.5, extra_sample: ["x"] });
    expect(d.missing_sample).toHaveLength(10);
    expect(describeDrift({ source: "prisma", count: 5, onlyHere: [] }, { source: "kv_index", count: 5, onlyHere: [] })).toBeNull();
  });
});

import { decodeCursor, encodeCursor, keyAfter } from "@/lib/operations/rebuild-cursor";
describe("rebuild cursor key order (UTF-8 bytes, as KV lists)", () => {
  it.each([
    ["skill:b", "skill:a", true],
    ["skill:a", "skill:a", false],
    ["skill:ab", "skill:a", true],
    ["skill:a", null, true],
    ["skill:Z", "skill:a", false], // uppercase sorts first
    ["skill:\u{1F680}", "skill:\uFFFF", true], // astral code points sort after the BMP in UTF-8
  ])("%j after %j: %s", (key, done, after) => {
    expect(keyAfter(key, done)).toBe(after);
  });
});

describe("rebuild cursors", () => {
  it("round-trip keys outside Latin-1", () => {
    const c = { c: "opaque", k: "skill:日本-🚀", f: false };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });
  it.each(["bm9wZQ", "!!!", btoa(JSON.stringify({ c: 1 }))])("rejects %j with a 400", (text) => {
    expect(() => decodeCursor(text)).toThrow(/cursor: not a cursor/);
  });
});
