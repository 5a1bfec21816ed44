// A local fake of the two GitHub REST endpoints the app uses, on 127.0.0.1:
//   GET /repos/{owner}/{repo}/contents/{path}   -> file JSON (base64 content), a folder's entries, or 404
//   GET /search/code?q=…                        -> { total_count, items: [{ name, path, sha, repository }] }
//   GET /repos/{owner}/{repo}                   -> { full_name, stargazers_count, default_branch } (a repo is any with a file)
//   GET /repos/{owner}/{repo}/commits/{ref}     -> { sha }: the "head commit", derived from all the repo's files
// Files are added in-process (`putFile`) or over HTTP (`PUT /__fake/files/{owner}/{repo}/{path}`
// with the raw content as body) so tests in other processes can seed the one a worker talks to.
// `failNext(status, count)` makes the next responses fail, to exercise retries. `deleteFile`
// (or `DELETE /__fake/files/…`) makes a file answer 404; `hideFromSearch` keeps a file out of
// code search (as GitHub's index often does); `renameRepo` answers the old name with a 301 to the
// new one, as GitHub does for a renamed repo. Blob SHAs are git's: sha1("blob <size>\0<content>").
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeGitHub {
  url: string;
  putFile(owner: string, repo: string, path: string, content: string): void;
  deleteFile(owner: string, repo: string, path: string): void;
  hideFromSearch(owner: string, repo: string, path: string, hidden?: boolean): void;
  /** Code search reports this blob SHA for the file (its index lagging), null: the real one. */
  searchSha(owner: string, repo: string, path: string, sha: string | null): void;
  /** `to` null: the old name answers again. */
  renameRepo(from: string, to: string | null): void;
  requests: { method: string; path: string; authorization?: string }[];
  /** The next `count` answers (to requests whose path matches `only`, if given) are `status`, with these headers (e.g. a rate limit's). */
  failNext(status: number, count?: number, opts?: { headers?: Record<string, string>; only?: RegExp }): void;
  setStars(owner: string, repo: string, stars: number): void;
  /** The commit GET /repos/{owner}/{repo}/commits/{ref} answers now. */
  headSha(owner: string, repo: string): string | null;
  close(): Promise<void>;
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const files = new Map<string, string>();
  const requests: FakeGitHub["requests"] = [];
  let failures: { status: number; count: number; headers?: Record<string, string>; only?: RegExp } | null = null;
  const stars = new Map<string, number>();
  const key = (owner: string, repo: string, path: string) => `${owner.toLowerCase()}/${repo.toLowerCase()}/${path.replace(/^\/+/, "")}`;
  const putFile = (owner: string, repo: string, path: string, content: string) => {
    files.set(key(owner, repo, path), content);
  };
  const deleteFile = (owner: string, repo: string, path: string) => {
    files.delete(key(owner, repo, path));
  };
  const hidden = new Set<string>();
  const searchShas = new Map<string, string>();
  /** The fake's head commit of a repo: a digest of all its files (it changes when any does). */
  const headSha = (owner: string, repo: string): string | null => {
    const prefix = key(owner, repo, "");
    const mine = [...files.entries()].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1));
    if (mine.length === 0) return null;
    const h = createHash("sha1").update("commit\0");
    for (const [k, c] of mine) h.update(`${k}\0${c}\0`);
    return h.digest("hex");
  };
  const renamed = new Map<string, string>();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith("/__fake/files/") && req.method === "PUT") {
      const [owner, repo, ...rest] = decodeURIComponent(url.pathname.slice("/__fake/files/".length)).split("/");
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      putFile(owner!, repo!, rest.join("/"), Buffer.concat(chunks).toString("utf8"));
      return send(204, {});
    }
    if (url.pathname.startsWith("/__fake/files/") && req.method === "DELETE") {
      const [owner, repo, ...rest] = decodeURIComponent(url.pathname.slice("/__fake/files/".length)).split("/");
      deleteFile(owner!, repo!, rest.join("/"));
      return send(204, {});
    }
    if (url.pathname === "/__fake/fail" && req.method === "POST") {
      failures = { status: Number(url.searchParams.get("status") ?? 500), count: Number(url.searchParams.get("count") ?? 1) };
      return send(204, {});
    }
    requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, authorization: req.headers.authorization });
    if (failures && failures.count > 0 && (!failures.only || failures.only.test(url.pathname))) {
      failures.count--;
      res.writeHead(failures.status, { "content-type": "application/json", ...failures.headers });
      return res.end(JSON.stringify({ message: "injected failure" }));
    }
    const repoPath = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const movedTo = repoPath && renamed.get(`${decodeURIComponent(repoPath[1]!)}/${decodeURIComponent(repoPath[2]!)}`.toLowerCase());
    if (repoPath && movedTo) {
      res.writeHead(301, { location: `/repos/${movedTo}${repoPath[3] ?? ""}${url.search}`, "content-type": "application/json" });
      return res.end(JSON.stringify({ message: "Moved Permanently" }));
    }
    const contents = /^\/repos\/([^/]+)\/([^/]+)\/contents(?:\/(.*))?$/.exec(url.pathname);
    if (contents && req.method === "GET") {
      const [, owner, repo, rawPath] = contents.map((p) => (p === undefined ? "" : decodeURIComponent(p)));
      const path = rawPath!.replace(/\/+$/, "");
      const content = files.get(key(owner!, repo!, path));
      if (content === undefined) {
        // A folder: its entries (files, and sub-folders once each).
        const prefix = key(owner!, repo!, path ? `${path}/` : "");
        const entries = new Map<string, { name: string; path: string; type: string; size: number }>();
        for (const [k, c] of files) {
          if (!k.startsWith(prefix)) continue;
          const [name, ...deeper] = k.slice(prefix.length).split("/");
          const entryPath = path ? `${path}/${name}` : name!;
          entries.set(name!, deeper.length ? { name: name!, path: entryPath, type: "dir", size: 0 } : { name: name!, path: entryPath, type: "file", size: Buffer.byteLength(c) });
        }
        if (entries.size === 0) return send(404, { message: "Not Found" });
        return send(200, [...entries.values()]);
      }
      return send(200, {
        type: "file",
        encoding: "base64",
        name: path!.split("/").pop(),
        path,
        size: Buffer.byteLength(content),
        sha: blobSha(content),
        content: Buffer.from(content, "utf8").toString("base64"),
      });
    }
    const repoOnly = /^\/repos\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
    if (repoOnly && req.method === "GET") {
      const [owner, repo] = [decodeURIComponent(repoOnly[1]!), decodeURIComponent(repoOnly[2]!)];
      const prefix = key(owner, repo, "");
      if (![...files.keys()].some((k) => k.startsWith(prefix))) return send(404, { message: "Not Found" });
      return send(200, { full_name: `${owner}/${repo}`, stargazers_count: stars.get(prefix) ?? 0, default_branch: "main" });
    }
    const commit = /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)$/.exec(url.pathname);
    if (commit && req.method === "GET") {
      const sha = headSha(decodeURIComponent(commit[1]!), decodeURIComponent(commit[2]!));
      return sha ? send(200, { sha }) : send(404, { message: "Not Found" });
    }
    if (url.pathname === "/search/code" && req.method === "GET") {
      const items = [...files.entries()]
        .filter(([k]) => k.endsWith("SKILL.md") && !hidden.has(k))
        .map(([k, content]) => {
          const [owner, repo, ...rest] = k.split("/");
          return {
            name: "SKILL.md",
            path: rest.join("/"),
            sha: searchShas.get(k) ?? blobSha(content),
            repository: { full_name: `${owner}/${repo}`, html_url: `https://github.com/${owner}/${repo}` },
          };
        });
      return send(200, { total_count: items.length, incomplete_results: false, items });
    }
    send(404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    putFile,
    deleteFile,
    hideFromSearch(owner, repo, path, hide = true) {
      if (hide) hidden.add(key(owner, repo, path));
      else hidden.delete(key(owner, repo, path));
    },
    searchSha(owner, repo, path, sha) {
      if (sha === null) searchShas.delete(key(owner, repo, path));
      else searchShas.set(key(owner, repo, path), sha);
    },
    renameRepo(from, to) {
      if (to === null) renamed.delete(from.toLowerCase());
      else renamed.set(from.toLowerCase(), to);
    },
    requests,
    failNext(status, count = 1, opts = {}) {
      failures = { status, count, ...opts };
    },
    headSha,
    setStars(owner, repo, n) {
      stars.set(key(owner, repo, ""), n);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Git's blob SHA of a file's content, as GitHub reports it. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
