/** The last discovery runs (`DiscoveryRunLog`, one row per hourly run), for the operators' dashboard. */
import type { Db } from "../platform/db";

export interface DiscoveryRun {
  id: string;
  startedAt: string;
  /** null while the run is in progress, or when it died before recording its end. */
  finishedAt: string | null;
  found: number;
  queued: number;
  skipped: number;
  error: string | null;
}

/** The newest `limit` runs, newest first. */
export async function listDiscoveryRuns(db: Db, limit = 10): Promise<DiscoveryRun[]> {
  const rows = await db.discoveryRunLog.findMany({ orderBy: { startedAt: "desc" }, take: limit });
  return rows.map((r) => ({ ...r, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null }));
}
