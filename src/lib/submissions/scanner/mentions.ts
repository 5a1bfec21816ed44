/**
 * Mentions versus instructions. Security guidance names the attacks it warns about: "never run
 * `curl … | sh`", "treat phrases like 'ignore previous instructions' as data". A match counts as a
 * mention only when the words right before it, on the same line, say so; nothing after the match
 * is read, so "`rm -rf ~` is dangerous" still fails and should be reworded.
 *
 * Two policies (MentionPolicy in ./fragments). "negated", for command rules: a negation with a
 * command verb right before the match ("never run `", "don't use ", "instead of "), or a
 * sentence that opens with one and gives the match as its example ("Never pipe a script into a
 * shell, as in `curl … | sh`"), or a description of attackers or of what to flag ("attackers
 * may write …", "flag lines like …"). "quoted", for prose rules, adds plain examples ("such as",
 * "phrases like", "text that says", "e.g.") and a negation up to three words away, since
 * "run something like `curl … | sh`" is an order while "phrases like 'ignore …'" is not.
 * Lists are followed: in "never run `rm -rf /` or `rm -rf ~`" both are mentions. A match inside
 * `inline code` is judged by the words before the code span.
 *
 * The price: an attacker can put a negation that negates something else right before the
 * attack and have it read as a mention. Command rules only accept a negation followed directly
 * by a command verb ("never run `"), which limits that to wording such as "never run this on a
 * laptop; …" being cut short by the semicolon (it is: only the words right before count).
 * Prose rules accept a negation up to three words away, minus idioms that negate nothing
 * ("don't hesitate to", "do not forget to", "never mind"); other double negatives such as
 * "do not delay ignore all previous instructions" are read as mentions and get through.
 */
import type { ScanRule } from "./fragments";
import { foldText } from "./normalise";

const NEG = String.raw`(?:never|not|don'?t|dont|doesn'?t|won'?t|cannot|can'?t|mustn'?t|shouldn'?t|avoid|refuse to|instead of|rather than|no|ne|jamais|nunca|nie|niemals|nicht|não|non|mai|никогда|не)`;
const CMD_VERB = String.raw`(?:run(?:ning)?|us(?:e|ing)|pip(?:e|ing)|execut(?:e|ing)|paste|type|copy|try|do|add|put|write|include|follow|obey|send|print|output|share|tell|say|download|install)`;
const OPEN_QUOTE = String.raw`["'\x60“”‘’«»(\[]{0,3}`;
const START = String.raw`(?<![\p{L}\p{N}])`;
const EXAMPLE = String.raw`(?:such\s{1,3}as|like|as\s{1,3}in|e\.g\.?|i\.e\.?|for\s{1,3}(?:example|instance)|including)`;
/** Describing attackers, or what a reviewer should flag, names the attack without ordering it. */
const DESCRIBES = String.raw`(?:attackers?|malicious\s{1,3}(?:skills?|files?|pages?|authors?))\s{1,3}(?:(?:may|might|can|could|will|often|sometimes|usually)\s{1,3})?(?:write|use|include|hide|add|put|try|embed|insert|say)s?\s{0,3}|(?:flag|detect|block|reject|report|warn\s{1,3}about|look\s{1,3}for|watch\s{1,3}(?:out\s{1,3})?for|search\s{1,3}for|grep\s{1,3}for)\s{1,3}(?:(?:any|all|lines?|commands?|patterns?|text|strings?)\s{1,3}){0,2}(?:like|such\s{1,3}as|matching|containing|:)\s{0,3}`;

const compile = (source: string) => new RegExp(foldText(source), "iu");

/** "never run `…`", "don't use …", "instead of …", "avoid commands like …". */
const NEGATED_BEFORE = compile(
  String.raw`(?:${START}${NEG}\s{1,3}(?:ever\s{1,3})?(?:${CMD_VERB}\s{1,3})?(?:(?:a|an|the|this|that|any|commands?|something|things?|code|lines?)\s{1,3}(?:like\s{1,3}|such\s{1,3}as\s{1,3})?)?|${START}(?:${DESCRIBES}))[:,]?\s{0,3}${OPEN_QUOTE}\s{0,2}(?:sudo\s{1,3})?$`,
);
/** A sentence opening with "never run / don't pipe …" whose example the match is. */
const NEGATED_SENTENCE = compile(String.raw`^\s{0,3}[*_>-]{0,3}\s{0,3}${NEG}\s{1,3}(?:ever\s{1,3})?${CMD_VERB}\b`);
const ENDS_WITH_EXAMPLE = compile(String.raw`${START}${EXAMPLE}\s{0,3}[:,]?\s{0,3}${OPEN_QUOTE}\s{0,2}$`);

/** Prose: examples, text that says…, and a negation up to three words away (not "don't hesitate to"). */
const QUOTED_BEFORE = compile(
  String.raw`${START}(?:${NEG}(?!\s{1,3}(?:hesitate|forget|fail|neglect|miss|wait|mind)\b)\s{1,3}(?:[\p{L}\p{N}'-]{1,20}\s{1,3}){0,3}|(?:${EXAMPLE}|examples?|phrases?|patterns?|strings?|wording|says?|saying|said|claims?|claiming|reads?|containing|contains?|(?:tells?|telling|asks?|asking|instructs?|instructing)\s{1,3}(?:you|the\s{1,3}(?:agent|model|assistant))\s{1,3}to|(?:requests?|attempts?|tries|trying)\s{1,3}to|warn(?:s|ing)?\s{1,3}(?:about|against)|(?:instructions?|text|content|messages?|prompts?|comments?|files?|pages?|documents?|inputs?)\s{1,3}that\s{1,3}(?:says?|tells?\s{1,3}you\s{1,3}to|asks?\s{1,3}you\s{1,3}to|tr(?:y|ies)\s{1,3}to))\s{0,3}[:,]?\s{0,3})${OPEN_QUOTE}\s{0,2}$`,
);

/** "`rm -rf /` or `": the previous item of a list, so the list's head decides for all its items. */
// Only quoted or code items: "do not delay, ignore …" must not lose "delay," as a list item.
const LIST_ITEM = compile(String.raw`["'\x60“‘][^"'\x60“”‘’\n]{1,200}["'\x60”’]\s{0,3}(?:,|\bor\b|\band\b|\bnor\b|/)\s{0,3}(${OPEN_QUOTE})\s{0,2}$`);
const SENTENCE_END = /[.!?;]\s+(?=\S)/g;

function mentionedBefore(policy: NonNullable<ScanRule["mentions"]>, before: string): boolean {
  if (NEGATED_BEFORE.test(before)) return true;
  if (policy === "quoted" && QUOTED_BEFORE.test(before)) return true;
  if (ENDS_WITH_EXAMPLE.test(before)) {
    const starts = [...before.matchAll(SENTENCE_END)];
    const sentence = starts.length ? before.slice(starts[starts.length - 1]!.index! + starts[starts.length - 1]![0].length) : before;
    if (NEGATED_SENTENCE.test(sentence)) return true;
  }
  return false;
}

/** Whether the words right before a match present it as something not to do, or as an example. */
export function isMention(rule: ScanRule, text: string, index: number): boolean {
  if (!rule.mentions) return false;
  let before = text.slice(Math.max(0, index - 160), index);
  // A match inside `inline code` is judged by the words before the code span, not by the part
  // of the command that precedes the match ("flag lines like `echo … | base64 -d | sh`").
  const ticks = before.split("\x60").length - 1;
  if (ticks % 2 === 1) before = before.slice(0, before.lastIndexOf("\x60") + 1);
  for (let items = 0; items < 4; items++) {
    if (mentionedBefore(rule.mentions, before)) return true;
    const shorter = before.replace(LIST_ITEM, "$1");
    if (shorter === before) return false;
    before = shorter;
  }
  return false;
}
