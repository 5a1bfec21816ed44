/**
 * Enumerates every published skill from its own `skill:{slug}` key, bypassing the index blob
 * (AC-US1-01, AC-US1-04). Cost: ceil(N/1000) list() calls for records with summary metadata, plus
 * ceil(M/100) bulk get() calls for M records written before metadata existed. Never one get per key.
 *
 * KV list() is eventually consistent: a key written seconds ago in another location may not be
 * listed yet. Callers that also hold the index union the two (see published-index.ts).
 */
import { chunk, isSkillRecordKey, KV_BULK_GET_MAX, KV_LIST_PAGE, SKILL_PREFIX, slugOfKey } from "./keys";
import { parseSkillRecord, parseSummary, skillFromKvRecord, skillFromSummary, summarize, type SkillSummary } from "./skill-record";
import type { Skill } from "../skill";

export interface EnumeratedSkill {
  skill: Skill;
  summary: SkillSummary;
  /** True when the summary came from the value (a record without metadata). */
  legacy: boolean;
}

export interface Enumeration {
  skills: EnumeratedSkill[];
  /** Alias keys seen while listing (`skill:alias:*`), excluded from `skills`. */
  aliasKeys: string[];
  /** Keys whose value could not be read as a skill record, with the reason. */
  errors: { key: string; error: string }[];
  listCalls: number;
  getCalls: number;
}

/** Lists every `skill:` key page by page until `list_complete`, skipping aliases. */
export async function enumeratePublishedSkills(kv: KVNamespace): Promise<Enumeration> {
  const result: Enumeration = { skills: [], aliasKeys: [], errors: [], listCalls: 0, getCalls: 0 };
  const withoutMetadata: string[] = [];
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown> = await kv.list({ prefix: SKILL_PREFIX, limit: KV_LIST_PAGE, cursor });
    result.listCalls++;
    for (const key of page.keys) {
      if (!isSkillRecordKey(key.name)) {
        result.aliasKeys.push(key.name);
        continue;
      }
      const summary = parseSummary(key.metadata);
      if (summary && summary.slug === slugOfKey(key.name)) {
        result.skills.push({ skill: skillFromSummary(summary), summary, legacy: false });
      } else {
        withoutMetadata.push(key.name);
      }
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);

  for (const keys of chunk(withoutMetadata, KV_BULK_GET_MAX)) {
    const values = await kv.get(keys, "text");
    result.getCalls++;
    for (const key of keys) {
      const parsed = parseSkillRecord(slugOfKey(key), values.get(key) ?? null);
      if (!parsed.ok) {
        // Deleted between list and get, or a malformed value: reported, never fatal.
        if (values.get(key) !== null) result.errors.push({ key, error: parsed.error });
        continue;
      }
      result.skills.push({ skill: skillFromKvRecord(parsed.record), summary: summarize(parsed.record), legacy: true });
    }
  }
  return result;
}

/** Every `skill:{slug}` key's slug (aliases excluded): list calls only. */
export async function listSkillSlugs(kv: KVNamespace): Promise<string[]> {
  const slugs: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix: SKILL_PREFIX, limit: KV_LIST_PAGE, cursor });
    for (const k of page.keys) if (isSkillRecordKey(k.name)) slugs.push(slugOfKey(k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return slugs;
}
