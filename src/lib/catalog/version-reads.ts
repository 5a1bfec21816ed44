/**
 * The public version routes' reads: a skill's published versions (Postgres; while it is down,
 * the current version KV keeps), and one version with its content and scan. Rejected updates
 * are never served here.
 */
import { withOptionalDb, attempt } from "../platform/db";
import { findPublishedVersion, listPublishedVersions, readCurrentVersion, summaryOf, type StoredVersion, type VersionSummary } from "./skill-versions";

export async function publishedVersions(kv: KVNamespace, slug: string): Promise<VersionSummary[]> {
  return withOptionalDb(async (db) => {
    const rows = await attempt(db, (d) => listPublishedVersions(d, slug));
    if (rows.ok && rows.value.length > 0) {
      return rows.value.map((r) => ({ version: r.version, sha256: r.sha256, publishedAt: r.publishedAt.toISOString(), scan: { verdict: r.scanVerdict, score: r.scanScore } }));
    }
    const current = await readCurrentVersion(kv, slug);
    return current ? [summaryOf(current)] : [];
  });
}

export async function publishedVersion(kv: KVNamespace, slug: string, version: string): Promise<StoredVersion | null> {
  const current = await readCurrentVersion(kv, slug);
  if (current?.version === version) return current;
  return withOptionalDb(async (db) => {
    const row = await attempt(db, (d) => findPublishedVersion(d, slug, version));
    return row.ok ? row.value : null;
  });
}

/** The current version's summary for the skill's own JSON, or null (published before versions were kept). */
export async function currentVersionSummary(kv: KVNamespace, slug: string): Promise<VersionSummary | null> {
  const current = await readCurrentVersion(kv, slug).catch(() => null);
  return current ? summaryOf(current) : null;
}

/** What a skill's page shows of its versions: the current one (with its SKILL.md) and the history. */
export async function skillPageVersions(kv: KVNamespace | null, slug: string): Promise<{ current: StoredVersion | null; history: VersionSummary[] }> {
  if (!kv) return { current: null, history: [] };
  const [current, history] = await Promise.all([readCurrentVersion(kv, slug).catch(() => null), publishedVersions(kv, slug).catch(() => [])]);
  return { current, history };
}
