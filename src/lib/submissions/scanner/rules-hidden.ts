/**
 * Hidden text: what the agent reads but a reviewer looking at the rendered SKILL.md does not
 * see. Invisible characters are removed before matching (./normalise) and reported here;
 * Unicode tag characters, which spell ASCII text invisibly, are decoded, scanned like any other
 * text, and reported with the text they hid. HTML comments do not render: an instruction for the
 * agent inside one, or anything another rule flags there, is concealment.
 */
import type { DocumentHit, DocumentRule, Located } from "./fragments";
import { foldText, lineAt, type PreparedText } from "./normalise";

/** One finding per line that holds invisible or direction-changing characters. */
function findHiddenCharacters(doc: PreparedText): DocumentHit[] {
  const seen = new Set<number>();
  const hits: DocumentHit[] = [];
  for (const h of doc.hidden) {
    const line = lineAt(doc.lines, h.offset).line;
    if (seen.has(line)) continue;
    seen.add(line);
    hits.push({ offset: h.offset });
  }
  return hits;
}

function findSmuggledText(doc: PreparedText): DocumentHit[] {
  return doc.smuggled.map((s) => ({ offset: s.offset, excerpt: `hidden text: "${s.text.trim().slice(0, 100)}"` }));
}

/** Who a comment speaks to, and what it asks: both must be there for it to be an instruction. */
// Narrow on purpose: "model", "agent" and "AI" alone are common words in ordinary comments
// (`<!-- update the model list -->`, `<!-- see AGENTS.md -->`).
const ADDRESSES_AGENT =
  /\b(?:claude|chatgpt|copilot|codex|llms?)\b|\b(?:dear|hey|attention|note to|note for|message (?:to|for)|instructions? (?:to|for)|reminder (?:to|for)|to) (?:the |all |any |an? )?(?:ai|agents?|assistants?|models?|llms?|language models?)\b|\bif you are an? (?:ai|agent|language model|llm|assistant|model)\b|\b(?:ai|automated) (?:agents?|assistants?)\b|^\s*(?:agent|assistant|ai)\s*:/i;
const ASKS = /\b(?:run|execute|send|upload|post|fetch|download|curl|wget|read|open|copy|delete|remove|ignore|disregard|forget|include|append|write|call|visit|install|tell|say|reply|respond|always|never|must|do not|don'?t)\b/i;

function insideComment(doc: PreparedText, offset: number): [number, number] | undefined {
  return doc.comments.find(([s, e]) => offset >= s && offset < e);
}

function findCommentInstructions(doc: PreparedText, earlier: readonly Located[]): DocumentHit[] {
  const flagged = new Set<number>();
  for (const [start, end] of doc.comments) {
    const text = foldText(doc.original.slice(start + 4, Math.min(end, start + 20_000))).replace(/\s+/g, " ").trim();
    if (ADDRESSES_AGENT.test(text) && ASKS.test(text)) flagged.add(start);
  }
  for (const f of earlier) {
    if (f.severity !== "critical" && f.severity !== "high") continue;
    if (f.ruleId === "hidden-unicode" || f.ruleId === "unicode-tag-smuggling") continue;
    const c = insideComment(doc, f.offset);
    if (c) flagged.add(c[0]);
  }
  return [...flagged].sort((a, b) => a - b).map((offset) => ({ offset }));
}

export const HIDDEN_DOCUMENT_RULES: readonly DocumentRule[] = [
  {
    id: "hidden-unicode",
    title: "Invisible or bidirectional-override characters",
    severity: "high",
    why: "Invisible text can carry instructions the agent reads but a human reviewer never sees; direction overrides make text display differently from how it reads.",
    find: (doc) => findHiddenCharacters(doc),
  },
  {
    id: "unicode-tag-smuggling",
    title: "Text hidden in invisible Unicode tag characters",
    severity: "critical",
    why: "Tag characters spell out text no one sees on screen, but a model reads; there is no legitimate use for them in a skill outside flag emoji.",
    find: (doc) => findSmuggledText(doc),
  },
];

/** Runs after the others: it needs their findings to know what was flagged inside a comment. */
export const COMMENT_DOCUMENT_RULE: DocumentRule = {
  id: "html-comment-instruction",
  title: "Instruction hidden in an HTML comment",
  severity: "critical",
  why: "HTML comments do not render, so a reviewer never sees them, but the agent reads them. Instructions for the agent belong in visible text.",
  find: (doc, earlier) => findCommentInstructions(doc, earlier),
};
