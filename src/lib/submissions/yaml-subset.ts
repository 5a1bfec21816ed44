/**
 * A small YAML-subset parser for SKILL.md frontmatter: no dependency, linear time, and errors that
 * name the SKILL.md line. Supported: top-level `key: value` pairs; plain, 'single-' and
 * "double-quoted" scalars (which may continue on more-indented lines); true/false/null/~; inline
 * `[a, "b c"]` and block `- item` lists; `|` and `>` block scalars with chomping (+/-) and
 * indentation indicators; one level of nested mapping; `#` comments. Not supported (clear error):
 * anchors, aliases, tags, flow mappings `{…}`, lists of mappings, deeper nesting, tab indentation.
 * Numbers stay strings.
 */

const MAX_FLOW_LINES = 100;

export type Scalar = string | boolean | null;
export type YamlMap = { readonly [key: string]: Scalar };
export type YamlValue = Scalar | Scalar[] | YamlMap;

export class YamlError extends Error {}
function fail(line: number, message: string): never {
  throw new YamlError(`SKILL.md line ${line}: ${message}`);
}

const KEY_RE = /^([A-Za-z0-9_][\w.-]*)[ \t]*:(?:[ \t]+(.*))?$/;
const ITEM_RE = /^-(?:[ \t]+(.*))?$/;
const BLOCK_HEADER_RE = /^([|>])([1-9])?([+-])?([1-9])?[ \t]*(?:#.*)?$/;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", n: "\n", t: "\t", r: "\r", "0": "\0", " ": " " };

const indentOf = (line: string) => line.length - line.replace(/^ +/, "").length;
const isBlank = (line: string) => line.trim() === "";
const isSkippable = (line: string) => isBlank(line) || line.trimStart().startsWith("#");

/** Lines of the frontmatter plus the file line number of the first one, for error messages. */
export interface Doc {
  lines: string[];
  base: number;
}

function nextContent(doc: Doc, from: number): number {
  let k = from;
  while (k < doc.lines.length && isSkippable(doc.lines[k]!)) k++;
  return k;
}

function checkTabs(doc: Doc, k: number): void {
  if (/^ *\t/.test(doc.lines[k]!)) fail(doc.base + k, "tabs are not allowed for indentation");
}

export function parseYaml(doc: Doc): Record<string, YamlValue> {
  const out = new Map<string, YamlValue>();
  for (let i = nextContent(doc, 0); i < doc.lines.length; i = nextContent(doc, i)) {
    checkTabs(doc, i);
    const line = doc.lines[i]!;
    if (indentOf(line) > 0) fail(doc.base + i, "bad indentation (top-level keys start in column 1)");
    const m = KEY_RE.exec(line) ?? fail(doc.base + i, 'expected "key: value"');
    if (out.has(m[1]!)) fail(doc.base + i, `duplicate key "${m[1]}"`);
    const [value, next] = readValue(doc, i, m[2] ?? "", 0, false);
    out.set(m[1]!, value);
    i = next;
  }
  return Object.fromEntries(out);
}

/** Reads the value starting at line i (text after "key:" or "- "); returns it and the next line index. */
function readValue(doc: Doc, i: number, raw: string, owner: number, nested: boolean): [YamlValue, number] {
  const text = raw.trim();
  const no = doc.base + i;
  if (text === "" || text.startsWith("#")) return readChildren(doc, i, owner, nested);
  const first = text[0]!;
  if (first === "|" || first === ">") return readBlockScalar(doc, i, text, owner);
  if (first === '"' || first === "'") return readFlow(doc, i, text, owner, (s) => scanQuoted(s, 0, no));
  if (first === "{") fail(no, "inline mappings ({…}) are not supported; use indented key: value lines");
  if (first === "[") {
    if (nested) fail(no, "nesting deeper than one level is not supported");
    return readFlow(doc, i, text, owner, (s) => scanInlineList(s, no));
  }
  if ("&*!%@`".includes(first)) fail(no, `a plain value cannot start with "${first}" (quote it)`);
  return readPlain(doc, i, text, owner);
}

/** `key:` with nothing after it: a block list, a nested mapping, a scalar on the next lines, or null. */
function readChildren(doc: Doc, i: number, owner: number, nested: boolean): [YamlValue, number] {
  const j = nextContent(doc, i + 1);
  const line = doc.lines[j];
  if (line === undefined) return [null, i + 1];
  checkTabs(doc, j);
  const indent = indentOf(line);
  const body = line.slice(indent);
  const isItem = ITEM_RE.test(body);
  if (indent < owner || (indent === owner && (nested || !isItem))) return [null, i + 1];
  if (nested && (isItem || KEY_RE.test(body))) fail(doc.base + j, "nesting deeper than one level is not supported");
  if (isItem) return readBlockList(doc, j, indent, owner);
  if (KEY_RE.test(body)) return readMapping(doc, j, indent, owner);
  return readValue(doc, j, body, owner, nested);
}

function readBlockList(doc: Doc, j: number, indent: number, owner: number): [Scalar[], number] {
  const items: Scalar[] = [];
  let k = j;
  for (; k < doc.lines.length; k = nextContent(doc, k)) {
    checkTabs(doc, k);
    const line = doc.lines[k]!;
    const m = ITEM_RE.exec(line.slice(indent));
    if (indentOf(line) === indent && m) {
      const [v, next] = readValue(doc, k, m[1] ?? "", indent, true);
      items.push(v as Scalar);
      k = next;
    } else if (indentOf(line) > owner) fail(doc.base + k, "bad indentation (expected a list item)");
    else break;
  }
  return [items, k];
}

function readMapping(doc: Doc, j: number, indent: number, owner: number): [YamlMap, number] {
  const out = new Map<string, Scalar>();
  let k = j;
  for (; k < doc.lines.length && indentOf(doc.lines[k]!) > owner; k = nextContent(doc, k)) {
    checkTabs(doc, k);
    const line = doc.lines[k]!;
    if (indentOf(line) !== indent) fail(doc.base + k, `bad indentation (expected ${indent} spaces)`);
    const m = KEY_RE.exec(line.slice(indent)) ?? fail(doc.base + k, 'expected "key: value"');
    if (out.has(m[1]!)) fail(doc.base + k, `duplicate key "${m[1]}"`);
    const [v, next] = readValue(doc, k, m[2] ?? "", indent, true);
    out.set(m[1]!, v as Scalar);
    k = next;
  }
  return [Object.fromEntries(out), k];
}

function plainScalar(s: string): Scalar {
  if (s === "" || /^(?:null|Null|NULL|~)$/.test(s)) return null;
  if (/^(?:true|True|TRUE)$/.test(s)) return true;
  if (/^(?:false|False|FALSE)$/.test(s)) return false;
  return s;
}

const stripComment = (s: string) => s.replace(/(?:^|[ \t])#.*$/, "").trim();

/** A plain scalar, folded with its more-indented continuation lines. */
function readPlain(doc: Doc, i: number, text: string, owner: number): [Scalar, number] {
  let value = stripComment(text);
  let end = i + 1;
  let blanks = 0;
  for (let k = i + 1; k < doc.lines.length; k++) {
    const line = doc.lines[k]!;
    if (isBlank(line)) blanks++;
    else if (indentOf(line) <= owner || line.trimStart().startsWith("#")) break;
    else {
      checkTabs(doc, k);
      if (KEY_RE.test(line.trim())) fail(doc.base + k, "bad indentation (a key cannot continue a value)");
      value += (blanks ? "\n".repeat(blanks) : " ") + stripComment(line);
      blanks = 0;
      end = k + 1;
    }
  }
  return [plainScalar(value), end];
}

type Scan<T> = (s: string) => { value: T; end: number } | null;

/** A quoted string or inline list, joined with its continuation lines until it is closed. */
function readFlow<T extends YamlValue>(doc: Doc, i: number, text: string, owner: number, scan: Scan<T>): [T, number] {
  let joined = text;
  let blank = false;
  for (let k = i; ; ) {
    const r = scan(joined);
    if (r) {
      const rest = joined.slice(r.end).trim();
      if (rest !== "" && !rest.startsWith("#")) fail(doc.base + k, `unexpected text after the value: "${rest.slice(0, 20)}"`);
      return [r.value, k + 1];
    }
    const line = doc.lines[++k];
    if (line === undefined || k - i > MAX_FLOW_LINES || (!isBlank(line) && indentOf(line) <= owner)) {
      fail(doc.base + i, text.startsWith("[") ? "unterminated inline list" : "unterminated quoted string");
    }
    if (isBlank(line)) [joined, blank] = [`${joined}\n`, true];
    else [joined, blank] = [joined + (blank ? "" : " ") + line.trim(), false];
  }
}

function scanQuoted(s: string, start: number, no: number): { value: string; end: number } | null {
  const quote = s[start];
  let out = "";
  for (let k = start + 1; k < s.length; k++) {
    const ch = s[k]!;
    if (ch === quote) {
      if (quote === "'" && s[k + 1] === "'") [out, k] = [`${out}'`, k + 1];
      else return { value: out, end: k + 1 };
    } else if (ch !== "\\" || quote === "'") out += ch;
    else {
      const e = s[++k];
      if (e === undefined) return null;
      const hex = e === "u" ? 4 : e === "x" ? 2 : 0;
      const code = s.slice(k + 1, k + 1 + hex);
      if (hex && code.length === hex && /^[0-9a-fA-F]+$/.test(code)) {
        out += String.fromCodePoint(parseInt(code, 16));
        k += hex;
      } else if (!hex && Object.hasOwn(ESCAPES, e)) out += ESCAPES[e];
      else fail(no, `invalid escape "\\${e}" in a double-quoted string`);
    }
  }
  return null;
}

function scanInlineList(s: string, no: number): { value: Scalar[]; end: number } | null {
  const items: Scalar[] = [];
  const skipSpace = (from: number) => {
    let k = from;
    while (k < s.length && /\s/.test(s[k]!)) k++;
    return k;
  };
  for (let k = skipSpace(1); k < s.length; k = skipSpace(k)) {
    const ch = s[k]!;
    if (ch === "]") return { value: items, end: k + 1 };
    if (ch === ",") fail(no, "empty item in an inline list");
    if (ch === '"' || ch === "'") {
      const r = scanQuoted(s, k, no);
      if (!r) return null;
      items.push(r.value);
      k = skipSpace(r.end);
    } else {
      let e = k;
      while (e < s.length && !",[]{}".includes(s[e]!)) e++;
      if (e === s.length) return null;
      if ("[{}".includes(s[e]!)) fail(no, "nesting deeper than one level is not supported");
      items.push(plainScalar(s.slice(k, e).trim()));
      k = e;
    }
    if (s[k] === ",") k++;
    else if (k < s.length && s[k] !== "]") fail(no, "expected , or ] in an inline list");
  }
  return null;
}

function readBlockScalar(doc: Doc, i: number, text: string, owner: number): [string, number] {
  const m = BLOCK_HEADER_RE.exec(text);
  if (!m || (m[2] && m[4])) return fail(doc.base + i, `invalid block scalar header "${text}"`);
  let indent = m[2] ?? m[4] ? owner + Number(m[2] ?? m[4]) : 0;
  const lines: string[] = [];
  let end = i + 1;
  for (let k = i + 1; k < doc.lines.length; k++) {
    const line = doc.lines[k]!;
    if (isBlank(line)) {
      lines.push("");
      continue;
    }
    if (indentOf(line) <= owner) break;
    indent ||= indentOf(line);
    if (indentOf(line) < indent) fail(doc.base + k, `bad indentation in a block scalar (expected ${indent} spaces)`);
    lines.push(line.slice(indent));
    end = k + 1;
  }
  const core = [...lines];
  while (core.length > 0 && core[core.length - 1] === "") core.pop();
  const body = m[1] === "|" ? core.join("\n") : fold(core);
  const chomp = m[3] ?? "";
  if (core.length === 0 || chomp === "-") return [body, end];
  return [body + "\n".repeat(chomp === "+" ? lines.length - core.length + 1 : 1), end];
}

/** Folded (`>`) style: single line breaks become spaces; blank and more-indented lines keep theirs. */
function fold(lines: string[]): string {
  const more = (l: string) => /^[ \t]/.test(l);
  return lines.reduce((out, line, k) => {
    if (k === 0) return line;
    const prev = lines[k - 1]!;
    if (line === "") return `${out}\n`;
    if (prev === "") return out + (more(line) ? "\n" : "") + line;
    return out + (more(line) || more(prev) ? "\n" : " ") + line;
  }, "");
}
