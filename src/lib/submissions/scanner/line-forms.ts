/**
 * The per-line steps of normalisation (see ./normalise): after each character has been folded,
 * HTML comment markers are dropped, quote- and backslash-split shell words are rejoined, and
 * whitespace is collapsed; a second form also rejoins letter-spaced words. Every step carries
 * each character's source offset along, so findings still point at the original text.
 */
import type { Form } from "./normalise";

/** Characters of a line under construction: one string (one code point or a fold of one) each. */
export interface Chars {
  ch: string[];
  src: number[];
}

/** Drops `<!--` and `-->` so a comment can neither hide nor split a word; its text stays. */
function dropCommentMarkers(c: Chars): Chars {
  const out: Chars = { ch: [], src: [] };
  const n = c.ch.length;
  for (let i = 0; i < n; i++) {
    if (c.ch[i] === "<" && c.ch[i + 1] === "!" && c.ch[i + 2] === "-" && c.ch[i + 3] === "-") {
      i += 3;
      continue;
    }
    if (c.ch[i] === "-" && c.ch[i + 1] === "-" && c.ch[i + 2] === ">") {
      i += 2;
      continue;
    }
    out.ch.push(c.ch[i]!);
    out.src.push(c.src[i]!);
  }
  return out;
}

/** Splits into maximal runs of non-space characters, as [start, end) index pairs. */
function tokens(c: Chars): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  while (i < c.ch.length) {
    if (c.ch[i] === " ") {
      i++;
      continue;
    }
    const s = i;
    while (i < c.ch.length && c.ch[i] !== " ") i++;
    out.push([s, i]);
  }
  return out;
}

// A word made only of letters, quotes and backslashes, possibly after `|`, `;`, `(` or a backtick.
const SPLIT_WORD = /^([|;&()`<>]*)([A-Za-z0-9"'\\]+)([|;&()`<>.,:]*)$/;

/**
 * `ba''sh`, `"ba""sh"`, `'sh'`, `b\ash`: the shell joins these into one word, so matching does too.
 * A word needs two quotes or a backslash to count as split; one apostrophe ("don't") is left alone.
 */
function rejoinSplitWords(c: Chars): Chars {
  const drop = new Set<number>();
  for (const [s, e] of tokens(c)) {
    if (e - s > 60) continue;
    const word = c.ch.slice(s, e).join("");
    const m = SPLIT_WORD.exec(word);
    if (!m) continue;
    const core = m[2]!;
    // Command names are short; a long run of letters and backslashes is a Windows path.
    if (core.length > 24) continue;
    const quotes = core.length - core.replace(/["']/g, "").length;
    if (quotes < 2 && !core.includes("\\")) continue;
    if (!/[A-Za-z]/.test(core)) continue;
    const coreStart = s + m[1]!.length;
    for (let i = coreStart; i < coreStart + core.length; i++) if (/["'\\]/.test(c.ch[i]!)) drop.add(i);
  }
  if (!drop.size) return c;
  const out: Chars = { ch: [], src: [] };
  c.ch.forEach((ch, i) => {
    if (drop.has(i)) return;
    out.ch.push(ch);
    out.src.push(c.src[i]!);
  });
  return out;
}

const LETTER = /^\p{L}$/u;
const DOTTED_WORD = /^\p{L}(?:[._*·•\-]\p{L}){2,}$/u;

/**
 * Letter-spaced text: runs of single letters ("i g n o r e  a l l") are joined into words, a gap
 * of two or more spaces marking a word break; "i.g.n.o.r.e" and "i-g-n-o-r-e" lose their
 * separators. A run needs three letters and one single-space gap, so "a  b" table cells stay.
 */
function rejoinSpacedLetters(c: Chars): Chars {
  const toks = tokens(c);
  const drop = new Set<number>();
  let k = 0;
  while (k < toks.length) {
    const [s, e] = toks[k]!;
    const word = c.ch.slice(s, e).join("");
    if (e - s <= 40 && DOTTED_WORD.test(word)) {
      for (let i = s; i < e; i++) if (!LETTER.test(c.ch[i]!)) drop.add(i);
    }
    let j = k;
    while (j < toks.length && toks[j]![1] - toks[j]![0] === 1 && LETTER.test(c.ch[toks[j]![0]]!)) j++;
    const run = toks.slice(k, j);
    const singleGaps = run.slice(1).filter(([s2], q) => s2 - run[q]![1] === 1);
    if (run.length >= 3 && singleGaps.length > 0) {
      // Drop single-space gaps; wider gaps keep one space (collapsing happens afterwards).
      for (const [s2] of singleGaps) drop.add(s2 - 1);
    }
    k = Math.max(j, k + 1);
  }
  if (!drop.size) return c;
  const out: Chars = { ch: [], src: [] };
  c.ch.forEach((ch, i) => {
    if (drop.has(i)) return;
    out.ch.push(ch);
    out.src.push(c.src[i]!);
  });
  return out;
}

/** Runs of spaces become one; leading and trailing spaces go. Produces the final Form. */
function collapse(c: Chars): Form {
  let text = "";
  const src: number[] = [];
  let space = false;
  for (let i = 0; i < c.ch.length; i++) {
    const ch = c.ch[i]!;
    if (ch === " ") {
      space = text.length > 0;
      continue;
    }
    if (space) {
      text += " ";
      src.push(c.src[i]!);
      space = false;
    }
    text += ch;
    for (let u = 0; u < ch.length; u++) src.push(c.src[i]!);
  }
  return { text, src };
}

// Cheap tests that let most lines skip a pass.
const HAS_MARKER = /<!--|-->/;
const HAS_SPLIT = /["'\\]/;
const HAS_SPACED = /(?:^|\s)\p{L}[ ._*·•-]\p{L}[ ._*·•-]\p{L}(?:\s|$|[ ._*·•-])/u;

/** The forms of one logical line, most literal first; the second only when it differs. */
export function formsOf(c: Chars): Form[] {
  const flat = c.ch.join("");
  let joined = HAS_MARKER.test(flat) ? dropCommentMarkers(c) : c;
  if (HAS_SPLIT.test(flat)) joined = rejoinSplitWords(joined);
  const base = collapse(joined);
  if (!HAS_SPACED.test(flat)) return [base];
  const spaced = collapse(rejoinSpacedLetters(joined));
  return spaced.text === base.text ? [base] : [base, spaced];
}
