/**
 * Delist markers: one `delisted:{slug}` key per skill an operator took down, with the reason in
 * the value and in the key's metadata (so one list() call reads every marker with its reason).
 * The marker is the truth about a delisting: every reader of KV (enumeration, the index, the
 * pending overlay) skips its slug, Postgres lists exclude it, and publish refuses it. The skill's
 * own `skill:{slug}` record is kept, so a relist loses nothing. Postgres mirrors the markers in
 * "DelistedSkill" (operations/delist.ts), which the cron reconciles from KV.
 */
import { z } from "zod";
import { KV_LIST_PAGE } from "./keys";

export const DELISTED_PREFIX = "delisted:";
export const delistedKey = (slug: string) => `${DELISTED_PREFIX}${slug}`;

/** Reasons are shown on the skill's 410 page and kept in KV metadata (≤ 1,024 bytes in all). */
export const DELIST_REASON_MAX = 500;

export const delistMarkerSchema = z.object({
  name: z.string().min(1),
  reason: z.string().min(1).max(DELIST_REASON_MAX),
  at: z.string(),
  actor: z.string().max(200),
});
export type DelistMarker = z.infer<typeof delistMarkerSchema>;

/** How long this isolate trusts the set of delisted slugs it read (the freshness budget is 60 s). */
export const DELISTED_TTL_MS = 15_000;

const cache = new WeakMap<KVNamespace, { until: number; value: Promise<Map<string, DelistMarker>> }>();

function parseMarker(name: string, raw: unknown): DelistMarker | null {
  const parsed = delistMarkerSchema.safeParse(raw);
  return parsed.success && parsed.data.name === name ? parsed.data : null;
}

/** The marker of one skill, read from its own key (strongly fresh where the delist ran). */
export async function readDelistMarker(kv: KVNamespace, slug: string): Promise<DelistMarker | null> {
  const raw = await kv.get(delistedKey(slug), "json").catch(() => undefined);
  if (raw === undefined) {
    // Not JSON: the key exists, so the skill is delisted; the reason is unreadable.
    if ((await kv.get(delistedKey(slug), "text")) === null) return null;
    return { name: slug, reason: "Removed by an operator", at: "", actor: "" };
  }
  if (raw === null) return null;
  return parseMarker(slug, raw) ?? { name: slug, reason: "Removed by an operator", at: "", actor: "" };
}

export async function writeDelistMarker(kv: KVNamespace, marker: DelistMarker): Promise<void> {
  await kv.put(delistedKey(marker.name), JSON.stringify(marker), { metadata: marker });
  cache.delete(kv);
}

export async function deleteDelistMarker(kv: KVNamespace, slug: string): Promise<void> {
  await kv.delete(delistedKey(slug));
  cache.delete(kv);
}

/**
 * Every delisted slug with its marker (list() calls only: ceil(markers / 1000)), cached per
 * isolate for DELISTED_TTL_MS. A key whose metadata is unreadable still counts as delisted.
 * Throws when KV cannot be listed.
 */
export function listDelisted(kv: KVNamespace): Promise<Map<string, DelistMarker>> {
  const cached = cache.get(kv);
  if (cached && Date.now() < cached.until) return cached.value;
  const value = readAll(kv);
  cache.set(kv, { until: Date.now() + DELISTED_TTL_MS, value });
  value.catch(() => cache.delete(kv));
  return value;
}

async function readAll(kv: KVNamespace): Promise<Map<string, DelistMarker>> {
  const out = new Map<string, DelistMarker>();
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown> = await kv.list({ prefix: DELISTED_PREFIX, limit: KV_LIST_PAGE, cursor });
    for (const key of page.keys) {
      const slug = key.name.slice(DELISTED_PREFIX.length);
      if (!slug) continue;
      out.set(slug, parseMarker(slug, key.metadata) ?? { name: slug, reason: "Removed by an operator", at: "", actor: "" });
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out;
}

/** The delisted slugs, or none when KV cannot say (Postgres rows of delisted skills are deleted anyway). */
export async function delistedSlugs(kv: KVNamespace): Promise<ReadonlySet<string>> {
  try {
    return new Set((await listDelisted(kv)).keys());
  } catch {
    return new Set();
  }
}
