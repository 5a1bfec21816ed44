/**
 * Normalisation before matching. An agent reads the raw characters of a SKILL.md; a reviewer
 * reads them rendered. Attackers work in the gap: fullwidth or Cyrillic letters, zero-width
 * characters inside words, invisible Unicode "tag" text, letter-spaced words, empty HTML comments
 * splitting a word, quotes splitting a command name (`ba''sh`). The rules are written once, for
 * plain text, and run over the normalised *forms* of each line built here.
 *
 * Every character of a form remembers the offset of the original character it came from
 * (`src`), so a finding still points at the original line and column however much was folded.
 *
 * Steps, per code point: invisible characters are dropped (and recorded, see HiddenChar);
 * Unicode tag characters, which spell ASCII invisibly, are decoded to that ASCII (what the
 * model may read) except inside emoji flag sequences; whitespace of any kind becomes a space;
 * everything else goes through NFKD (NFKC's compatibility folding, decomposed so that combining
 * marks can be dropped: "ìgnore" and "i\u0307gnore" read as "ignore"), then look-alike letters are
 * folded to Latin (./confusables) and typographic quotes to ASCII. Per line (./line-forms): HTML
 * comment markers are removed (their content stays and is scanned), quote- or backslash-split
 * words are rejoined, whitespace runs are collapsed. A second form rejoins letter-spaced words
 * ("i g n o r e").
 */
import { CONFUSABLES } from "./confusables";
import { formsOf, type Chars } from "./line-forms";

/** A normalised text and, for each UTF-16 unit of it, the offset of its source character. */
export interface Form {
  text: string;
  src: readonly number[];
}

export type HiddenKind = "invisible" | "bidi" | "tag";

/** An invisible character worth reporting, at its offset in the original text. */
export interface HiddenChar {
  offset: number;
  kind: HiddenKind;
}

/** One physical line of the original text. */
export interface PhysicalLine {
  /** 1-based. */
  line: number;
  start: number;
  text: string;
}

/** Physical lines joined where a shell line ends in a backslash; its forms, most literal first. */
export interface LogicalLine {
  forms: Form[];
  blank: boolean;
}

export interface PreparedText {
  original: string;
  lines: PhysicalLine[];
  logical: LogicalLine[];
  hidden: HiddenChar[];
  /** Runs of decoded tag characters: hidden ASCII text, at the offset where each run starts. */
  smuggled: { offset: number; text: string }[];
  /** [start, end) offsets of HTML comments (`<!--` to `-->`, or to the end if unterminated). */
  comments: [number, number][];
}

// --- Per code point -------------------------------------------------------------------------

/** Never visible, no use in a skill: always reported. */
const HARD_INVISIBLE = /[\u00AD\u115F\u1160\u17B4\u17B5\u180E\u200B\u2060-\u2064\u206A-\u206F\u3164\uFEFF\uFFA0]|[\u{1D173}-\u{1D17A}]|[\u{E0100}-\u{E01EF}]/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
/**
 * Joiners, direction marks and variation selectors have real uses (emoji sequences, Persian and
 * Indic words, right-to-left text), so they are reported only inside an ASCII word, where they
 * can only be there to split it.
 */
const SOFT_INVISIBLE = /[\u034F\u061C\u200C-\u200F\uFE00-\uFE0F]/;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const ASCII_ALNUM = /[A-Za-z0-9]/;
const QUOTES: Record<string, string> = { "\u2018": "'", "\u2019": "'", "\u201A": "'", "\u201B": "'", "\u2032": "'", "\u201C": '"', "\u201D": '"', "\u201E": '"', "\u00AB": '"', "\u00BB": '"' };
const BLACK_FLAG = 0x1f3f4;

const foldCache = new Map<number, string>();

/** NFKD, combining marks dropped, look-alikes and typographic quotes folded. */
function foldCodePoint(cp: number): string {
  let out = foldCache.get(cp);
  if (out === undefined) {
    const decomposed = String.fromCodePoint(cp).normalize("NFKD").replace(/\p{M}/gu, "");
    out = [...decomposed].map((ch) => CONFUSABLES.get(ch) ?? QUOTES[ch] ?? ch).join("");
    if (foldCache.size < 10_000) foldCache.set(cp, out);
  }
  return out;
}

/**
 * Folds any text the way lines are folded character by character (no joining or collapsing).
 * Rule patterns go through it too, so a Russian or Japanese pattern meets its text on equal terms.
 */
export function foldText(s: string): string {
  let out = "";
  for (const ch of s) out += foldCodePoint(ch.codePointAt(0)!);
  return out;
}


type Kind = "hard" | "bidi" | "soft" | "space" | "fold";
const kindCache = new Map<number, Kind>();

function kindOf(cp: number): Kind {
  let kind = kindCache.get(cp);
  if (kind === undefined) {
    const ch = String.fromCodePoint(cp);
    kind = HARD_INVISIBLE.test(ch) || CONTROL.test(ch) ? "hard" : BIDI.test(ch) ? "bidi" : SOFT_INVISIBLE.test(ch) ? "soft" : /\s/.test(ch) ? "space" : "fold";
    if (kindCache.size < 10_000) kindCache.set(cp, kind);
  }
  return kind;
}

function foldLine(text: string, start: number, hidden: HiddenChar[], smuggled: PreparedText["smuggled"]): Chars {
  const out: Chars = { ch: [], src: [] };
  let inFlag = false;
  let tagRun: { offset: number; text: string } | null = null;
  const endTagRun = () => {
    if (tagRun?.text.trim()) smuggled.push(tagRun);
    tagRun = null;
  };
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const at = start + i;
    const before = text[i - 1] ?? "";
    i += cp > 0xffff ? 2 : 1;
    // Printable ASCII, most of any skill, goes straight through.
    if (cp >= 0x21 && cp <= 0x7e) {
      if (tagRun) endTagRun();
      inFlag = false;
      out.ch.push(text[i - 1]!);
      out.src.push(at);
      continue;
    }
    if (cp >= 0xe0000 && cp <= 0xe007f) {
      if (inFlag) {
        if (cp === 0xe007f) inFlag = false;
        continue;
      }
      hidden.push({ offset: at, kind: "tag" });
      if (cp >= 0xe0020 && cp <= 0xe007e) {
        const ascii = String.fromCharCode(cp - 0xe0000);
        tagRun ??= { offset: at, text: "" };
        tagRun.text += ascii;
        out.ch.push(ascii);
        out.src.push(at);
      }
      continue;
    }
    if (tagRun) endTagRun();
    inFlag = cp === BLACK_FLAG;
    if (at === 0 && cp === 0xfeff) continue; // a leading byte-order mark is only an encoding marker
    const kind = cp === 0x20 ? "space" : kindOf(cp);
    if (kind === "hard" || kind === "bidi") {
      hidden.push({ offset: at, kind: kind === "bidi" ? "bidi" : "invisible" });
    } else if (kind === "soft") {
      if (ASCII_ALNUM.test(before) && ASCII_ALNUM.test(text[i] ?? "")) hidden.push({ offset: at, kind: "invisible" });
    } else if (kind === "space") {
      out.ch.push(" ");
      out.src.push(at);
    } else {
      for (const f of foldCodePoint(cp)) {
        out.ch.push(f);
        out.src.push(at);
      }
    }
  }
  endTagRun();
  return out;
}

// --- Whole text -----------------------------------------------------------------------------

function physicalLines(text: string): PhysicalLine[] {
  const out: PhysicalLine[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    out.push({ line: out.length + 1, start, text: text.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  out.push({ line: out.length + 1, start, text: text.slice(start) });
  return out;
}

function endsWithContinuation(c: Chars): boolean {
  let i = c.ch.length - 1;
  while (i >= 0 && c.ch[i] === " ") i--;
  let n = 0;
  while (i - n >= 0 && c.ch[i - n] === "\\") n++;
  return n % 2 === 1;
}

function commentRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf("<!--", from);
    if (open < 0) return out;
    const close = text.indexOf("-->", open + 4);
    const end = close < 0 ? text.length : close + 3;
    out.push([open, end]);
    from = end;
  }
}

/** Everything the rules need about one text, computed once. */
export function prepareText(original: string): PreparedText {
  const lines = physicalLines(original);
  const hidden: HiddenChar[] = [];
  const smuggled: PreparedText["smuggled"] = [];
  const folded = lines.map((l) => foldLine(l.text, l.start, hidden, smuggled));
  const logical: LogicalLine[] = [];
  for (let i = 0; i < folded.length; i++) {
    let c = folded[i]!;
    while (endsWithContinuation(c) && i + 1 < folded.length) {
      let end = c.ch.length - 1;
      while (c.ch[end] === " ") end--;
      const next = folded[++i]!;
      c = { ch: [...c.ch.slice(0, end), " ", ...next.ch], src: [...c.src.slice(0, end), c.src[end]!, ...next.src] };
    }
    const forms = formsOf(c);
    logical.push({ forms, blank: forms[0]!.text === "" });
  }
  return { original, lines, logical, hidden, smuggled, comments: commentRanges(original) };
}

/** The 1-based physical line holding an offset of the original text. */
export function lineAt(lines: readonly PhysicalLine[], offset: number): PhysicalLine {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lines[lo]!;
}

/** Two forms read as one line, for phrases that hard-wrapped prose split across lines. */
export function joinForms(a: Form, b: Form): Form {
  return { text: `${a.text} ${b.text}`, src: [...a.src, b.src[0] ?? a.src[a.src.length - 1] ?? 0, ...b.src] };
}
