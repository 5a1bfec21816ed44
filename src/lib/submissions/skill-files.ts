/**
 * The files a scan covers besides the SKILL.md: every file it tells the agent to run or read
 * (scanner/references.ts), then the scripts the skill's folder ships even when the SKILL.md does
 * not mention them: files with a script extension in the folder itself (unless the folder is the
 * repo's root, whose files are the project's), and every file of its `scripts/`, `bin/` and
 * `tools/` folders two levels deep (a script needs no extension), found through the contents
 * API's folder listing. A file larger than the byte bound (or than the 1 MB the contents API
 * serves) counts at its size: the scan fails closed instead of reading it empty. Paths never
 * leave the skill's folder. At most MAX_EXTRA_FILES + 1 are fetched, so a skill past the bound
 * fails closed in scanSkillFiles rather than being scanned in part. A file that does not exist is
 * simply not there to run; GitHub failing now means "retry".
 */
import { fetchRepoFile, listRepoDir } from "../platform/github";
import type { RepoRef } from "../catalog/slug";
import { referencedFiles } from "./scanner/references";
import { MAX_EXTRA_FILES, MAX_TOTAL_BYTES } from "./scanner/scan";
import { pauseGitHub } from "./github-facts";

const SCRIPT_EXTENSIONS = new Set("sh bash zsh fish ksh py js mjs cjs ts rb pl php ps1 psm1 bat cmd lua".split(" "));
/** Sub-folders of the skill's folder whose scripts are scanned too. */
export const SCRIPT_FOLDERS = ["scripts", "bin", "tools"];

const isScript = (name: string) => SCRIPT_EXTENSIONS.has(/\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? "");

export type GatheredFiles = { ok: true; files: { path: string; content: string }[] } | { ok: false; retry: string };

/** The SKILL.md and the files its scan covers, fetched (at commit `at` when given). */
export async function gatherSkillFiles(kv: KVNamespace | null, ref: RepoRef, skillMd: { path: string; content: string }, at?: string | null): Promise<GatheredFiles> {
  const folder = skillMd.path.replace(/\/?SKILL\.md$/, "");
  const inFolder = (rel: string) => (folder ? `${folder}/${rel}` : rel);
  const wanted = referencedFiles(skillMd.content).map(inFolder);
  const sizes = new Map<string, number>();
  const failed = async (res: { kind: string; message?: string; until?: number }): Promise<GatheredFiles> => {
    if (res.until && kv) await pauseGitHub(kv, res.until);
    return { ok: false, retry: res.kind === "rate-limited" || res.until ? "GitHub rate limit" : (res.message ?? "GitHub failed") };
  };

  // The scripts the skill ships: in its folder (not the root of a repo whose root holds the
  // skill: those are the project's files), and every file of its script folders, two levels deep.
  const shipped: string[] = [];
  const listing = await listRepoDir(ref, folder, at);
  if (!listing.ok && listing.kind !== "not-found") return failed(listing);
  const entries = listing.ok ? listing.value : [];
  for (const e of entries) sizes.set(e.path, e.size);
  if (folder) shipped.push(...entries.filter((e) => e.type === "file" && isScript(e.name)).map((e) => e.path));
  const pending = entries.filter((e) => e.type === "dir" && SCRIPT_FOLDERS.includes(e.name.toLowerCase())).map((e) => ({ path: e.path, depth: 1 }));
  while (pending.length) {
    const dir = pending.shift()!;
    const inner = await listRepoDir(ref, dir.path, at);
    if (!inner.ok && inner.kind !== "not-found") return failed(inner);
    if (!inner.ok) continue;
    for (const e of inner.value) {
      sizes.set(e.path, e.size);
      // Scripts need no extension (a `bin/setup` with a shebang): every file here is scanned.
      if (e.type === "file") shipped.push(e.path);
      else if (e.type === "dir" && dir.depth < 2) pending.push({ path: e.path, depth: dir.depth + 1 });
    }
    if (shipped.length > MAX_EXTRA_FILES) break; // past the bound already: no need to list more
  }

  const paths = [...new Set([...wanted, ...shipped])].filter((p) => p !== skillMd.path).slice(0, MAX_EXTRA_FILES + 1);
  const files = [{ path: skillMd.path, content: skillMd.content }];
  for (const path of paths) {
    // Past the byte bound already (GitHub's contents API does not serve files over 1 MB either):
    // the file counts at its size, so the scan fails closed rather than seeing it empty.
    const oversized = () => files.push({ path, content: "\u0000".repeat(MAX_TOTAL_BYTES + 1) });
    if ((sizes.get(path) ?? 0) > MAX_TOTAL_BYTES) {
      oversized();
      continue;
    }
    const res = await fetchRepoFile(ref, path, at);
    if (res.ok && res.size > MAX_TOTAL_BYTES) oversized();
    else if (res.ok) files.push({ path, content: res.content });
    else if (res.kind === "transient") return failed(res);
  }
  return { ok: true, files };
}
