/**
 * Tier-1 security scan rules: regular expressions run over every line of a SKILL.md (frontmatter
 * and body). A skill is an instruction set an agent will follow with the user's shell and
 * credentials, so the rules look for text that would make the agent run remote code, leak
 * secrets, destroy data, hide what it does, or override its instructions.
 *
 * Scoring (see `scanSkill` in ./scan): the score starts at 100 and every finding subtracts
 * SEVERITY_PENALTY[severity] (critical 50, high 25, medium 10, low 3). Each rule counts at most
 * MAX_COUNTED_PER_RULE (3) times, however often it matches; the score is clamped to 0-100.
 * Verdict: "fail" if any critical finding, or if the score is below SCAN_PASS_THRESHOLD (60);
 * otherwise "pass". So one critical finding always fails, three high findings fail (25 points
 * left), and low-severity findings alone can never fail a skill (at most 3 × 3 per rule).
 *
 * Matching is per logical line: shell lines continued with a trailing backslash are joined, and
 * two adjacent lines are also tried together so hard-wrapped prose cannot split a phrase. Every
 * pattern is linear-time: gaps are bounded (`[^\n]{0,300}`) and no quantified group overlaps
 * the text that follows it. Rules aim at instructions, not mentions: "never use rm -rf" passes,
 * "rm -rf ~" does not. Known false positives are accepted where the real risk is high (e.g. a
 * vendor's official `curl … | sh` installer still fails: the agent would run unreviewed code).
 */

export type Severity = "critical" | "high" | "medium" | "low";

export interface ScanRule {
  /** Stable kebab-case id, stored with findings. */
  id: string;
  title: string;
  severity: Severity;
  /** Tested against one logical line; must not be global or sticky. */
  pattern: RegExp;
  /** Why this is dangerous in a skill, shown to authors next to the finding. */
  why: string;
}

export const SEVERITY_PENALTY: Readonly<Record<Severity, number>> = { critical: 50, high: 25, medium: 10, low: 3 };
export const MAX_COUNTED_PER_RULE = 3;

// Shared fragments. NET: a command that sends data over the network.
const NET = String.raw`\b(?:curl|wget|nc|ncat|netcat|socat|invoke-webrequest|invoke-restmethod|iwr|irm)\b`;
const SSH_KEY = String.raw`\.ssh/id_[a-z0-9_]+\b(?!\.pub)`;
const CRED_FILES = String.raw`(?:${SSH_KEY}|\.aws/credentials\b|\.git-credentials\b|\.netrc\b|/etc/shadow\b)`;
const CRED_SOURCES = String.raw`(?:${CRED_FILES}|(?:@|<\s{0,3}|\bcat\s{1,4})(?:\./)?\.env\b|\bprintenv\b|\benv\s{0,3}\|)`;
// A secret-looking variable not used as an auth header value ("Bearer $X", "X-Api-Key: $X").
const SECRET_VAR = String.raw`(?<!(?:bearer|token|basic)\s{1,3}|:\s{0,3})\$\{?[A-Z0-9_]{0,40}(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY)`;
const SHELL = String.raw`(?:/usr)?(?:/bin/)?(?:ba|z|da|k|fi)?sh\b`;
const B64_DECODE = String.raw`\bbase64\s{1,4}(?:-d|--decode|-D)\b`;
const ROOT_OR_HOME = String.raw`["']?(?:/\*?|~/?\*?|\$\{?HOME\}?/?\*?)["']?(?=$|[\s;&|)\`])`;
const FLAGS = String.raw`(?:-{1,2}[a-z-]+\s{1,4})`;

/** `a` and `b` on the same line, in either order, at most 300 characters apart. */
const both = (a: string, b: string, flags = "i") => new RegExp(`${a}[^\\n]{0,300}${b}|${b}[^\\n]{0,300}${a}`, flags);

export const SCAN_RULES: readonly ScanRule[] = [
  // --- Remote code execution ---------------------------------------------------------------
  {
    id: "pipe-to-shell",
    title: "Download piped into a shell",
    severity: "critical",
    pattern: new RegExp(String.raw`\b(?:curl|wget)\b[^\n]{0,300}\|\s{0,4}(?:sudo\s{1,4}(?:-\S+\s{1,4}){0,3})?(?:${SHELL}|(?:python[23]?|perl|ruby|node|php)\s{0,4}(?:-\s{0,4})?(?:$|[;&|)#]))`, "i"),
    why: "Runs whatever the server returns at that moment, unreviewed, with the user's privileges.",
  },
  {
    id: "exec-remote-script",
    title: "Downloaded script executed via $(…), <(…) or exec()",
    severity: "critical",
    pattern: new RegExp(String.raw`(?:\b(?:ba|z|da|k)?sh|\bsource|\beval|(?:^|[\s;&|])\.)\s{1,4}(?:-[a-z]+\s{1,4}){0,3}["']?(?:<\(|\$\()\s{0,3}(?:curl|wget)\b|\bexec\s{0,3}\(\s{0,3}(?:requests\.get|(?:urllib\.request\.)?urlopen)\s{0,3}\(`, "i"),
    why: "Same as piping to a shell: remote code runs without ever being shown to the user.",
  },
  {
    id: "powershell-download-exec",
    title: "PowerShell download and Invoke-Expression",
    severity: "critical",
    pattern: /\b(?:iex|invoke-expression)\b[^\n]{0,200}\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring|net\.webclient)\b|\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring)\b[^\n]{0,300}\|\s{0,4}(?:iex|invoke-expression)\b/i,
    why: "PowerShell's equivalent of curl | sh: executes remote code directly in memory.",
  },
  // --- Credentials ---------------------------------------------------------------------------
  {
    id: "credential-exfiltration",
    title: "Credentials or environment sent over the network",
    severity: "critical",
    pattern: both(NET, CRED_SOURCES),
    why: "SSH keys, cloud credentials, .env files and the environment hold secrets; sending them anywhere is theft.",
  },
  {
    id: "secret-env-exfiltration",
    title: "Secret variable sent in a request body or URL",
    severity: "high",
    pattern: both(NET, SECRET_VAR),
    why: "Tokens belong in an auth header to the service that issued them, not in data or URLs sent elsewhere.",
  },
  {
    id: "credential-file-read",
    title: "Reads a private key or credentials file",
    severity: "medium",
    pattern: new RegExp(String.raw`\b(?:cat|less|more|head|tail|base64|xxd|strings|cp|type|get-content)\b[^\n]{0,100}${CRED_FILES}`, "i"),
    why: "A skill rarely needs private key material; reading it is the first step of exfiltration.",
  },
  // --- Destruction ---------------------------------------------------------------------------
  {
    id: "destructive-rm",
    title: "Recursive delete of /, ~ or $HOME",
    severity: "critical",
    pattern: new RegExp(String.raw`\brm\s{1,4}${FLAGS}{1,4}${ROOT_OR_HOME}|\bremove-item\b[^\n]{0,80}-recurse[^\n]{0,80}\s["']?(?:[a-z]:\\?|~|\$env:userprofile)["']?(?=$|[\s\`])`, "i"),
    why: "Wipes the system or the user's home directory; there is no legitimate reason in a skill.",
  },
  {
    id: "disk-wipe",
    title: "Formats or overwrites a disk",
    severity: "critical",
    pattern: /\bmkfs(?:\.[a-z0-9]+)?\s{1,4}\S|\bdd\b[^\n]{0,200}\bof=\/dev\/(?:sd[a-z]|nvme\d|hd[a-z]|xvd[a-z]|vd[a-z]|disk\d|mmcblk\d)|>\s{0,3}\/dev\/(?:sd[a-z]|nvme\d|hd[a-z]|xvd[a-z]|disk\d|mmcblk\d)|\bshred\b[^\n]{0,100}\/dev\/(?:sd|nvme|hd|disk)|\bwipefs\s{1,4}-a\b|\bformat\s{1,4}[a-z]:(?=\s|$)/i,
    why: "Destroys a whole filesystem or block device.",
  },
  {
    id: "fork-bomb",
    title: "Fork bomb",
    severity: "critical",
    pattern: /([\w:]{1,20})\s{0,3}\(\)\s{0,3}\{\s{0,3}\1\s{0,3}\|\s{0,3}\1\s{0,3}&\s{0,3}\}|%0\s{0,3}\|\s{0,3}%0/,
    why: "Spawns processes until the machine stops responding.",
  },
  {
    id: "destructive-chmod",
    title: "World-writable permissions on / or home",
    severity: "critical",
    pattern: new RegExp(String.raw`\bchmod\s{1,4}${FLAGS}{0,3}(?:0?777|a\+rwx|ugo\+rwx)\s{1,4}${FLAGS}{0,3}${ROOT_OR_HOME}`, "i"),
    why: "Breaks the system's security model (sudo, ssh refuse to work) and lets any process tamper with anything.",
  },
  // --- Obfuscation ---------------------------------------------------------------------------
  {
    id: "js-eval-decoded",
    title: "JavaScript eval of decoded data",
    severity: "critical",
    pattern: /\b(?:eval|Function|setTimeout|setInterval)\s{0,3}\(\s{0,3}(?:atob|unescape|decodeURIComponent|String\.fromCharCode|Buffer\.from)\s{0,3}\(/,
    why: "Hides the code that actually runs from reviewers and scanners.",
  },
  {
    id: "shell-decode-exec",
    title: "Shell executes base64-decoded data",
    severity: "critical",
    pattern: new RegExp(String.raw`${B64_DECODE}[^\n]{0,200}\|\s{0,4}(?:sudo\s{1,4})?${SHELL}|\b(?:eval|(?:ba|z|da|k)?sh\s{1,4}-c)\s{1,4}["']?\$\([^\n]{0,200}${B64_DECODE}|\bxxd\s{1,4}-r\b[^\n]{0,200}\|\s{0,4}${SHELL}`, "i"),
    why: "Encoding a command only makes sense to hide it from the reader.",
  },
  {
    id: "python-exec-decoded",
    title: "Python exec/eval of decoded data",
    severity: "critical",
    pattern: /\b(?:exec|eval)\s{0,3}\(\s{0,3}(?:__import__\(\s{0,3}['"](?:base64|zlib|codecs|marshal)['"]|base64\.b(?:64|32|16)decode|base64\.decodebytes|codecs\.decode|zlib\.decompress|marshal\.loads|bytes\.fromhex)/,
    why: "Hides the code that actually runs from reviewers and scanners.",
  },
  {
    id: "reverse-shell",
    title: "Reverse shell",
    severity: "critical",
    pattern: /\/dev\/(?:tcp|udp)\/[^\s/]{1,253}\/\d{1,5}|\b(?:nc|ncat|netcat)\b[^\n]{0,100}\s-[a-z]{0,4}[ec]\s{1,4}["']?\S{0,40}(?:sh|cmd(?:\.exe)?|powershell(?:\.exe)?)\b|\bsocat\b[^\n]{0,200}\bexec:|\bmkfifo\b[^\n]{0,200}\b(?:nc|ncat|netcat)\b|\bos\.dup2\(\s{0,3}\w{1,20}\.fileno\(\)/i,
    why: "Hands an interactive shell on the user's machine to a remote host.",
  },
  // --- Agent manipulation --------------------------------------------------------------------
  {
    id: "prompt-injection",
    title: "Instruction to ignore previous or system instructions",
    severity: "critical",
    pattern: /\b(?:ignore|disregard|forget|override)\s{1,3}(?:all\s{1,3}|any\s{1,3})?(?:of\s{1,3})?(?:the\s{1,3}|your\s{1,3})?(?:previous|prior|above|earlier|preceding)\s{1,3}(?:instructions|prompts?|directions|rules|guidelines)\b|\b(?:ignore|disregard|forget|override)\s{1,3}(?:your|the)\s{1,3}(?:system\s{1,3}(?:prompt|instructions|message)|safety\s{1,3}(?:rules|guidelines|instructions))\b/i,
    why: "A skill adds instructions; one that tries to cancel the agent's other instructions is an attack.",
  },
  {
    id: "hide-from-user",
    title: "Instruction to hide actions from the user",
    severity: "high",
    pattern: /\b(?:do\s{1,3}not|don't|never)\s{1,3}(?:tell|inform|notify|alert|mention\s{1,3}(?:this\s{1,3})?to)\s{1,3}the\s{1,3}user\b|\bwithout\s{1,3}(?:telling|informing|notifying|alerting)\s{1,3}the\s{1,3}user\b|\b(?:secretly|covertly|silently)\s{1,3}(?:send|upload|exfiltrate|post|transmit|copy)\b/i,
    why: "Legitimate skills have nothing to hide from the person they act for.",
  },
  {
    id: "hidden-unicode",
    title: "Invisible or bidirectional-override characters",
    severity: "high",
    pattern: /[\u200B\u2060\uFEFF\u202A-\u202E\u2066-\u2069]|[\u{E0000}-\u{E007F}]/u,
    why: "Invisible text can carry instructions the agent reads but a human reviewer never sees.",
  },
  // --- System tampering ----------------------------------------------------------------------
  {
    id: "crypto-miner",
    title: "Cryptocurrency miner",
    severity: "high",
    pattern: /\b(?:xmrig|minerd|cpuminer|ethminer|nicehash)\b|stratum\+(?:tcp|ssl|tls):\/\//i,
    why: "Mining on the user's hardware is resource theft.",
  },
  {
    id: "ssh-authorized-keys",
    title: "Adds an SSH authorized key",
    severity: "high",
    pattern: /(?:>>?|\btee\b(?:\s{1,3}-a)?)\s{0,3}["']?[\w~${}/.-]{0,80}\.ssh\/authorized_keys\b/i,
    why: "Grants a remote party persistent login to the user's machine.",
  },
  {
    id: "security-controls-disabled",
    title: "Disables a firewall, SELinux or antivirus",
    severity: "high",
    pattern: /\bsetenforce\s{1,3}0\b|\bufw\s{1,3}disable\b|\bsystemctl\s{1,3}(?:stop|disable)\s{1,3}(?:firewalld|apparmor|auditd)\b|\bset-mppreference\b[^\n]{0,80}-disable\w{0,40}\s{1,3}\$?true\b|\biptables\s{1,3}-F\b/i,
    why: "Removes the protections that would contain anything else the skill does.",
  },
  {
    id: "history-tampering",
    title: "Disables or clears shell history",
    severity: "medium",
    pattern: /\bunset\s{1,3}HISTFILE\b|\bhistory\s{1,3}-c\b|\bHISTSIZE=0\b|\bHISTFILE=\/dev\/null\b|\bset\s{1,3}\+o\s{1,3}history\b/i,
    why: "Covering tracks has no place in a legitimate workflow.",
  },
  {
    id: "download-chmod-exec",
    title: "Downloads, marks executable and runs a binary",
    severity: "medium",
    pattern: /\b(?:curl|wget)\b[^\n]{0,300}&&[^\n]{0,100}\bchmod\s{1,4}(?:\+x|[0-7]?7[0-7][0-7])\b[^\n]{0,100}&&\s{0,3}(?:sudo\s{1,4})?\.?\//i,
    why: "Runs an unreviewed binary; prefer a package manager or a pinned, checksummed release.",
  },
  // --- Risky but often legitimate -------------------------------------------------------------
  {
    id: "tls-verification-disabled",
    title: "TLS certificate verification disabled",
    severity: "medium",
    pattern: /\bcurl\b[^\n]{0,200}\s(?:-[a-zA-Z]{0,6}k[a-zA-Z]{0,6}|--insecure)\b|--no-check-certificate\b|\bNODE_TLS_REJECT_UNAUTHORIZED\s{0,3}=\s{0,3}["']?0|\bPYTHONHTTPSVERIFY\s{0,3}=\s{0,3}["']?0|\bverify\s{0,3}=\s{0,3}False\b|\brejectUnauthorized\s{0,3}:\s{0,3}false\b|\bsslVerify\s{0,3}[=\s]\s{0,3}false\b|-SkipCertificateCheck\b/,
    why: "Lets anyone on the network swap the content being downloaded.",
  },
  {
    id: "force-push-main",
    title: "Force-push to main or master",
    severity: "medium",
    pattern: /\bgit\s{1,3}push\b(?:(?=[^\n]{0,150}\s(?:--force(?:-with-lease)?|-f)\b)(?=[^\n]{0,150}\b(?:main|master)\b)|[^\n]{0,150}\s\+(?:main|master)\b)/i,
    why: "Rewrites shared history and can destroy other people's commits.",
  },
  {
    id: "sudo",
    title: "Runs a command with sudo",
    severity: "low",
    pattern: /\bsudo\s{1,3}\S/,
    why: "Root privileges widen the damage of any mistake; the user should run these steps knowingly.",
  },
  {
    id: "long-encoded-blob",
    title: "Long base64-like blob",
    severity: "low",
    pattern: /[A-Za-z0-9+/]{200}/,
    why: "Large encoded blobs cannot be reviewed and often carry hidden payloads.",
  },
];
