// Which connection an invocation uses: the HYPERDRIVE binding first (node-postgres over its
// connection string), else DATABASE_URL (Neon's driver for a Neon host, node-postgres otherwise).
import { PrismaNeon } from "@prisma/adapter-neon";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adapterFor, databaseConnection, resolveDatabase, resolveDatabaseUrl } from "@/lib/platform/db";
import { parseEnv } from "@/lib/platform/env";
import { runWithWorkerEnv } from "@/lib/platform/worker-context";

const hyperdrive = (connectionString: string) => ({ connectionString, connect() {} }) as unknown as Hyperdrive;
const POOLED = "postgresql://user:pw@0123abcd.hyperdrive.local:5432/skills";
const NEON = "postgresql://u:p@ep-cool-name-123456-pooler.eu-central-1.aws.neon.tech/skills?sslmode=require";
const PLAIN = "postgresql://postgres@127.0.0.1:5432/skills";

const saved = process.env.DATABASE_URL;
beforeEach(() => {
  delete process.env.DATABASE_URL;
});
afterEach(() => {
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
});

describe("resolveDatabase", () => {
  it.each([
    ["Hyperdrive over DATABASE_URL", { HYPERDRIVE: hyperdrive(POOLED), DATABASE_URL: PLAIN }, { url: POOLED, connection: "hyperdrive" }],
    ["Hyperdrive over a Neon URL", { HYPERDRIVE: hyperdrive(POOLED), DATABASE_URL: NEON }, { url: POOLED, connection: "hyperdrive" }],
    ["Hyperdrive alone", { HYPERDRIVE: hyperdrive(POOLED) }, { url: POOLED, connection: "hyperdrive" }],
    ["a Neon URL", { DATABASE_URL: NEON }, { url: NEON, connection: "neon" }],
    ["any other Postgres", { DATABASE_URL: PLAIN }, { url: PLAIN, connection: "postgres" }],
    ["DATABASE_URL when the binding has no string", { HYPERDRIVE: hyperdrive(""), DATABASE_URL: PLAIN }, { url: PLAIN, connection: "postgres" }],
    ["nothing", {}, undefined],
  ] as const)("%s", async (_name, env, expected) => {
    const seen = await runWithWorkerEnv(env, () => ({ target: resolveDatabase(), url: resolveDatabaseUrl(), connection: databaseConnection() }));
    expect(seen).toEqual({ target: expected, url: expected?.url, connection: expected?.connection ?? null });
  });

  it("falls back to process.env's DATABASE_URL, and the binding still wins over it", async () => {
    process.env.DATABASE_URL = PLAIN;
    expect(await runWithWorkerEnv({}, () => databaseConnection())).toBe("postgres");
    expect(await runWithWorkerEnv({ HYPERDRIVE: hyperdrive(POOLED) }, () => databaseConnection())).toBe("hyperdrive");
  });

  it("keeps concurrent invocations apart", async () => {
    const seen = await Promise.all([
      runWithWorkerEnv({ HYPERDRIVE: hyperdrive(POOLED) }, async () => (await new Promise((r) => setTimeout(r, 10)), databaseConnection())),
      runWithWorkerEnv({ DATABASE_URL: NEON }, async () => databaseConnection()),
    ]);
    expect(seen).toEqual(["hyperdrive", "neon"]);
  });
});

describe("adapterFor", () => {
  it("uses node-postgres for Hyperdrive and plain Postgres, Neon's driver for Neon", () => {
    expect(adapterFor({ url: POOLED, connection: "hyperdrive" })).toBeInstanceOf(PrismaPg);
    expect(adapterFor({ url: PLAIN, connection: "postgres" })).toBeInstanceOf(PrismaPg);
    expect(adapterFor({ url: NEON, connection: "neon" })).toBeInstanceOf(PrismaNeon);
  });
});

describe("env", () => {
  const kv = { list() {}, get() {}, put() {}, delete() {} };
  it("accepts a Hyperdrive binding and refuses something that is not one", () => {
    expect(parseEnv({ SUBMISSIONS_KV: kv, HYPERDRIVE: hyperdrive(POOLED) }).HYPERDRIVE?.connectionString).toBe(POOLED);
    expect(() => parseEnv({ SUBMISSIONS_KV: kv, HYPERDRIVE: POOLED })).toThrow(/HYPERDRIVE must be a Hyperdrive binding/);
  });
  it("takes PUBLIC_ORIGIN as an origin only", () => {
    expect(parseEnv({ SUBMISSIONS_KV: kv, PUBLIC_ORIGIN: "https://skills.example.com" }).PUBLIC_ORIGIN).toBe("https://skills.example.com");
    expect(() => parseEnv({ SUBMISSIONS_KV: kv, PUBLIC_ORIGIN: "https://skills.example.com/app" })).toThrow(/PUBLIC_ORIGIN/);
  });
});
