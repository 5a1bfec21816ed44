// Which requests reach the worker without the static-asset lookup first (wrangler.jsonc's
// assets.run_worker_first): every route of the app does, no asset ever does. The rules are globs
// on the path (`*` matches anything, `/` included), as the platform's router applies them.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

/** wrangler.jsonc as JSON (TypeScript's reader of tsconfig files takes comments and trailing commas). */
function readJsonc(file: string): unknown {
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  return config;
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
