/**
 * The GitHub REST calls the app makes, against GITHUB_API_URL (the public API by default; a local
 * fake in tests): file contents and folder listings, code search for discovery, and the repo's
 * facts (stars, default branch) and the commit its default branch points at, at publish. Failures are classified so the queue can ack
 * permanent ones and retry transient ones; a rate-limit answer says until when (`retry-after`,
 * or `x-ratelimit-reset` when `x-ratelimit-remaining` is 0). Redirects are followed: GitHub
 * answers a renamed repo's old name with a 301 to the new one.
 */
import { getEnv } from "./env";
import type { RepoRef } from "../catalog/slug";

export type FetchFileResult =
  /** `sha`: the file's git blob SHA as GitHub reports it (what code search reports too). */
  | { ok: true; content: string; path: string; sha: string | null; size: number }
  | { ok: false; kind: "not-found"; status: number }
  /** `until`: GitHub rate-limited us until then (epoch ms). */
  | { ok: false; kind: "transient"; status: number; message: string; until?: number };

const TIMEOUT_MS = 10_000;

function headers(): HeadersInit {
  const env = getEnv();
  return {
    accept: "application/vnd.github+json",
    "user-agent": "skill-marketplace",
    "x-github-api-version": "2022-11-28",
    ...(env.GITHUB_TOKEN ? { authorization: `Bearer ${env.GITHUB_TOKEN}` } : {}),
  };
}

/** GET /repos/{owner}/{repo}/contents/{path}, decoded as UTF-8 (at commit `at`, else the default branch). */
export async function fetchRepoFile(ref: RepoRef, path: string, at?: string | null): Promise<FetchFileResult> {
  // Never let a path leave /repos/{owner}/{repo}/contents/ (URL normalisation resolves "..").
  if (path.split("/").some((seg) => seg === "" || seg === "." || seg === "..")) return { ok: false, kind: "not-found", status: 404 };
  const base = getEnv().GITHUB_API_URL.replace(/\/+$/, "");
  const encodedPath = path.split("/").map(encodeURIComponent).join("/");
  const url = `${base}/repos/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.repo)}/contents/${encodedPath}${at ? `?ref=${encodeURIComponent(at)}` : ""}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: headers(), signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    return { ok: false, kind: "transient", status: 0, message: `GitHub unreachable: ${String(err)}` };
  }
  // Gone: not there (404), removed (410), or taken down for legal reasons (451).
  if (res.status === 404 || res.status === 410 || res.status === 451) {
    await res.body?.cancel();
    return { ok: false, kind: "not-found", status: res.status };
  }
  if (!res.ok) {
    await res.body?.cancel();
    const until = rateLimitedUntil(res);
    return { ok: false, kind: "transient", status: res.status, message: `GitHub answered ${res.status}`, ...(until !== null ? { until } : {}) };
  }
  const body = (await res.json().catch(() => undefined)) as { type?: string; encoding?: string; content?: string; sha?: unknown; size?: unknown } | null | undefined;
  // A cut-off or foreign answer (a proxy's page) says nothing about the file: try again later.
  if (body === undefined || body === null || typeof body !== "object") return { ok: false, kind: "transient", status: res.status, message: "GitHub's answer was not the JSON it sends" };
  // A folder, a symlink or a submodule at that path: there is no file to read.
  if (Array.isArray(body) || body.type !== "file" || typeof body.content !== "string") return { ok: false, kind: "not-found", status: 404 };
  const content = body.encoding === "base64" ? decodeBase64Utf8(body.content) : body.content;
  // Over 1 MB the contents API sends no content (encoding "none"): the size tells.
  const size = typeof body.size === "number" && Number.isFinite(body.size) ? body.size : new TextEncoder().encode(content).length;
  return { ok: true, content, path, sha: gitObjectId(body.sha), size };
}

export interface CodeSearchItem {
  path: string;
  repoFullName: string;
  /** The file's git blob SHA: it changes when the file does. */
  sha: string | null;
}

/** GET /search/code?q=… (one page); transient failures throw. */
export async function searchCode(query: string, page = 1, perPage = 100): Promise<{ total: number; items: CodeSearchItem[] }> {
  const base = getEnv().GITHUB_API_URL.replace(/\/+$/, "");
  const url = `${base}/search/code?q=${encodeURIComponent(query)}&per_page=${perPage}&page=${page}`;
  const res = await fetch(url, { headers: headers(), signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!res.ok) throw new Error(`GitHub code search answered ${res.status}`);
  const body = (await res.json()) as { total_count: number; items: { path: string; sha?: unknown; repository: { full_name: string } }[] };
  return {
    total: body.total_count,
    items: body.items.map((i) => ({
      path: i.path,
      repoFullName: i.repository.full_name,
      sha: gitObjectId(i.sha),
    })),
  };
}

/** A git object id (SHA-1, or SHA-256 in repos that use it), else null: GitHub's answer is input too. */
function gitObjectId(value: unknown): string | null {
  return typeof value === "string" && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(value) ? value : null;
}

export type GitHubFact<T> =
  | { ok: true; value: T }
  | { ok: false; kind: "not-found"; status: number }
  | { ok: false; kind: "rate-limited"; status: number; until: number }
  | { ok: false; kind: "transient"; status: number; message: string };

/** When a rate-limited answer lets us call again (epoch ms), or null when it is not one. */
export function rateLimitedUntil(res: Response, now = Date.now()): number | null {
  const retryAfter = Number(res.headers.get("retry-after"));
  const limited = res.status === 429 || res.status === 403;
  if (limited && Number.isFinite(retryAfter) && retryAfter > 0) return now + Math.min(retryAfter, 3600) * 1000;
  if ((limited || res.ok) && res.headers.get("x-ratelimit-remaining") === "0") {
    const reset = Number(res.headers.get("x-ratelimit-reset")) * 1000;
    return Number.isFinite(reset) && reset > now ? Math.min(reset, now + 3600_000) : now + 60_000;
  }
  return res.status === 429 ? now + 60_000 : null;
}

async function getFact<T>(path: string, read: (body: unknown) => T | null): Promise<GitHubFact<T> & { pauseUntil?: number }> {
  const base = getEnv().GITHUB_API_URL.replace(/\/+$/, "");
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, { headers: headers(), signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    return { ok: false, kind: "transient", status: 0, message: `GitHub unreachable: ${String(err)}` };
  }
  const until = rateLimitedUntil(res);
  if (!res.ok) {
    await res.body?.cancel();
    if (until !== null) return { ok: false, kind: "rate-limited", status: res.status, until };
    if (res.status === 404 || res.status === 409) return { ok: false, kind: "not-found", status: res.status };
    return { ok: false, kind: "transient", status: res.status, message: `GitHub answered ${res.status}` };
  }
  const value = read(await res.json().catch(() => null));
  if (value === null) return { ok: false, kind: "transient", status: res.status, message: "GitHub's answer had an unexpected shape" };
  return { ok: true, value, ...(until !== null ? { pauseUntil: until } : {}) };
}

export interface RepoInfo {
  /** "owner/repo" as GitHub spells it now (another name when the repo was renamed). */
  fullName: string;
  stars: number;
  defaultBranch: string;
}

/** GET /repos/{owner}/{repo}: stars and default branch. */
export function fetchRepoInfo(ref: RepoRef) {
  return getFact<RepoInfo>(`/repos/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.repo)}`, (body) => {
    const b = body as { full_name?: unknown; stargazers_count?: unknown; default_branch?: unknown } | null;
    if (!b || typeof b.stargazers_count !== "number" || !Number.isFinite(b.stargazers_count)) return null;
    return {
      fullName: typeof b.full_name === "string" ? b.full_name.slice(0, 200) : `${ref.owner}/${ref.repo}`,
      stars: Math.max(0, Math.min(Math.trunc(b.stargazers_count), 2_000_000_000)),
      defaultBranch: typeof b.default_branch === "string" ? b.default_branch.slice(0, 255) : "HEAD",
    };
  });
}

/** GET /repos/{owner}/{repo}/commits/{ref}: the commit a branch points at now. */
export function fetchHeadCommit(ref: RepoRef, branch: string) {
  return getFact<string>(`/repos/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.repo)}/commits/${encodeURIComponent(branch)}`, (body) =>
    gitObjectId((body as { sha?: unknown } | null)?.sha),
  );
}

export interface DirEntry {
  name: string;
  /** The path in the repo. */
  path: string;
  type: "file" | "dir" | "other";
  size: number;
}

/** GET /repos/{owner}/{repo}/contents/{dir}: the folder's entries (a missing folder: not-found). */
export function listRepoDir(ref: RepoRef, dir: string, at?: string | null) {
  const segments = dir.split("/").filter(Boolean);
  if (segments.some((seg) => seg === "." || seg === "..")) return Promise.resolve({ ok: false as const, kind: "not-found" as const, status: 404 });
  const q = at ? `?ref=${encodeURIComponent(at)}` : "";
  return getFact<DirEntry[]>(`/repos/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.repo)}/contents/${segments.map(encodeURIComponent).join("/")}${q}`, (body) => {
    if (!Array.isArray(body)) return null; // a file, not a folder
    return body.slice(0, 1000).flatMap((e: { name?: unknown; path?: unknown; type?: unknown; size?: unknown }) =>
      typeof e?.name === "string" && typeof e.path === "string"
        ? [{ name: e.name, path: e.path, type: e.type === "file" ? ("file" as const) : e.type === "dir" ? ("dir" as const) : ("other" as const), size: typeof e.size === "number" ? e.size : 0 }]
        : [],
    );
  });
}

function decodeBase64Utf8(b64: string): string {
  const binary = atob(b64.replace(/\s+/g, ""));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
