/**
 * Enumerates every published skill from its own `skill:{slug}` key, bypassing the index
 * (AC-US1-01, AC-US1-04). Cost: ceil(N/1000) list() calls for records with summary metadata, plus
 * one bulk get() per 100 records written before metadata existed, per page. Never one get per key.
 *
 * `forEachPublishedPage` streams: each page's skills are handed over in key order (UTF-8 byte
 * order of the slug, legacy records in their place) and then dropped, so a caller that folds
 * them keeps only what it needs; at 150,000 skills the whole list would be ~90 MB of summaries.
 *
 * Delisted skills (kv/delisted.ts) are skipped here, at the source, so no reader of KV lists
 * them; their records stay.
 *
 * KV list() is eventually consistent: a key written seconds ago in another location may not be
 * listed yet. Callers that also hold the index union the two (see published-index.ts).
 */
import { chunk, isSkillRecordKey, KV_BULK_GET_MAX, KV_LIST_PAGE, SKILL_PREFIX, slugOfKey } from "./keys";
import { parseSkillRecord, parseSummary, skillFromKvRecord, skillFromSummary, summarize, type SkillSummary } from "./skill-record";
import type { Skill } from "../skill";
import { listDelisted } from "./delisted";

export interface EnumeratedSkill {
  skill: Skill;
  summary: SkillSummary;
  /** True when the summary came from the value (a record without metadata). */
  legacy: boolean;
}

export interface EnumeratedPage {
  /** This page's skills, in key order. */
  skills: EnumeratedSkill[];
  /** Alias keys seen on this page (`skill:alias:*`), excluded from `skills`. */
  aliasKeys: string[];
  /** Keys whose value could not be read as a skill record, with the reason. */
  errors: { key: string; error: string }[];
}

export interface EnumerationStats {
  listCalls: number;
  getCalls: number;
  /** Records skipped because their skill is delisted. */
  delisted: number;
}

export interface Enumeration extends EnumerationStats {
  skills: EnumeratedSkill[];
  aliasKeys: string[];
  errors: { key: string; error: string }[];
}

/** Lists every `skill:` key page by page until `list_complete`, handing each page to `visit`. */
export async function forEachPublishedPage(kv: KVNamespace, visit: (page: EnumeratedPage) => void | Promise<void>): Promise<EnumerationStats> {
  const stats: EnumerationStats = { listCalls: 0, getCalls: 0, delisted: 0 };
  const delisted = await listDelisted(kv);
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown> = await kv.list({ prefix: SKILL_PREFIX, limit: KV_LIST_PAGE, cursor });
    stats.listCalls++;
    const out: EnumeratedPage = { skills: [], aliasKeys: [], errors: [] };
    const slots: (EnumeratedSkill | string)[] = [];
    const withoutMetadata: string[] = [];
    for (const key of page.keys) {
      if (!isSkillRecordKey(key.name)) {
        out.aliasKeys.push(key.name);
        continue;
      }
      if (delisted.has(slugOfKey(key.name))) {
        stats.delisted++;
        continue;
      }
      const summary = parseSummary(key.metadata);
      if (summary && summary.slug === slugOfKey(key.name)) {
        slots.push({ skill: skillFromSummary(summary), summary, legacy: false });
      } else {
        slots.push(key.name);
        withoutMetadata.push(key.name);
      }
    }
    const legacy = new Map<string, EnumeratedSkill>();
    for (const keys of chunk(withoutMetadata, KV_BULK_GET_MAX)) {
      const values = await kv.get(keys, "text");
      stats.getCalls++;
      for (const key of keys) {
        const value = values.get(key) ?? null;
        const parsed = parseSkillRecord(slugOfKey(key), value);
        if (parsed.ok) legacy.set(key, { skill: skillFromKvRecord(parsed.record), summary: summarize(parsed.record), legacy: true });
        // Deleted between list and get, or a malformed value: reported, never fatal.
        else if (value !== null) out.errors.push({ key, error: parsed.error });
      }
    }
    for (const slot of slots) {
      if (typeof slot !== "string") out.skills.push(slot);
      else if (legacy.has(slot)) out.skills.push(legacy.get(slot)!);
    }
    await visit(out);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return stats;
}

/** Every published skill in one array: for small catalogues, tools and tests (see forEachPublishedPage). */
export async function enumeratePublishedSkills(kv: KVNamespace): Promise<Enumeration> {
  const result: Enumeration = { skills: [], aliasKeys: [], errors: [], listCalls: 0, getCalls: 0, delisted: 0 };
  const stats = await forEachPublishedPage(kv, (page) => {
    result.skills.push(...page.skills);
    result.aliasKeys.push(...page.aliasKeys);
    result.errors.push(...page.errors);
  });
  return Object.assign(result, stats);
}

/** Every listed `skill:{slug}` key's slug (aliases and delisted skills excluded), in key order: list calls only. */
export async function listSkillSlugs(kv: KVNamespace): Promise<string[]> {
  const slugs: string[] = [];
  const delisted = await listDelisted(kv);
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix: SKILL_PREFIX, limit: KV_LIST_PAGE, cursor });
    for (const k of page.keys) if (isSkillRecordKey(k.name) && !delisted.has(slugOfKey(k.name))) slugs.push(slugOfKey(k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return slugs;
}
