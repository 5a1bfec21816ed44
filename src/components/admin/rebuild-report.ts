// The rows the dashboard shows of a rebuild-index report (after a dry run, a real step, or a job's
// end), shared by the HTML report page and the job page so that both say the same thing.
import type { RebuildReport } from "@/lib/operations/rebuild-index";

export function rebuildReportRows(r: RebuildReport): [label: string, value: string][] {
  const n = (v: number | null) => (v === null ? "unknown (Postgres unavailable)" : v.toLocaleString("en-US"));
  const rows: [string, string][] = [
    ["mode", r.dryRun ? "dry run (nothing written)" : "for real"],
    ["complete", r.complete ? "yes" : "no: more steps to run"],
    ["skills scanned", n(r.scanned)],
    [r.dryRun ? "index entries to write" : "index entries written", n(r.rebuilt)],
    ["index size", n(r.indexSize)],
    ["index shards " + (r.dryRun ? "to rewrite" : "rewritten"), n(r.indexShardsRewritten)],
    ["legacy slugs re-keyed", n(r.renamed.length)],
    ["metadata repaired", n(r.metadataRepaired)],
    ["Postgres backfilled", n(r.prismaBackfilled)],
    ["Postgres errors", n(r.prismaErrors.length)],
    ["skipped (quarantined before, unchanged)", n(r.quarantined)],
    ["refused by Postgres now (quarantined)", n(r.quarantinedKeys.length)],
    ["orphaned aliases", n(r.orphanedAliases)],
    ["records with errors", n(r.errors)],
    ["KV operations", n(r.kvOps)],
    ["duration", `${r.durationMs.toLocaleString("en-US")} ms`],
  ];
  for (const e of r.errorKeys.slice(0, 5)) rows.push([`error: ${e.key}`, e.error]);
  for (const e of r.prismaErrors.slice(0, 5)) rows.push([`Postgres error: ${e.slug}`, e.error]);
  return rows;
}

/** True when `value` has the shape of a rebuild report (a job's report is typed loosely). */
export function isRebuildReport(value: unknown): value is RebuildReport {
  const r = value as Partial<RebuildReport> | null;
  return !!r && typeof r === "object" && typeof r.dryRun === "boolean" && typeof r.scanned === "number" && Array.isArray(r.renamed) && Array.isArray(r.errorKeys) && Array.isArray(r.prismaErrors);
}
