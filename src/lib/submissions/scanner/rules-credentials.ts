/**
 * Credentials: secrets read and sent anywhere, by any tool or in plain words. Exfiltration is
 * blocking (critical) on its own. Using a token the normal way (an auth header to the service it
 * belongs to) is not a finding, and neither is reading one named variable.
 */
import { CRED_FILES, CRED_SOURCES, NET, SECRET_NOUN, SECRET_REF, both, prose, rule, type DocumentRule, type ScanRule } from "./fragments";
import type { PreparedText } from "./normalise";

// --- Which host a token belongs to -----------------------------------------------------------

/** Words of a variable name that say nothing about who issued it. */
const GENERIC = new Set(
  "api key keys token tokens secret secrets access private password passwd auth session cookie credential credentials client id personal bot app user oauth bearer refresh pat env service account the my your value master root admin rw ro read write".split(" "),
);
/** Short or brand names whose API host is spelled differently. */
const ALIASES: Record<string, string[]> = {
  gh: ["github"],
  github: ["github", "githubusercontent", "ghe"],
  aws: ["amazonaws", "aws"],
  hf: ["huggingface", "hf"],
  huggingface: ["huggingface", "hf"],
  cf: ["cloudflare"],
  npm: ["npmjs", "npm"],
  gcp: ["googleapis", "google"],
  google: ["googleapis", "google"],
  gemini: ["googleapis"],
  az: ["azure", "microsoft"],
  azure: ["azure", "microsoft", "windows"],
  jira: ["atlassian", "jira"],
  confluence: ["atlassian", "confluence"],
  dd: ["datadoghq", "datadog"],
  claude: ["anthropic"],
  slack: ["slack"],
  pypi: ["pypi", "python"],
  docker: ["docker"],
};

/** The vendor words of a secret variable's name: GITHUB_TOKEN -> ["github", …]; API_KEY -> []. */
export function vendorWords(name: string): string[] {
  const words = name.toLowerCase().split(/_+/).filter((w) => w && !GENERIC.has(w));
  return words.flatMap((w) => ALIASES[w] ?? (w.length >= 3 ? [w] : []));
}

const HOST = /\bhttps?:\/\/(?:[^\s/@"'<>]{0,200}@)?([a-z0-9.-]{1,253})|\bgit@([a-z0-9.-]{1,253}):/gi;
const LOCAL = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|::1)$/;

function hostsIn(text: string): string[] {
  return [...text.matchAll(HOST)].map((m) => (m[1] ?? m[2] ?? "").toLowerCase()).filter(Boolean);
}

/** Sinks that are never "the service that issued the token": raw sockets, DNS, mail, copies. */
const RAW_SINK = /\b(?:nc|ncat|netcat|socat|telnet|scp|sftp|rsync|ftp|tftp|sendmail|mutt|mailx|send-mailmessage|dig|nslookup|drill)\b|\/dev\/(?:tcp|udp)\/|\bgh\s{1,4}gist\b/i;
/** `ssh -i $DEPLOY_KEY`: a key handed to ssh is used, not sent. */
const USED_AS_KEY = /(?:-i|IdentityFile)[\s=]{1,3}["']?$/;
const SECRET_REF_G = new RegExp(SECRET_REF, "gi");

/**
 * True when a named secret on this line goes somewhere it does not belong: to a raw socket, DNS,
 * mail or a copy, or to web hosts none of which is its issuer's. A secret whose name names no
 * issuer ($API_KEY) is left to the generic rule below, unless it goes to a raw sink.
 */
export function secretLeavesIssuer(text: string): boolean {
  const hosts = hostsIn(text);
  const raw = RAW_SINK.test(text);
  for (const m of text.matchAll(SECRET_REF_G)) {
    if (USED_AS_KEY.test(text.slice(Math.max(0, m.index - 20), m.index))) continue;
    const words = vendorWords(m[1]!);
    if (raw) return true;
    if (!words.length || !hosts.length) continue;
    const own = hosts.some((h) => LOCAL.test(h) || words.some((w) => h.includes(w)));
    if (!own) return true;
  }
  return false;
}

/** True when a secret with no issuer in its name is placed in a URL (query or path). */
function genericSecretInUrl(match: RegExpExecArray): boolean {
  return vendorWords(match[1]!).length === 0;
}

const URL_WITH_SECRET = String.raw`https?://[^\s"'<>\]\x60]{0,300}${SECRET_REF}`;

// --- Prose ------------------------------------------------------------------------------------

/** A destination that is a person or an address, not a file or header on the user's machine. */
const OUTSIDE = String.raw`(?:https?://|[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{1,200}|(?:me|us)\b|our\s|my\s|this\s{1,3}(?:address|url|endpoint|webhook|server|email|channel)\b|the\s{1,3}following\b|[\w-]{1,63}\.(?:[\w-]{1,63}\.){0,4}(?:com|net|org|io|xyz|ru|cn|top|site|dev|app|co|info|biz|cc|tk|pw|online|live)\b)`;
/** Places in the conversation or in published text, where a secret is disclosed. */
const DISCLOSED = String.raw`(?:here|below|in(?:to)? (?:this|the) (?:chat|conversation|thread|message|reply|response|answer|comment|issue|pull request|pr|commit message|gist|output|summary|readme)|in your (?:reply|response|answer|message|output|summary|next message|final (?:answer|report)|report)|to me|with me|back to me)\b`;
const CRED_PROSE = String.raw`(?:${SECRET_NOUN}|${CRED_FILES}|~/\.ssh\b|\.env\b(?![.\w-])|output of \x60?(?:env|printenv|set)\b)`;

export const CREDENTIAL_RULES: readonly ScanRule[] = [
  rule({
    id: "credential-exfiltration",
    title: "Credentials or environment sent over the network",
    severity: "critical",
    pattern: both(NET, CRED_SOURCES),
    requires: new RegExp(CRED_SOURCES, "i"),
    mentions: "negated",
    why: "SSH keys, cloud credentials, .env files and the environment hold secrets; sending them anywhere is theft.",
  }),
  rule({
    id: "secret-env-exfiltration",
    title: "Secret variable sent to a host other than its issuer",
    severity: "critical",
    pattern: new RegExp(`(?:${NET})[^\\n]{0,300}${SECRET_REF}|${SECRET_REF}[^\\n]{0,300}(?:${NET})|${URL_WITH_SECRET}`, "i"),
    requires: new RegExp(SECRET_REF, "i"),
    confirm: (_, text) => secretLeavesIssuer(text),
    mentions: "negated",
    why: "A token belongs in an auth header to the service that issued it. Sent in a body, a URL, a DNS name or a socket to anyone else, it is stolen.",
  }),
  rule({
    id: "secret-in-url",
    title: "Secret variable placed in a URL",
    severity: "high",
    pattern: new RegExp(URL_WITH_SECRET, "i"),
    confirm: (m) => genericSecretInUrl(m),
    mentions: "negated",
    why: "Tokens in URLs end up in server logs, proxies and shell history. Send them in a header, to the service that issued them.",
  }),
  rule({
    id: "dns-exfiltration",
    title: "Data encoded into a DNS lookup",
    severity: "critical",
    pattern: new RegExp(
      String.raw`\b(?:dig|nslookup|host|drill|ping|resolve-dnsname)\b[^\n]{0,100}(?:${SECRET_REF}|\$\([^\n]{0,200}\)|\x60[^\x60\n]{0,200}\x60)[^\s"']{0,100}\.[a-z0-9-]{1,63}\.[a-z]{2,}|\bgethostbyname\s{0,2}\([^\n)]{0,200}(?:token|secret|key|environ|getenv|password|\{)`,
      "i",
    ),
    mentions: "negated",
    why: "Putting a secret or command output into a hostname sends it to whoever runs that domain's DNS, past most firewalls.",
  }),
  rule({
    id: "git-push-elsewhere",
    title: "Pushes the repository to an address outside its remotes",
    severity: "critical",
    pattern: /\bgit\s{1,3}push\b[^\n]{0,100}(?:--mirror\b[^\n]{0,100}(?:https?:\/\/|ssh:\/\/|git@)|(?:https?|ssh|git):\/\/(?:[^\s/@]{0,200}@)?([a-z0-9.-]{1,253})|\s[\w.-]{1,64}@([a-z0-9.-]{1,253}):)|\bgit\s{1,3}remote\s{1,3}(?:add|set-url)\s{1,3}[^\n]{0,300}(?:&&|;)\s{0,3}git\s{1,3}push\b/i,
    // Pushing straight to a public forge (CI with a token) is normal; any other host is not.
    confirm: (m) => {
      const host = (m[1] ?? m[2] ?? "").toLowerCase();
      return !/(?:^|\.)(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|sr\.ht)$/.test(host) || /--mirror/.test(m[0]);
    },
    mentions: "negated",
    why: "Copies the user's code, and any secrets committed in it, to a server the user never chose. Push to the remotes the user set up.",
  }),
  rule({
    id: "secret-request-prose",
    title: "Asks for secrets to be sent or disclosed",
    severity: "critical",
    pattern: new RegExp(
      [
        prose(String.raw`\b(?:send|post|upload|e-?mail|mail|forward|transmit|submit|share|leak|exfiltrate|report|deliver|ship|beam|sync|copy|give)\b[^\n]{0,60}${CRED_PROSE}[^\n]{0,80}\b(?:to|at|via|into) ${OUTSIDE}`),
        prose(String.raw`\b(?:commit|check in|git add(?: -f)?) (?:the |your |all )?(?:${CRED_PROSE})(?! ?(?:baseline|scanner|manager|template|example|schema|list|names|policy|config))|\b(?:add|put|paste|write|include|copy) (?:the |your |all )?(?:${CRED_PROSE})[^\n]{0,40}\b(?:to|in|into) (?:the )?(?:readme|docs?|documentation|wiki|public \w{1,12}|repo(?:sitory)?|source code|commit)\b`),
        prose(String.raw`\b(?:paste|enter|type|give|provide|share|tell|reply|respond|write|put|include|add|copy|show|print|output|reveal|display|list|echo|dump|return|disclose|post)\b[^\n]{0,60}${CRED_PROSE}[^\n]{0,60}\b${DISCLOSED}`),
        prose(String.raw`\b(?:reply|respond|answer|tell me|give me|send|share|return|read out|include) (?:with )?(?:the )?(?:value|contents?) of \$?\{?[A-Za-z0-9_]{0,40}(?:TOKEN|SECRET|PASSWORD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)\b`),
        prose(String.raw`\b(?:read|cat|open|load|copy|collect|gather)\b[^\n]{0,40}(?:${CRED_FILES}|~/\.ssh\b)[^\n]{0,80}\b(?:and|then) (?:send|post|upload|include|share|paste|print|output|attach|add|put|forward|echo|return|report)\b`),
        // Spanish, French, German, Portuguese, Italian, Russian, Chinese, Japanese
        String.raw`\b(?:envia|enviame|manda|mandame|pega|comparte|envoie|envoyez|colle|partage|sende|schicke|schick|envie|cole|compartilhe|invia|incolla|condividi)\b[^\n]{0,60}(?:claves?|credenciales|contrasenas?|tokens?|cles?|identifiants|mots de passe|zugangsdaten|passworter|schlussel|senhas?|chaves?|credenciais|chiavi|password|credenziali)\b`,
        String.raw`(?:отправь|пришли|вставь|передай|скинь)[^\n]{0,40}(?:ключ|пароль|токен|учетные данные|секрет)`,
        String.raw`(?:发送|发给|上传|粘贴|提供|告诉我)[^\n]{0,20}(?:密钥|密码|令牌|凭证|凭据|私钥|助记词)`,
        String.raw`(?:APIキー|パスワード|トークン|秘密鍵|認証情報)[^\n]{0,20}(?:送信|送って|貼り付け|教えて)`,
      ].join("|"),
      "i",
    ),
    mentions: "quoted",
    why: "A skill never needs the user's secrets sent to a person, an address or the chat. Secrets belong in the user's environment, read by the tool that needs them.",
  }),
  rule({
    id: "credential-store-access",
    title: "Reads a browser password store, keychain or crypto wallet",
    severity: "critical",
    pattern:
      /\b(?:cat|cp|copy|read|open|sqlite3|tar|zip|scp|curl|upload|base64|strings|xxd|less|head|type|get-content|copy-item|shutil\.copy\w{0,4}|readfilesync)\b[^\n]{0,200}(?:(?:google[/\\ ]chrome|chromium|brave|microsoft[/\\ ]edge|mozilla|firefox)[^\n]{0,120}(?:login\s{0,3}data|cookies|web\s{0,3}data|local\s{0,3}state|key[34]\.db|logins\.json|cookies\.sqlite)|[/\\]login\s{1,3}data\b|[/\\](?:key[34]\.db|logins\.json|cookies\.sqlite)\b|wallet\.dat|\.electrum\b|\.bitcoin\/|\.ethereum\/keystore|solana\/id\.json|\bexodus\/|metamask|login\.keychain)|\bsecurity\s{1,4}(?:dump-keychain|find-generic-password\b[^\n]{0,80}\s-[wg]\b)/i,
    requires: /login\s{0,3}data|cookies|web\s{0,3}data|local\s{0,3}state|key[34]\.db|logins\.json|wallet\.dat|\.electrum|\.bitcoin|keystore|solana|exodus|metamask|keychain|\bsecurity\s/i,
    mentions: "negated",
    why: "Saved passwords, session cookies and wallet keys give direct access to the user's accounts and money; no skill needs them.",
  }),
  rule({
    id: "credential-file-read",
    title: "Reads a private key or credentials file",
    severity: "medium",
    pattern: new RegExp(String.raw`(?:\b(?:cat|less|more|head|tail|base64|xxd|strings|cp|type|get-content|readfilesync|read_text)\b|\bopen\s{0,2}\()[^\n]{0,100}${CRED_FILES}`, "i"),
    mentions: "negated",
    why: "A skill rarely needs private key material; reading it is the first step of exfiltration.",
  }),
];

// --- Secrets carried across lines -------------------------------------------------------------

const CRED_SOURCES_RE = new RegExp(CRED_SOURCES, "i");
const CRED_SOURCES_G = new RegExp(CRED_SOURCES, "gim");
const NET_RE = new RegExp(NET, "i");
/** `KEY=$(cat ~/.ssh/id_rsa)`, `key = open(".../id_rsa").read()`, `const k = fs.readFileSync(...)`. */
const ASSIGNED = /^(?:export\s{1,4}|(?:const|let|var)\s{1,4})?([A-Za-z_][A-Za-z0-9_]{0,40})\s{0,2}=\s{0,2}(.{1,400})$/;
/** `cat ~/.aws/credentials > /tmp/c`, `cp ~/.ssh/id_rsa /tmp/k`, `tar czf /tmp/k.tgz ~/.ssh`. */
const COPIED_TO = /(?:>{1,2}\s{0,2}["']?([^\s"';|&]{1,200})|\b(?:cp|mv)\s{1,4}(?:-\S{1,10}\s{1,4}){0,3}\S{1,300}\s{1,4}["']?([^\s"';|&]{1,200})["']?\s{0,3}(?:$|[;&|])|\btar\s{1,4}-?[a-zA-Z]{1,6}\s{1,4}["']?([^\s"';|&]{1,200})|\b(?:zip|7z\s{1,4}a)\s{1,4}(?:-\w{1,4}\s{1,4}){0,3}["']?([^\s"';|&]{1,200}))/;

/** A file handed to a sender: `@file`, `< file`, `-T file`, `cat file |`, `scp file …`, `open("file")`. */
const SENT_FILE = String.raw`(?:@|<\s{0,3}|-T\s{1,4}|--upload-file[=\s]{1,4}|--post-file[=\s]{1,4}|\bcat\s{1,4}|\b(?:scp|rsync|sftp|nc|ncat)\s[^\n]{0,100}?|\bopen\(\s{0,2}|read_text\(|readFileSync\(\s{0,2})["']?`;
const SECRET_REF_RE = new RegExp(SECRET_REF, "i");
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Secrets read into a variable or a file on one line and sent on a later one: the variable and
 * file names are remembered, and a later network line that uses one is a finding. A file also
 * counts when a secret variable was written to it (`echo $OPENAI_API_KEY > /tmp/k`), but then
 * only when the file itself is sent, since writing a token to a tool's config file is normal.
 */
function findCarriedSecrets(doc: PreparedText): { offset: number }[] {
  const tainted: RegExp[] = [];
  const hits: { offset: number }[] = [];
  // Lines that read a credential or name a secret, found with one search of the whole text.
  const texts = doc.logical.map((l) => l.forms[0]!.text);
  const starts: number[] = [];
  let at = 0;
  for (const t of texts) {
    starts.push(at);
    at += t.length + 1;
  }
  const whole = texts.join("\n");
  const sources = new Set<number>();
  for (const re of [CRED_SOURCES_G, SECRET_REF_G]) {
    for (const m of whole.matchAll(re)) {
      let [lo, hi] = [0, starts.length - 1];
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= m.index) lo = mid;
        else hi = mid - 1;
      }
      sources.add(lo);
    }
  }
  if (!sources.size) return hits;
  doc.logical.forEach((line, k) => {
    const form = line.forms[0]!;
    const text = form.text;
    if (tainted.length && NET_RE.test(text)) {
      const t = tainted.find((re) => re.test(text));
      if (t) hits.push({ offset: form.src[Math.max(0, text.search(t))] ?? 0 });
    }
    if (!sources.has(k)) return;
    const readsCredentials = CRED_SOURCES_RE.test(text);
    const assigned = readsCredentials ? ASSIGNED.exec(text) : null;
    if (assigned && CRED_SOURCES_RE.test(assigned[2]!)) {
      const v = assigned[1]!;
      tainted.push(new RegExp(String.raw`\$\{?${v}\b|\b${v}\b(?=\s{0,2}[,)}\]]|\.(?:read|decode|encode|hex)|\s{0,2}\+)`));
    }
    const copied = COPIED_TO.exec(text);
    const file = copied?.[1] ?? copied?.[2] ?? copied?.[3] ?? copied?.[4];
    if (file && !file.startsWith("/dev/") && !CRED_SOURCES_RE.test(file)) {
      tainted.push(new RegExp(readsCredentials ? `${escape(file)}(?![\\w.-])` : `${SENT_FILE}${escape(file)}(?![\\w.-])`));
    }
  });
  return hits;
}

export const CREDENTIAL_DOCUMENT_RULES: readonly DocumentRule[] = [
  {
    id: "credential-carried-exfiltration",
    title: "Credentials read on one line and sent on another",
    severity: "critical",
    why: "Reading a secret into a variable or file and sending it later is the same theft as sending it directly.",
    find: (doc) => findCarriedSecrets(doc),
  },
];
