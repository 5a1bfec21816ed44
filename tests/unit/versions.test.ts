// Version numbers of a skill's published content (issue "Skills that live"): semver checks,
// ordering, the declared version's sources, and what a re-fetched SKILL.md becomes.
import { describe, expect, it } from "vitest";
import { compareSemver, decideVersion, declaredVersion, parseSemver } from "@/lib/catalog/versions";

describe("semver", () => {
  it.each(["1.0.0", "0.0.1", "10.20.30", "1.2.3-beta.1", "1.2.3-rc.1+build.5", "1.2.3+20261202"])("accepts %s", (v) => {
    expect(parseSemver(v)).not.toBeNull();
  });
  it.each(["1", "1.2", "01.2.3", "1.2.3.4", "latest", "v1.2.3", "1.2.3-", "1.2.3-01", "", " 1.2.3", "9".repeat(70) + ".0.0", "99999999999999999999.0.0"])("refuses %j", (v) => {
    expect(parseSemver(v)).toBeNull();
  });
  it("orders by precedence (a pre-release before its release, numeric identifiers numerically)", () => {
    const sorted = ["1.0.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "0.9.9", "1.0.1", "1.10.0", "1.2.0"].sort(compareSemver);
    expect(sorted).toEqual(["0.9.9", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0"]);
    expect(compareSemver("1.2.3+a", "1.2.3+b")).toBe(0);
  });
  it("reads the declared version from frontmatter, else metadata.version", () => {
    expect(declaredVersion({ version: "2.0.0", metadata: { version: "1.0.0" } })).toBe("2.0.0");
    expect(declaredVersion({ metadata: { version: "1.4.0" } })).toBe("1.4.0");
    expect(declaredVersion({ version: "v3.1.0" })).toBe("3.1.0");
    expect(declaredVersion({})).toBeUndefined();
  });
});

describe("decideVersion", () => {
  const v1 = { version: "1.0.0", sha256: "a" };
  it.each([
    ["first publish, nothing declared", { declared: undefined, sha256: "a", current: null, published: [] }, { kind: "new", version: "1.0.0" }],
    ["first publish, declared", { declared: "0.3.0", sha256: "a", current: null, published: [] }, { kind: "new", version: "0.3.0" }],
    ["same content again: nothing new", { declared: undefined, sha256: "a", current: v1, published: [v1] }, { kind: "unchanged", version: "1.0.0" }],
    ["same content, other declared number: still nothing new", { declared: "9.0.0", sha256: "a", current: v1, published: [v1] }, { kind: "unchanged", version: "1.0.0" }],
    ["changed, nothing declared: the patch bumps", { declared: undefined, sha256: "b", current: { version: "1.4.9", sha256: "a" }, published: [] }, { kind: "new", version: "1.4.10" }],
    ["changed, pre-release current: the patch bumps to a release", { declared: undefined, sha256: "b", current: { version: "2.0.0-rc.1", sha256: "a" }, published: [] }, { kind: "new", version: "2.0.1" }],
    ["changed, an old record's non-semver current: starts at 1.0.0", { declared: undefined, sha256: "b", current: { version: "1.0", sha256: "a" }, published: [] }, { kind: "new", version: "1.0.0" }],
    ["changed, declared higher", { declared: "1.1.0", sha256: "b", current: v1, published: [v1] }, { kind: "new", version: "1.1.0" }],
    ["changed, declared a pre-release of the next", { declared: "2.0.0-beta.1", sha256: "b", current: v1, published: [v1] }, { kind: "new", version: "2.0.0-beta.1" }],
    ["content pending (listed before versions were kept): the content is the current number's", { declared: undefined, sha256: "b", current: { version: "1.3.0", sha256: "" }, published: [] }, { kind: "new", version: "1.3.0" }],
    ["content pending, declaring the current number", { declared: "1.3.0", sha256: "b", current: { version: "1.3.0", sha256: "" }, published: [] }, { kind: "new", version: "1.3.0" }],
    ["content pending, declaring a higher number", { declared: "2.0.0", sha256: "b", current: { version: "1.3.0", sha256: "" }, published: [] }, { kind: "new", version: "2.0.0" }],
    ["content pending but versions are known (Postgres could not list them): the patch bumps", { declared: undefined, sha256: "b", current: { version: "1.3.0", sha256: "" }, published: [{ version: "1.3.0", sha256: "" }] }, { kind: "new", version: "1.3.1" }],
  ] as const)("%s", (_label, input, want) => {
    expect(decideVersion(input)).toEqual(want);
  });
  it.each([
    ["not semver", { declared: "1.2", sha256: "b", current: v1, published: [v1] }, /not semver/],
    ["not semver at all", { declared: "latest", sha256: "a", current: null, published: [] }, /not semver/],
    ["already published with other content", { declared: "1.0.0", sha256: "b", current: v1, published: [v1] }, /already published with other content/],
    ["lower than the current", { declared: "0.9.0", sha256: "b", current: v1, published: [v1] }, /lower than the current version 1.0.0/],
    ["content pending, declaring a lower number", { declared: "1.0.0", sha256: "b", current: { version: "1.3.0", sha256: "" }, published: [] }, /lower than the current version 1.3.0/],
    ["an older version's content under its old number", { declared: "1.0.0", sha256: "a", current: { version: "1.1.0", sha256: "c" }, published: [v1, { version: "1.1.0", sha256: "c" }] }, /lower than the current/],
  ] as const)("refuses: %s", (_label, input, reason) => {
    const d = decideVersion(input);
    expect(d.kind).toBe("refused");
    expect(d.kind === "refused" && d.reason).toMatch(reason);
  });
});
