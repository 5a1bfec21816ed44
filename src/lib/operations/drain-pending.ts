/**
 * drainPendingSkills(): writes the skills that KV holds and Postgres lacks (the pending outbox,
 * catalog/kv/pending.ts) to Postgres as soon as it answers, idempotently, and clears their
 * pending keys. It runs from the queue (a publish that missed Postgres sends a backfill message,
 * retried with backoff while the database is down), from every cron run, and after a rebuild.
 * A record Postgres refuses for another reason is quarantined: kept pending and listed, reported
 * with its reason, and not retried until the record changes.
 */
import { attempt, isDatabaseKnownDown, withOptionalDb, type Db } from "../platform/db";
import { writeKvVersionRows } from "../catalog/skill-versions";
import { trackContentPending } from "../discovery/content-pending";
import { logEvent } from "../platform/log";
import { cleanRecord } from "../catalog/skill";
import { invalidateConvergence } from "../catalog/convergence";
import { backfillSkillRows } from "../catalog/postgres/backfill";
import { chunk, KV_BULK_GET_MAX, skillKey } from "../catalog/kv/keys";
import { clearPending, listPending, markPending } from "../catalog/kv/pending";
import { listDelisted } from "../catalog/kv/delisted";
import { reconcileDelisted, type DelistReconcile } from "./delist";
import { parseSkillRecord, summarize, type SkillRecord } from "../catalog/kv/skill-record";
import { drainPendingSubmissions } from "../submissions/store";

export interface DrainReport {
  /** Pending skills seen (one list page at most). */
  pending: number;
  written: number;
  /** Cleared because their key no longer holds a skill (deleted or moved). */
  gone: number;
  quarantined: { slug: string; error: string }[];
  /** Pending skills left for the next run (database down, or more than one page). */
  remaining: number;
  databaseAvailable: boolean;
  /** Submission rows written that an outage had kept out of Postgres. */
  submissionsSynced: number;
  /** Slugs still pending after this run (quarantined or not yet written), when every page was listed; else null. */
  stillPending: string[] | null;
  /** Current versions (SKILL.md rows) written with the skills, from KV (`skillmd:{slug}`). */
  versionsWritten: number;
  /** Delists and relists that Postgres had missed, mirrored now (operations/delist.ts), or why not. */
  delisted: DelistReconcile | { error: string } | null;
}

/** Drains at most `max` pending skills (one list page, ceil(max/100) bulk reads, one statement per 100). */
export function drainPendingSkills(kv: KVNamespace, opts: { max?: number } = {}): Promise<DrainReport> {
  return withOptionalDb(async (db) => {
    const { entries, complete } = await listPending(kv);
    const report: DrainReport = { pending: entries.length, written: 0, gone: 0, quarantined: [], remaining: entries.length, databaseAvailable: db !== null, submissionsSynced: 0, stillPending: null, delisted: null, versionsWritten: 0 };
    if (!db) return report;
    report.delisted = await reconcileDelisted(kv, db).catch((err: unknown) => {
      logEvent("warn", "delist_reconcile_failed", { error: String(err) });
      return { error: String(err) };
    });
    const submissions = await drainPendingSubmissions(kv, db);
    report.submissionsSynced = submissions.synced;
    report.remaining += submissions.remaining;
    if (entries.length === 0) return { ...report, stillPending: complete ? [] : null };
    const cleared = new Set<string>();
    // A delisted skill is never written back to Postgres by the drain (a relist writes it).
    const delisted = await listDelisted(kv);
    for (const e of entries) {
      if (!delisted.has(e.summary.slug)) continue;
      await clearPending(kv, e.summary.slug);
      cleared.add(e.summary.slug);
    }
    const todo = entries.filter((e) => !e.quarantined && !delisted.has(e.summary.slug)).slice(0, opts.max ?? 500);
    const records: SkillRecord[] = [];
    for (const part of chunk(todo, KV_BULK_GET_MAX)) {
      const values = await kv.get(part.map((e) => skillKey(e.summary.slug)), "text");
      for (const e of part) {
        const parsed = parseSkillRecord(e.summary.slug, values.get(skillKey(e.summary.slug)) ?? null);
        if (parsed.ok) records.push(cleanRecord(parsed.record).record);
        else {
          await clearPending(kv, e.summary.slug);
          cleared.add(e.summary.slug);
          report.gone++;
        }
      }
    }
    const written: string[] = [];
    for (const batch of chunk(records, 100)) {
      const res = await backfillSkillRows(db, batch, { dryRun: false });
      const failed = new Map(res.errors.map((e) => [e.slug, e.error]));
      // The database went away mid-drain: nothing here is the records' fault; the next run retries.
      if (res.errors.length && isDatabaseKnownDown()) break;
      for (const r of batch) {
        const error = failed.get(r.name);
        if (error) {
          await markPending(kv, summarize(r), error);
          report.quarantined.push({ slug: r.name, error });
        } else {
          await clearPending(kv, r.name);
          cleared.add(r.name);
          report.written++;
          written.push(r.name);
        }
      }
    }
    // Their current versions too (a publish while Postgres was down kept the version in KV only).
    const versions = await writeKvVersionRows(kv, db, written);
    report.versionsWritten = versions.written;
    await trackContentPending(db, records, versions.contentPending);
    report.remaining = entries.length - cleared.size + (complete ? 0 : 1) + submissions.remaining;
    report.stillPending = complete ? entries.map((e) => e.summary.slug).filter((s) => !cleared.has(s)) : null;
    if (report.written || report.gone || report.quarantined.length) {
      invalidateConvergence(kv);
      logEvent("info", "pending_drained", { ...report, quarantined: report.quarantined.length });
    }
    return report;
  });
}
