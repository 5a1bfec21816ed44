/**
 * The hot public reads served from the Workers Cache API (`caches.default`), at the worker's entry
 * (worker-with-queues.js), before OpenNext, the database or KV are touched. Rules: cache-policy.ts.
 *
 * - Keys: the request's path and sorted query under the site's origin (`PUBLIC_ORIGIN` when set,
 *   else the request's own), tagged with a *generation*. The generation is one small entry in the
 *   same cache; purging writes a new one, which makes every public entry of that origin
 *   unreachable at once (listing pages with any filters, categories, every skill's pages).
 *   Each isolate remembers the generation for a second, so a purge reaches the other isolates of
 *   the data centre within a second.
 * - The Cache API is per data centre: a purge (publishSkill, an admin write) clears the data centre
 *   it runs in; elsewhere entries expire on their own (CACHE_TTL.shared). Freshness within the 60 s
 *   budget rests on the TTLs; the purge only makes it sooner where it can.
 * - It does nothing on `*.workers.dev` (match never hits, put is dropped): a custom domain or route
 *   is needed in production. `wrangler dev` simulates it.
 * - In front of it, each isolate keeps the entries it served last in memory (at most
 *   MEMORY_MAX_BYTES, gzip copies included, each for the same TTL and under the same
 *   generation-tagged key), so a hot page costs no cache round trip at all, with a gzip copy made
 *   once after its first hit (in the background) and sent as is to clients that accept gzip (with
 *   a weak ETag, as for any compressed variant).
 * - Outside workerd (Node tests) there is no `caches`: every function here is a no-op.
 */
import {
  CACHE_TTL,
  cacheKeyUrl,
  cacheMode,
  decide,
  etagFor,
  ifNoneMatchHits,
  NOT_MODIFIED_HEADERS,
  PUBLIC_CACHE_CONTROL,
  routeKind,
  SHARED_CACHE_CONTROL,
  varyFor,
  type CacheMode,
} from "./cache-policy";
import { logEvent } from "../platform/log";
import { recentResults } from "../platform/recent";
import { getWorkerEnv } from "../platform/worker-context";

/** The response header that says how the shared cache served a request. */
export const CACHE_STATUS_HEADER = "x-cache";
const STORED_AT_HEADER = "x-cache-stored-at";
const GENERATION_MEMO_MS = 1000;
const MAX_ORIGINS = 16;
const MEMORY_MAX_BYTES = 8 * 1024 * 1024;
const MEMORY_MAX_ENTRY_BYTES = 512 * 1024;

interface Waiter {
  waitUntil(promise: Promise<unknown>): void;
}

export interface PublicRead {
  kind: "public-api" | "public-page";
  mode: CacheMode;
  url: URL;
  origin: string;
  /** The entry's key, once the generation is known. */
  key?: string;
}

function sharedCache(): Cache | null {
  return (globalThis as { caches?: { default?: Cache } }).caches?.default ?? null;
}

// Per isolate, not per invocation: the generation is a property of the shared cache, and the
// origins are this worker's own hostnames (used to purge from queue and cron invocations).
const generations = new Map<string, { value: string; until: number }>();
const seenOrigins = new Set<string>();

interface MemoryEntry {
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
  storedAt: number;
  /** The body gzipped, once made. */
  gzip?: ArrayBuffer;
  compressing?: boolean;
  /** The headers every hit sends (all but Age), made on the first hit. */
  hit?: HitHeaders;
}

interface HitHeaders {
  plain: [string, string][];
  gzip: [string, string][];
  etag: string | null;
}
// Insertion order is recency order (a hit re-inserts): the first key is the least recently used.
const memory = new Map<string, MemoryEntry>();
let memoryBytes = 0;

/** The bytes an entry holds: its body and its gzip copy. */
const entryBytes = (entry: MemoryEntry) => entry.body.byteLength + (entry.gzip?.byteLength ?? 0);

/** Keeps `entry` as the key's copy; one too big to keep still replaces (drops) the key's old copy. */
function remember(key: string, entry: MemoryEntry): void {
  forget(key);
  if (entry.body.byteLength > MEMORY_MAX_ENTRY_BYTES) return;
  entry.headers = entry.headers.filter(([name]) => name !== "content-length" && name !== "content-encoding");
  memory.set(key, entry);
  memoryBytes += entryBytes(entry);
  evictOverBound();
}

/** Drops the least recently used entries until the copies fit MEMORY_MAX_BYTES. */
function evictOverBound(): void {
  for (const [oldest, old] of memory) {
    if (memoryBytes <= MEMORY_MAX_BYTES) break;
    memory.delete(oldest);
    memoryBytes -= entryBytes(old);
  }
}

function forget(key: string): void {
  const old = memory.get(key);
  if (!old) return;
  memory.delete(key);
  memoryBytes -= entryBytes(old);
}

/**
 * Makes the entry's gzip copy after its first hit (in the background: never on a miss's path).
 * The copy counts against the bound while its entry is held; one made for an entry dropped
 * meanwhile is dropped with it.
 */
function compressLater(key: string, entry: MemoryEntry, waiter: Waiter | undefined): void {
  if (entry.gzip || entry.compressing || !waiter || typeof CompressionStream !== "function" || memory.get(key) !== entry) return;
  entry.compressing = true;
  waiter.waitUntil(
    new Response(new Blob([entry.body]).stream().pipeThrough(new CompressionStream("gzip")))
      .arrayBuffer()
      .then((gzip) => {
        if (gzip.byteLength >= entry.body.byteLength || memory.get(key) !== entry) return;
        entry.gzip = gzip;
        memoryBytes += gzip.byteLength;
        evictOverBound();
      })
      .catch(() => undefined),
  );
}

/** Drops this isolate's in-memory copies (tests; the shared cache keeps its entries). */
export function forgetIsolateCopies(): void {
  memory.clear();
  memoryBytes = 0;
}

/**
 * What this isolate's copies hold (tests): entries, the bytes of their bodies and gzip copies
 * (counted afresh), of which gzip, and the running count the bound is enforced on.
 */
export function isolateCopies(): { entries: number; bytes: number; gzipBytes: number; counted: number; maxBytes: number } {
  let bytes = 0;
  let gzipBytes = 0;
  for (const entry of memory.values()) {
    bytes += entryBytes(entry);
    gzipBytes += entry.gzip?.byteLength ?? 0;
  }
  return { entries: memory.size, bytes, gzipBytes, counted: memoryBytes, maxBytes: MEMORY_MAX_BYTES };
}

function recall(key: string): MemoryEntry | null {
  const entry = memory.get(key);
  if (!entry) return null;
  if (Date.now() - entry.storedAt >= CACHE_TTL.shared * 1000) {
    forget(key);
    return null;
  }
  memory.delete(key);
  memory.set(key, entry);
  return entry;
}

const generationKey = (origin: string) => `${origin}/__cache/generation`;
const newGeneration = () => crypto.randomUUID().slice(0, 8);

async function currentGeneration(cache: Cache, origin: string): Promise<string> {
  const memo = generations.get(origin);
  if (memo && Date.now() < memo.until) return memo.value;
  const stored = await cache.match(generationKey(origin));
  let value = stored ? await stored.text() : "";
  if (!value) {
    value = newGeneration();
    await putGeneration(cache, origin, value);
  }
  generations.set(origin, { value, until: Date.now() + GENERATION_MEMO_MS });
  return value;
}

async function putGeneration(cache: Cache, origin: string, value: string): Promise<void> {
  await cache.put(generationKey(origin), new Response(value, { headers: { "cache-control": "public, max-age=86400" } }));
}

/** The shared-cache plan for a public GET, or null for every other request. */
export function planPublicRead(request: Request, env: { PUBLIC_ORIGIN?: string } | undefined, url = new URL(request.url)): PublicRead | null {
  const kind = routeKind(request.method, url.pathname);
  if (kind !== "public-api" && kind !== "public-page") return null;
  const origin = env?.PUBLIC_ORIGIN || url.origin;
  if (seenOrigins.size < MAX_ORIGINS) seenOrigins.add(origin);
  return { kind, mode: cacheMode(request.headers, url), url, origin };
}

/**
 * The cached answer (200, or 304 for a matching If-None-Match), or null on a miss. Fixes the
 * entry's key before the app renders, so an answer rendered before a purge is stored under the
 * old generation, where nobody reads it.
 */
export async function matchPublicRead(plan: PublicRead, request: Request, waiter?: Waiter): Promise<Response | null> {
  if (plan.mode === "bypass") return null;
  const cache = sharedCache();
  if (!cache) return null;
  try {
    const key = (plan.key = cacheKeyUrl(plan.url, plan.origin, await currentGeneration(cache, plan.origin)));
    if (plan.mode !== "lookup") return null;
    let entry = recall(key);
    if (!entry) {
      const cached = await cache.match(key);
      if (!cached) return null;
      const headers = [...cached.headers].filter(([name]) => name !== "cf-cache-status" && name !== STORED_AT_HEADER);
      entry = { status: cached.status, headers, body: await cached.arrayBuffer(), storedAt: Number(cached.headers.get(STORED_AT_HEADER)) || Date.now() };
      remember(key, entry);
    }
    compressLater(key, entry, waiter);
    return hitResponse(entry, request);
  } catch (err) {
    logEvent("warn", "edge_cache_failed", { op: "match", error: String(err) });
    return null;
  }
}

/**
 * Finishes a public GET the app has rendered (`body` read in full): caching headers, ETag, 304,
 * and the entry stored in the shared cache when the rules allow it.
 */
export async function finishPublicRead(
  plan: PublicRead,
  request: Request,
  response: Response,
  body: ArrayBuffer,
  degraded: string | undefined,
  waiter: Waiter,
): Promise<Response> {
  const decision = decide({
    kind: plan.kind,
    mode: plan.mode,
    status: response.status,
    dataSource: response.headers.get("x-data-source"),
    degraded,
    setsCookie: response.headers.has("set-cookie"),
  });
  const headers = new Headers(response.headers);
  if (decision.cacheControl) headers.set("cache-control", decision.cacheControl);
  headers.set("vary", varyFor(headers.get("vary")));
  if (decision.etag) headers.set("etag", await etagFor(body));
  const cache = decision.store && plan.key ? sharedCache() : null;
  const key = plan.key;
  if (cache && key) {
    const storedAt = Date.now();
    remember(key, { status: response.status, headers: [...headers], body, storedAt });
    const stored = new Headers(headers);
    stored.set("cache-control", SHARED_CACHE_CONTROL);
    stored.set(STORED_AT_HEADER, String(storedAt));
    waiter.waitUntil(
      cache
        .put(key, new Response(body, { status: response.status, headers: stored }))
        .catch((err) => logEvent("warn", "edge_cache_failed", { op: "put", error: String(err) })),
    );
  }
  headers.set(CACHE_STATUS_HEADER, !cache ? "BYPASS" : plan.mode === "refresh" ? "REFRESH" : "MISS");
  if (decision.etag && ifNoneMatchHits(request.headers.get("if-none-match"), headers.get("etag"))) return notModified(headers);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/** Headers a hit sets itself, never copied from the stored entry. */
const HIT_OWN_HEADERS = new Set(["cache-control", "age", CACHE_STATUS_HEADER, "content-encoding"]);

function hitHeaders(stored: readonly [string, string][]): HitHeaders {
  const plain: [string, string][] = [...stored.filter(([name]) => !HIT_OWN_HEADERS.has(name)), ["cache-control", PUBLIC_CACHE_CONTROL], [CACHE_STATUS_HEADER, "HIT"]];
  const etag = plain.find(([name]) => name === "etag")?.[1] ?? null;
  // The gzip copy is a different representation of the same resource: a weak ETag (RFC 9110 8.8.1).
  const gzip: [string, string][] = plain.map(([name, value]) => [name, name === "etag" && !value.startsWith("W/") ? `W/${value}` : value]);
  gzip.push(["content-encoding", "gzip"]);
  return { plain, gzip, etag };
}

// Answering a hit builds one header list per response (Headers and Response objects are the cost
// of a hit once its entry is in memory), and remembers what it can.
function hitResponse(entry: MemoryEntry, request: Request): Response {
  const hit = (entry.hit ??= hitHeaders(entry.headers));
  const age: [string, string] = ["age", String(Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000)))];
  if (ifNoneMatchHits(request.headers.get("if-none-match"), hit.etag)) return notModified(new Headers([...hit.plain, age]));
  if (entry.gzip && acceptsGzip(request.headers.get("accept-encoding"))) {
    return new Response(entry.gzip, { status: entry.status, headers: [...hit.gzip, age], encodeBody: "manual" } as ResponseInit);
  }
  return new Response(entry.body, { status: entry.status, headers: [...hit.plain, age] });
}

const gzipAccepted = recentResults<boolean>(64);

/** True when Accept-Encoding allows gzip (listed, or `*`, without q=0). */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  if (!acceptEncoding) return false;
  return gzipAccepted(acceptEncoding, () =>
    acceptEncoding.split(",").some((part) => {
      const [coding, ...params] = part.trim().toLowerCase().split(";");
      if (coding !== "gzip" && coding !== "*") return false;
      return !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    }),
  );
}

function notModified(full: Headers): Response {
  const headers = new Headers();
  for (const name of NOT_MODIFIED_HEADERS) {
    const value = full.get(name);
    if (value !== null) headers.set(name, value);
  }
  return new Response(null, { status: 304, headers });
}

/**
 * Makes every public entry unreachable in this data centre: for `PUBLIC_ORIGIN` when set, else for
 * the origins this isolate has served plus `origins`. Returns how many origins were purged; never
 * throws (a purge that fails leaves the TTLs to do the work).
 */
export async function purgePublicCache(origins: readonly string[] = []): Promise<number> {
  const cache = sharedCache();
  if (!cache) return 0;
  const configured = (getWorkerEnv() as { PUBLIC_ORIGIN?: string } | undefined)?.PUBLIC_ORIGIN;
  const targets = configured ? [configured] : [...new Set([...seenOrigins, ...origins])];
  let purged = 0;
  for (const origin of targets) {
    try {
      const value = newGeneration();
      await putGeneration(cache, origin, value);
      generations.set(origin, { value, until: Date.now() + GENERATION_MEMO_MS });
      for (const key of [...memory.keys()]) if (key.startsWith(`${origin}/`)) forget(key);
      purged++;
    } catch (err) {
      logEvent("warn", "edge_cache_failed", { op: "purge", origin, error: String(err) });
    }
  }
  return purged;
}

/**
 * Set by a route handler whose response follows a change to what public pages show, where the
 * route is not an admin API write (the dashboard's delist, relist and rebuild forms). The worker
 * entry purges on it and strips it: a purge made inside Next's bundle would not reach the entry's
 * copy of this module (its remembered generation and in-memory entries).
 */
export const CATALOGUE_CHANGED_HEADER = "x-catalogue-changed";

/** True for requests whose success changes what public pages show (admin writes, or a response that says so). */
export function changesCatalogue(request: Request, response?: Response): boolean {
  if (request.method === "GET" || request.method === "HEAD") return false;
  return new URL(request.url).pathname.startsWith("/api/v1/admin/") || Boolean(response?.headers.has(CATALOGUE_CHANGED_HEADER));
}
