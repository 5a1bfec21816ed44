/**
 * HTTP caching rules for every response the worker sends (pure: no I/O, unit-tested).
 *
 * - Public reads (GET of the listing, categories, one skill, and the pages `/`, `/skills`,
 *   `/skills/{name}`) are cacheable for a short time: browsers `max-age`, shared caches
 *   `s-maxage`, then `stale-while-revalidate`. The three add up to the 60 s freshness budget, so a
 *   publish is visible everywhere within it even when no purge reaches a cache (edge-cache.ts).
 * - Everything else that is ours — admin and submission routes, the authors' pages, any method but
 *   GET — is `no-store`.
 * - Errors (4xx/5xx) are `no-store`; a degraded answer (a database read failed and a fallback
 *   served, or the listing came from KV or seed) is `max-age=0, must-revalidate` and never stored
 *   in the shared cache, so an outage cannot pin a degraded page.
 * - A request with credentials (Authorization, a cookie), a Next.js router request (RSC) or a
 *   Range bypasses the shared cache; `Cache-Control: no-cache` (a reload) skips the lookup but
 *   refreshes the entry.
 */
import { recentResults } from "../platform/recent";

/** Seconds. browser + shared + stale-while-revalidate <= the 60 s freshness budget (DESIGN.md). */
export const CACHE_TTL = { browser: 10, shared: 20, staleWhileRevalidate: 20 } as const;
export const FRESHNESS_BUDGET_SECONDS = 60;

/** What clients get for a fresh public read. */
export const PUBLIC_CACHE_CONTROL = `public, max-age=${CACHE_TTL.browser}, s-maxage=${CACHE_TTL.shared}, stale-while-revalidate=${CACHE_TTL.staleWhileRevalidate}`;
/** What the entry in the Workers Cache API is stored with (that cache ignores stale-while-revalidate). */
export const SHARED_CACHE_CONTROL = `public, max-age=${CACHE_TTL.shared}`;
/** A degraded public read: clients may keep it but must ask again (an ETag makes that a 304). */
export const REVALIDATE_CACHE_CONTROL = "public, max-age=0, must-revalidate";
/** A public read made with credentials: only the client's own cache, always revalidated. */
export const PRIVATE_CACHE_CONTROL = "private, no-cache";
export const NO_STORE = "no-store";

export type RouteKind = "public-api" | "public-page" | "private" | "other";

const PUBLIC_API = [/^\/api\/v1\/skills\/?$/, /^\/api\/v1\/skills\/categories\/?$/, /^\/api\/v1\/skills\/[^/]+\/?$/];
const PUBLIC_PAGES = [/^\/$/, /^\/skills\/?$/, /^\/skills\/[^/]+\/?$/];
const PRIVATE = [/^\/api\//, /^\/submit(\/|$)/, /^\/submissions(\/|$)/, /^\/admin(\/|$)/];

/** Which caching rule a request falls under. Only GET reads are ever public. */
export function routeKind(method: string, pathname: string): RouteKind {
  if (method !== "GET") return "private";
  if (PUBLIC_API.some((r) => r.test(pathname))) return "public-api";
  if (PUBLIC_PAGES.some((r) => r.test(pathname))) return "public-page";
  if (PRIVATE.some((r) => r.test(pathname))) return "private";
  return "other"; // Next's own files, the 404 page for unknown paths: left as Next sends them
}

/** How a public GET uses the shared cache. */
export type CacheMode = "lookup" | "refresh" | "bypass";

/** Requests that must not be answered from (or stored in) the shared cache, and reloads. */
export function cacheMode(headers: Headers, url: URL): CacheMode {
  if (headers.has("authorization") || headers.has("cookie")) return "bypass";
  if (headers.has("rsc") || headers.has("next-router-state-tree") || headers.has("next-router-prefetch") || url.searchParams.has("_rsc")) {
    return "bypass";
  }
  if (headers.has("range")) return "bypass";
  const requested = `${headers.get("cache-control") ?? ""},${headers.get("pragma") ?? ""}`.toLowerCase();
  if (/(^|[\s,])(no-cache|no-store|max-age=0)($|[\s,])/.test(requested)) return "refresh";
  return "lookup";
}

export interface ResponseFacts {
  kind: RouteKind;
  mode: CacheMode;
  status: number;
  /** The listing's `x-data-source` header, when it has one. */
  dataSource?: string | null;
  /** Why the invocation's answer is degraded (worker-context.ts), if it is. */
  degraded?: string;
  /** The response sets a cookie: never shared. */
  setsCookie?: boolean;
}

export interface Decision {
  /** The Cache-Control header to send; null leaves the response's own. */
  cacheControl: string | null;
  /** Give the response an ETag (and answer If-None-Match with 304). */
  etag: boolean;
  /** Put it in the shared cache. */
  store: boolean;
}

/** The caching decision for one response. */
export function decide(facts: ResponseFacts): Decision {
  if (facts.kind === "other") return { cacheControl: null, etag: false, store: false };
  if (facts.kind === "private") return { cacheControl: NO_STORE, etag: false, store: false };
  if (facts.status >= 400 || (facts.status < 300 && facts.status !== 200)) return { cacheControl: NO_STORE, etag: false, store: false };
  if (facts.status >= 300) {
    // A redirect (an old slug to its canonical one): short-lived like the page, no body to tag.
    return { cacheControl: facts.mode === "bypass" ? PRIVATE_CACHE_CONTROL : PUBLIC_CACHE_CONTROL, etag: false, store: false };
  }
  const degraded = Boolean(facts.degraded) || (facts.dataSource != null && facts.dataSource !== "prisma");
  if (degraded) return { cacheControl: REVALIDATE_CACHE_CONTROL, etag: true, store: false };
  if (facts.mode === "bypass" || facts.setsCookie) return { cacheControl: PRIVATE_CACHE_CONTROL, etag: true, store: false };
  return { cacheControl: PUBLIC_CACHE_CONTROL, etag: true, store: true };
}

/** The Vary header for a public response: the response's own (Next's RSC headers on pages) plus Accept-Encoding. */
export function varyFor(existing: string | null): string {
  const names = (existing ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (!names.some((n) => n.toLowerCase() === "accept-encoding")) names.push("Accept-Encoding");
  return names.join(", ");
}

/** A strong ETag: the body's SHA-256 (first 128 bits, hex). */
export async function etagFor(body: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  let hex = "";
  for (let i = 0; i < 16; i++) hex += digest[i]!.toString(16).padStart(2, "0");
  return `"${hex}"`;
}

/** True when If-None-Match names `etag` (weak comparison, as RFC 9110 requires for this header). */
export function ifNoneMatchHits(ifNoneMatch: string | null, etag: string | null): boolean {
  if (!ifNoneMatch || !etag) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const want = opaque(etag);
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || opaque(t) === want);
}

/**
 * The shared-cache key of a public GET: its own path and query (parameters sorted, so one page has
 * one entry) under `origin`, tagged with the cache generation (a purge moves to a new one).
 */
export function cacheKeyUrl(url: URL, origin: string, generation: string): string {
  return recentKeys(`${origin}\n${generation}\n${url.pathname}${url.search}`, () => makeCacheKeyUrl(url, origin, generation));
}

// Every request of a public read needs its key; the same few pages are asked for again and again.
const recentKeys = recentResults<string>(512);

function makeCacheKeyUrl(url: URL, origin: string, generation: string): string {
  const params = [...url.searchParams.entries()].filter(([k]) => k !== GENERATION_PARAM);
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = new URLSearchParams(params);
  query.append(GENERATION_PARAM, generation);
  return `${origin}${url.pathname}?${query.toString()}`;
}

export const GENERATION_PARAM = "__cache_gen";

/** Headers a 304 carries over from the full response (RFC 9110 15.4.5), plus ours. */
export const NOT_MODIFIED_HEADERS = ["cache-control", "etag", "vary", "expires", "date", "age", "x-data-source", "x-cache"];
