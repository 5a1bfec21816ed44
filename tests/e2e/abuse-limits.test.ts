// The submission rate limit through the Workers Rate Limiting binding under wrangler dev: 30
// concurrent submissions from one client accept at most the limit, the rest get 429 with
// Retry-After; internal callers keep their exemption.
import { describe, expect, inject, it } from "vitest";

const base = inject("workerUrl");
const internalKey = inject("internalKey");

const post = (i: number, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/v1/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ repoUrl: `https://github.com/flood/repo${i}`, skillName: `flood-${i}` }),
  });

describe("abuse limits (workerd)", () => {
  it("30 concurrent submissions from one client: at most 10 accepted, the rest 429 with Retry-After", async () => {
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => post(i)));
    const accepted = responses.filter((r) => r.status === 202 || r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length).toBeLessThanOrEqual(10);
    expect(accepted.length + limited.length).toBe(30);
    expect(limited[0]!.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await limited[0]!.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    const internal = await post(99, { "x-internal-key": internalKey });
    expect(internal.status).toBe(202);
  });
});
