/**
 * Caller authentication. `X-Internal-Key` is compared with INTERNAL_BROADCAST_KEY in constant
 * time; an unset or empty key authenticates nobody.
 */
import { getEnv } from "./env";

export const INTERNAL_KEY_HEADER = "x-internal-key";

/** Constant-time string comparison (no early exit on the first differing byte or on length). */
export function constantTimeEqual(a: string, b: string): boolean {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  let diff = x.length ^ y.length;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** True when the request carries the configured internal key. */
export function hasInternalKey(req: Request): boolean {
  const secret = getEnv().INTERNAL_BROADCAST_KEY;
  const given = req.headers.get(INTERNAL_KEY_HEADER);
  if (!secret || !given) return false;
  return constantTimeEqual(given, secret);
}
