/**
 * Which other files of a skill its SKILL.md sends the agent to: scripts it tells it to run and
 * references it tells it to read. The scan must cover those too (scanSkillFiles in ./scan): a
 * clean SKILL.md that says "run scripts/setup.sh" is only as safe as setup.sh.
 *
 * Found from markdown links to relative targets, paths with a directory and a known extension
 * (`scripts/setup.sh`, `references/api.md`), `./`-paths, and bare file names right after a verb
 * or interpreter (`python helper.py`, "see REFERENCE.md"). Paths are normalised (`./` and
 * duplicate slashes dropped, backslashes made forward); absolute paths, `~`, variables, URLs
 * and anything with a `..` segment are left out, so a path can never leave the skill's folder.
 */

/** Extensions of files a skill would ship for the agent to run or read. */
const EXTENSIONS = new Set(
  "sh bash zsh fish py js mjs cjs ts tsx jsx rb pl php ps1 psm1 bat cmd lua go rs java kt swift r jl md mdx txt rst json jsonl yaml yml toml ini cfg conf xml html htm css csv tsv sql graphql proto ipynb".split(" "),
);
/** Extensions of files that are run rather than read: a bare name counts after a run verb. */
const RUN_OR_READ_VERBS = new Set(
  "sh bash zsh fish source . python python3 py node deno bun tsx ts-node ruby perl php pwsh powershell lua go run execute exec read see open load consult follow check review use invoke call cat".split(" "),
);

const DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|dev|ai|app|co|xyz|cloud|run|gg|me|so|ly|to|us|uk|de|fr|ru|cn|jp|sh|page|site)$/i;
const LINK = /\[[^\]\n]{0,300}\]\(\s{0,2}<?([^)\s>]{1,300})>?(?:\s{1,3}["'][^"'\n]{0,200}["'])?\s{0,2}\)|^\s{0,3}\[[^\]\n]{1,100}\]:\s{1,3}<?(\S{1,300}?)>?(?:\s|$)/gm;

/** A relative path inside the skill, normalised, or null if it is anything else. */
function normalisePath(raw: string): string | null {
  let p = raw.replace(/\\/g, "/").replace(/[#?].*$/, "").replace(/[.,:;!?]+$/, "");
  if (!p || /^(?:[a-z][a-z0-9+.-]*:|\/|~|\$|-|@|%)/i.test(p) || p.includes("*")) return null;
  const parts = p.split("/").filter((s) => s !== "" && s !== ".");
  if (!parts.length || parts.includes("..")) return null;
  if (parts.length > 1 && DOMAIN.test(parts[0]!)) return null;
  p = parts.join("/");
  return /^skill\.md$/i.test(p) ? null : p;
}

const extensionOf = (p: string) => /\.([A-Za-z0-9]{1,8})$/.exec(p)?.[1]?.toLowerCase() ?? "";

/**
 * Relative paths the SKILL.md tells the agent to run or read, in order of first mention,
 * deduplicated. Pure: it does not check the files exist.
 */
export function referencedFiles(skillMd: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string | null) => {
    if (p && !seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  };
  // Collected with their position so links and plain paths come out in reading order.
  const found: [number, string][] = [];
  for (const m of skillMd.matchAll(LINK)) {
    const p = normalisePath(m[1] ?? m[2] ?? "");
    if (p) found.push([m.index!, p]);
  }
  const tokenRe = /[^\s"'`()<>[\]{},;|&]+/g;
  let previous = "";
  for (const m of skillMd.matchAll(tokenRe)) {
    // `--file=scripts/x.sh` names scripts/x.sh; a URL's query string names nothing.
    const token = m[0].includes("://") ? m[0] : m[0].replace(/^[^=]*=/, "");
    const explicit = token.startsWith("./") || token.startsWith(".\\");
    const p = token.includes("://") ? null : normalisePath(token);
    if (p) {
      const known = EXTENSIONS.has(extensionOf(p));
      const nested = p.includes("/") && known;
      const afterVerb = known && RUN_OR_READ_VERBS.has(previous.toLowerCase().replace(/[:.]+$/, "") || previous);
      if (explicit || nested || afterVerb) found.push([m.index!, p]);
    }
    previous = token;
  }
  found.sort((a, b) => a[0] - b[0]);
  for (const [, p] of found) add(p);
  return out;
}
