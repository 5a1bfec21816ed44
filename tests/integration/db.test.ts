// getDb(): URL resolution from the worker context (AC-US6-02, AC-US6-05), adapter choice, a real
// round trip, and an unreachable database failing fast with a typed error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONNECT_TIMEOUT_MS, DatabaseUnavailableError, dbConnectionsOpened, isMarkedDown, getDb, pickDriver, prismaClientsBuilt, resetDatabaseHealth, resolveDatabaseUrl, sharedQueryCompilers, withDb } from "@/lib/platform/db";
import { getSkillCategories, getSkillCount, getSkills } from "@/lib/data";
import { openInvocation, runWithWorkerEnv } from "@/lib/platform/worker-context";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { closedPort, silentPort } from "../helpers/network";

let db: TestDatabase;
const savedUrl = process.env.DATABASE_URL;
beforeAll(async () => {
  db = await createTestDatabase();
  delete process.env.DATABASE_URL;
});
afterAll(async () => {
  if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
  await db.drop();
});

describe("getDb", () => {
  it("AC-US6-05: uses the worker context's DATABASE_URL when process.env has none", async () => {
    expect(process.env.DATABASE_URL).toBeUndefined();
    expect(resolveDatabaseUrl()).toBeUndefined();
    const count = await runWithWorkerEnv({ DATABASE_URL: db.url }, async () => {
      expect(resolveDatabaseUrl()).toBe(db.url);
      return withDb((client) => client.skill.count());
    });
    expect(count).toBe(0);
  });

  it("keeps concurrent invocations' envs apart (no module-level env)", async () => {
    const seen = await Promise.all(
      ["postgresql://a@127.0.0.1/a", "postgresql://b@127.0.0.1/b"].map((url) =>
        runWithWorkerEnv({ DATABASE_URL: url }, async () => {
          await new Promise((r) => setTimeout(r, 20));
          return resolveDatabaseUrl();
        }),
      ),
    );
    expect(seen).toEqual(["postgresql://a@127.0.0.1/a", "postgresql://b@127.0.0.1/b"]);
  });

  it("falls back to process.env outside a worker invocation", async () => {
    process.env.DATABASE_URL = db.url;
    try {
      await expect(withDb((c) => c.skill.count())).resolves.toBe(0);
    } finally {
      delete process.env.DATABASE_URL;
    }
  });

  it("throws a typed error when no database is configured", () => {
    expect(() => getDb()).toThrow(DatabaseUnavailableError);
    try {
      getDb();
    } catch (err) {
      expect((err as DatabaseUnavailableError).reason).toBe("not-configured");
    }
  });

  it.each([
    ["postgresql://u:p@ep-cool-fog-123456.us-east-2.aws.neon.tech/neondb?sslmode=require", "neon"],
    ["postgres://u:p@ep-x-pooler.eu-central-1.aws.neon.tech/db", "neon"],
    ["postgresql://postgres@127.0.0.1:5432/test", "pg"],
    ["postgres://u@db.example.com/x", "pg"],
    ["postgres://u@notneon.tech.example.com/x", "pg"],
  ])("picks the adapter for %s", (url, driver) => {
    expect(pickDriver(url)).toBe(driver);
  });

  it("gives up on a refused connection quickly with DatabaseUnavailableError", async () => {
    const url = `postgresql://postgres@127.0.0.1:${await closedPort()}/nope`;
    const started = Date.now();
    const err = await withDb((c) => c.skill.count(), url).catch((e) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as DatabaseUnavailableError).reason).toBe("unreachable");
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("gives up on a database that accepts but never answers within about a second", async () => {
    const silent = await silentPort();
    try {
      const started = Date.now();
      const err = await withDb((c) => c.skill.count(), `postgresql://postgres@127.0.0.1:${silent.port}/nope`).catch((e) => e);
      expect(err).toBeInstanceOf(DatabaseUnavailableError);
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      await silent.close();
    }
  });
});

describe("one database client per invocation", () => {
  const backends = async () =>
    withDb(async (c) => (await c.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`))[0]!.n, db.url);

  it("a page's reads (listing, categories, a search that corrects itself) share one connection, closed at the end", async () => {
    const kv = { list: async () => ({ keys: [], list_complete: true }), get: async () => null } as unknown as KVNamespace;
    const before = dbConnectionsOpened();
    const idle = await backends();
    let during = 0;
    await runWithWorkerEnv({ SUBMISSIONS_KV: kv, DATABASE_URL: db.url }, async () => {
      await Promise.all([getSkills({ search: "pdff" }), getSkillCategories(), getSkillCount()]);
      during = await backends();
    });
    // The idle probe opened its own client; everything inside the invocation, the probe included, shared one.
    expect(dbConnectionsOpened() - before).toBe(2);
    // Each probe counts the connection it runs on: inside, that is the invocation's only one.
    expect(during).toBe(idle);
    await new Promise((r) => setTimeout(r, 50));
    expect(await backends()).toBe(idle);
  });
});

describe("one Prisma client per isolate, one connection per invocation", () => {
  const pid = () => withDb(async (c) => (await c.$queryRawUnsafe<{ pid: number }[]>(`SELECT pg_backend_pid() AS pid`))[0]!.pid);
  const count = async (pids: number[]) =>
    withDb(async (c) => (await c.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1::int[])`, pids))[0]!.n, db.url);
  /** How many of `pids` are still connected, once their closing had up to 2 s to reach the server. */
  const alive = async (pids: number[]) => {
    let n = await count(pids);
    for (let i = 0; n > 0 && i < 40; i++) {
      await new Promise((r) => setTimeout(r, 50));
      n = await count(pids);
    }
    return n;
  };

  it("invocations reuse the isolate's client (no construction per request), each on its own connection, closed when it ends", async () => {
    const env = { DATABASE_URL: db.url };
    await runWithWorkerEnv(env, () => withDb((c) => c.skill.count())); // the isolate's first: builds it
    const built = prismaClientsBuilt();
    const opened = dbConnectionsOpened();
    const sequential = [await runWithWorkerEnv(env, pid), await runWithWorkerEnv(env, pid)];
    // Concurrent invocations never share a connection: each holds its own while the other runs.
    const concurrent = await Promise.all(
      [0, 1, 2].map(() =>
        runWithWorkerEnv(env, async () => {
          const first = await pid();
          await new Promise((r) => setTimeout(r, 30));
          expect(await pid()).toBe(first); // and keeps it for the whole invocation
          return first;
        }),
      ),
    );
    expect(prismaClientsBuilt()).toBe(built);
    expect(dbConnectionsOpened() - opened).toBe(5);
    expect(new Set(concurrent).size).toBe(3);
    await new Promise((r) => setTimeout(r, 50));
    expect(await alive([...sequential, ...concurrent])).toBe(0);
  });

  it("an unreachable database fails fast inside an invocation too, and the next invocation's database still answers", async () => {
    const url = `postgresql://postgres@127.0.0.1:${await closedPort()}/nope`;
    const started = Date.now();
    const err = await runWithWorkerEnv({ DATABASE_URL: url }, () => withDb((c) => c.skill.count())).catch((e) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as DatabaseUnavailableError).reason).toBe("unreachable");
    expect(Date.now() - started).toBeLessThan(1500);
    await expect(runWithWorkerEnv({ DATABASE_URL: db.url }, () => withDb((c) => c.skill.count()))).resolves.toBe(0);
  });

  it("Prisma's batching never carries one invocation's query into another's connection", async () => {
    const env = { DATABASE_URL: db.url };
    await runWithWorkerEnv(env, () => withDb((c) => c.skill.count()));
    const opened = dbConnectionsOpened();
    // findUnique calls of one shape are merged into one statement, sent on a timer: across
    // invocations that would run B's query (and batch transactions) on A's connection.
    const find = (name: string) => runWithWorkerEnv(env, () => withDb((c) => c.skill.findUnique({ where: { name } })));
    const batch = () => runWithWorkerEnv(env, () => withDb((c) => c.$transaction([c.skill.count(), c.skill.findUnique({ where: { name: "c" } })])));
    const later = <T>(fn: () => Promise<T>) => new Promise<void>((r) => setImmediate(r)).then(fn);
    const results = await Promise.all([find("a"), find("b"), later(() => find("c")), later(batch)]);
    expect(results).toEqual([null, null, null, [0, null]]);
    expect(dbConnectionsOpened() - opened).toBe(4);
  });

  it("a client evicted while an invocation still uses it never hands its batcher to the next one", async () => {
    const variant = (n: number) => {
      const u = new URL(db.url);
      u.searchParams.set("application_name", `variant-${n}`);
      return u.toString();
    };
    const counted = await runWithWorkerEnv({ DATABASE_URL: variant(0) }, async () => {
      await withDb((c) => c.skill.findUnique({ where: { name: "none" } }));
      // Eight other databases (here: URLs) push this one's client out of the isolate's table.
      for (let n = 1; n <= 8; n++) await withDb((c) => c.skill.count(), variant(n));
      return withDb((c) => c.$transaction(async (tx) => [await tx.skill.count(), await tx.skill.findUnique({ where: { name: "none" } })]));
    });
    expect(counted).toEqual([expect.any(Number), null]);
  });

  it("work that runs after its invocation closed (a late waitUntil) gets a connection that is closed again", async () => {
    const invocation = openInvocation({ DATABASE_URL: db.url });
    await invocation.run(() => withDb((c) => c.skill.count()));
    await invocation.close();
    const late = await invocation.run(() => withDb(async (c) => (await c.$queryRawUnsafe<{ pid: number }[]>(`SELECT pg_backend_pid() AS pid`))[0]!.pid));
    await new Promise((r) => setTimeout(r, 50));
    expect(await alive([late])).toBe(0);
  });

  it("queries the shared client still sends after its invocation closed run, on connections closed after them", async () => {
    const invocation = openInvocation({ DATABASE_URL: db.url });
    const pidSql = `SELECT pg_backend_pid() AS pid`;
    const pids = await invocation.run(() =>
      withDb(async (c) => {
        const first = (await c.$queryRawUnsafe<{ pid: number }[]>(pidSql))[0]!.pid;
        await invocation.close();
        const after = (await c.$queryRawUnsafe<{ pid: number }[]>(pidSql))[0]!.pid;
        const inTransaction = await c.$transaction(async (tx) => (await tx.$queryRawUnsafe<{ pid: number }[]>(pidSql))[0]!.pid);
        return [first, after, inTransaction];
      }),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(await alive(pids)).toBe(0);
  });

  it("closing an invocation serves the queries still waiting for its connection first", async () => {
    const invocation = openInvocation({ DATABASE_URL: db.url });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const didStart = new Promise<void>((r) => (started = r));
    try {
      const transaction = invocation.run(() =>
        withDb((c) =>
          c.$transaction(async (tx) => {
            await tx.skill.count();
            started();
            await held;
          }),
        ),
      );
      await didStart;
      const waiting = invocation.run(() => withDb((c) => c.skill.count())); // queued behind the transaction
      await new Promise((r) => setTimeout(r, 20));
      const closing = invocation.close();
      setTimeout(release, 100);
      await expect(waiting).resolves.toEqual(expect.any(Number));
      await transaction;
      await closing;
    } finally {
      resetDatabaseHealth();
    }
  });

  it("a query that waits longer than the connect timeout behind its own invocation's transaction fails alone: the database is not marked down", async () => {
    const invocation = openInvocation({ DATABASE_URL: db.url });
    let started!: () => void;
    const didStart = new Promise<void>((r) => (started = r));
    try {
      const transaction = invocation.run(() =>
        withDb((c) =>
          c.$transaction(
            async (tx) => {
              await tx.skill.count();
              started();
              await new Promise((r) => setTimeout(r, CONNECT_TIMEOUT_MS + 500));
            },
            { timeout: 10_000 },
          ),
        ),
      );
      await didStart;
      // Queued behind the transaction for the invocation's one connection; pg-pool gives up on it
      // after the connect timeout although the database answers.
      const waiting = invocation.run(() => withDb((c) => c.skill.count()));
      const failure = await waiting.then(() => null, (err: unknown) => err);
      await transaction;
      expect(String(failure)).toMatch(/database busy: .*timeout exceeded when trying to connect/);
      expect(failure).toBeInstanceOf(DatabaseUnavailableError);
      expect((failure as DatabaseUnavailableError).reason).toBe("failed");
      expect(isMarkedDown(db.url)).toBe(false);
      // The next invocation reads Postgres at once (no 30 s of fallbacks).
      expect(await runWithWorkerEnv({ DATABASE_URL: db.url }, () => withDb((c) => c.skill.count()))).toEqual(expect.any(Number));
    } finally {
      await invocation.close();
      resetDatabaseHealth();
    }
  });

  it("a transaction in one invocation is invisible to a concurrent one until it commits", async () => {
    const env = { DATABASE_URL: db.url };
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const didInsert = new Promise<void>((r) => (inserted = r));
    const writer = runWithWorkerEnv(env, () =>
      withDb((c) =>
        c.$transaction(async (tx) => {
          await tx.skill.create({ data: { name: "tx-only", skillName: "tx-only", displayName: "Tx only", author: "someone", repoUrl: "https://github.com/someone/tx-only" } });
          inserted();
          await held;
        }),
      ),
    );
    await didInsert;
    const seenDuring = await runWithWorkerEnv(env, () => withDb((c) => c.skill.count({ where: { name: "tx-only" } })));
    release();
    await writer;
    const seenAfter = await runWithWorkerEnv(env, () => withDb((c) => c.skill.count({ where: { name: "tx-only" } })));
    await withDb((c) => c.skill.deleteMany({ where: { name: "tx-only" } }), db.url);
    expect([seenDuring, seenAfter]).toEqual([0, 1]);
  });
});

describe("one query compiler per isolate", () => {
  it("clients share Prisma's compiler; a client's disconnect leaves it working for the next and for concurrent ones", async () => {
    const first = getDb(db.url);
    expect(await first.skill.count()).toBe(0);
    await first.$disconnect();
    expect(sharedQueryCompilers()).toBe(1);
    const clients = [getDb(db.url), getDb(db.url), getDb(db.url)];
    const counts = await Promise.all(clients.map((c, i) => (i === 1 ? c.skill.findUnique({ where: { name: "none" } }).then((r) => (r ? 1 : 0)) : c.skill.count())));
    expect(counts).toEqual([0, 0, 0]);
    await clients[0]!.$disconnect();
    expect(await clients[2]!.skill.findMany({ where: { category: "testing" }, take: 1 })).toEqual([]);
    await Promise.all(clients.slice(1).map((c) => c.$disconnect()));
    expect(sharedQueryCompilers()).toBe(1);
  });
});
