/**
 * rebuildPublishedIndex() — POST /api/v1/admin/rebuild-index (US-004).
 * Walks every `skill:*` key (aliases excluded), reads values in bulk, validates each record
 * (malformed ones are reported by key, never fatal), re-keys legacy slugs with an alias, restores
 * missing or stale summary metadata, backfills Postgres in one statement per page, and finally
 * rewrites `skills:published-index` from the enumeration and counts orphaned aliases.
 *
 * `rebuilt` counts valid records processed by this call; a renamed record may be met again under
 * its new key later in the walk (it is then unchanged). `indexSize` is the final count.
 *
 * It lives within one Worker invocation's budget: KV operations are counted and, before the next
 * step could cross OPS_BUDGET, the run stops and returns `nextCursor`; calling again with it
 * resumes exactly there. Re-running changes nothing (identical writes are skipped).
 */
import { attempt, isDatabaseKnownDown, withOptionalDb, type Db } from "../platform/db";
import { writeKvVersionRows } from "../catalog/skill-versions";
import { trackContentPending } from "../discovery/content-pending";
import { ApiError } from "../http/errors";
import { logEvent } from "../platform/log";
import { findSeedSkill } from "../catalog/seed-data";
import { backfillSkillRows } from "../catalog/postgres/backfill";
import { legacyFormatOf } from "./migrate-slugs";
import { resolveSlug } from "../submission-store";
import { parseRepoUrl } from "../catalog/slug";
import { moveRecord } from "../catalog/kv/move-record";
import { listSkillSlugs } from "../catalog/kv/enumerate";
import { chunk, isSkillRecordKey, KV_BULK_GET_MAX, KV_LIST_PAGE, SKILL_PREFIX, slugOfKey } from "../catalog/kv/keys";
import { countKvOps, OPS_BUDGET } from "../catalog/kv/op-counter";
import { foldPublishedSkills, invalidatePublishedCache } from "../catalog/kv/published-index";
import { balancedBounds, listShardMeta, readManifest, SHARD_MAX, shardsFor } from "../catalog/kv/index-shards";
import { parseSkillRecord, parseSummary, summarize, type SkillRecord } from "../catalog/kv/skill-record";
import { encodeCursor, keyAfter, START, type RebuildCursor } from "./rebuild-cursor";
import { drainPendingSkills } from "./drain-pending";
import { cleanRecord } from "../catalog/skill";
import { invalidateConvergence, markCovered, missingInPostgres } from "../catalog/convergence";
import { listPending, markPending } from "../catalog/kv/pending";
import { listDelisted } from "../catalog/kv/delisted";

/** Worst case for one record: a rename (7 reads to pick the slug, 4 writes). */
const OPS_PER_RECORD = 12;
/** One list page plus its bulk reads (the records, and at worst the SKILL.md of each backfilled one). */
const OPS_PER_PAGE = 1 + (2 * KV_LIST_PAGE) / KV_BULK_GET_MAX;

export interface RebuildReport {
  ok: true;
  dryRun: boolean;
  complete: boolean;
  nextCursor: string | null;
  scanned: number;
  rebuilt: number;
  errors: number;
  errorKeys: { key: string; error: string }[];
  renamed: { from: string; to: string }[];
  metadataRepaired: number;
  prismaBackfilled: number | null;
  prismaErrors: { slug: string; error: string }[];
  prismaRoundTrips: number;
  /** Current versions (SKILL.md rows) written from KV for backfilled skills that lacked theirs. */
  versionsWritten: number;
  /** Backfilled skills KV has no SKILL.md for (published before versions were kept): queued first for a re-check. */
  contentPending: number;
  /** Records whose text had to be cleaned (NUL, lone surrogates, control characters), in KV too. */
  cleaned: number;
  /** Records skipped because Postgres refused them before and they have not changed since. */
  quarantined: number;
  /** Records Postgres refused in this run, now quarantined with the reason. */
  quarantinedKeys: { slug: string; error: string }[];
  /** Records skipped because an operator delisted their skill (never backfilled, never indexed). */
  delisted: number;
  /** After a complete pass: every KV skill is in Postgres (or pending); null when unknown. */
  postgresCovered: boolean | null;
  orphanedAliases: number | null;
  orphanedAliasKeys: string[];
  indexSize: number | null;
  indexRewritten: boolean;
  /** Index shards rewritten (in a dry run: that would be). */
  indexShardsRewritten: number;
  /** Bytes of the largest index value written by this run. */
  indexLargestValueBytes: number;
  kvOps: number;
  durationMs: number;
}

export function rebuildPublishedIndex(
  rawKv: KVNamespace,
  opts: { dryRun?: boolean; cursor?: RebuildCursor; opsBudget?: number } = {},
): Promise<RebuildReport> {
  return withOptionalDb((db) => run(rawKv, db, opts));
}

async function run(rawKv: KVNamespace, db: Db | null, opts: { dryRun?: boolean; cursor?: RebuildCursor; opsBudget?: number }): Promise<RebuildReport> {
  const started = Date.now();
  const budget = opts.opsBudget ?? OPS_BUDGET;
  const dryRun = opts.dryRun ?? false;
  const counted = countKvOps(rawKv);
  const kv = counted.kv;
  const report: RebuildReport = {
    ok: true, dryRun, complete: false, nextCursor: null, scanned: 0, rebuilt: 0, errors: 0, errorKeys: [], renamed: [],
    metadataRepaired: 0, prismaBackfilled: db ? 0 : null, prismaErrors: [], prismaRoundTrips: 0, versionsWritten: 0, contentPending: 0, cleaned: 0, quarantined: 0, quarantinedKeys: [], delisted: 0, postgresCovered: null, orphanedAliases: null,
    orphanedAliasKeys: [], indexSize: null, indexRewritten: false, indexShardsRewritten: 0, indexLargestValueBytes: 0, kvOps: 0, durationMs: 0,
  };
  let cursor: RebuildCursor = opts.cursor ?? START;
  // Slugs Postgres refused before, with the record version it refused (one list call).
  const quarantined = new Map((await listPending(kv)).entries.filter((e) => e.quarantined).map((e) => [e.summary.slug, e.summary.updatedAt]));
  // Delisted skills keep their records but are neither backfilled nor indexed (one list call).
  const delisted = await listDelisted(kv);

  pages: while (!cursor.f) {
    if (counted.used() + OPS_PER_PAGE + OPS_PER_RECORD > budget) break;
    const page = await kv.list({ prefix: SKILL_PREFIX, limit: KV_LIST_PAGE, cursor: cursor.c ?? undefined }).catch((err: unknown) => {
      if (cursor.c === (opts.cursor?.c ?? null) && cursor.c) throw new ApiError("bad_request", "cursor: not a cursor returned by a previous rebuild-index call");
      throw err;
    });
    const done = cursor.k;
    const keys = page.keys.filter((k) => keyAfter(k.name, done));
    const values = new Map<string, string | null>();
    for (const part of chunk(keys.filter((k) => isSkillRecordKey(k.name)).map((k) => k.name), KV_BULK_GET_MAX)) {
      for (const [k, v] of await kv.get(part, "text")) values.set(k, v);
    }
    const batch: SkillRecord[] = [];
    for (let i = 0; i < keys.length; i++) {
      if (counted.used() + OPS_PER_RECORD > budget) {
        await backfill(kv, db, batch, report);
        cursor = { c: cursor.c, k: i > 0 ? keys[i - 1]!.name : cursor.k, f: false };
        break pages;
      }
      const key = keys[i]!;
      if (!isSkillRecordKey(key.name)) continue;
      report.scanned++;
      if (delisted.has(slugOfKey(key.name))) {
        report.delisted++;
        continue;
      }
      const record = await processRecord(kv, db, key, values.get(key.name) ?? null, report, quarantined);
      if (record) batch.push(record);
    }
    await backfill(kv, db, batch, report);
    cursor = page.list_complete ? { c: null, k: null, f: true } : { c: page.cursor, k: null, f: false };
  }

  // The final step enumerates everything: give it a fresh invocation when this one is half spent.
  if (cursor.f && counted.used() <= budget / 2 && (await finish(kv, db, report, { left: () => budget - counted.used() }))) {
    report.complete = true;
  } else {
    report.nextCursor = encodeCursor(cursor);
  }
  if (!dryRun) {
    invalidatePublishedCache(rawKv);
    invalidateConvergence(rawKv);
  }
  report.kvOps = counted.used();
  report.durationMs = Date.now() - started;
  logEvent("info", "rebuild_index", { ...report, errorKeys: report.errorKeys.length, renamed: report.renamed.length, prismaErrors: report.prismaErrors.length, orphanedAliasKeys: undefined });
  return report;
}

/** Validates one record, re-keys a legacy slug, restores its metadata; returns it for backfill. */
async function processRecord(
  kv: KVNamespace,
  db: Db | null,
  key: KVNamespaceListKey<unknown>,
  value: string | null,
  report: RebuildReport,
  quarantined: ReadonlyMap<string, string>,
): Promise<SkillRecord | null> {
  const slug = slugOfKey(key.name);
  const parsed = parseSkillRecord(slug, value);
  if (!parsed.ok) {
    if (value === null) return null; // deleted since listing
    report.errors++;
    report.errorKeys.push({ key: key.name, error: parsed.error });
    return null;
  }
  // A record holding text that Postgres cannot store is cleaned in KV too (then written as usual).
  const cleaned = cleanRecord(parsed.record);
  let record = cleaned.record;
  if (cleaned.changed) {
    report.cleaned++;
    value = JSON.stringify(record);
  }
  const ref = parseRepoUrl(record.repoUrl)!;
  const listed = parseSummary(key.metadata);
  if (legacyFormatOf(slug, record.skillName, ref, listed === null)) {
    const target = await resolveSlug(kv, db, record.repoUrl, record.skillName);
    if (target !== slug) {
      report.renamed.push({ from: slug, to: target });
      record = report.dryRun ? { ...record, name: target } : await moveRecord(kv, slug, record, target);
      report.rebuilt++;
      return record;
    }
  }
  const summary = summarize(record);
  if (cleaned.changed || !listed || JSON.stringify(listed) !== JSON.stringify(summary)) {
    report.metadataRepaired++;
    if (!report.dryRun) {
      try {
        await kv.put(key.name, value!, { metadata: summary });
      } catch (err) {
        report.errors++;
        report.errorKeys.push({ key: key.name, error: `could not restore metadata: ${String(err)}` });
        return null;
      }
    }
  }
  report.rebuilt++;
  // Quarantined by an earlier run and unchanged since: reported, not retried into every batch.
  if (quarantined.get(record.name) === record.updatedAt) {
    report.quarantined++;
    return null;
  }
  return record;
}

async function backfill(kv: KVNamespace, db: Db | null, batch: SkillRecord[], report: RebuildReport): Promise<void> {
  if (!db || batch.length === 0) return;
  const res = await backfillSkillRows(db, batch, { dryRun: report.dryRun });
  report.prismaBackfilled = (report.prismaBackfilled ?? 0) + res.changed;
  report.prismaErrors.push(...res.errors);
  report.prismaRoundTrips += res.roundTrips;
  if (!report.dryRun && !isDatabaseKnownDown()) {
    // The publish writer's version row too, from what KV holds; a record without content is
    // "content pending" and goes first in the re-check rotation.
    const failed = new Set(res.errors.map((e) => e.slug));
    const versions = await attempt(db, (d) => writeKvVersionRows(kv, d, batch.map((r) => r.name).filter((n) => !failed.has(n))));
    if (versions.ok) {
      report.versionsWritten += versions.value.written;
      report.contentPending += versions.value.contentPending.length;
      await trackContentPending(db, batch, versions.value.contentPending);
    }
  }
  if (report.dryRun || res.errors.length === 0 || isDatabaseKnownDown()) return;
  // Refused rows are quarantined (kept pending and listed, with the reason), so the next run
  // neither retries them nor falls back to row-by-row writes for their whole batch.
  const bySlug = new Map(batch.map((r) => [r.name, r]));
  for (const e of res.errors) {
    const record = bySlug.get(e.slug);
    if (record) await markPending(kv, summarize(record), e.error);
  }
}

/**
 * Brings the index to the enumeration shard by shard (identical shards are not written), cut anew
 * when its cut is missing or lopsided, and counts orphaned aliases.
 */
async function finish(kv: KVNamespace, db: Db | null, report: RebuildReport, budget: { left(): number }): Promise<boolean> {
  const { bounds, skills } = await rebalancedBounds(kv);
  // What the rest of this step costs besides shard writes: the enumeration (a list call and about
  // one bulk get per 1,000 keys), the alias checks, the outbox drain. The rest may write shards;
  // shards left over are written by the next call (the step resumes).
  const pages = Math.ceil((skills + 1) / KV_LIST_PAGE);
  const writable = Math.max(1, budget.left() - 3 * pages - 40);
  const slugs = new Set<string>();
  const stats = await foldPublishedSkills(
    kv,
    () => {
      slugs.clear();
      return (_skill, summary) => slugs.add(summary.slug);
    },
    { repair: report.dryRun ? 0 : Math.min(SHARD_MAX, writable), bounds },
  );
  if (stats.source !== "kv-enumeration") throw new Error("KV enumeration failed: the index was not rebuilt");
  if (!report.dryRun && stats.unrepairedShards > 0) {
    report.indexShardsRewritten += stats.repairedShards;
    return false;
  }
  report.indexRewritten = stats.repairedShards + stats.unrepairedShards > 0 || bounds !== undefined;
  report.indexShardsRewritten += report.dryRun ? stats.unrepairedShards : stats.repairedShards;
  report.indexLargestValueBytes = stats.largestShardWritten;
  report.indexSize = slugs.size;
  for (const part of chunk(stats.aliasKeys, KV_BULK_GET_MAX)) {
    const targets = await kv.get(part, "text");
    for (const aliasKey of part) {
      const target = targets.get(aliasKey);
      if (!target || (!slugs.has(target) && !findSeedSkill(target))) report.orphanedAliasKeys.push(aliasKey);
    }
  }
  report.orphanedAliases = report.orphanedAliasKeys.length;
  if (!db || report.dryRun) return true;
  // The outbox: rows this pass wrote clear their pending keys; refused ones are quarantined.
  const drained = await drainPendingSkills(kv);
  report.quarantinedKeys.push(...drained.quarantined);
  if (drained.stillPending === null) {
    report.postgresCovered = false; // more pending than one page: the next pass decides
    return true;
  }
  const stillPending = new Set(drained.stillPending);
  const missing = (await missingInPostgres(db, [...slugs])).filter((s) => !stillPending.has(s));
  report.postgresCovered = missing.length === 0;
  if (report.postgresCovered) await markCovered(kv);
  return true;
}

/**
 * New bounds when the index has no sharded manifest or one shard holds far more than its share
 * (catalogues grow unevenly across the alphabet); undefined when the current cut is fine.
 */
async function rebalancedBounds(kv: KVNamespace): Promise<{ bounds?: string[]; skills: number }> {
  const [manifest, meta] = await Promise.all([readManifest(kv), listShardMeta(kv)]);
  if (manifest.kind === "sharded") {
    const counts = [...meta.entries()].filter(([i]) => i <= manifest.manifest.bounds.length).map(([, m]) => Math.max(0, m.count));
    const total = counts.reduce((a, b) => a + b, 0);
    const wanted = shardsFor(total);
    const shards = manifest.manifest.bounds.length + 1;
    if (Math.max(0, ...counts) <= 3 * (total / wanted) + 64 && shards <= 2 * wanted + 8) return { skills: total };
  }
  const slugs = await listSkillSlugs(kv);
  return { bounds: balancedBounds(slugs), skills: slugs.length };
}
