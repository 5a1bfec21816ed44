/**
 * Risky but often legitimate: weakened defences and habits that widen the damage of a mistake.
 * High, medium or low: they lower the score, and several together fail a skill, but one alone
 * does not (see the scoring in ./rules).
 */
import { rule, type ScanRule } from "./fragments";

export const HYGIENE_RULES: readonly ScanRule[] = [
  rule({
    id: "security-controls-disabled",
    title: "Disables a firewall, SELinux or antivirus",
    severity: "high",
    pattern:
      /\bsetenforce\s{1,3}0\b|\bufw\s{1,3}disable\b|\bsystemctl\s{1,3}(?:stop|disable|mask)\s{1,3}(?:firewalld|apparmor|auditd)\b|\bset-mppreference\b[^\n]{0,80}-disable\w{0,40}\s{1,3}\$?true\b|\badd-mppreference\b[^\n]{0,40}-exclusion(?:path|process)\b|\biptables\s{1,3}-F\b|\bspctl\s{1,3}--master-disable\b|\bcsrutil\s{1,3}disable\b/i,
    requires: /setenforce|ufw|systemctl|mppreference|iptables|spctl|csrutil/i,
    mentions: "negated",
    why: "Removes the protections that would contain anything else the skill does.",
  }),
  rule({
    id: "agent-permissions-bypass",
    title: "Turns off the agent's permission prompts",
    severity: "high",
    pattern: /--dangerously-skip-permissions\b|\bbypassPermissions\b|--dangerously-bypass-approvals-and-sandbox\b|--yolo\b|\bauto-?approve\s{0,3}(?:all|everything)\b/i,
    mentions: "negated",
    why: "Permission prompts are how the user sees what the agent is about to do; a skill should not switch them off.",
  }),
  rule({
    id: "history-tampering",
    title: "Disables or clears shell history",
    severity: "medium",
    pattern: /\bunset\s{1,3}HISTFILE\b|\bhistory\s{1,3}-c\b|\bHISTSIZE=0\b|\bHISTFILE=\/dev\/null\b|\bset\s{1,3}\+o\s{1,3}history\b|\bclear-history\b|\b(?:shred|rm|truncate)\b[^\n]{0,60}\.(?:bash|zsh|sh|python)_history\b|>\s{0,3}["']?~?\/?\.(?:bash|zsh)_history\b/i,
    mentions: "negated",
    why: "Covering tracks has no place in a legitimate workflow.",
  }),
  rule({
    id: "tls-verification-disabled",
    title: "TLS certificate verification disabled",
    severity: "medium",
    pattern:
      /\bcurl\b[^\n]{0,200}\s(?:-[a-zA-Z]{0,6}k[a-zA-Z]{0,6}|--insecure)\b|--no-check-certificate\b|\bNODE_TLS_REJECT_UNAUTHORIZED\s{0,3}=\s{0,3}["']?0|\bPYTHONHTTPSVERIFY\s{0,3}=\s{0,3}["']?0|\bverify\s{0,3}=\s{0,3}False\b|\brejectUnauthorized\s{0,3}:\s{0,3}false\b|\bsslVerify\s{0,3}[=\s]\s{0,3}false\b|-SkipCertificateCheck\b/,
    requires: /\s-[a-zA-Z]{0,6}k|--insecure|--no-check-certificate|REJECT_UNAUTHORIZED|HTTPSVERIFY|verify\s{0,3}=|rejectUnauthorized|sslVerify|SkipCertificateCheck/,
    mentions: "negated",
    why: "Lets anyone on the network swap the content being downloaded.",
  }),
  rule({
    id: "force-push-main",
    title: "Force-push to main or master",
    severity: "medium",
    pattern: /\bgit\s{1,3}push\b(?:(?=[^\n]{0,150}\s(?:--force(?:-with-lease)?|-f)\b)(?=[^\n]{0,150}\b(?:main|master)\b)|[^\n]{0,150}\s\+(?:main|master)\b)/i,
    mentions: "negated",
    why: "Rewrites shared history and can destroy other people's commits.",
  }),
  rule({
    id: "sudo",
    title: "Runs a command with sudo",
    severity: "low",
    pattern: /\bsudo\s{1,3}\S/,
    why: "Root privileges widen the damage of any mistake; the user should run these steps knowingly.",
  }),
  rule({
    id: "long-encoded-blob",
    title: "Long base64-like blob",
    severity: "low",
    // The lookbehind starts a try only where a run of such characters starts, not inside one.
    pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{200}/,
    why: "Large encoded blobs cannot be reviewed and often carry hidden payloads.",
  }),
];
