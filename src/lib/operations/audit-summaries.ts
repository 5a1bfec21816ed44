/**
 * What the audit log keeps of an admin action's report: its outcome in a few numbers, never the
 * whole report (which can list thousands of keys).
 */
import type { RebuildReport } from "./rebuild-index";
import type { SlugMigrationReport } from "./migrate-slugs";

export function summarizeRebuild(r: RebuildReport): Record<string, unknown> {
  return {
    ok: r.ok,
    complete: r.complete,
    nextCursor: r.nextCursor !== null,
    scanned: r.scanned,
    rebuilt: r.rebuilt,
    errors: r.errors,
    renamed: r.renamed.length,
    metadataRepaired: r.metadataRepaired,
    prismaBackfilled: r.prismaBackfilled,
    prismaErrors: r.prismaErrors.length,
    orphanedAliases: r.orphanedAliases,
    indexSize: r.indexSize,
    indexRewritten: r.indexRewritten,
  };
}

export function summarizeSlugMigration(r: SlugMigrationReport): Record<string, unknown> {
  return { ok: true, complete: r.complete, scanned: r.scanned, moved: r.moved.length, errors: r.errors.length, prismaUpdated: r.prismaUpdated };
}
