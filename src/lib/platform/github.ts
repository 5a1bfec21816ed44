/**
 * The two GitHub REST calls the app makes, against GITHUB_API_URL (the public API by default; a
 * local fake in tests): file contents, and code search for discovery. Failures are classified so
 * the queue can ack permanent ones and retry transient ones.
 */
import { getEnv } from "./env";
import type { RepoRef } from "../catalog/slug";

export type FetchFileResult =
  /** `sha`: the file's git blob SHA as GitHub reports it (what code search reports too). */
  | { ok: true; content: string; path: string; sha: string | null }
  | { ok: false; kind: "not-found"; status: 404 }
  | { ok: false; kind: "transient"; status: number; message: string };

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

/** GET /repos/{owner}/{repo}/contents/{path}, decoded as UTF-8. */
export async function fetchRepoFile(ref: RepoRef, path: string): Promise<FetchFileResult> {
  // Never let a path leave /repos/{owner}/{repo}/contents/ (URL normalisation resolves "..").
  if (path.split("/").some((seg) => seg === "" || seg === "." || seg === "..")) return { ok: false, kind: "not-found", status: 404 };
  const base = getEnv().GITHUB_API_URL.replace(/\/+$/, "");
  const encodedPath = path.split("/").map(encodeURIComponent).join("/");
  const url = `${base}/repos/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.repo)}/contents/${encodedPath}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: headers(), signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    return { ok: false, kind: "transient", status: 0, message: `GitHub unreachable: ${String(err)}` };
  }
  if (res.status === 404) {
    await res.body?.cancel();
    return { ok: false, kind: "not-found", status: 404 };
  }
  if (!res.ok) {
    await res.body?.cancel();
    return { ok: false, kind: "transient", status: res.status, message: `GitHub answered ${res.status}` };
  }
  const body = (await res.json().catch(() => null)) as { type?: string; encoding?: string; content?: string; sha?: unknown } | null;
  if (!body || body.type !== "file" || typeof body.content !== "string") {
    return { ok: false, kind: "not-found", status: 404 };
  }
  const content = body.encoding === "base64" ? decodeBase64Utf8(body.content) : body.content;
  return { ok: true, content, path, sha: blobShaOf(body.sha) };
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
      sha: blobShaOf(i.sha),
    })),
  };
}

/** A git object id (SHA-1, or SHA-256 in repos that use it), else null: GitHub's answer is input too. */
function blobShaOf(value: unknown): string | null {
  return typeof value === "string" && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(value) ? value : null;
}

function decodeBase64Utf8(b64: string): string {
  const binary = atob(b64.replace(/\s+/g, ""));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
