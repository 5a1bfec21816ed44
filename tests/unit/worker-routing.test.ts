// Which requests reach the worker without the static-asset lookup first (wrangler.jsonc's
// assets.run_worker_first): every route of the app does, no asset ever does. The rules are globs
// on the path (`*` matches anything, `/` included), as the platform's router applies them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

/** wrangler.jsonc as JSON: comments removed outside strings. */
function readJsonc(file: string): unknown {
  const text = readFileSync(file, "utf8");
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const end = /"(?:[^"\\]|\\.)*"/y;
      end.lastIndex = i;
      const m = end.exec(text)!;
      out += m[0];
      i += m[0].length - 1;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2) + 1;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
}

const rules = (readJsonc(path.join(ROOT, "wrangler.jsonc")) as { assets: { run_worker_first?: unknown } }).assets.run_worker_first;
const glob = (rule: string) => new RegExp(`^${rule.split("*").map((s) => s.replace(/[-/\\^$*+?.()|[\]{}]/g, "\\$&")).join(".*")}$`);

/** Whether the router sends `pathname` to the worker before looking for an asset. */
function workerFirst(pathname: string): boolean {
  const list = Array.isArray(rules) ? (rules as string[]) : [];
  if (list.some((r) => r.startsWith("!") && glob(r.slice(1)).test(pathname))) return false;
  return list.some((r) => !r.startsWith("!") && glob(r).test(pathname));
}

/**
 * A request path for each page and route handler under src/app, as Next routes them: `[name]` is
 * a sample segment, `[...rest]` two, `[[...rest]]` none or two; a route group `(x)` or a slot
 * `@x` adds no segment; a `_private` folder is not routed.
 */
function appPaths(dir = path.join(ROOT, "src/app"), prefix = ""): string[] {
  const paths: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry.startsWith("_")) continue;
      const segments = entry.startsWith("[[...") ? ["", "/a/b"] : entry.startsWith("[...") ? ["/a/b"] : entry.startsWith("[") ? ["/sample"] : /^[(@]/.test(entry) ? [""] : [`/${entry}`];
      for (const segment of segments) paths.push(...appPaths(full, prefix + segment));
    } else if (/^(page|route)\.(tsx?|jsx?)$/.test(entry)) paths.push(prefix || "/");
  }
  return paths;
}

describe("run_worker_first (wrangler.jsonc)", () => {
  it("is a list of rules", () => {
    expect(Array.isArray(rules) && rules.every((r) => typeof r === "string")).toBe(true);
  });

  it("sends every route of the app straight to the worker", () => {
    const paths = appPaths();
    expect(paths).toEqual(expect.arrayContaining(["/", "/api/v1/skills", "/skills/sample", "/admin", "/submit"]));
    for (const p of paths) expect(workerFirst(p), p).toBe(true);
    expect(workerFirst("/api/v1/skills/caf%C3%A9")).toBe(true);
  });

  it("never sends an asset to the worker first: Next's build output and public files", () => {
    const assets = ["/_next/static/css/0a1b2c3d.css", "/_next/static/chunks/app/page-0123.js", "/_next/static/media/font.woff2", "/BUILD_ID"];
    let publicFiles: string[] = [];
    try {
      publicFiles = readdirSync(path.join(ROOT, "public"), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => "/" + path.relative(path.join(ROOT, "public"), path.join(e.parentPath, e.name)).split(path.sep).join("/"));
    } catch {
      /* no public folder */
    }
    for (const p of [...assets, ...publicFiles]) expect(workerFirst(p), p).toBe(false);
  });
});
