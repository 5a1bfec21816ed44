/**
 * The public version routes' reads: a skill's published versions (Postgres; while it is down,
 * the current version KV keeps), and one version with its content and scan. Rejected updates
 * are never served here.
 */
import { withOptionalDb, attempt } from "../platform/db";
import { parseRepoUrl } from "./slug";
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

export interface SkillPageVersions {
  current: StoredVersion | null;
  history: VersionSummary[];
  /** When the current version's content was last fetched and found unchanged (Postgres; null when unknown). */
  checkedAt: string | null;
  /** An update newer than the current version that the scan rejected (the current one stays listed). */
  rejectedUpdate: { at: string; reason: string | null } | null;
  /** Since when its SKILL.md answers 404 on GitHub's re-checks (discovery), or null. */
  sourceMissingSince: string | null;
}

/** What a skill's page shows of its versions: the current one (with its SKILL.md), the history, the last check, a rejected update. */
export async function skillPageVersions(kv: KVNamespace | null, slug: string, source?: { repoUrl: string; skillPath: string }): Promise<SkillPageVersions> {
  if (!kv) return { current: null, history: [], checkedAt: null, rejectedUpdate: null, sourceMissingSince: null };
  const repo = source ? parseRepoUrl(source.repoUrl) : null;
  const [current, history] = await Promise.all([readCurrentVersion(kv, slug).catch(() => null), publishedVersions(kv, slug).catch(() => [])]);
  const facts = await withOptionalDb(async (db) => {
    const read = await attempt(db, async (d) => {
      const [checked, rejected, missing] = await Promise.all([
        current ? d.skillVersion.findFirst({ where: { id: current.id }, select: { checkedAt: true } }) : null,
        d.skillVersion.findFirst({ where: { skill: slug, state: "rejected" }, orderBy: { publishedAt: "desc" }, select: { publishedAt: true, reason: true } }),
        repo && source
          ? d.discoveryRecord.findFirst({
              where: { repoFullName: { equals: `${repo.owner}/${repo.repo}`, mode: "insensitive" }, skillPath: source.skillPath, missingSince: { not: null } },
              select: { missingSince: true },
            })
          : null,
      ]);
      return { checked, rejected, missing };
    });
    return read.ok ? read.value : { checked: null, rejected: null, missing: null };
  });
  const rejectedUpdate =
    facts.rejected && current && facts.rejected.publishedAt.toISOString() > current.publishedAt
      ? { at: facts.rejected.publishedAt.toISOString(), reason: facts.rejected.reason }
      : null;
  return {
    current,
    history,
    checkedAt: facts.checked?.checkedAt.toISOString() ?? null,
    rejectedUpdate,
    sourceMissingSince: facts.missing?.missingSince?.toISOString() ?? null,
  };
}
