/**
 * Types and shared pattern fragments for the scan rules (./rules lists the rules themselves and
 * documents how they are applied). Fragments are plain strings so rules can compose them; every
 * gap in them is bounded, which keeps each composed pattern linear-time.
 */
import { foldText, type PreparedText } from "./normalise";

export type Severity = "critical" | "high" | "medium" | "low";

/**
 * How a rule treats a match that the words just before it present as a mention, not an order:
 * "negated" skips "never run `…`", "don't …", "instead of …"; "quoted" also skips examples
 * ("phrases like …", "such as …", "e.g. …", "that say …"), which only prose rules can afford:
 * "run something like `curl … | sh`" is still an instruction.
 */
export type MentionPolicy = "negated" | "quoted";

export interface ScanRule {
  /** Stable kebab-case id, stored with findings. */
  id: string;
  title: string;
  severity: Severity;
  /** Tested against each normalised form of a logical line; must not be global or sticky. */
  pattern: RegExp;
  /** Why this is dangerous in a skill, shown to authors next to the finding. */
  why: string;
  mentions?: MentionPolicy;
  /** A further check on a match (e.g. which host a token is sent to); false drops it. */
  confirm?: (match: RegExpExecArray, text: string) => boolean;
  /**
   * A cheap test the text must pass before `pattern` runs: for patterns that pair two things on
   * a line, the rarer one, so a long line full of the other stays fast.
   */
  requires?: RegExp;
}

/** A match of a document rule, at an offset of the original text. */
export interface DocumentHit {
  offset: number;
  /** Replaces the default excerpt (the original line around the offset). */
  excerpt?: string;
}

/** A finding already made by another rule, for rules that look at the others' results. */
export interface Located {
  ruleId: string;
  severity: Severity;
  offset: number;
}

/** A rule that needs more than one line at a time (state across lines, or raw characters). */
export interface DocumentRule {
  id: string;
  title: string;
  severity: Severity;
  why: string;
  find: (doc: PreparedText, earlier: readonly Located[]) => DocumentHit[];
}

/**
 * A rule, with its pattern folded like the text it will meet (see foldText in ./normalise), so
 * patterns can be written in any script and still match the normalised text.
 */
export function rule(r: ScanRule): ScanRule {
  const fold = (re: RegExp) => new RegExp(foldText(re.source), re.flags);
  return { ...r, pattern: fold(r.pattern), ...(r.requires ? { requires: fold(r.requires) } : {}) };
}

/** `a` and `b` on the same line, in either order, at most 300 characters apart. */
export const both = (a: string, b: string, flags = "i") => new RegExp(`(?:${a})[^\\n]{0,300}(?:${b})|(?:${b})[^\\n]{0,300}(?:${a})`, flags);

/**
 * A prose phrase: each space stands for up to three whitespace characters, or none, so the
 * phrase also matches when letter-spacing removed the spaces between its words.
 */
export const prose = (phrase: string) => phrase.replace(/ /g, String.raw`\s{0,3}`);

// --- Commands -------------------------------------------------------------------------------

/** Something that fetches a URL. */
export const DOWNLOADER = String.raw`\b(?:curl|wget|aria2c|lwp-download|lwp-request|invoke-webrequest|invoke-restmethod|iwr|irm|start-bitstransfer|certutil\s{1,4}-urlcache)\b|\bfetch\s{0,2}\(|\bfetch\s{1,4}-[oq]|\bhttp\s{1,4}(?:get\s{1,4})?https?:|\bpython[0-9.]{0,4}\s{1,4}-c\b[^\n]{0,120}\b(?:urllib|requests|urlopen|httpx)\b|\bnode\s{1,4}-e\b[^\n]{0,120}\b(?:fetch|https?\.get)\b|\bdownloadstring\b|\bnet\.webclient\b`;

/** Optional wrappers before an interpreter: sudo, env (with assignments), command, exec, nohup. */
const WRAPPERS = String.raw`(?:(?:sudo(?:\s{1,4}-\S{1,20}){0,3}|(?:/usr)?(?:/bin/)?env(?:\s{1,4}-\S{1,20}|\s{1,4}\w{1,30}=\S{0,100}){0,4}|command|exec|nohup|busybox|xargs(?:\s{1,4}-\S{1,10}){0,3})\s{1,4}){0,3}`;

/** A shell by name or path, quoted or not. */
export const SHELL = String.raw`["']?(?:/usr(?:/local)?)?(?:/s?bin/)?(?:ba|z|da|k|fi|c|tc|a|mk)?sh\b["']?`;

/** Interpreters that run a script read from standard input when given no file (or `-`). */
const SCRIPT_INTERP = String.raw`["']?(?:/usr(?:/local)?)?(?:/s?bin/)?(?:python[0-9.]{0,4}|perl|ruby|node|nodejs|php|pwsh|powershell(?:\.exe)?|lua|osascript|bun|deno(?:\s{1,4}run)?|tclsh)["']?`;

/**
 * What a download piped into runs as code: a shell with any flags, another interpreter with no
 * argument or `-` (so `| python -m json.tool` and `| node -e "…"` stay text processing), iex,
 * `source /dev/stdin`, or a shell located with `$(which bash)`.
 */
export const PIPE_TARGET = String.raw`${WRAPPERS}(?:${SHELL}|${SCRIPT_INTERP}(?:\s{1,4}-(?=\s|$)|\s{0,4}(?=$|[;&|)#"'\`]))|(?:iex|invoke-expression)\b|(?:source|\.)\s{1,4}/dev/stdin\b|\$\(\s{0,2}(?:which|command\s{1,4}-v)\s{1,4}\w{1,10}\s{0,2}\)|\$\(\s{0,2}(?:echo|printf)\s{1,4}["']?\w{1,10}["']?\s{0,2}\)|\$\{?\w{1,20}\}?(?=\s|$|[;&|)])|su\b)`;

/** Runs a script file: an interpreter (wrappers allowed) followed by at most three flags. */
export const RUNS_FILE = String.raw`${WRAPPERS}(?:${SHELL}|${SCRIPT_INTERP}|source|\.)\s{1,4}(?:-\S{1,30}\s{1,4}(?:[A-Za-z]\w{0,20}\s{1,4})?){0,4}`;

/** Sends data over the network (the sinks of exfiltration). */
export const NET = String.raw`\b(?:xdg-open|open|start)\s{1,4}["']?https?://[^\s"']{0,300}\$|\b(?:curl|wget|nc|ncat|netcat|socat|telnet|scp|sftp|rsync|ftp|tftp|invoke-webrequest|invoke-restmethod|iwr|irm|send-mailmessage|sendmail|mutt|mailx|openssl\s{1,4}s_client)\b|\brequests\.(?:post|put|get|patch)\b|\bhttpx\.(?:post|put|get)\b|\burllib\.request\b|\burlopen\s{0,2}\(|\bfetch\s{0,2}\(|\baxios(?:\.(?:post|put|get))?\s{0,2}\(|\bhttps?\.request\s{0,2}\(|\bhooks\.slack\.com\b|discord(?:app)?\.com/api/webhooks|/dev/(?:tcp|udp)/|\bgh\s{1,4}gist\s{1,4}create\b`;

// --- Secrets --------------------------------------------------------------------------------

// A file passed to the tool that uses it (ssh -i, curl --netrc-file, kubectl --kubeconfig) is
// being used, not read out, so it does not count.
const KEY_IN_USE = String.raw`(?<!(?:-i|IdentityFile|--identity|--key-file|ssh-add|--netrc-file|--kubeconfig|KUBECONFIG=|--config|--userconfig)[\s=]{1,3}["']?[~\w/$.{}-]{0,100})`;
const SSH_KEY = String.raw`(?:\.ssh/(?:id_[a-z0-9_]+\b(?!\.pub)|\*|identity\b)|\.ssh/?(?=["'\s)]|$))`;
/** Files that hold credentials (never `.env.example` and friends, which are templates). */
// The lookahead first: it names the start of every alternative, so the costlier lookbehind only
// runs where a credential file name actually begins.
const CRED_FILE_START = String.raw`(?=\.(?:ssh|aws/|git-cred|netrc|config/g|azure/|kube/|docker/|npmrc|pypirc|gnupg|password-store|vault-token|terraform\.d|claude/|codex/)|/etc/shadow|id_(?:rsa|ed25519|ecdsa)|application_default)`;
export const CRED_FILES = String.raw`${CRED_FILE_START}${KEY_IN_USE}(?:${SSH_KEY}|\.aws/credentials\b|\.aws/?(?=["'\s)]|$)|\.git-credentials\b|\.netrc\b|/etc/shadow\b|\.config/gcloud\b|application_default_credentials\.json|\.azure/|\.kube/config\b|\.docker/config\.json|\.npmrc\b|\.pypirc\b|\.config/gh/hosts\.yml|\.gnupg\b|\.password-store\b|\.vault-token\b|\.terraform\.d/credentials|\.claude/\.credentials\.json|\.codex/auth\.json|\b(?:id_rsa|id_ed25519|id_ecdsa)\b(?!\.pub))`;
/** A .env file being sent (`-F f=@.env`, `< .env`, `cat .env`, `scp .env`), not loaded with `source .env`. */
const DOT_ENV = String.raw`(?:@|<\s{0,3}|\bcat\s{1,4}|-T\s{1,4}|--upload-file\s{1,4}|\b(?:scp|rsync|sftp)\s{1,4}(?:-\S{1,10}\s{1,4}){0,4}|\bopen\(\s{0,2})["']?(?:\./)?\.env(?:\.(?:local|production|prod|development|dev|staging|test))?(?![\w.-])`;
/** Dumps of the whole environment (reading one named variable is normal and not listed). */
export const ENV_DUMP = String.raw`\bprintenv\b(?!\s{1,4}[A-Z_]{2,})|\$\(\s{0,2}(?:env|printenv|set)\s{0,2}\)|\`\s{0,2}(?:env|printenv)\s{0,2}\`|(?:^|[;&|(]\s{0,3})env\s{0,3}(?:\||>|$)|\bdict\(\s{0,2}os\.environ\s{0,2}\)|\bos\.environ\.(?:items|copy)\(\)|\bjson\.dumps\(\s{0,2}(?:dict\()?\s{0,2}os\.environ\b|\bstr\(\s{0,2}os\.environ\s{0,2}\)|\bJSON\.stringify\(\s{0,2}process\.env\s{0,2}\)|\.\.\.process\.env\b|\bObject\.(?:entries|keys|values)\(\s{0,2}process\.env\s{0,2}\)|\b(?:get-childitem|gci|dir|ls)\s{1,4}env:`;
/** Anything that reads credentials: credential files, .env files, the whole environment. */
export const CRED_SOURCES = String.raw`${CRED_FILES}|${DOT_ENV}|${ENV_DUMP}|\bsecurity\s{1,4}(?:find-(?:generic|internet)-password|dump-keychain)\b`;

/** Words that make a variable name a secret. */
// ($PWD and $PASS… are left out: the first is the working directory, the second too often a prefix.)
const SECRET_WORD = String.raw`(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?|AUTH|SESSION|COOKIE|_KEY)`;
/**
 * A secret-looking variable: $X, ${X}, process.env.X, os.environ["X"], os.getenv("X"), $env:X,
 * %X%. The secret word must end the name or a part of it, so $AUTHOR is not a secret. Group 1
 * is the variable's name.
 */
export const SECRET_REF = String.raw`(?:\$\{?|\bprocess\.env\.|\bos\.environ\s{0,2}\[\s{0,2}["']|\bos\.getenv\(\s{0,2}["']|\$env:|%)([A-Za-z0-9_]{0,40}${SECRET_WORD}(?:_[A-Za-z0-9]{1,12}){0,2})(?![A-Za-z0-9])`;

/** Nouns for secrets in prose (English; other languages name them in their own rules). */
export const SECRET_NOUN = String.raw`(?:(?:api|access|secret|private|ssh|aws|gcp|azure|cloud|signing|deploy)[ _-]?keys?|(?:access|auth|api|bearer|session|github|gh|npm|openai|anthropic|aws|personal[ _-]access)[ _-]?tokens?|tokens|passwords?|passphrases?|credentials|secrets|seed[ _-]?phrases?|mnemonic(?:[ _-]?phrases?)?|recovery[ _-]?phrases?|session[ _-]?cookies?|cookies|2fa[ _-]?codes?|otp[ _-]?codes?|one[ -]time[ _-]?codes?|env(?:ironment)?[ _-]?(?:variables?|vars?)|\.env[ _-]?files?|wallet[ _-]?keys?|keychain)`;
