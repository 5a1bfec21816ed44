/**
 * Remote code: anything that makes the agent run code fetched at run time, which nobody
 * reviewed and which the server can change at will. Blocking (critical) on its own, official
 * installers included: a skill should link the vendor's install page, not run it.
 */
import { DOWNLOADER, PIPE_TARGET, RUNS_FILE, SHELL, prose, rule, type DocumentRule, type ScanRule } from "./fragments";
import type { PreparedText } from "./normalise";

const INSTALLER_WHY =
  "Runs whatever the server returns at that moment, unreviewed, with the user's privileges. This holds for a vendor's official installer too: link the vendor's install instructions instead and let the user run them.";

export const REMOTE_CODE_RULES: readonly ScanRule[] = [
  rule({
    id: "pipe-to-shell",
    title: "Download piped into a shell",
    severity: "critical",
    pattern: new RegExp(String.raw`(?:${DOWNLOADER})[^\n]{0,300}\|\s{0,4}${PIPE_TARGET}`, "i"),
    mentions: "negated",
    why: INSTALLER_WHY,
  }),
  rule({
    id: "exec-remote-script",
    title: "Downloaded script executed via $(…), <(…) or exec()",
    severity: "critical",
    pattern: new RegExp(
      [
        // bash -c "$(curl …)", bash <(curl …), source <(wget …), eval "$(curl …)", python -c "$(curl …)"
        String.raw`(?:(?:^|[\s;&|(\x60])(?:${SHELL}|["']?(?:python[0-9.]{0,4}|perl|ruby|node|php|pwsh)["']?|source|\.|eval|exec|iex)|\binvoke-expression)\s{1,4}(?:-\S{1,20}\s{1,4}){0,3}["']?(?:<\s{0,2})?(?:<\(|\$\(|\x60|\()\s{0,3}(?:${DOWNLOADER})`,
        // bash <<< "$(curl …)"
        String.raw`<<<\s{0,3}["']?(?:\$\(|\x60)\s{0,3}(?:${DOWNLOADER})`,
        // exec(requests.get(…).text), eval(await (await fetch(u)).text())
        String.raw`\b(?:exec|eval)\s{0,3}\([^\n]{0,80}\b(?:requests\.get|urlopen|urllib\.request|httpx\.get|fetch|axios\.get|https?\.get)\b`,
        // fetch(u).then(r => r.text()).then(eval), new Function(await …fetch…)
        String.raw`\b(?:fetch|requests\.get|urlopen|httpx\.get|axios\.get)\b[^\n]{0,200}(?:\.then\(\s{0,2}eval\s{0,2}\)|\b(?:eval|exec|new\s{1,3}Function)\s{0,2}\()`,
        // import("https://…"): a module loaded from the network
        String.raw`\bimport\(\s{0,2}["'\x60]https?:`,
        // $(curl …) or \`curl …\` in command position runs what the server prints
        String.raw`(?:^|[;&|]\s{0,3}|\x60\s{0,3}(?=\$))\$\(\s{0,3}(?:${DOWNLOADER})`,
        // npx / bunx / deno run / uv run of a URL
        String.raw`\b(?:npx|bunx|pnpx|deno\s{1,4}run|bun\s{1,4}run|uv\s{1,4}run)\s{1,4}(?:-\S{1,30}\s{1,4}){0,4}["']?https?://`,
      ].join("|"),
      "i",
    ),
    mentions: "negated",
    why: "Same as piping to a shell: remote code runs without ever being shown to the user. Link the instructions instead.",
  }),
  rule({
    id: "remote-code-prose",
    title: "Asks to download a script and run it",
    severity: "critical",
    pattern: new RegExp(
      prose(String.raw`\b(?:download|fetch|get|grab|retrieve|pull|save)\b[^\n]{0,80}https?://\S{1,300}[^\n]{0,60}\b(?:and|then|,) (?:then )?(?:run|execute|exec|source|eval|launch|start) (?:it|this|that|them|the (?:script|file|installer|binary|program|result))\b(?! (?:through|against|over|past|by|on|into|in)\b)`),
      "i",
    ),
    mentions: "quoted",
    why: INSTALLER_WHY,
  }),
  rule({
    id: "powershell-download-exec",
    title: "PowerShell download and Invoke-Expression",
    severity: "critical",
    pattern:
      /\b(?:iex|invoke-expression)\b[^\n]{0,200}\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring|downloadfile|net\.webclient|start-bitstransfer)\b|\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring)\b[^\n]{0,300}\|\s{0,4}(?:iex|invoke-expression)\b|\[scriptblock\]::create\([^\n]{0,100}\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring|net\.webclient)\b/i,
    mentions: "negated",
    why: "PowerShell's equivalent of curl | sh: executes remote code directly in memory. Link the installer's instructions instead.",
  }),
  rule({
    id: "download-chmod-exec",
    title: "Downloads a file and runs it",
    severity: "critical",
    pattern: new RegExp(
      String.raw`\bgit\s{1,3}clone\s[^\n]{0,300}(?:&&|;)\s{0,3}(?:cd\s{1,4}\S{1,200}\s{0,3}(?:&&|;)\s{0,3})?(?:sudo\s{1,4})?(?:${RUNS_FILE})?["']?\S{0,200}(?:install|setup|bootstrap|init|run|start)[\w.-]{0,20}\.(?:sh|bash|py|ps1|pl|rb)\b|` +
      String.raw`(?:${DOWNLOADER})[^\n]{0,300}\|\s{0,3}(?:sudo\s{1,4})?tar\s[^\n]{0,100}(?:&&|;)\s{0,3}(?:cd\s{1,4}\S{1,100}\s{0,3}(?:&&|;)\s{0,3})?(?:sudo\s{1,4})?(?:\.{0,2}/|${RUNS_FILE})|` +
      String.raw`(?:${DOWNLOADER})[^\n]{0,300}(?:&&|;|\|\|)[^\n]{0,100}\bchmod\s{1,4}(?:-\S{1,10}\s{1,4}){0,2}(?:[ugoa]{0,3}\+[rw]{0,2}x[rw]{0,2}|0?[1357][0-7]{2})\b[^\n]{0,200}(?:&&|;|\|\|)\s{0,3}(?:sudo\s{1,4})?(?:\.{0,2}/|~/|\$\{?\w{1,30}\}?/)`,
      "i",
    ),
    requires: /\bchmod\b|\btar\s|\bclone\s/i,
    mentions: "negated",
    why: "Runs an unreviewed download. Prefer a package manager, or link the release page so the user can verify and install it.",
  }),
  rule({
    id: "package-from-url",
    title: "Installs a package from an arbitrary URL",
    severity: "high",
    pattern: /\b(?:pip3?|uv\s{1,3}pip|pipx|npm|pnpm|yarn|gem)\s{1,3}(?:install|i|add)\b[^\n]{0,100}\s["']?https?:\/\/(?!(?:files\.pythonhosted\.org|pypi\.org|registry\.npmjs\.org)\/)\S{1,300}\.(?:tar\.gz|tgz|zip|whl|gem)\b/i,
    mentions: "negated",
    why: "Installing from an arbitrary URL skips the registry's provenance; the archive's install hooks run unreviewed. Publish the package or pin a release with a checksum.",
  }),
  rule({
    id: "reverse-shell",
    title: "Reverse shell",
    severity: "critical",
    pattern:
      /\/dev\/(?:tcp|udp)\/[^\s/]{1,253}\/\d{1,5}|\b(?:nc|ncat|netcat)\b[^\n]{0,100}\s-[a-z]{0,4}[ec]\s{1,4}["']?\S{0,40}(?:sh|cmd(?:\.exe)?|powershell(?:\.exe)?)\b|\bsocat\b[^\n]{0,200}\bexec:|\bmkfifo\b[^\n]{0,200}\b(?:nc|ncat|netcat)\b|\bos\.dup2\(\s{0,3}\w{1,20}\.fileno\(\)|\bpty\.spawn\(\s{0,3}["'](?:\/bin\/)?(?:ba)?sh|\bnew-object\s{1,4}(?:system\.)?net\.sockets\.tcpclient\b/i,
    mentions: "negated",
    why: "Hands an interactive shell on the user's machine to a remote host.",
  }),
];

// --- Saved, then run ------------------------------------------------------------------------

/** Where a download is saved: -o FILE, --output FILE, wget -O FILE, > FILE, -OutFile FILE, urlretrieve(u, FILE). */
const SAVED_AS = [
  /\b(?:curl|wget|aria2c)\b[^\n]{0,300}?(?:\s-[a-zA-Z]{0,4}o\s{0,3}|\s--output(?:=|\s{1,4})|\s-[a-zA-Z]{0,4}O\s{1,4}(?!-)|\s--output-document(?:=|\s{1,4})|\s{0,2}>{1,2}\s{0,2})["']?([^\s"';|&<>()]{1,200})/g,
  /\b(?:invoke-webrequest|iwr|irm|invoke-restmethod|start-bitstransfer)\b[^\n]{0,300}?-(?:outfile|destination)\s{1,4}["']?([^\s"';|&]{1,200})/gi,
  /\burlretrieve\(\s{0,3}[^,\n]{1,300},\s{0,3}["']([^"'\n]{1,200})["']/g,
  // Decoded rather than downloaded: the same trick with the payload inline.
  /\b(?:base64\s{1,4}(?:-\w{0,3}d\w{0,3}|--decode|-D)|xxd\s{1,4}(?:-\w{1,3}\s{1,4}){0,2}-r|openssl\s{1,4}(?:base64|enc)\b[^\n]{0,60}\s-d)\b[^\n]{0,200}?>{1,2}\s{0,2}["']?([^\s"';|&<>()]{1,200})/g,
  // curl -O URL and wget URL keep the URL's file name.
  /\bcurl\b[^\n]{0,100}\s(?:-[a-zA-Z]{0,5}O[a-zA-Z]{0,5}|--remote-name)\s[^\n]{0,200}?https?:\/\/[^\s"']{0,300}\/([^\s/"'?#;|&()]{1,100})/g,
  /\bwget\s{1,4}(?:-[a-zA-NP-Z]{1,5}\s{1,4}|--[a-z-]{1,30}(?:=\S{0,100})?\s{1,4}){0,5}["']?https?:\/\/[^\s"']{0,300}\/([^\s/"'?#;|&()]{1,100})["']?\s{0,3}(?:$|&&|;)/g,
];

/** A line can only save a download if it names one of these; most lines are skipped on it. */
const SAVES = /curl|wget|aria2c|iwr|irm|invoke-|bitstransfer|urlretrieve|base64|xxd|openssl/i;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The ways a saved file named `name` (a base name) is then executed. */
function runsOf(name: string): RegExp {
  const n = escapeRegExp(name);
  const end = String.raw`(?=$|[\s;&|)"'\x60])`;
  return new RegExp(
    [
      // sh x.sh, python3 /tmp/x.py, source ./env.sh, sudo bash x.sh
      String.raw`(?:^|[\s;&|(\x60])${RUNS_FILE}["']?(?:[\w.~\${}/-]{0,200}/)?${n}${end}`,
      // ./x, /tmp/x, ~/bin/x, $TMP/x, as a command
      String.raw`(?:^|[;&|(\x60]|\$\s)\s{0,3}(?:sudo\s{1,4})?["']?(?:\.{1,2}|~|/[\w.-]{0,100}|\$\{?\w{1,30}\}?)?/(?:[\w.-]{1,100}/){0,10}${n}${end}`,
      // cat x | sh, sh < x
      String.raw`\bcat\s{1,4}["']?\S{0,200}${n}${end}[^\n]{0,40}\|\s{0,4}${PIPE_TARGET}`,
      String.raw`${SHELL}\s{0,4}<\s{0,4}["']?\S{0,200}${n}${end}`,
      // PowerShell: & $env:TEMP\x.ps1, .\x.ps1
      String.raw`(?:^|[;(\x60]|\s)&\s{1,3}["']?[^\s"']{0,200}[\\/]${n}${end}|(?:^|[\s;&|(\x60])\.\\${n}${end}`,
    ].join("|"),
    "i",
  );
}

/**
 * `curl -o x.sh URL` then `sh x.sh`, on the same line or any later one: the file names a download
 * was saved under are collected line by line, and each later line is checked for running one.
 */
function findSavedThenRun(doc: PreparedText): { offset: number }[] {
  const saved = new Map<string, RegExp>();
  const hits: { offset: number }[] = [];
  for (const line of doc.logical) {
    const form = line.forms[0]!;
    let reported = false;
    for (const [name, runs] of saved) {
      const m = reported || !form.text.includes(name) ? null : runs.exec(form.text);
      if (m) {
        hits.push({ offset: form.src[m.index] ?? 0 });
        reported = true;
      }
    }
    if (!SAVES.test(form.text)) continue;
    for (const re of SAVED_AS) {
      for (const m of form.text.matchAll(re)) {
        const path = m[1]!;
        const base = path.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? "";
        if (base.length < 2 || path.startsWith("/dev/") || saved.has(base)) continue;
        const runs = runsOf(base);
        saved.set(base, runs);
        // The same line may run it right away: `curl -o x.sh URL && sh x.sh`.
        const after = form.text.slice(m.index! + m[0].length);
        const r = runs.exec(after);
        if (r && !reported) {
          hits.push({ offset: form.src[m.index! + m[0].length + r.index] ?? 0 });
          reported = true;
        }
      }
    }
  }
  return hits;
}

export const REMOTE_CODE_DOCUMENT_RULES: readonly DocumentRule[] = [
  {
    id: "saved-then-run",
    title: "Downloaded or decoded file executed",
    severity: "critical",
    why: INSTALLER_WHY,
    find: (doc) => findSavedThenRun(doc),
  },
];
