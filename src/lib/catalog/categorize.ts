/**
 * A simple keyword categoriser for community skills: the first category whose keywords appear in
 * the name or description, else "development" (the default of AC-US2-02).
 */
import { SKILL_CATEGORIES } from "./seed-data";

export const DEFAULT_CATEGORY = "development";

const KEYWORDS: [category: string, words: RegExp][] = [
  ["security", /\b(security|vulnerab\w*|audit|secrets?|pentest\w*|cve|threat|auth(entication|orization)?)\b/i],
  ["testing", /\b(tests?|testing|tdd|unit test|e2e|playwright|jest|vitest|pytest|qa)\b/i],
  ["devops", /\b(deploy\w*|docker|kubernetes|k8s|ci\/cd|terraform|infra\w*|devops|monitoring|helm)\b/i],
  ["frontend", /\b(frontend|front-end|react|css|tailwind|ui|ux|component|html)\b/i],
  ["data", /\b(data|sql|csv|analytics|spreadsheet|etl|pandas|dataset|database)\b/i],
  ["documents", /\b(pdf|docx|xlsx|pptx|document|word file|slides)\b/i],
  ["design", /\b(design|figma|visual|logo|brand|illustration|art|canvas)\b/i],
  ["ai-ml", /\b(llm|machine learning|ml|model|prompt|ai|agent|embedding|rag|mcp)\b/i],
  ["writing", /\b(writ(e|es|ing|er)|blog|copy\w*|editor\w*|essays?|articles?|prose|changelogs?|release notes)\b/i],
  ["research", /\b(research|papers?|literature|citation|survey|investigat\w*)\b/i],
  ["communication", /\b(slack|email|comms|announcement|newsletter|meeting)\b/i],
  ["business", /\b(business|sales|marketing|finance|invoice|crm|strategy)\b/i],
  ["education", /\b(teach\w*|tutor\w*|course|lesson|learn\w*|quiz|student)\b/i],
  ["productivity", /\b(productivity|todo|notes?|calendar|workflow|automation|planning)\b/i],
];

/** The category for a skill: an explicit known category wins, then keywords, then the default. */
export function categorize(text: { name: string; description: string; category?: string }): string {
  const known = new Set<string>(SKILL_CATEGORIES);
  if (text.category && known.has(text.category)) return text.category;
  const hay = `${text.name.replace(/[-_]/g, " ")}\n${text.description}`;
  for (const [category, words] of KEYWORDS) {
    if (known.has(category) && words.test(hay)) return category;
  }
  return DEFAULT_CATEGORY;
}
