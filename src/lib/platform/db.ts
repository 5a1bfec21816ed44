/**
 * The one place that turns the configured database into a Prisma client.
 * - Connection, in order of preference: the `HYPERDRIVE` binding (Cloudflare's pooler in front of
 *   Postgres; its `connectionString` goes to node-postgres, @prisma/adapter-pg), else
 *   `DATABASE_URL`: a Neon URL (host under neon.tech) -> @prisma/adapter-neon; any other
 *   postgres:// -> adapter-pg. `databaseConnection()` names the one in use (health reports it).
 * - The settings come from the invocation's worker env, else process.env (the cron and queue
 *   handlers run outside Next, where OpenNext never copied vars into process.env).
 * - Nothing configured -> DatabaseUnavailableError: callers fall back to KV and seed. Locally `npm
 *   start` and the tests start an embedded Postgres, so "none" is only a deliberate choice.
 * - One connection per invocation, never shared between requests (a Worker's socket belongs to
 *   the request that opened it): inside an invocation (worker-context.ts) `withDb` opens it lazily
 *   on first use and the invocation closes it when it ends, so a page that asks for a listing and
 *   its categories uses one connection. Outside one (plain Node scripts) each `withDb` call opens
 *   and closes its own client.
 * - One Prisma client per isolate for node-postgres targets (Hyperdrive, plain Postgres): building
 *   a client costs about a millisecond of CPU (it decodes the schema's parameterization graph) and
 *   starts with an empty query-plan cache. The shared client holds no connection: its pool is a
 *   facade (`InvocationPool`) that hands every query to the current invocation's own pool of one,
 *   and its batcher is split per invocation (`batchPerInvocation`), so no request's query is ever
 *   sent from another's context. Neon's serverless driver keeps a client per invocation. Known
 *   limit: a panic of Prisma's query compiler stops the shared engine, which cancels the open
 *   interactive transactions of every invocation in the isolate; their connections are then
 *   destroyed, not pooled (`InvocationPool.connect`), and those requests fail and retry.
 * - An unreachable database fails within about a second (connect timeout), as a typed error, and
 *   marks the invocation degraded (its fallback answer is kept out of shared caches).
 */
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaNeon } from "@prisma/adapter-neon";
import { PrismaClient } from "../../generated/prisma/client";
import { currentInvocation, getWorkerEnv, heldResource, markDegraded } from "./worker-context";

export type Db = PrismaClient;

/** Milliseconds allowed to open a connection before the database counts as unreachable. */
export const CONNECT_TIMEOUT_MS = 1000;

export class DatabaseUnavailableError extends Error {
  readonly code = "DATABASE_UNAVAILABLE";
  constructor(
    message: string,
    readonly reason: "not-configured" | "unreachable" | "failed",
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DatabaseUnavailableError";
  }
}

/** How this invocation reaches Postgres. */
export type DatabaseConnection = "hyperdrive" | "neon" | "postgres";

export interface DatabaseTarget {
  url: string;
  connection: DatabaseConnection;
}

/**
 * The database of this invocation: the HYPERDRIVE binding's connection string when bound, else
 * DATABASE_URL (worker env first, then process.env); undefined when neither is set.
 */
export function resolveDatabase(): DatabaseTarget | undefined {
  const worker = getWorkerEnv();
  const pooled = (worker?.HYPERDRIVE as { connectionString?: unknown } | undefined)?.connectionString;
  if (typeof pooled === "string" && pooled !== "") return { url: pooled, connection: "hyperdrive" };
  const fromWorker = worker?.DATABASE_URL;
  const url = typeof fromWorker === "string" && fromWorker !== "" ? fromWorker : process.env.DATABASE_URL || undefined;
  if (!url) return undefined;
  return { url, connection: isNeonUrl(url) ? "neon" : "postgres" };
}

/** The connection string of this invocation's database (see resolveDatabase); undefined when unset. */
export function resolveDatabaseUrl(): string | undefined {
  return resolveDatabase()?.url;
}

/** Which connection this invocation uses, or null when no database is configured. */
export function databaseConnection(): DatabaseConnection | null {
  return resolveDatabase()?.connection ?? null;
}

export type DbDriver = "neon" | "pg";

/** Neon's hosts use the serverless driver; every other Postgres uses node-postgres. */
export function pickDriver(url: string): DbDriver {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new DatabaseUnavailableError("DATABASE_URL is not a valid URL", "not-configured");
  }
  return /(^|\.)neon\.tech$/i.test(host) ? "neon" : "pg";
}

function isNeonUrl(url: string): boolean {
  try {
    return pickDriver(url) === "neon";
  } catch {
    return false; // getDb reports the bad URL when it is used
  }
}

/** The target for a bare URL: this invocation's Hyperdrive when it is that binding's string. */
function targetFor(url: string): DatabaseTarget {
  const current = resolveDatabase();
  if (current?.url === url) return current;
  return { url, connection: pickDriver(url) === "neon" ? "neon" : "postgres" };
}

/**
 * The driver adapter for a target. Hyperdrive and plain Postgres go through node-postgres
 * (Hyperdrive speaks the Postgres protocol and pools on its side, so one connection per client is
 * right); Neon through its serverless driver.
 */
export function adapterFor({ url, connection }: DatabaseTarget): PrismaPg | PrismaNeon {
  if (connection === "neon") return new PrismaNeon({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  return new PrismaPg(pgPoolConfig(url));
}

/** node-postgres settings of one client's pool: one connection, a fast connect timeout, a statement cap. */
function pgPoolConfig(url: string): pg.PoolConfig {
  return { connectionString: url, max: 1, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, statement_timeout: 10_000 };
}

/**
 * The pool behind the isolate's shared client for `url`: it never connects itself. Every query
 * and every transaction's connection goes to the current invocation's own pool of one connection,
 * opened on first use and ended with the invocation (so concurrent requests never share a socket,
 * and a transaction holds its invocation's connection as before). Used outside an invocation, it
 * throws: there, and once an invocation has closed, `acquire` gives callers a client of their own.
 */
class InvocationPool extends pg.Pool {
  constructor(private readonly url: string) {
    super(pgPoolConfig(url));
  }

  /** A pool of one connection for this URL, its idle errors passed to the adapter's listener. */
  private newPool(): pg.Pool {
    const pool = new pg.Pool(pgPoolConfig(this.url));
    pool.on("error", (err) => {
      if (this.listenerCount("error") > 0) this.emit("error", err);
    });
    connectionsOpened++;
    return pool;
  }

  /**
   * The current invocation's pool, opened on first use; null when the invocation has already
   * closed (work it left running, such as a late waitUntil): that work gets a pool of its own
   * per query or transaction, ended when it is done, so nothing is left open.
   */
  private own(): pg.Pool | null {
    const invocation = currentInvocation();
    if (!invocation) throw new Error("the shared database client was used outside an invocation");
    if (invocation.closed) return null;
    return heldResource(invocation, `pg:${this.url}`, () => {
      const pool = this.newPool();
      return { value: pool, close: () => endWhenServed(pool) };
    });
  }

  override query(...args: unknown[]): never {
    const pool = this.own();
    if (pool) return (pool.query as (...a: unknown[]) => never)(...args);
    if (typeof args.at(-1) === "function") throw new Error("InvocationPool.query: only the promise form is supported after close");
    const late = this.newPool();
    return (late.query as (...a: unknown[]) => Promise<unknown>)(...args).finally(() => late.end()) as never;
  }

  /**
   * A transaction's connection (Prisma's only use of connect, promise style). Its release destroys
   * the connection instead of pooling it when it is released from another invocation's context or
   * still inside a transaction (a rollback that failed, e.g. when Prisma's engine stopped and
   * cancelled every open transaction): the owner's next query then gets a fresh connection, never
   * a half-open transaction.
   */
  override connect(...args: unknown[]): never {
    if (args.length > 0) throw new Error("InvocationPool.connect: only the promise form is supported");
    const owner = currentInvocation();
    const own = this.own();
    const pool = own ?? this.newPool();
    return pool.connect().then((client) => {
      const release = client.release.bind(client);
      client.release = (err?: Error | boolean) => {
        const open = (client as { getTransactionStatus?: () => string | null }).getTransactionStatus?.() ?? "I";
        release(err ?? (currentInvocation() !== owner || (open !== "I" && open !== null) ? true : undefined));
        if (!own) void pool.end();
      };
      return client;
    }, (err: unknown) => {
      if (!own) void pool.end();
      throw err;
    }) as never;
  }

  override end(): never {
    return Promise.resolve() as never; // each invocation ends its own pool
  }
}

/**
 * Ends an invocation's pool once no query waits for its connection any more: pg-pool's end()
 * never serves its queue, so a query waiting behind a transaction would time out, which reads as
 * an unreachable database. Nothing new joins the queue (a closed invocation opens pools of its
 * own); a waiter is served or gives up within the connect timeout.
 */
async function endWhenServed(pool: pg.Pool): Promise<void> {
  while (pool.waitingCount > 0) await new Promise((r) => setTimeout(r, 10));
  await pool.end();
}

/**
 * The isolate's Prisma clients over invocation pools, by URL (a few at most: one per database);
 * null for a URL whose client could not be made safe to share (then invocations build their own).
 */
const sharedClients = new Map<string, Db | null>();
const SHARED_CLIENTS_MAX = 8;

function sharedClient(url: string): Db | null {
  let db = sharedClients.get(url);
  if (db === undefined) {
    if (sharedClients.size >= SHARED_CLIENTS_MAX) sharedClients.delete(sharedClients.keys().next().value!);
    const pool = new InvocationPool(url);
    const adapter = new PrismaPg(pool);
    const client = buildClient(adapter);
    // Shared only when PrismaPg took the facade as its pool and the batcher could be split.
    const usesFacade = (adapter as unknown as { externalPool?: unknown }).externalPool === pool;
    db = usesFacade && batchPerInvocation(client, url) ? client : null;
    sharedClients.set(url, db);
  }
  return db;
}

interface Batcher {
  request(request: unknown): Promise<unknown>;
  options?: unknown;
}

let batchersMade = 0;

/**
 * Prisma merges findUnique calls of one shape, and queues the queries of transactions, in one
 * batcher per client, flushed on a timer: shared as is, a request's query could be sent from
 * another request's context, on that request's connection. This gives every invocation a batcher
 * of its own (the same class and options, so the same merging within one request). Internal to
 * Prisma: if its shape changes, the client is not shared (db.test.ts notices either way).
 */
function batchPerInvocation(client: Db, url: string): boolean {
  const handler = (client as unknown as { _requestHandler?: { dataloader?: Batcher } })._requestHandler;
  const original = handler?.dataloader;
  if (!handler || !original || typeof original.request !== "function" || !original.options || typeof original.constructor !== "function") return false;
  const Batcher = original.constructor as new (options: unknown) => Batcher;
  const key = `prisma-batcher:${++batchersMade}:${url}`; // this client's own, never a former client's
  handler.dataloader = {
    request(request: unknown) {
      const invocation = currentInvocation();
      if (!invocation) return Promise.reject(new Error("the shared database client was used outside an invocation"));
      return heldResource(invocation, key, () => ({ value: new Batcher(original.options), close: async () => undefined })).request(request);
    },
  };
  return true;
}

/**
 * Builds a Prisma client for this invocation. Throws DatabaseUnavailableError when no database is
 * configured. The caller owns the client and must `$disconnect()` it (or use `withDb`).
 */
export function getDb(target: string | DatabaseTarget | undefined = resolveDatabase()): Db {
  if (!target) {
    throw new DatabaseUnavailableError("no database is configured (HYPERDRIVE or DATABASE_URL)", "not-configured");
  }
  return buildClient(adapterFor(typeof target === "string" ? targetFor(target) : target));
}

function buildClient(adapter: PrismaPg | PrismaNeon): Db {
  prismaBuilt++;
  return new PrismaClient({ adapter, __internal: { configOverride: shareQueryCompiler } } as ConstructorParameters<typeof PrismaClient>[0]);
}

/**
 * Prisma builds a query compiler for every client it connects: a WebAssembly object that parses
 * the whole schema, a few milliseconds of CPU on every invocation. It holds no connection and no
 * request state (compiling is synchronous and pure), so one per isolate serves every invocation's
 * client, and a client's disconnect must not free it. Done through the client's config hook; if a
 * Prisma release changes the shape, clients simply build their own again (db.test.ts checks it).
 */
type ClientConfig = { compilerWasm?: { getRuntime: () => Promise<Record<string, unknown>> } & Record<string, unknown> } & Record<string, unknown>;
type CompilerClass = new (options: { datamodel: string; provider: string; connectionInfo: unknown }) => object;
const sharedCompilers = new Map<string, object>();
export const sharedQueryCompilers = () => sharedCompilers.size;

function shareQueryCompiler<C>(config: C): C {
  const wasm = (config as ClientConfig).compilerWasm;
  if (!wasm || typeof wasm.getRuntime !== "function") return config;
  const getRuntime = async () => {
    const runtime = await wasm.getRuntime();
    const Compiler = runtime.QueryCompiler as CompilerClass | undefined;
    if (typeof Compiler !== "function") return runtime;
    try {
      // The wasm module imports its glue functions from this object by name: keep them all (the
      // runtime is a module namespace, whose bindings are getters: define, do not assign).
      const wrapped = Object.create(runtime) as Record<string, unknown>;
      Object.defineProperty(wrapped, "QueryCompiler", { value: sharedCompilerClass(Compiler), enumerable: true });
      return wrapped;
    } catch {
      return runtime;
    }
  };
  return { ...config, compilerWasm: { ...wasm, getRuntime } } as C;
}

function sharedCompilerClass(Compiler: CompilerClass): CompilerClass {
  return function SharedQueryCompiler(options: { datamodel: string; provider: string; connectionInfo: unknown }) {
    const key = `${options.provider}:${JSON.stringify(options.connectionInfo)}:${options.datamodel.length}`;
    let shared = sharedCompilers.get(key);
    if (!shared) {
      const compiler = new Compiler(options) as Record<PropertyKey, unknown>;
      shared = new Proxy(compiler, {
        get(target, prop) {
          if (prop === "free") return () => undefined; // shared: outlives every client
          const value = Reflect.get(target, prop, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      sharedCompilers.set(key, shared);
    }
    return shared;
  } as unknown as CompilerClass;
}

/** After a connection failure, the database is skipped for this long (no per-request stall). */
export const DOWN_FOR_MS = 30_000;
const downUntil = new Map<string, number>();

/** True while a recent connection failure to `url` is remembered (per isolate). */
export function isMarkedDown(url: string): boolean {
  const until = downUntil.get(url);
  if (until === undefined) return false;
  if (Date.now() < until) return true;
  downUntil.delete(url);
  return false;
}

/** True while this invocation's database is remembered as down (a connection just failed). */
export function isDatabaseKnownDown(): boolean {
  const url = resolveDatabaseUrl();
  return url !== undefined && isMarkedDown(url);
}

export function markDatabaseDown(url: string): void {
  downUntil.set(url, Date.now() + DOWN_FOR_MS);
}

/** Forgets remembered failures (tests, and an operator's explicit retry). */
export function resetDatabaseHealth(): void {
  downUntil.clear();
}

/**
 * Runs `fn` with the invocation's client (or a transient one). Connection failures surface as
 * DatabaseUnavailableError("unreachable") and are remembered for DOWN_FOR_MS, during which calls
 * fail at once; other errors pass through unchanged.
 */
export async function withDb<T>(fn: (db: Db) => Promise<T>, url = resolveDatabaseUrl()): Promise<T> {
  if (url && isMarkedDown(url)) {
    markDegraded("database unreachable (failed recently)");
    throw new DatabaseUnavailableError("database unreachable (failed recently; retrying later)", "unreachable");
  }
  const { db, release } = acquire(url);
  try {
    return await fn(db);
  } catch (err) {
    // Whatever the caller falls back to, this invocation's answer is not Postgres' full answer.
    markDegraded(`database: ${describe(err)}`);
    if (isConnectionError(err)) {
      markDatabaseDown(url!);
      throw new DatabaseUnavailableError(`database unreachable: ${describe(err)}`, "unreachable", { cause: err });
    }
    // The invocation's one connection stayed busy (a transaction) past the connect timeout: this
    // query fails as the database would, but the database answers, so it is not marked down.
    if (isQueueTimeout(err)) throw new DatabaseUnavailableError(`database busy: ${describe(err)}`, "failed", { cause: err });
    throw err;
  } finally {
    await release();
  }
}

/**
 * Like withDb, but when no database is configured or it is known to be down, runs `fn(null)`:
 * for paths where Postgres is optional (publish writes KV regardless). Errors inside `fn` are the
 * caller's to handle (see `attempt`).
 */
export async function withOptionalDb<T>(fn: (db: Db | null) => Promise<T>): Promise<T> {
  const url = resolveDatabaseUrl();
  if (!url || isMarkedDown(url)) return fn(null);
  const { db, release } = acquire(url);
  try {
    return await fn(db);
  } finally {
    await release();
  }
}

/** Connections (clients' pools) opened in this isolate: one per invocation that touches the database. */
let connectionsOpened = 0;
export const dbConnectionsOpened = () => connectionsOpened;
/** Prisma clients built in this isolate. */
let prismaBuilt = 0;
export const prismaClientsBuilt = () => prismaBuilt;

/**
 * The invocation's client for `url`: the isolate's shared one (its connection opened on first use,
 * closed with the invocation), or for Neon (or a Prisma whose internals are not as expected) a
 * client of the invocation's own; outside an invocation a transient one.
 */
function acquire(url: string | undefined): { db: Db; release: () => Promise<void> } {
  const invocation = currentInvocation();
  // Outside an invocation, or after it closed (nothing would close what it opened): a client of its own.
  if (!url || !invocation || invocation.closed) {
    const db = getDb(url);
    connectionsOpened++;
    return { db, release: () => db.$disconnect().catch(() => undefined) };
  }
  const target = targetFor(url);
  const shared = target.connection === "neon" ? null : sharedClient(url);
  if (shared) return { db: shared, release: async () => undefined };
  const db = heldResource(invocation, `db:${url}`, () => {
    const client = getDb(target);
    connectionsOpened++;
    return { value: client, close: () => client.$disconnect() };
  });
  // Prisma reconnects by itself when a query follows its disconnect: work that outlived the
  // invocation disconnects again when it is done.
  return { db, release: async () => (invocation.closed ? db.$disconnect().catch(() => undefined) : undefined) };
}

/** Runs one optional database operation: its value, or the error (remembering outages). */
export async function attempt<T>(db: Db | null, op: (db: Db) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  if (!db) return { ok: false, error: "database not available" };
  for (let tries = 1; ; tries++) {
    try {
      return { ok: true, value: await op(db) };
    } catch (err) {
      if (isTransientError(err) && tries < TRANSIENT_RETRIES) {
        await new Promise((r) => setTimeout(r, 100 * 2 ** tries * (0.5 + Math.random())));
        continue;
      }
      const url = resolveDatabaseUrl();
      if (url && isConnectionError(err)) markDatabaseDown(url);
      return { ok: false, error: describe(err) };
    }
  }
}

const TRANSIENT_RETRIES = 5;
// Too many connections, serialization failure, deadlock, server starting up: worth a retry.
const TRANSIENT_CODES = new Set(["P2037", "P2034", "53300", "40001", "40P01", "57P03"]);

type ErrorRecord = { code?: unknown; originalCode?: unknown; name?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };

/** An error and the errors behind it (Prisma wraps the driver's), five deep at most. */
function* errorChain(err: unknown, next: (e: ErrorRecord) => unknown = (e) => e.cause): Generator<ErrorRecord> {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const rec = e as ErrorRecord;
    yield rec;
    e = next(rec);
  }
}

const messageOf = (rec: ErrorRecord) => (typeof rec.message === "string" ? rec.message : "");

/** True for errors that a short wait and a retry can fix (not an unreachable database). */
export function isTransientError(err: unknown): boolean {
  for (const rec of errorChain(err, (e) => e.cause ?? e.meta?.driverAdapterError)) {
    if (typeof rec.code === "string" && TRANSIENT_CODES.has(rec.code)) return true;
    if (typeof rec.originalCode === "string" && TRANSIENT_CODES.has(rec.originalCode)) return true;
  }
  return false;
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ETIMEDOUT", "ENOTFOUND", "ECONNRESET", "EHOSTUNREACH", "P1001", "P1002", "P1017"]);

/** pg-pool's error for a query that waited its whole connect timeout for a connection of a full pool. */
function isQueueTimeout(err: unknown): boolean {
  for (const rec of errorChain(err)) if (messageOf(rec).includes("timeout exceeded when trying to connect")) return true;
  return false;
}

/** True for errors that mean "could not talk to the database at all". */
export function isConnectionError(err: unknown): boolean {
  for (const rec of errorChain(err)) {
    if (typeof rec.code === "string" && CONNECTION_CODES.has(rec.code)) return true;
    if (rec.name === "DatabaseNotReachable") return true;
    // Not pg-pool's "timeout exceeded when trying to connect": that is a query that waited too long
    // for its invocation's one connection (busy with a transaction), while the database answers.
    // A connect that times out says "Connection terminated due to connection timeout".
    if (/ECONNREFUSED|connect ETIMEDOUT|Connection terminated|Can't reach database|DatabaseNotReachable/i.test(messageOf(rec))) return true;
  }
  return false;
}

/** The last meaningful line of an error (Prisma puts the reason after a blank preamble). */
export function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const lines = err.message.split("\n").map((l) => l.trim()).filter(Boolean);
  return (lines.at(-1) ?? err.name).slice(0, 200);
}
