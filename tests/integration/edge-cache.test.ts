// The worker entry's public-read cache against the real Cache API simulator (Miniflare's
// caches.default, the one wrangler dev uses): miss then hit, 304s, what is never stored, purges.
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishPublicRead, forgetIsolateCopies, isolateCopies, matchPublicRead, planPublicRead, purgePublicCache, type PublicRead } from "@/lib/http/edge-cache";
import { PUBLIC_CACHE_CONTROL, REVALIDATE_CACHE_CONTROL } from "@/lib/http/cache-policy";

let mf: Miniflare;
const saved = (globalThis as { caches?: unknown }).caches;
beforeAll(async () => {
  mf = new Miniflare(convertV4MiniflareOptions({ modules: true, script: "export default { fetch() { return new Response('') } }" }));
  (globalThis as { caches?: unknown }).caches = await mf.getCaches();
});
afterAll(async () => {
  (globalThis as { caches?: unknown }).caches = saved;
  await mf.dispose();
});

/** One pass through the entry: lookup, else "render" and finish (waiting for the put). */
async function serve(url: string, body: string, opts: { headers?: Record<string, string>; status?: number; source?: string; degraded?: string } = {}) {
  const request = new Request(url, { headers: opts.headers });
  const plan = planPublicRead(request, undefined) as PublicRead;
  const hit = await matchPublicRead(plan, request);
  if (hit) return { response: hit, rendered: false };
  const pending: Promise<unknown>[] = [];
  const rendered = new Response(body, { status: opts.status ?? 200, headers: { "content-type": "application/json", ...(opts.source ? { "x-data-source": opts.source } : {}) } });
  const bytes = await rendered.arrayBuffer();
  const response = await finishPublicRead(plan, request, rendered, bytes, opts.degraded, { waitUntil: (p) => pending.push(p) });
  await Promise.all(pending);
  return { response, rendered: true };
}

describe("public reads through the Cache API", () => {
  it("misses, stores, then hits with the same body and ETag; a matching If-None-Match gets 304", async () => {
    const url = "http://cache.test/api/v1/skills?limit=3";
    const first = await serve(url, '{"skills":["a"]}', { source: "prisma" });
    expect(first.rendered).toBe(true);
    expect(first.response.headers.get("x-cache")).toBe("MISS");
    expect(first.response.headers.get("cache-control")).toBe(PUBLIC_CACHE_CONTROL);
    const etag = first.response.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);

    forgetIsolateCopies(); // the hit below comes from the Cache API, not this isolate's memory
    const second = await serve(url, "not rendered again", { source: "prisma" });
    expect(second.rendered).toBe(false);
    expect(second.response.headers.get("x-cache")).toBe("HIT");
    expect(second.response.headers.get("etag")).toBe(etag);
    expect(second.response.headers.get("x-data-source")).toBe("prisma");
    expect(Number(second.response.headers.get("age"))).toBeGreaterThanOrEqual(0);
    expect(await second.response.text()).toBe('{"skills":["a"]}');

    const conditional = await serve(url, "", { headers: { "if-none-match": etag } });
    expect(conditional.response.status).toBe(304);
    expect(conditional.response.headers.get("etag")).toBe(etag);
    expect(await conditional.response.text()).toBe("");

    // The same page with its parameters in another order is the same entry.
    expect((await serve("http://cache.test/api/v1/skills?limit=3", "x")).rendered).toBe(false);
  });

  it("after its first hit an entry is also kept gzipped, sent as such (weak ETag) to clients that accept gzip", async () => {
    const url = "http://cache.test/api/v1/skills?limit=24&gz=1";
    const body = JSON.stringify({ skills: Array.from({ length: 24 }, (_, i) => ({ name: `skill-${i}`, description: "words ".repeat(50) })) });
    const first = await serve(url, body);
    const etag = first.response.headers.get("etag")!;
    const pending: Promise<unknown>[] = [];
    const hit = async (headers: Record<string, string>) => {
      const request = new Request(url, { headers });
      const response = (await matchPublicRead(planPublicRead(request, undefined)!, request, { waitUntil: (p) => pending.push(p) }))!;
      await Promise.all(pending);
      return response;
    };
    expect((await hit({ "accept-encoding": "gzip" })).headers.get("content-encoding")).toBeNull(); // not made yet
    const gzipped = await hit({ "accept-encoding": "br, gzip" });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(gzipped.headers.get("etag")).toBe(`W/${etag}`);
    const text = await new Response(gzipped.body!.pipeThrough(new DecompressionStream("gzip"))).text();
    expect(text).toBe(body);
    const plain = await hit({ "accept-encoding": "identity" });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(body);
    expect((await hit({ "accept-encoding": "gzip", "if-none-match": etag })).status).toBe(304);
  });

  it("the isolate's copies stay within their byte bound, gzip copies counted", async () => {
    forgetIsolateCopies();
    const { maxBytes } = isolateCopies();
    // Bodies that gzip to about three quarters of their size (base64 of random bytes).
    const bodyOf = (i: number) => JSON.stringify({ i, data: Buffer.from(crypto.getRandomValues(new Uint8Array(48 * 1024))).toString("base64").repeat(6) });
    const entryBytes = bodyOf(0).length;
    const count = Math.ceil((1.5 * maxBytes) / entryBytes);
    for (let i = 0; i < count; i++) {
      const url = `http://bound.test/api/v1/skills?page=${i + 1}`;
      await serve(url, bodyOf(i));
      const pending: Promise<unknown>[] = [];
      const request = new Request(url, { headers: { "accept-encoding": "gzip" } });
      expect(await matchPublicRead(planPublicRead(request, undefined)!, request, { waitUntil: (p) => pending.push(p) })).not.toBeNull(); // the first hit makes the gzip copy
      await Promise.all(pending);
      const held = isolateCopies();
      expect(held.bytes, `after entry ${i}`).toBeLessThanOrEqual(maxBytes);
      expect(held.counted, `after entry ${i}`).toBe(held.bytes);
    }
    const held = isolateCopies();
    expect(held.entries).toBeGreaterThan(1);
    expect(held.gzipBytes).toBeGreaterThan(held.bytes / 3); // gzip copies were made and are held
    forgetIsolateCopies();
  });

  it("a refresh whose new body is too big for the isolate's copies drops the old copy: later hits get the new body", async () => {
    const url = "http://big.test/api/v1/skills?limit=100";
    await serve(url, '{"old":true}');
    expect(await (await serve(url, "unused")).response.text()).toBe('{"old":true}'); // a hit from memory
    const big = JSON.stringify({ skills: "x".repeat(600 * 1024) });
    const refreshed = await serve(url, big, { headers: { "cache-control": "no-cache" } });
    expect(refreshed.response.headers.get("x-cache")).toBe("REFRESH");
    const after = await serve(url, "unused");
    expect(after.rendered).toBe(false);
    expect(await after.response.text()).toBe(big);
  });

  it("answers a matching If-None-Match with 304 on a miss too", async () => {
    const url = "http://cache.test/api/v1/skills/categories?probe=1";
    const { response } = await serve(url, "[1,2]", { headers: { "cache-control": "no-cache" } });
    expect(response.headers.get("x-cache")).toBe("REFRESH");
    const again = await serve(url, "[1,2]", { headers: { "cache-control": "no-cache", "if-none-match": response.headers.get("etag")! } });
    expect(again.rendered).toBe(true);
    expect(again.response.status).toBe(304);
  });

  it("never stores errors, degraded answers, or reads with credentials", async () => {
    for (const [path, opts] of [
      ["/api/v1/skills/missing", { status: 404 }],
      ["/api/v1/skills?from=kv", { source: "kv-enumeration" }],
      ["/api/v1/skills?from=seed", { source: "seed" }],
      ["/skills/outage", { degraded: "database: connection refused" }],
      ["/?who=me", { headers: { cookie: "s=1" } }],
    ] as const) {
      const url = `http://cache.test${path}`;
      const first = await serve(url, "first", opts);
      expect(first.response.headers.get("x-cache"), path).toBe("BYPASS");
      const second = await serve(url, "second", opts);
      expect(second.rendered, path).toBe(true);
      expect(await second.response.text()).toBe("second");
    }
    const degraded = await serve("http://cache.test/api/v1/skills?from=seed&n=2", "x", { source: "seed" });
    expect(degraded.response.headers.get("cache-control")).toBe(REVALIDATE_CACHE_CONTROL);
    expect(degraded.response.headers.get("etag")).toBeTruthy();
    const missing = await serve("http://cache.test/api/v1/skills/none", "x", { status: 404 });
    expect(missing.response.headers.get("cache-control")).toBe("no-store");
  });

  it("a purge makes every public entry of the origin a miss at once", async () => {
    const urls = ["http://purge.test/api/v1/skills", "http://purge.test/api/v1/skills?category=testing&page=3", "http://purge.test/skills/pdf", "http://purge.test/"];
    for (const url of urls) await serve(url, "old");
    forgetIsolateCopies();
    for (const url of urls) expect((await serve(url, "unused")).rendered).toBe(false);
    expect(await purgePublicCache(["http://purge.test"])).toBeGreaterThanOrEqual(1);
    for (const url of urls) {
      const after = await serve(url, "new");
      expect(after.rendered, url).toBe(true);
      expect(await after.response.text()).toBe("new");
    }
  });
});
