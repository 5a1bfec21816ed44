/**
 * The files a scan covers besides the SKILL.md: every file it tells the agent to run or read
 * (scanner/references.ts), then the scripts the skill's folder ships even when the SKILL.md does
 * not mention them (files with a script extension in the folder itself and in its `scripts/`,
 * `bin/` and `tools/` folders, found through the contents API's folder listing). Paths never
 * leave the skill's folder. At most MAX_EXTRA_FILES + 1 are fetched, so a skill past the bound
 * fails closed in scanSkillFiles rather than being scanned in part. A file that does not exist is
 * simply not there to run; GitHub failing now means "retry".
 */
import { fetchRepoFile, listRepoDir } from "../platform/github";
import type { RepoRef } from "../catalog/slug";
import { referencedFiles } from "./scanner/references";
import { MAX_EXTRA_FILES } from "./scanner/scan";

const SCRIPT_EXTENSIONS = new Set("sh bash zsh fish ksh py js mjs cjs ts rb pl php ps1 psm1 bat cmd lua".split(" "));
/** Sub-folders of the skill's folder whose scripts are scanned too. */
export const SCRIPT_FOLDERS = ["scripts", "bin", "tools"];

const isScript = (name: string) => SCRIPT_EXTENSIONS.has(/\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? "");

export type GatheredFiles = { ok: true; files: { path: string; content: string }[] } | { ok: false; retry: string };

/** The SKILL.md and the files its scan covers, fetched (at commit `at` when given). */
export async function gatherSkillFiles(ref: RepoRef, skillMd: { path: string; content: string }, at?: string | null): Promise<GatheredFiles> {
  const folder = skillMd.path.replace(/\/?SKILL\.md$/, "");
  const inFolder = (rel: string) => (folder ? `${folder}/${rel}` : rel);
  const wanted = referencedFiles(skillMd.content).map(inFolder);

  // The folder's own scripts: its listing, and the listings of its script folders that exist.
  const listing = await listRepoDir(ref, folder, at);
  if (!listing.ok && listing.kind !== "not-found") return { ok: false, retry: listing.kind === "rate-limited" ? "GitHub rate limit" : listing.message };
  const entries = listing.ok ? listing.value : [];
  const shipped = entries.filter((e) => e.type === "file" && isScript(e.name)).map((e) => inFolder(e.name));
  for (const sub of entries.filter((e) => e.type === "dir" && SCRIPT_FOLDERS.includes(e.name.toLowerCase()))) {
    const inner = await listRepoDir(ref, inFolder(sub.name), at);
    if (!inner.ok && inner.kind !== "not-found") return { ok: false, retry: inner.kind === "rate-limited" ? "GitHub rate limit" : inner.message };
    if (inner.ok) shipped.push(...inner.value.filter((e) => e.type === "file" && isScript(e.name)).map((e) => inFolder(`${sub.name}/${e.name}`)));
  }

  const paths = [...new Set([...wanted, ...shipped])].filter((p) => p !== skillMd.path).slice(0, MAX_EXTRA_FILES + 1);
  const files = [{ path: skillMd.path, content: skillMd.content }];
  for (const path of paths) {
    const res = await fetchRepoFile(ref, path, at);
    if (res.ok) files.push({ path, content: res.content });
    else if (res.kind === "transient") return { ok: false, retry: res.message };
  }
  return { ok: true, files };
}
