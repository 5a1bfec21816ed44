/**
 * The Postgres outbox in KV: one `pending:skill:{slug}` key per published skill that KV holds and
 * Postgres may not yet, with the listing summary as metadata. A publish writes it before it
 * touches Postgres and deletes it once the row is written, so "what Postgres lacks" is a fact kept
 * current, listed with one `list()` call — never one shared key that concurrent publishes rewrite.
 * A record Postgres refuses for a reason a retry cannot fix is marked quarantined (with the reason)
 * instead of being retried into every later batch; it stays listed from its overlay.
 */
import { KV_LIST_PAGE } from "./keys";
import { parseSummary, type SkillSummary } from "./skill-record";

export const PENDING_PREFIX = "pending:skill:";
export const pendingKey = (slug: string) => `${PENDING_PREFIX}${slug}`;

/** The metadata of a pending key: the summary, and why Postgres refused it when it did. */
export type PendingMetadata = SkillSummary & { quarantined?: string; since: string };

export interface PendingEntry {
  summary: SkillSummary;
  quarantined: string | null;
  since: string;
}

export async function markPending(kv: KVNamespace, summary: SkillSummary, quarantined?: string): Promise<void> {
  const metadata: PendingMetadata = { ...summary, since: new Date().toISOString(), ...(quarantined ? { quarantined: quarantined.slice(0, 200) } : {}) };
  await kv.put(pendingKey(summary.slug), "", { metadata: fit(metadata) });
}

export async function clearPending(kv: KVNamespace, slug: string): Promise<void> {
  await kv.delete(pendingKey(slug));
}

/** Every pending skill, up to `maxPages` list pages (`complete` false when more remain). */
export async function listPending(kv: KVNamespace, maxPages = 1): Promise<{ entries: PendingEntry[]; complete: boolean }> {
  const entries: PendingEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res: KVNamespaceListResult<unknown> = await kv.list({ prefix: PENDING_PREFIX, limit: KV_LIST_PAGE, cursor });
    for (const key of res.keys) {
      const m = key.metadata as Partial<PendingMetadata> | null;
      const summary = parseSummary(m);
      if (!summary || pendingKey(summary.slug) !== key.name) continue;
      entries.push({ summary, quarantined: typeof m?.quarantined === "string" ? m.quarantined : null, since: String(m?.since ?? "") });
    }
    if (res.list_complete) return { entries, complete: true };
    cursor = res.cursor;
  }
  return { entries, complete: false };
}

/** Metadata must stay under 1,024 bytes: the summary already fits; shorten the reason if needed. */
function fit(m: PendingMetadata): PendingMetadata {
  while (new TextEncoder().encode(JSON.stringify(m)).length > 1024 && m.description.length > 0) {
    m = { ...m, description: m.description.slice(0, Math.floor(m.description.length / 2)) };
  }
  return m;
}
