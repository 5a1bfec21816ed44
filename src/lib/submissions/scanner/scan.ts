/**
 * The tier-1 security scan: runs SCAN_RULES over a SKILL.md and turns the findings into a score
 * and a pass/fail verdict. Scoring and verdict are documented in ./rules.
 */
import { MAX_COUNTED_PER_RULE, SCAN_RULES, SEVERITY_PENALTY, type ScanRule, type Severity } from "./rules";

/** Below this score a skill fails even without a critical finding. */
export const SCAN_PASS_THRESHOLD = 60;
export const EXCERPT_MAX_LENGTH = 120;

export interface ScanFinding {
  ruleId: string;
  severity: Severity;
  title: string;
  /** 1-based line in the scanned text where the match starts. */
  line: number;
  /** The matching line, trimmed, at most EXCERPT_MAX_LENGTH characters, invisible characters shown as U+FFFD. */
  excerpt: string;
}

export type ScanVerdict = "pass" | "fail";

export interface ScanResult {
  /** 0-100, integer. */
  score: number;
  verdict: ScanVerdict;
  /** Ordered by line, then by rule order. */
  findings: ScanFinding[];
}

interface LogicalLine {
  line: number;
  text: string;
}

/** Physical lines, with backslash-continued shell lines joined so `curl … \ | sh` is one line. */
function logicalLines(text: string): LogicalLine[] {
  const physical = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const out: LogicalLine[] = [];
  for (let i = 0; i < physical.length; i++) {
    const line = i + 1;
    let joined = physical[i]!;
    while (endsWithContinuation(joined) && i + 1 < physical.length) {
      joined = `${joined.slice(0, -1)} ${physical[++i]!.trimStart()}`;
    }
    out.push({ line, text: joined });
  }
  return out;
}

function endsWithContinuation(s: string): boolean {
  let n = 0;
  while (n < s.length && s[s.length - 1 - n] === "\\") n++;
  return n % 2 === 1;
}

const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069]|[\u{E0000}-\u{E007F}]/gu;

/** A window of the line around the match, so a finding deep in a long line still shows it. */
function excerptOf(text: string, index: number): string {
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  let out = trimmed;
  if (trimmed.length > EXCERPT_MAX_LENGTH) {
    const start = Math.min(Math.max(0, index - lead - 30), trimmed.length - EXCERPT_MAX_LENGTH);
    out = trimmed.slice(start, start + EXCERPT_MAX_LENGTH);
    if (start > 0) out = `…${out.slice(1)}`;
    if (start + EXCERPT_MAX_LENGTH < trimmed.length) out = `${out.slice(0, -1)}…`;
  }
  return out.replace(INVISIBLE, "\uFFFD").slice(0, EXCERPT_MAX_LENGTH);
}

function findingOf(rule: ScanRule, at: LogicalLine, index: number): ScanFinding {
  return { ruleId: rule.id, severity: rule.severity, title: rule.title, line: at.line, excerpt: excerptOf(at.text, index) };
}

/** One rule over all lines; adjacent line pairs catch phrases that hard-wrapped prose split in two. */
function runRule(rule: ScanRule, lines: readonly LogicalLine[]): ScanFinding[] {
  const found: ScanFinding[] = [];
  const hit = new Set<number>();
  lines.forEach((l, k) => {
    const m = rule.pattern.exec(l.text);
    if (m) {
      hit.add(k);
      found.push(findingOf(rule, l, m.index));
    }
  });
  for (let k = 0; k + 1 < lines.length; k++) {
    const [a, b] = [lines[k]!, lines[k + 1]!];
    if (hit.has(k) || hit.has(k + 1) || a.text.trim() === "" || b.text.trim() === "") continue;
    const pair = { line: a.line, text: `${a.text.trimEnd()} ${b.text.trimStart()}` };
    const m = rule.pattern.exec(pair.text);
    if (m) {
      hit.add(k).add(k + 1);
      found.push(findingOf(rule, pair, m.index));
    }
  }
  return found;
}

/**
 * The score for a set of findings: 100 minus each finding's severity penalty, each rule counted
 * at most MAX_COUNTED_PER_RULE times (so one noisy rule cannot sink a skill on its own), clamped.
 */
export function scoreFindings(findings: readonly Pick<ScanFinding, "ruleId" | "severity">[]): number {
  const counts = new Map<string, number>();
  let penalty = 0;
  for (const f of findings) {
    const n = (counts.get(f.ruleId) ?? 0) + 1;
    counts.set(f.ruleId, n);
    if (n <= MAX_COUNTED_PER_RULE) penalty += SEVERITY_PENALTY[f.severity];
  }
  return Math.max(0, Math.min(100, Math.round(100 - penalty)));
}

/** Any critical finding fails outright: one reverse shell is not offset by clean text elsewhere. */
export function verdictOf(score: number, findings: readonly Pick<ScanFinding, "severity">[]): ScanVerdict {
  return score < SCAN_PASS_THRESHOLD || findings.some((f) => f.severity === "critical") ? "fail" : "pass";
}

/**
 * Scans a whole SKILL.md (frontmatter and body) with every rule. Pure and synchronous so the same
 * result is reproducible at submission time, in the queue consumer and in tests.
 */
export function scanSkill(text: string): ScanResult {
  const lines = logicalLines(text);
  const findings = SCAN_RULES.flatMap((rule) => runRule(rule, lines)).sort((a, b) => a.line - b.line);
  const score = scoreFindings(findings);
  return { score, verdict: verdictOf(score, findings), findings };
}
