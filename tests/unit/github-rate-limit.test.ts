// GitHub's rate-limit answers, read as "call again at": retry-after (secondary limits), and
// x-ratelimit-reset once x-ratelimit-remaining is 0 (primary), bounded to an hour.
import { describe, expect, it } from "vitest";
import { rateLimitedUntil } from "@/lib/platform/github";

const NOW = 1_800_000_000_000;
const answer = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });

describe("rateLimitedUntil", () => {
  it("reads retry-after on 403 and 429", () => {
    expect(rateLimitedUntil(answer(429, { "retry-after": "30" }), NOW)).toBe(NOW + 30_000);
    expect(rateLimitedUntil(answer(403, { "retry-after": "60" }), NOW)).toBe(NOW + 60_000);
  });
  it("reads x-ratelimit-reset when none remain, on an error or on the last allowed success", () => {
    const reset = String(NOW / 1000 + 900);
    expect(rateLimitedUntil(answer(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }), NOW)).toBe(NOW + 900_000);
    expect(rateLimitedUntil(answer(200, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }), NOW)).toBe(NOW + 900_000);
  });
  it("bounds a hostile or broken wait to an hour, and waits a minute on a bare 429", () => {
    expect(rateLimitedUntil(answer(429, { "retry-after": "99999999" }), NOW)).toBe(NOW + 3_600_000);
    expect(rateLimitedUntil(answer(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "nonsense" }), NOW)).toBe(NOW + 60_000);
    expect(rateLimitedUntil(answer(429), NOW)).toBe(NOW + 60_000);
  });
  it("is not a rate limit otherwise (a 403 for a private repo, a 200 with requests left, a 500)", () => {
    expect(rateLimitedUntil(answer(403), NOW)).toBeNull();
    expect(rateLimitedUntil(answer(200, { "x-ratelimit-remaining": "4999", "x-ratelimit-reset": String(NOW / 1000 + 900) }), NOW)).toBeNull();
    expect(rateLimitedUntil(answer(500, { "retry-after": "5" }), NOW)).toBeNull();
  });
});
