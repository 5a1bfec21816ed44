/**
 * The one place that turns DATABASE_URL into a Prisma client.
 * - Neon URL (host under neon.tech) -> @prisma/adapter-neon; any other postgres:// -> adapter-pg.
 * - The URL comes from the invocation's worker env, else process.env (the cron and queue handlers
 *   run outside Next, where OpenNext never copied vars into process.env).
 * - No URL -> DatabaseUnavailableError: callers fall back to KV and seed. Locally `npm start` and
 *   the tests start an embedded Postgres and set DATABASE_URL, so "none" is only a deliberate choice.
 * - Clients are per request/invocation (never a global client on Workers): use `withDb`.
 * - An unreachable database fails within about a second (connect timeout), as a typed error.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaNeon } from "@prisma/adapter-neon";
import { PrismaClient } from "../generated/prisma/client";
import { getWorkerEnv } from "./worker-context";

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

/** DATABASE_URL of this invocation: worker env first, then process.env; undefined when unset. */
export function resolveDatabaseUrl(): string | undefined {
  const fromWorker = getWorkerEnv()?.DATABASE_URL;
  if (typeof fromWorker === "string" && fromWorker !== "") return fromWorker;
  const fromProcess = process.env.DATABASE_URL;
  return fromProcess ? fromProcess : undefined;
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

/**
 * Builds a Prisma client for this invocation. Throws DatabaseUnavailableError when no database is
 * configured. The caller owns the client and must `$disconnect()` it (or use `withDb`).
 */
export function getDb(url = resolveDatabaseUrl()): Db {
  if (!url) {
    throw new DatabaseUnavailableError("DATABASE_URL is not configured", "not-configured");
  }
  const adapter =
    pickDriver(url) === "neon"
      ? new PrismaNeon({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS })
      : new PrismaPg({
          connectionString: url,
          max: 1,
          connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
          statement_timeout: 10_000,
        });
  return new PrismaClient({ adapter });
}

/**
 * Runs `fn` with a fresh client and always disconnects. Connection failures surface as
 * DatabaseUnavailableError("unreachable"); other errors pass through unchanged.
 */
export async function withDb<T>(fn: (db: Db) => Promise<T>, url?: string): Promise<T> {
  const db = getDb(url);
  try {
    return await fn(db);
  } catch (err) {
    if (isConnectionError(err)) {
      throw new DatabaseUnavailableError(`database unreachable: ${describe(err)}`, "unreachable", { cause: err });
    }
    throw err;
  } finally {
    await db.$disconnect().catch(() => undefined);
  }
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ETIMEDOUT", "ENOTFOUND", "ECONNRESET", "EHOSTUNREACH", "P1001", "P1002", "P1017"]);

/** True for errors that mean "could not talk to the database at all". */
export function isConnectionError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const rec = e as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
    if (typeof rec.code === "string" && CONNECTION_CODES.has(rec.code)) return true;
    if (rec.name === "DatabaseNotReachable") return true;
    const msg = typeof rec.message === "string" ? rec.message : "";
    if (/timeout exceeded when trying to connect|ECONNREFUSED|connect ETIMEDOUT|Connection terminated|Can't reach database|DatabaseNotReachable/i.test(msg)) {
      return true;
    }
    e = rec.cause;
  }
  return false;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message.split("\n")[0]!.slice(0, 200) : String(err);
}
