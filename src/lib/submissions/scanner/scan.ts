/**
 * The tier-1 security scan: normalises a SKILL.md (./normalise), runs the line rules and document
 * rules (./rules) and turns the findings into a score and a pass/fail verdict. Normalisation,
 * classes, scoring, verdict and the multi-file bound are documented in ./rules.
 */
import type { DocumentRule, Located, ScanRule } from "./fragments";
import { isMention } from "./mentions";
import { joinForms, lineAt, prepareText, type Form, type PreparedText } from "./normalise";
import { DOCUMENT_RULES, MAX_COUNTED_PER_RULE, RULES_VERSION, SCAN_RULES, SEVERITY_PENALTY, type Severity } from "./rules";

export { referencedFiles } from "./references";

/** Below this score a skill fails even without a critical finding. */
export const SCAN_PASS_THRESHOLD = 60;
export const EXCERPT_MAX_LENGTH = 120;
/** scanSkillFiles scans SKILL.md and at most this many other files… */
export const MAX_EXTRA_FILES = 20;
/** …of at most this many UTF-8 bytes in all; beyond either bound it fails closed. */
export const MAX_TOTAL_BYTES = 512 * 1024;

export interface ScanFinding {
  ruleId: string;
  severity: Severity;
  title: string;
  /** 1-based line in the scanned (original) text where the match starts. */
  line: number;
  /** The matching line, trimmed, at most EXCERPT_MAX_LENGTH characters, invisible characters shown as U+FFFD. */
  excerpt: string;
  /** Why this matters, for the author. */
  why: string;
  /** The file, when several were scanned (scanSkillFiles). */
  file?: string;
}

export type ScanVerdict = "pass" | "fail";

export interface ScanResult {
  /** 0-100, integer. */
  score: number;
  verdict: ScanVerdict;
  /** Ordered by file, then line, then rule order. */
  findings: ScanFinding[];
  /** The rule set that produced this result (see RULES_VERSION in ./rules). */
  rulesVersion: string;
}

// --- Running the rules ------------------------------------------------------------------------

interface Compiled {
  rule: ScanRule;
  /** For one form (a line or a pair of lines). */
  global: RegExp;
  /** For every form of a text at once (see Joined); multiline so ^ and $ still mean a line. */
  scan: RegExp;
  /**
   * `requires`, global and multiline. When a rule has one, the joined texts are searched for it
   * instead of the full pattern: it is the rarer, cheaper half, and a form can only match the
   * pattern where it matches too.
   */
  requiresScan?: RegExp;
}

const COMPILED: readonly Compiled[] = SCAN_RULES.map((rule) => ({
  rule,
  global: new RegExp(rule.pattern.source, `${rule.pattern.flags}g`),
  scan: new RegExp(rule.pattern.source, `${rule.pattern.flags}gm`),
  ...(rule.requires ? { requiresScan: new RegExp(rule.requires.source, `${rule.requires.flags.replace(/[gmy]/g, "")}gm`) } : {}),
}));
/** After this many rejected matches on one form, give up on it (keeps a line of mentions linear). */
const MAX_REJECTED = 200;

/** The first match that is neither a mention nor refused by the rule's own check. */
function firstAccepted(c: Compiled, text: string): RegExpExecArray | null {
  if (c.rule.requires && !c.rule.requires.test(text)) return null;
  const re = c.global;
  re.lastIndex = 0;
  for (let rejected = 0; rejected < MAX_REJECTED; rejected++) {
    const m = re.exec(text);
    if (!m) return null;
    if (!isMention(c.rule, text, m.index) && (!c.rule.confirm || c.rule.confirm(m, text))) return m;
    // Retry from the next character: a rejected match may hide an accepted one inside it.
    re.lastIndex = m.index + 1;
  }
  return null;
}

/**
 * All forms of a text (every line, or every pair of adjacent lines) in one string, so each rule
 * is one regular-expression search per text rather than one per line. The separator stops every
 * pattern: no gap crosses a newline followed by NUL (gaps are `[^\n]`, or `\s` which stops at
 * the NUL), and `^`, `$`, `\b` and the lookarounds see a line end on either side, as they would
 * on the line alone. So the lines where a pattern matches here include every line where it
 * matches alone; those lines are then checked one by one, exactly as before.
 */
interface Joined {
  text: string;
  /** Where each form starts in `text`. */
  starts: number[];
}

const SEPARATOR = "\n\u0000\n";

function join(texts: readonly string[]): Joined {
  const starts: number[] = [];
  let at = 0;
  for (const t of texts) {
    starts.push(at);
    at += t.length + SEPARATOR.length;
  }
  return { text: texts.join(SEPARATOR), starts };
}

function formAt(starts: readonly number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Indexes of the forms where the rule's pattern matches at all, ascending. */
function candidates(c: Compiled, joined: readonly Joined[]): number[] {
  const out = new Set<number>();
  for (const j of joined) {
    const re = c.requiresScan ?? c.scan;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(j.text))) {
      const k = formAt(j.starts, m.index);
      out.add(k);
      const next = j.starts[k + 1];
      if (next === undefined) break;
      re.lastIndex = next;
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** The joined texts of one document: its lines and its pairs, at each form level. */
interface DocumentScan {
  lines: Joined[];
  pairs: Joined[];
}

function documentScan(doc: PreparedText): DocumentScan {
  const levels = Math.max(1, ...doc.logical.map((l) => l.forms.length));
  const at = (k: number, j: number) => {
    const forms = doc.logical[k]!.forms;
    return forms[Math.min(j, forms.length - 1)]!.text;
  };
  const lines: Joined[] = [];
  const pairs: Joined[] = [];
  for (let j = 0; j < levels; j++) {
    lines.push(join(doc.logical.map((_, k) => at(k, j))));
    pairs.push(join(doc.logical.slice(0, -1).map((_, k) => `${at(k, j)} ${at(k + 1, j)}`)));
  }
  return { lines, pairs };
}

interface Raw extends Located {
  meta: Pick<ScanRule, "id" | "title" | "severity" | "why">;
  excerpt?: string;
}

/** One rule over all lines; adjacent line pairs catch phrases that hard-wrapped prose split in two. */
function runRule(c: Compiled, doc: PreparedText, joined: DocumentScan): Raw[] {
  const found: Raw[] = [];
  const hit = new Set<number>();
  const push = (form: Form, index: number) =>
    found.push({ meta: c.rule, ruleId: c.rule.id, severity: c.rule.severity, offset: form.src[Math.min(index, form.src.length - 1)] ?? 0 });
  for (const k of candidates(c, joined.lines)) {
    const l = doc.logical[k]!;
    if (l.blank) continue;
    for (const form of l.forms) {
      const m = firstAccepted(c, form.text);
      if (m) {
        hit.add(k);
        push(form, m.index);
        break;
      }
    }
  }
  for (const k of candidates(c, joined.pairs)) {
    const [a, b] = [doc.logical[k]!, doc.logical[k + 1]!];
    if (hit.has(k) || hit.has(k + 1) || a.blank || b.blank) continue;
    const n = Math.max(a.forms.length, b.forms.length);
    for (let j = 0; j < n; j++) {
      const pair = joinForms(a.forms[Math.min(j, a.forms.length - 1)]!, b.forms[Math.min(j, b.forms.length - 1)]!);
      const m = firstAccepted(c, pair.text);
      if (m) {
        hit.add(k).add(k + 1);
        push(pair, m.index);
        break;
      }
    }
  }
  return found;
}

function runDocumentRule(rule: DocumentRule, doc: PreparedText, earlier: readonly Located[]): Raw[] {
  return rule.find(doc, earlier).map((h) => ({ meta: rule, ruleId: rule.id, severity: rule.severity, offset: h.offset, excerpt: h.excerpt }));
}

const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F\u00AD\u200B-\u200F\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]|[\u{E0000}-\u{E007F}]/gu;

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

function toFinding(doc: PreparedText, raw: Raw): ScanFinding {
  const line = lineAt(doc.lines, raw.offset);
  return {
    ruleId: raw.meta.id,
    severity: raw.meta.severity,
    title: raw.meta.title,
    line: line.line,
    excerpt: raw.excerpt?.replace(INVISIBLE, "\uFFFD").slice(0, EXCERPT_MAX_LENGTH) ?? excerptOf(line.text, raw.offset - line.start),
    why: raw.meta.why,
  };
}

/** All findings for one text, sorted by line (rule order within a line). */
function scanText(text: string): ScanFinding[] {
  const doc = prepareText(text);
  const joined = documentScan(doc);
  const raws = COMPILED.flatMap((c) => runRule(c, doc, joined));
  for (const rule of DOCUMENT_RULES) raws.push(...runDocumentRule(rule, doc, raws));
  return raws.map((r) => toFinding(doc, r)).sort((a, b) => a.line - b.line);
}

// --- Score and verdict ------------------------------------------------------------------------

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

function resultOf(findings: ScanFinding[]): ScanResult {
  const score = scoreFindings(findings);
  return { score, verdict: verdictOf(score, findings), findings, rulesVersion: RULES_VERSION };
}

/**
 * Scans a whole SKILL.md (frontmatter and body) with every rule. Pure and synchronous so the same
 * result is reproducible at submission time, in the queue consumer and in tests.
 */
export function scanSkill(text: string): ScanResult {
  return resultOf(scanText(text));
}

const BOUND = {
  id: "scan-bound-exceeded",
  title: "Too many files or too large to scan",
  severity: "critical" as const,
  why: `Only what was scanned can be trusted. A skill may bring SKILL.md and up to ${MAX_EXTRA_FILES} more files, ${MAX_TOTAL_BYTES / 1024} KiB in all; split or trim it.`,
};
const EMPTY = { id: "scan-no-files", title: "Nothing to scan", severity: "critical" as const, why: "A skill without a SKILL.md cannot be checked, so it cannot be listed." };

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/**
 * Scans a skill made of several files: SKILL.md first, then the scripts and references it points
 * to (see referencedFiles). Every file gets every rule; findings carry their file; the score and
 * verdict are for the whole skill, each rule still counted at most MAX_COUNTED_PER_RULE times.
 * Fails closed: past MAX_EXTRA_FILES other files or MAX_TOTAL_BYTES, the rest is not scanned and
 * a critical finding says so.
 */
export function scanSkillFiles(files: readonly { path: string; content: string }[]): ScanResult {
  if (!files.length) return resultOf([{ ruleId: EMPTY.id, severity: EMPTY.severity, title: EMPTY.title, line: 1, excerpt: "", why: EMPTY.why }]);
  const findings: ScanFinding[] = [];
  let bytes = 0;
  let scanned = 0;
  for (const file of files) {
    const size = utf8Length(file.content);
    if (scanned > MAX_EXTRA_FILES || bytes + size > MAX_TOTAL_BYTES) break;
    bytes += size;
    scanned++;
    for (const f of scanText(file.content)) findings.push({ ...f, file: file.path });
  }
  if (scanned < files.length) {
    const total = files.reduce((n, f) => n + utf8Length(f.content), 0);
    findings.push({
      ruleId: BOUND.id,
      severity: BOUND.severity,
      title: BOUND.title,
      line: 1,
      excerpt: `${files.length} files, ${total} bytes; scanned ${scanned} files (limit ${MAX_EXTRA_FILES + 1} files, ${MAX_TOTAL_BYTES} bytes)`.slice(0, EXCERPT_MAX_LENGTH),
      why: BOUND.why,
      file: files[scanned]!.path,
    });
  }
  return resultOf(findings);
}
