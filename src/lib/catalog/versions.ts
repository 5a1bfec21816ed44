/**
 * A skill's version numbers. Each published content change is a version; the same content is
 * never a new one.
 * - A declared version (frontmatter `version`, else `metadata.version` as the Agent Skills format
 *   puts it) must be semver (MAJOR.MINOR.PATCH, with an optional pre-release and build), higher
 *   than the current version, and not already published with other content.
 * - Without a declaration the first version is 1.0.0 and each content change bumps the patch.
 * - A refused or rejected update uses no number.
 */

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export const FIRST_VERSION = "1.0.0";
export const VERSION_MAX_CHARS = 64;

export interface Semver {
  major: number;
  minor: number;
  patch: number;
  pre: string[];
}

export function parseSemver(v: string): Semver | null {
  if (v.length > VERSION_MAX_CHARS) return null;
  const m = SEMVER.exec(v);
  if (!m) return null;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (![major, minor, patch].every(Number.isSafeInteger)) return null;
  return { major, minor, patch, pre: m[4] ? m[4].split(".") : [] };
}

/** Semver precedence (build metadata ignored): negative when a < b. Both must parse. */
export function compareSemver(a: string, b: string): number {
  const x = parseSemver(a)!;
  const y = parseSemver(b)!;
  for (const k of ["major", "minor", "patch"] as const) if (x[k] !== y[k]) return x[k] - y[k];
  // A pre-release sorts before its release; identifiers compare numerically, then as text.
  if (x.pre.length === 0 || y.pre.length === 0) return y.pre.length - x.pre.length;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const [p, q] = [x.pre[i], y.pre[i]];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const [pn, qn] = [/^\d+$/.test(p), /^\d+$/.test(q)];
    if (pn && qn && Number(p) !== Number(q)) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/** The version a SKILL.md declares: frontmatter `version`, else `metadata.version`; undefined when none. */
export function declaredVersion(fm: { version?: string; metadata?: Record<string, string> }): string | undefined {
  const v = fm.version ?? fm.metadata?.version;
  return v === undefined ? undefined : v.trim().replace(/^v(?=\d)/, "");
}

export type VersionDecision =
  | { kind: "unchanged"; version: string }
  | { kind: "new"; version: string }
  | { kind: "refused"; reason: string };

/**
 * What a fetched SKILL.md is: the current version again, a new version (its number), or refused.
 * `published` are the skill's published versions (number and content hash); `current` the listed one.
 */
export function decideVersion(input: {
  declared: string | undefined;
  sha256: string;
  current: { version: string; sha256: string } | null;
  published: readonly { version: string; sha256: string }[];
}): VersionDecision {
  const { declared, sha256, current, published } = input;
  if (current && current.sha256 === sha256) return { kind: "unchanged", version: current.version };
  // Content pending (a skill listed before versions were kept: its number, no stored text): the
  // first content fetched is that version's, unless it declares a higher one.
  if (current && current.sha256 === "" && published.length === 0 && parseSemver(current.version)) {
    if (declared === undefined || declared === current.version) return { kind: "new", version: current.version };
  }
  if (declared === undefined) {
    if (!current) return { kind: "new", version: FIRST_VERSION };
    const c = parseSemver(current.version);
    // A current version that is not semver (an old record's "1.0"): the first bump starts over.
    return { kind: "new", version: c ? `${c.major}.${c.minor}.${c.patch + 1}` : FIRST_VERSION };
  }
  if (!parseSemver(declared)) {
    return { kind: "refused", reason: `version "${declared.slice(0, VERSION_MAX_CHARS)}" is not semver: declare MAJOR.MINOR.PATCH, e.g. "1.2.3"` };
  }
  const taken = published.find((v) => v.version === declared);
  if (taken && taken.sha256 !== sha256) {
    return { kind: "refused", reason: `version ${declared} is already published with other content: declare a higher version for this change` };
  }
  // (An older version's own content again is lower than the current one: refused below.)
  if (current && parseSemver(current.version) && compareSemver(declared, current.version) <= 0) {
    return { kind: "refused", reason: `version ${declared} is lower than the current version ${current.version}: versions only go up` };
  }
  return { kind: "new", version: declared };
}
