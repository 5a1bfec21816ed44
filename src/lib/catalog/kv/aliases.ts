/**
 * `skill:alias:{oldSlug}` -> canonical slug. Old slugs resolve forever (FR-002): the API and the
 * pages answer them with a 308 to the canonical slug.
 */
import { aliasKey } from "./keys";

/** Follows at most a few alias hops (an alias may point at a slug that was itself renamed). */
const MAX_HOPS = 3;

/** The slug an old slug points at (following a few hops), or null when `slug` is no alias. */
export async function resolveAlias(kv: KVNamespace, slug: string): Promise<string | null> {
  let current = slug;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const target = await kv.get(aliasKey(current), "text");
    if (!target || target === current) break;
    current = target;
  }
  return current === slug ? null : current;
}
