/**
 * Tier-1 security scan rules. A skill is an instruction set an agent will follow with the user's
 * shell and credentials, so the rules look for text that would make the agent run remote code,
 * leak secrets, leave a backdoor, mine, destroy data, hide what it does, or override its
 * instructions. They are grouped by intent, one module per class, so each class can be read
 * (and extended) on its own; the rules are written for intent, not one spelling.
 *
 * Normalisation (./normalise). Rules never see the raw text. Each line is folded first: Unicode
 * compatibility forms become plain letters (NFKC's folding: fullwidth, mathematical, circled),
 * combining marks are dropped, look-alike Cyrillic/Greek/small-capital letters become Latin
 * (./confusables), invisible characters (zero-width, soft hyphen, word joiner, BOM, bidi
 * controls) are removed and tag characters decoded, and each is itself reported; HTML
 * comment markers are dropped while their text stays in the scan; shell words split with
 * quotes or backslashes (`ba''sh`, `"ba""sh"`, `b\ash`) are rejoined; whitespace runs collapse
 * to one space. A second form of the line also rejoins letter-spaced words ("i g n o r e  a l l").
 * Every rule pattern is folded with the same function, so rules in Russian or Japanese meet
 * their text on equal terms. Each normalised character keeps the offset of the original one, so
 * findings point at the original line.
 *
 * Classes (one file each):
 *   remote code ........ ./rules-remote-code  any downloader into any interpreter: pipes, env,
 *                        `-c "$(curl …)"`, `<(curl …)`, saved then run (also across lines),
 *                        clone then run an install script, iex, "download … and run it";
 *                        packages from arbitrary URLs (high); reverse shells
 *   credentials ........ ./rules-credentials  secrets sent by any tool (curl, nc, scp, requests,
 *                        fetch, DNS, git push), tokens sent to a host that did not issue them,
 *                        secrets asked for or committed in prose, secrets carried to a later line
 *   persistence ........ ./rules-persistence  authorized_keys, startup files, cron, systemd user
 *                        units, LaunchAgents, Run keys, sudoers, tunnels to the SSH/RDP port;
 *                        crypto miners
 *   destruction ........ ./rules-destruction  rm -rf of / ~ $HOME, mkfs, dd to disks, fork bombs,
 *                        chmod -R 777 /
 *   encoded payloads ... ./rules-encoded      base64/hex/rot13/escape codes decoded and run, in any
 *                        language or in words
 *   agent manipulation . ./rules-agent        prompt injection (9 languages and Korean), jailbreak
 *                        personas, fake system preambles, concealment from the user
 *   hidden text ........ ./rules-hidden       invisible characters, tag smuggling, instructions in
 *                        HTML comments
 *   hygiene ............ ./rules-hygiene      disabled defences, TLS off, force-push, sudo, blobs
 *
 * Application (see ./scan). Line rules (ScanRule) run over each logical line (shell lines
 * continued with a trailing backslash are joined) and over each pair of adjacent lines, so
 * hard-wrapped prose cannot split a phrase; a rule reports a line once. (For speed each rule
 * first searches all lines joined at once, then checks only the lines it matched; a rule may
 * also name a cheap `requires` test, such as the credential side of "network tool and
 * credential on one line", that the text must pass first.) Document rules
 * (DocumentRule) see the whole text: state across lines (a file saved then run, a secret read
 * then sent, a heredoc into .bashrc) or raw characters. A match the words right before it
 * present as a mention does not count: "never run `curl … | sh`", "instead of `rm -rf ~`" for
 * every rule with a mention policy; "phrases like 'ignore previous instructions'" only for prose
 * rules, since "run something like `curl … | sh`" is still an order. Negation after the match
 * ("`rm -rf ~` is dangerous") is not understood: such text fails and should be reworded.
 *
 * Scoring: the score starts at 100 and every finding subtracts SEVERITY_PENALTY[severity]
 * (critical 50, high 25, medium 10, low 3). Each rule counts at most MAX_COUNTED_PER_RULE (3)
 * times, however often it matches; the score is clamped to 0-100. Verdict: "fail" if any critical
 * finding, or if the score is below SCAN_PASS_THRESHOLD (60); otherwise "pass". So one critical
 * finding always fails (remote code, exfiltration, backdoors, miners, destruction, encoded
 * payloads, injection, concealment are all critical), two high findings fail (50 left), and
 * low-severity findings alone never fail a skill (at most 3 × 3 per rule). A vendor's official
 * `curl … | sh` installer fails too: the finding tells the author to link its instructions.
 *
 * Several files (scanSkillFiles in ./scan): SKILL.md first, then the scripts and references it
 * points to, each scanned alike, findings labelled with their file, one score for all. At most
 * MAX_EXTRA_FILES files besides SKILL.md and MAX_TOTAL_BYTES in all; beyond that the scan fails
 * closed with a critical "too many files or too large to scan" finding.
 *
 * Patterns are linear-time: every gap is bounded (`[^\n]{0,300}`, `\s{0,3}`) and no quantified
 * group overlaps the text that follows it; a test scans 256 KiB pathological lines.
 *
 * RULES_VERSION changes whenever a rule changes: it is RULES_REVISION (bump it by hand when
 * normalisation, a confirm function or a document rule's code changes) plus a hash of every
 * rule's id, severity, pattern, flags, mention policy and requires-test, computed at load.
 * Stored with each scan, it tells which rules judged it.
 */
import type { DocumentRule, ScanRule, Severity } from "./fragments";
import { AGENT_RULES } from "./rules-agent";
import { CREDENTIAL_DOCUMENT_RULES, CREDENTIAL_RULES } from "./rules-credentials";
import { DESTRUCTION_RULES } from "./rules-destruction";
import { ENCODED_RULES } from "./rules-encoded";
import { COMMENT_DOCUMENT_RULE, HIDDEN_DOCUMENT_RULES } from "./rules-hidden";
import { HYGIENE_RULES } from "./rules-hygiene";
import { PERSISTENCE_DOCUMENT_RULES, PERSISTENCE_RULES } from "./rules-persistence";
import { REMOTE_CODE_DOCUMENT_RULES, REMOTE_CODE_RULES } from "./rules-remote-code";

export type { DocumentRule, ScanRule, Severity } from "./fragments";

export const SEVERITY_PENALTY: Readonly<Record<Severity, number>> = { critical: 50, high: 25, medium: 10, low: 3 };
export const MAX_COUNTED_PER_RULE = 3;

export const SCAN_RULES: readonly ScanRule[] = [
  ...REMOTE_CODE_RULES,
  ...CREDENTIAL_RULES,
  ...PERSISTENCE_RULES,
  ...DESTRUCTION_RULES,
  ...ENCODED_RULES,
  ...AGENT_RULES,
  ...HYGIENE_RULES,
];

/** In order; the comment rule is last because it looks at what the others found. */
export const DOCUMENT_RULES: readonly DocumentRule[] = [
  ...REMOTE_CODE_DOCUMENT_RULES,
  ...CREDENTIAL_DOCUMENT_RULES,
  ...PERSISTENCE_DOCUMENT_RULES,
  ...HIDDEN_DOCUMENT_RULES,
  COMMENT_DOCUMENT_RULE,
];

/** Bump when normalisation or document-rule logic changes (pattern edits change the hash anyway). */
export const RULES_REVISION = "2026-12-03.1"; // .1: the folder's own scripts are scanned too

/** 32-bit FNV-1a, hex: short, stable across runtimes, enough to tell rule sets apart. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

export const RULES_VERSION = `${RULES_REVISION}+${fnv1a(
  JSON.stringify([
    SCAN_RULES.map((r) => [r.id, r.severity, r.pattern.source, r.pattern.flags, r.mentions ?? "", r.confirm ? 1 : 0, r.requires?.source ?? ""]),
    DOCUMENT_RULES.map((r) => [r.id, r.severity]),
    SEVERITY_PENALTY,
    MAX_COUNTED_PER_RULE,
  ]),
)}`;
