/**
 * A bounded per-isolate memo of pure results: the `max` most recently used, by string key. For
 * work every request of a kind repeats with the same inputs (parsing the same query string,
 * ordering the same seed skills), so that an uncached read does only what its own inputs need.
 * Values are shared between requests: callers must not mutate them (store frozen values). Keys
 * longer than MAX_KEY_LENGTH (a padded query string, an odd header) are computed and not kept, so
 * what a client sends cannot make the memo large.
 */
export const MAX_KEY_LENGTH = 1024;

export function recentResults<V>(max: number): (key: string, make: () => V) => V {
  const entries = new Map<string, V>();
  return (key, make) => {
    if (key.length > MAX_KEY_LENGTH) return make();
    if (entries.has(key)) {
      const value = entries.get(key)!;
      entries.delete(key);
      entries.set(key, value);
      return value;
    }
    const value = make(); // a throw caches nothing
    entries.set(key, value);
    if (entries.size > max) entries.delete(entries.keys().next().value!);
    return value;
  };
}
