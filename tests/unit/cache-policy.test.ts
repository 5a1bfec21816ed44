// The HTTP caching rules: which routes are public, what each response gets, ETags and 304s, keys.
import { describe, expect, it } from "vitest";
import { acceptsGzip } from "@/lib/http/edge-cache";
import {
  CACHE_TTL,
  cacheKeyUrl,
  cacheMode,
  decide,
  etagFor,
  FRESHNESS_BUDGET_SECONDS,
  ifNoneMatchHits,
  NO_STORE,
  PRIVATE_CACHE_CONTROL,
  PUBLIC_CACHE_CONTROL,
  REVALIDATE_CACHE_CONTROL,
  routeKind,
  varyFor,
  type ResponseFacts,
} from "@/lib/http/cache-policy";

describe("routeKind", () => {
  it.each([
    ["GET", "/api/v1/skills", "public-api"],
    ["GET", "/api/v1/skills/categories", "public-api"],
    ["GET", "/api/v1/skills/pdf", "public-api"],
    ["GET", "/", "public-page"],
    ["GET", "/skills", "public-page"],
    ["GET", "/skills/pdf", "public-page"],
    ["GET", "/api/v1/admin/health/skills", "private"],
    ["GET", "/api/v1/submissions/abc", "private"],
    ["GET", "/submit", "private"],
    ["GET", "/submissions/abc", "private"],
    ["GET", "/admin", "private"],
    ["GET", "/admin/sign-in", "private"],
    ["GET", "/admin/jobs/abc", "private"],
    ["POST", "/admin/actions/delist", "private"],
    ["GET", "/administrator", "other"],
    ["GET", "/api/v1/anything-else", "private"],
    ["POST", "/api/v1/skills", "private"],
    ["HEAD", "/", "private"],
    ["POST", "/api/v1/admin/rebuild-index", "private"],
    ["DELETE", "/skills/pdf", "private"],
    ["GET", "/_next/static/chunks/main.js", "other"],
    ["GET", "/no/such/page", "other"],
  ] as const)("%s %s -> %s", (method, path, kind) => {
    expect(routeKind(method, path)).toBe(kind);
  });
});

describe("cacheMode", () => {
  const mode = (headers: Record<string, string>, url = "https://x.test/api/v1/skills") => cacheMode(new Headers(headers), new URL(url));
  it("looks up plain reads", () => expect(mode({ "accept-encoding": "gzip" })).toBe("lookup"));
  it.each<Record<string, string>>([{ authorization: "Bearer t" }, { cookie: "session=1" }, { rsc: "1" }, { "next-router-prefetch": "1" }, { range: "bytes=0-10" }])("bypasses %o", (h) => {
    expect(mode(h)).toBe("bypass");
  });
  it("bypasses a Next.js router request by its query", () => expect(mode({}, "https://x.test/?_rsc=abc")).toBe("bypass"));
  it.each<Record<string, string>>([{ "cache-control": "no-cache" }, { "cache-control": "max-age=0" }, { pragma: "no-cache" }])("refreshes on a reload %o", (h) => {
    expect(mode(h)).toBe("refresh");
  });
});

describe("decide", () => {
  const facts = (over: Partial<ResponseFacts>): ResponseFacts => ({ kind: "public-api", mode: "lookup", status: 200, dataSource: "prisma", ...over });
  it.each<[string, Partial<ResponseFacts>, { cacheControl: string | null; etag: boolean; store: boolean }]>([
    ["a fresh public read", {}, { cacheControl: PUBLIC_CACHE_CONTROL, etag: true, store: true }],
    ["a public page", { kind: "public-page", dataSource: null }, { cacheControl: PUBLIC_CACHE_CONTROL, etag: true, store: true }],
    ["a reload (refresh)", { mode: "refresh" }, { cacheControl: PUBLIC_CACHE_CONTROL, etag: true, store: true }],
    ["a read with credentials", { mode: "bypass" }, { cacheControl: PRIVATE_CACHE_CONTROL, etag: true, store: false }],
    ["a response setting a cookie", { setsCookie: true }, { cacheControl: PRIVATE_CACHE_CONTROL, etag: true, store: false }],
    ["the KV fallback", { dataSource: "kv-enumeration" }, { cacheControl: REVALIDATE_CACHE_CONTROL, etag: true, store: false }],
    ["the index fallback", { dataSource: "kv-index" }, { cacheControl: REVALIDATE_CACHE_CONTROL, etag: true, store: false }],
    ["seed alone", { dataSource: "seed" }, { cacheControl: REVALIDATE_CACHE_CONTROL, etag: true, store: false }],
    ["a page after a failed database read", { kind: "public-page", dataSource: null, degraded: "database: timeout" }, { cacheControl: REVALIDATE_CACHE_CONTROL, etag: true, store: false }],
    ["a 404", { status: 404 }, { cacheControl: NO_STORE, etag: false, store: false }],
    ["a 400", { status: 400 }, { cacheControl: NO_STORE, etag: false, store: false }],
    ["a 500", { status: 500 }, { cacheControl: NO_STORE, etag: false, store: false }],
    ["a 503", { status: 503, kind: "public-page" }, { cacheControl: NO_STORE, etag: false, store: false }],
    ["a 204", { status: 204 }, { cacheControl: NO_STORE, etag: false, store: false }],
    ["an alias redirect", { status: 308 }, { cacheControl: PUBLIC_CACHE_CONTROL, etag: false, store: false }],
    ["an admin or submission route", { kind: "private" }, { cacheControl: NO_STORE, etag: false, store: false }],
    ["Next's own files", { kind: "other" }, { cacheControl: null, etag: false, store: false }],
  ])("%s", (_name, over, expected) => {
    expect(decide(facts(over))).toEqual(expected);
  });

  it("keeps the caches' lifetimes inside the 60 s freshness budget", () => {
    expect(CACHE_TTL.browser + CACHE_TTL.shared + CACHE_TTL.staleWhileRevalidate).toBeLessThanOrEqual(FRESHNESS_BUDGET_SECONDS);
    expect(PUBLIC_CACHE_CONTROL).toBe(`public, max-age=${CACHE_TTL.browser}, s-maxage=${CACHE_TTL.shared}, stale-while-revalidate=${CACHE_TTL.staleWhileRevalidate}`);
  });
});

describe("varyFor", () => {
  it("adds Accept-Encoding once, keeping Next's own", () => {
    expect(varyFor(null)).toBe("Accept-Encoding");
    expect(varyFor("rsc, next-router-state-tree")).toBe("rsc, next-router-state-tree, Accept-Encoding");
    expect(varyFor("accept-encoding")).toBe("accept-encoding");
  });
});

describe("ETags", () => {
  it("hashes the body: the same bytes the same tag, other bytes another", async () => {
    const a = await etagFor(new TextEncoder().encode('{"skills":[]}'));
    expect(a).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await etagFor(new TextEncoder().encode('{"skills":[]}'))).toBe(a);
    expect(await etagFor(new TextEncoder().encode('{"skills":[1]}'))).not.toBe(a);
  });

  it.each<[string | null, boolean]>([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ["*", true],
    ['"abd"', false],
    ["", false],
    [null, false],
  ])("If-None-Match %s -> %s", (header, hit) => {
    expect(ifNoneMatchHits(header, '"abc"')).toBe(hit);
  });
  it("matches a weak stored tag too (a compressing proxy weakens tags)", () => expect(ifNoneMatchHits('"abc"', 'W/"abc"')).toBe(true));
});

describe("cacheKeyUrl", () => {
  it("sorts the query, keeps the path, and carries the generation", () => {
    const a = cacheKeyUrl(new URL("http://127.0.0.1:8787/api/v1/skills?page=2&limit=5"), "https://skills.example", "g1");
    const b = cacheKeyUrl(new URL("http://127.0.0.1:8787/api/v1/skills?limit=5&page=2"), "https://skills.example", "g1");
    expect(a).toBe(b);
    expect(a).toBe("https://skills.example/api/v1/skills?limit=5&page=2&__cache_gen=g1");
    expect(cacheKeyUrl(new URL("http://h/api/v1/skills?limit=5&page=2"), "https://skills.example", "g2")).not.toBe(a);
    expect(cacheKeyUrl(new URL("http://h/?__cache_gen=forged"), "https://h", "g3")).toBe("https://h/?__cache_gen=g3");
  });
});

describe("acceptsGzip", () => {
  it.each<[string | null, boolean]>([
    ["gzip", true],
    ["br, gzip", true],
    ["gzip;q=0.5, br", true],
    ["*", true],
    ["br", false],
    ["identity", false],
    ["gzip;q=0", false],
    [null, false],
  ])("%s -> %s", (header, ok) => expect(acceptsGzip(header)).toBe(ok));
});
