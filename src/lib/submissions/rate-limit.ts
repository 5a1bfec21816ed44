/**
 * Per-client submission rate limit: a KV counter per fixed one-minute window. KV counters are not
 * atomic, so concurrent requests can slip a few over the limit; that is acceptable for abuse
 * control (it never blocks internal callers, who bypass it).
 */
export const SUBMISSIONS_PER_MINUTE = 10;
const WINDOW_SECONDS = 60;

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export async function checkRateLimit(kv: KVNamespace, clientId: string, limit = SUBMISSIONS_PER_MINUTE, now = Date.now()): Promise<RateLimitDecision> {
  const window = Math.floor(now / 1000 / WINDOW_SECONDS);
  const key = `ratelimit:submissions:${clientId}:${window}`;
  const count = Number((await kv.get(key, "text")) ?? "0") || 0;
  const retryAfterSeconds = (window + 1) * WINDOW_SECONDS - Math.floor(now / 1000);
  if (count >= limit) return { allowed: false, remaining: 0, retryAfterSeconds };
  // expirationTtl must be >= 60 s in KV; two windows keep the key until the window is long over.
  await kv.put(key, String(count + 1), { expirationTtl: WINDOW_SECONDS * 2 });
  return { allowed: true, remaining: limit - count - 1, retryAfterSeconds };
}

/** The client identity for rate limiting: Cloudflare's connecting IP, else the first forwarded hop. */
export function clientIdOf(req: Request): string {
  return (
    req.headers.get("cf-connecting-ip") ??
    req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ??
    req.headers.get("x-real-ip") ??
    "unknown"
  );
}
