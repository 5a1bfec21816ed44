/**
 * Reads SKILL.md frontmatter with the `yaml` package (YAML 1.2, pure JS, so it runs in Workers).
 * Errors and warnings name the SKILL.md line, never throw, and never quote the source back.
 *
 * Why these options:
 * - schema "failsafe" plus only the `bool` and `null` tags: every other scalar stays the text the
 *   author wrote, so `version: 1.10` is "1.10" (the core schema would read the number 1.1) and
 *   `0x1F` stays "0x1F"; `extensible: true` is still a boolean and `name: true` still "not a string".
 * - uniqueKeys: false, because yaml compares each key with every earlier one (3 s for 20,000 keys);
 *   duplicates are found below in one pass instead, and are still an error.
 * - maxAliasCount: aliases (`*name`) may expand to at most MAX_ALIAS_EXPANSION copies, so an
 *   "alias bomb" (each level repeating the one before) is refused instead of expanding.
 * - prettyErrors: false, because it appends a source excerpt to the message; the line comes from
 *   our own LineCounter instead.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from "yaml";
import type { Document, DocumentOptions, Node, ParseOptions, SchemaOptions, YAMLError } from "yaml";

const MAX_ALIAS_EXPANSION = 20;
const OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  schema: "failsafe",
  customTags: ["bool", "null"],
  uniqueKeys: false,
  prettyErrors: false,
  logLevel: "error", // no console warnings (e.g. for a [list] used as a key)
};

export type FrontmatterYaml = { ok: true; value: Record<string, unknown>; warnings: string[] } | { ok: false; error: string };

/** A `key: value` line whose value is plain text (not quoted, a list, a block scalar, an alias…). */
const PLAIN_PAIR = /^( *(?:- +)?)([A-Za-z0-9_][\w.-]*[ \t]*:[ \t]+)([^\s'"[\]{}|>&*!%@`#,].*)$/;
const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * Authors often write `description: Use when: the user gives a PDF` without quotes. YAML reads the
 * second ": " as a nested mapping and refuses the file, but other SKILL.md readers take the line as
 * text, and so did our previous parser. So where yaml reports exactly that error after a plain
 * value, the value (with its more-indented continuation lines) is single-quoted and the frontmatter
 * parsed again. The input was invalid YAML, so no valid file changes meaning. Returns the lines
 * that were quoted (1-based), or nothing when no line qualifies.
 */
function quoteColonValues(lines: string[], errorLines: number[]): number[] {
  const quoted: number[] = [];
  let done = -1; // lines up to here are already inside a quoted value
  for (const line of [...new Set(errorLines)].sort((a, b) => a - b)) {
    const k = line - 1;
    const m = PLAIN_PAIR.exec(lines[k] ?? "");
    if (k <= done || !m || !/:(?:[ \t]|$)/.test(m[3]!)) continue;
    let end = k;
    for (let j = k + 1; j < lines.length; j++) {
      const next = lines[j]!;
      if (next.trim() === "") continue;
      if (indentOf(next) <= m[1]!.length || next.trimStart().startsWith("#")) break;
      end = j;
    }
    const parts = [m[3]!, ...lines.slice(k + 1, end + 1)];
    // A plain value ends at " #" (a comment); only the last line may carry one.
    if (parts.slice(0, -1).some((p) => /[ \t]#/.test(p))) continue;
    parts[parts.length - 1] = parts.at(-1)!.replace(/[ \t]+#.*$/, "").trimEnd();
    const escaped = parts.map((p) => p.replace(/'/g, "''"));
    lines.splice(k, end - k + 1, ...escaped.map((p, n) => (n === 0 ? `${m[1]}${m[2]}'${p}` : p)));
    lines[end] += "'";
    quoted.push(line);
    done = end;
  }
  return quoted;
}

function parse(lines: string[]) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.join("\n"), { ...OPTIONS, lineCounter });
  return { doc, lineOf: (offset: number) => lineCounter.linePos(offset).line };
}

/** The earliest duplicate key in any mapping (keys compared as the text they become in JS). */
function firstDuplicateKey(doc: Document.Parsed): { key: string; offset: number } | undefined {
  let first: { key: string; offset: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        const text = String(key.value);
        const offset = key.range?.[0] ?? 0;
        if (seen.has(text) && (!first || offset < first.offset)) first = { key: text, offset };
        seen.add(text);
      }
    },
  });
  return first;
}

/**
 * The first alias that yaml could not turn into plain data: one with no anchor before it (yaml
 * only says so while converting, without a line) or one inside the node it refers to (a cycle).
 */
function firstBadAlias(doc: Document.Parsed): { problem: string; offset: number } | undefined {
  const anchors = new Map<string, Node>(); // anchor name -> its latest node so far
  let found: { problem: string; offset: number } | undefined;
  visit(doc, {
    Node(_, node, path) {
      if (!isAlias(node)) {
        if (node.anchor) anchors.set(node.anchor, node);
        return;
      }
      const target = anchors.get(node.source);
      if (target && !path.includes(target)) return;
      const problem = target
        ? `alias *${node.source} is inside the &${node.source} it refers to`
        : `alias *${node.source} has no &${node.source} anchor before it (quote the value if "*" is text)`;
      found = { problem, offset: node.range?.[0] ?? 0 };
      return visit.BREAK;
    },
  });
  return found;
}

/** Parses frontmatter lines; `firstLine` is the SKILL.md line number of lines[0]. */
export function readFrontmatterYaml(frontmatter: readonly string[], firstLine: number): FrontmatterYaml {
  const lines = [...frontmatter];
  const at = (line: number) => `SKILL.md line ${firstLine + line - 1}`;
  let { doc, lineOf } = parse(lines);
  const colonErrors = doc.errors.filter((e) => e.code === "BLOCK_AS_IMPLICIT_KEY").map((e) => lineOf(e.pos[0]));
  const quoted = quoteColonValues(lines, colonErrors);
  if (quoted.length > 0) ({ doc, lineOf } = parse(lines));

  const message = (e: YAMLError) => `${at(lineOf(e.pos[0]))}: ${e.message}`;
  if (doc.errors[0]) return { ok: false, error: message(doc.errors[0]) };
  const duplicate = firstDuplicateKey(doc);
  if (duplicate) return { ok: false, error: `${at(lineOf(duplicate.offset))}: duplicate key "${duplicate.key}"` };
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    const found = isSeq(contents) ? "a list" : "a single value";
    return { ok: false, error: `${at(lineOf(contents.range[0]))}: the frontmatter must be "key: value" lines, not ${found}` };
  }
  const badAlias = firstBadAlias(doc);
  if (badAlias) return { ok: false, error: `${at(lineOf(badAlias.offset))}: ${badAlias.problem}` };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (err) {
    const bomb = err instanceof ReferenceError && /alias/i.test(err.message);
    return { ok: false, error: bomb ? `SKILL.md frontmatter: aliases expand to more than ${MAX_ALIAS_EXPANSION} copies` : "SKILL.md frontmatter could not be read" };
  }
  const warnings = [
    ...quoted.map((line) => `${at(line)}: a value containing ": " was read as text; quote it for other YAML readers`),
    ...doc.warnings.map(message),
  ];
  return { ok: true, value: (value ?? {}) as Record<string, unknown>, warnings };
}
