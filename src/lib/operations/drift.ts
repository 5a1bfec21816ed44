/**
 * Drift between two counts of published skills (AC-US7-02): flagged when they differ by more than
 * 10 skills or by more than 5% of the larger count. Only the three stores of published community
 * skills are compared with each other (KV index, KV enumeration, Postgres); the seed count is
 * reported but is a different population (it is always 118).
 */
export const DRIFT_MIN_SKILLS = 10;
export const DRIFT_MIN_RATIO = 0.05;

export function isDrift(a: number, b: number): boolean {
  const diff = Math.abs(a - b);
  if (diff === 0) return false;
  return diff > DRIFT_MIN_SKILLS || diff / Math.max(a, b) > DRIFT_MIN_RATIO;
}

export type Source = "kv_index" | "kv_enumerated" | "prisma";

export interface Drift {
  sources: [Source, Source];
  counts: Record<string, number>;
  difference: number;
  percent: number;
  /** The source with fewer skills than the other. */
  short: Source;
  /** Up to 10 slugs the shorter source is missing. */
  missing_sample: string[];
  /** Up to 10 slugs only the shorter source has (stale entries). */
  extra_sample: string[];
}

export function describeDrift(
  a: { source: Source; count: number; onlyHere: string[] },
  b: { source: Source; count: number; onlyHere: string[] },
): Drift | null {
  if (!isDrift(a.count, b.count)) return null;
  const [short, long] = a.count <= b.count ? [a, b] : [b, a];
  return {
    sources: [a.source, b.source],
    counts: { [a.source]: a.count, [b.source]: b.count },
    difference: long.count - short.count,
    percent: Math.round(((long.count - short.count) / Math.max(long.count, 1)) * 1000) / 10,
    short: short.source,
    missing_sample: long.onlyHere.slice(0, 10),
    extra_sample: short.onlyHere.slice(0, 10),
  };
}
