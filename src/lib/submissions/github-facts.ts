/**
 * The GitHub facts a publish records beside the SKILL.md: the repo's stars and default branch
 * (`GET /repos/{owner}/{repo}`) and the commit the default branch points at
 * (`GET /repos/{owner}/{repo}/commits/{branch}`). Every file of the scan is then fetched at that
 * commit, so the version, its finding links and "view source" point at exactly what was scanned. They never fail a publish: GitHub down,
 * a missing answer or a rate limit leaves them unknown (stars keep their last value). A rate
 * limit (`retry-after`, or `x-ratelimit-reset` once `x-ratelimit-remaining` is 0) pauses these
 * calls for every isolate until then, through one KV key.
 */
import { fetchHeadCommit, fetchRepoInfo, type GitHubFact } from "../platform/github";
import { logEvent } from "../platform/log";
import type { RepoRef } from "../catalog/slug";

export const GITHUB_PAUSE_KEY = "github:paused-until";

export interface PublishFacts {
  stars: number | null;
  defaultBranch: string | null;
  commitSha: string | null;
  /** Why some facts are unknown (rate limited, GitHub failing), or null. */
  skipped: string | null;
}

/** Until when GitHub asked us to wait (epoch ms), or 0. */
export async function githubPausedUntil(kv: KVNamespace, now = Date.now()): Promise<number> {
  const until = Number(await kv.get(GITHUB_PAUSE_KEY, "text").catch(() => null));
  return Number.isFinite(until) && until > now ? until : 0;
}

/** Honours a rate limit: no more of these calls, anywhere, until `until`. */
export async function pauseGitHub(kv: KVNamespace, until: number, now = Date.now()): Promise<void> {
  const ttl = Math.max(60, Math.ceil((until - now) / 1000));
  await kv.put(GITHUB_PAUSE_KEY, String(until), { expirationTtl: ttl }).catch((err) => logEvent("warn", "github_pause_write_failed", { error: String(err) }));
  logEvent("warn", "github_rate_limited", { until: new Date(until).toISOString() });
}

/** One fact, or null; a rate-limit answer pauses the calls. */
async function take<T>(kv: KVNamespace, fact: GitHubFact<T> & { pauseUntil?: number }): Promise<{ value: T | null; skipped: string | null }> {
  if (fact.ok) {
    if (fact.pauseUntil) await pauseGitHub(kv, fact.pauseUntil);
    return { value: fact.value, skipped: null };
  }
  if (fact.kind === "rate-limited") {
    await pauseGitHub(kv, fact.until);
    return { value: null, skipped: `GitHub rate limit until ${new Date(fact.until).toISOString()}` };
  }
  return { value: null, skipped: fact.kind === "not-found" ? `GitHub answered ${fact.status}` : fact.message };
}

export async function githubFactsAtPublish(kv: KVNamespace, ref: RepoRef): Promise<PublishFacts> {
  const none = (skipped: string): PublishFacts => ({ stars: null, defaultBranch: null, commitSha: null, skipped });
  try {
    const paused = await githubPausedUntil(kv);
    if (paused) return none(`GitHub rate limit until ${new Date(paused).toISOString()}`);
    const repo = await take(kv, await fetchRepoInfo(ref));
    if (repo.skipped?.startsWith("GitHub rate limit")) return none(repo.skipped);
    // HEAD is the default branch, whatever its name (a "release/2.x" needs no escaping then).
    const commit = await take(kv, await fetchHeadCommit(ref, "HEAD"));
    return {
      stars: repo.value?.stars ?? null,
      defaultBranch: repo.value?.defaultBranch ?? null,
      commitSha: commit.value,
      skipped: repo.skipped ?? commit.skipped,
    };
  } catch (err) {
    return none(`GitHub facts failed: ${String(err)}`);
  }
}
