/**
 * Whether a skill is delisted, for its own page and API (410 with the reason): its KV marker, read
 * on the skill's own key so a delist shows at once; when KV cannot be read, the Postgres mirror.
 */
import { attempt, withOptionalDb } from "../platform/db";
import { readDelistMarker, type DelistMarker } from "./kv/delisted";

/** Why a skill is gone, from its KV marker, else (KV unreadable) from the Postgres mirror; null when listed. */
export async function delistingOf(kv: KVNamespace | null, name: string): Promise<DelistMarker | null> {
  if (kv) {
    try {
      return await readDelistMarker(kv, name);
    } catch {
      // KV unreadable: ask the mirror.
    }
  }
  return withOptionalDb(async (db) => {
    const row = await attempt(db, (d) => d.delistedSkill.findUnique({ where: { name } }));
    if (!row.ok || !row.value) return null;
    return { name, reason: row.value.reason, actor: row.value.actor, at: row.value.delistedAt.toISOString() };
  });
}
