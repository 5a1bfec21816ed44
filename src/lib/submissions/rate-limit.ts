/**
 * Per-client submission rate limit. In the worker: the Workers Rate Limiting binding
 * (SUBMIT_LIMITER, `ratelimits` in wrangler.jsonc: 10 a minute per client), which holds under
 * concurrency — in production it counts per Cloudflare location, so a client spread over several
 * locations gets the limit in each. Without the binding (plain Node, `next dev`): a KV counter per
 * fixed one-minute window, which concurrent requests can overshoot (KV has no atomic increment).
 * Internal callers bypass both.
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

/** The limit for one client: the binding when bound, else the KV counter. */
export async function checkSubmissionLimit(kv: KVNamespace, clientId: string, limiter: RateLimit | undefined): Promise<RateLimitDecision> {
  if (!limiter) return checkRateLimit(kv, clientId);
  const { success } = await limiter.limit({ key: `submissions:${clientId}` });
  // The binding does not say when its window resets; a full period is the honest upper bound.
  return { allowed: success, remaining: success ? 1 : 0, retryAfterSeconds: WINDOW_SECONDS };
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
