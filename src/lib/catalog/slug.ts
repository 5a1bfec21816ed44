/**
 * Skill slugs. The current rule (never to change again, FR-002): lowercase, every run of
 * non-alphanumerics becomes "-", trimmed of "-". When that slug is held by a skill from another
 * repo, `{owner}-{slug}`, then `{owner}-{repo}-{slug}`, then a numeric suffix.
 *
 * Two legacy formats still exist in KV and resolve through `skill:alias:*`:
 * - "bare": the skill name as submitted, only trimmed (e.g. "Frontend_Design");
 * - "owner-repo": `{owner}-{repo}-{name}` for every skill, lowercased.
 */

export const SLUG_MAX_LENGTH = 96;

/** Slugs that collide with routes under /skills and /api/v1/skills: always treated as taken. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "categories",
  "search",
  "new",
  "api",
  "admin",
  "submit",
  "health",
]);

const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The current rule applied to any text. Returns "" when nothing alphanumeric is left. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/g, "");
}

/** True when `slug` is in the current format (not whether it is free). */
export function isCurrentFormatSlug(slug: string): boolean {
  return slug.length <= SLUG_MAX_LENGTH && SLUG_RE.test(slug);
}

export interface RepoRef {
  owner: string;
  repo: string;
}

/** The candidates `makeSlug` tries, in order, before numeric suffixes. */
export function slugCandidates(skillName: string, ref: RepoRef): string[] {
  const base = slugify(skillName);
  if (!base) return [];
  return unique([base, slugify(`${ref.owner}-${base}`), slugify(`${ref.owner}-${ref.repo}-${base}`)]);
}

/**
 * Who holds a slug now: the repoUrl of its holder, or null when free. Reserved slugs never reach it.
 * Returning the holder's repo (not just "taken") lets a republish of the same skill keep its slug.
 */
export type SlugHolderLookup = (slug: string) => Promise<string | null> | string | null;

/**
 * The slug for a skill of `repoUrl`: the first candidate that is free or already held by the same
 * repo. Throws on a name with no alphanumerics (callers validate names first).
 */
export async function makeSlug(
  skillName: string,
  ref: RepoRef,
  holderOf: SlugHolderLookup,
): Promise<string> {
  const repoUrl = repoUrlOf(ref);
  const candidates = slugCandidates(skillName, ref);
  if (candidates.length === 0) throw new Error(`skill name "${skillName}" has no letters or digits`);
  const fallback = candidates[candidates.length - 1]!;
  for (let i = 0; i < candidates.length + 50; i++) {
    const slug = i < candidates.length ? candidates[i]! : `${fallback}-${i - candidates.length + 2}`;
    if (RESERVED_SLUGS.has(slug)) continue;
    const holder = await holderOf(slug);
    if (holder === null || sameRepo(holder, repoUrl)) return slug;
  }
  throw new Error(`no free slug for "${skillName}" from ${repoUrl}`);
}

/** Legacy format 1: the name as submitted, trimmed. */
export function legacyBareSlug(skillName: string): string {
  return skillName.trim();
}

/** Legacy format 2: `{owner}-{repo}-{name}`, lowercased, spaces as "-". */
export function legacyOwnerRepoSlug(skillName: string, ref: RepoRef): string {
  return `${ref.owner}-${ref.repo}-${skillName.trim()}`.toLowerCase().replace(/\s+/g, "-");
}

export type SlugFormat = "current" | "legacy-bare" | "legacy-owner-repo" | "unknown";

/**
 * Which format a stored key slug is in, given the record it holds. A key that is one of the
 * current candidates is current; otherwise the legacy shapes are recognised.
 */
export function detectSlugFormat(slug: string, skillName: string, ref: RepoRef): SlugFormat {
  const candidates = slugCandidates(skillName, ref);
  const last = candidates[candidates.length - 1];
  if (candidates.includes(slug) || (last !== undefined && new RegExp(`^${last}-\\d+$`).test(slug))) {
    return "current";
  }
  if (slug === legacyBareSlug(skillName)) return "legacy-bare";
  if (slug === legacyOwnerRepoSlug(skillName, ref)) return "legacy-owner-repo";
  return "unknown";
}

const REPO_URL_RE = /^https:\/\/github\.com\/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/** Parses `https://github.com/{owner}/{repo}` (no trailing slash, no .git); null otherwise. */
export function parseRepoUrl(url: string): RepoRef | null {
  const m = REPO_URL_RE.exec(url);
  if (!m) return null;
  const repo = m[2]!;
  if (repo === "." || repo === ".." || repo.endsWith(".git")) return null;
  return { owner: m[1]!, repo };
}

export function repoUrlOf(ref: RepoRef): string {
  return `https://github.com/${ref.owner}/${ref.repo}`;
}

function sameRepo(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** "owner/repo" of a repo URL (the URL itself when it is not a GitHub repo URL). */
export function repoLabel(repoUrl: string): string {
  const ref = parseRepoUrl(repoUrl);
  return ref ? `${ref.owner}/${ref.repo}` : repoUrl;
}
