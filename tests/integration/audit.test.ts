// Issue 13, the admin audit log, on real Postgres and Miniflare KV: admin actions are recorded with
// who did them (internal key or a token's subject), failures too; the log lists newest first with
// paging and a total; it is admin-only; while Postgres is down entries wait in KV and are listed
// from there, then drained exactly once; entries older than 90 days are pruned; values are bounded.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SignJWT } from "jose";
import { GET as AUDIT } from "@/app/api/v1/admin/audit/route";
import { POST as REBUILD } from "@/app/api/v1/admin/rebuild-index/route";
import { POST as MIGRATE } from "@/app/api/v1/admin/migrate-slugs/route";
import { signAdminToken } from "@/lib/http/auth";
import { AUDIT_PENDING_PREFIX, AUDIT_JSON_MAX_BYTES, AUDIT_RETENTION_MS } from "@/lib/operations/audit-entry";
import { drainAudit, recordAudit, type AuditEntry } from "@/lib/operations/audit";
import { runScheduled } from "@/lib/operations/scheduled";
import { dbConnectionsOpened, resetDatabaseHealth, withDb } from "@/lib/platform/db";
import type { WorkerEnv } from "@/lib/platform/env";
import { runWithWorkerEnv } from "@/lib/platform/worker-context";
import { instrumentKV } from "../helpers/kv";
import { refusedDatabaseUrl } from "../helpers/network";
import { useStores } from "../helpers/stores";

const KEY = "test-only-internal-key-not-real";
const SECRET = "test-only-jwt-secret-not-real";
const stores = useStores();
beforeEach(async () => {
  await stores.db.query(`TRUNCATE "AuditEntry"`); // the shared truncate predates this table
});
afterEach(() => {
  vi.restoreAllMocks();
});

type Handler = (req: Request, ctx: object) => Promise<Response>;
interface Listing {
  entries: AuditEntry[];
  total: number;
  source: string;
}

/** Runs a route in-process under a worker env with both stores (override with `env`). */
function call(handler: Handler, method: string, path: string, headers: Record<string, string>, env: Partial<WorkerEnv> = {}) {
  return runWithWorkerEnv({ SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: stores.db.url, INTERNAL_BROADCAST_KEY: KEY, JWT_SECRET: SECRET, ...env }, () =>
    handler(new Request(`http://localhost${path}`, { method, headers }), {}),
  );
}
const asKey = { "x-internal-key": KEY };
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const token = (role: "SUPER_ADMIN" | "REVIEWER", email = "ops@example.com") => signAdminToken({ secret: SECRET, email, role });

async function listAudit(query = "", env: Partial<WorkerEnv> = {}): Promise<{ res: Response; body: Listing }> {
  const res = await call(AUDIT as Handler, "GET", `/api/v1/admin/audit${query}`, asKey, env);
  return { res, body: (await res.json()) as Listing };
}
const pendingKeys = async () => (await stores.store.kv.list({ prefix: AUDIT_PENDING_PREFIX })).keys;
const rows = () => stores.db.query<{ id: string; action: string }>(`SELECT id, action FROM "AuditEntry" ORDER BY at`);
const DAY = 24 * 60 * 60 * 1000;

describe("recording admin actions", () => {
  it("records rebuild-index by the internal key and migrate-slugs by a token's subject, listed newest first", async () => {
    expect((await call(REBUILD as Handler, "POST", "/api/v1/admin/rebuild-index?dryRun=true", asKey)).status).toBe(200);
    expect((await call(MIGRATE as Handler, "POST", "/api/v1/admin/migrate-slugs", bearer(await token("SUPER_ADMIN")))).status).toBe(200);

    const { res, body } = await listAudit();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-data-source")).toBe("postgres");
    expect(body.total).toBe(2);
    expect(body.source).toBe("postgres");
    const [migrate, rebuild] = body.entries;
    expect(migrate).toMatchObject({ actor: "token:ops@example.com", action: "migrate-slugs", target: null, params: { dryRun: false } });
    expect(migrate!.result).toMatchObject({ ok: true, complete: true, moved: 0, errors: 0 });
    expect(rebuild).toMatchObject({ actor: "internal-key", action: "rebuild-index", target: null, params: { dryRun: true, cursor: false } });
    // A summary of the report, not the report.
    expect(rebuild!.result).toMatchObject({ ok: true, complete: true, rebuilt: 0, errors: 0 });
    expect(rebuild!.result).not.toHaveProperty("errorKeys");
    expect(Date.parse(migrate!.at)).toBeGreaterThanOrEqual(Date.parse(rebuild!.at));
    expect(Object.keys(migrate!).sort()).toEqual(["action", "actor", "at", "params", "result", "target"]);
  });

  it("names a token without a subject token:unknown", async () => {
    const anonymous = await new SignJWT({ role: "SUPER_ADMIN" }).setProtectedHeader({ alg: "HS256" }).setAudience("admin").setExpirationTime("5m")
      .sign(new TextEncoder().encode(SECRET));
    expect((await call(REBUILD as Handler, "POST", "/api/v1/admin/rebuild-index?dryRun=true", bearer(anonymous))).status).toBe(200);
    expect((await listAudit()).body.entries[0]!.actor).toBe("token:unknown");
  });

  it("records a failed action with its error, and the action still fails as before", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const failing = instrumentKV(stores.store.kv, { failList: true });
    const res = await call(REBUILD as Handler, "POST", "/api/v1/admin/rebuild-index?dryRun=true", asKey, { SUBMISSIONS_KV: failing.kv });
    expect(res.status).toBe(500);
    const [entry] = (await listAudit()).body.entries;
    expect(entry).toMatchObject({ action: "rebuild-index", actor: "internal-key", params: { dryRun: true, cursor: false }, result: { ok: false, error: "injected list failure" } });
  });

  it("does not record a request refused for bad input (nothing was done)", async () => {
    expect((await call(REBUILD as Handler, "POST", "/api/v1/admin/rebuild-index?dryRun=maybe", asKey)).status).toBe(400);
    expect(await rows()).toEqual([]);
  });

  it("never throws: with neither store taking the entry, it logs and the caller carries on", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const broken = instrumentKV(stores.store.kv, { failPut: () => true });
    await expect(
      runWithWorkerEnv({ SUBMISSIONS_KV: broken.kv, DATABASE_URL: await refusedDatabaseUrl() }, () => recordAudit({ actor: "internal-key", action: "delist", target: "x" })),
    ).resolves.toBeUndefined();
    expect(errors.mock.calls.map((c) => JSON.parse(String(c[0])).event)).toContain("audit_write_failed");
  });
});

describe("GET /api/v1/admin/audit", () => {
  const record = (i: number, at: Date) => stores.inWorker(() => recordAudit({ actor: "internal-key", action: "relist", target: `skill-${i}`, at }));

  it("pages newest first with the total", async () => {
    const base = Date.now() - 60_000;
    for (let i = 0; i < 25; i++) await record(i, new Date(base + i * 1000));
    const first = (await listAudit("?page=1&limit=10")).body;
    expect(first.total).toBe(25);
    expect(first.entries.map((e) => e.target)).toEqual(Array.from({ length: 10 }, (_, i) => `skill-${24 - i}`));
    const third = (await listAudit("?page=3&limit=10")).body;
    expect(third.entries.map((e) => e.target)).toEqual(["skill-4", "skill-3", "skill-2", "skill-1", "skill-0"]);
    expect(third.total).toBe(25);
    const beyond = (await listAudit("?page=4&limit=10")).body;
    expect(beyond).toEqual({ entries: [], total: 25, source: "postgres" });
    expect((await listAudit()).body.entries).toHaveLength(25); // default limit 50
  });

  it.each([
    ["?limit=0", "limit: must be at least 1"],
    ["?limit=101", "limit: must be at most 100"],
    ["?limit=ten", "limit: must be a number"],
    ["?page=0", "page: must be at least 1"],
    ["?page=1.5", "page: must be a whole number"],
    ["?page=-2", "page: must be at least 1"],
  ])("answers %s with 400 and the reason", async (query, message) => {
    const { res, body } = await listAudit(query);
    expect(res.status).toBe(400);
    expect(body).toEqual({ error: { code: "bad_request", message } });
  });

  it("is for admins only: 401 without valid credentials, 403 for a REVIEWER", async () => {
    await record(1, new Date());
    const get = (headers: Record<string, string>) => call(AUDIT as Handler, "GET", "/api/v1/admin/audit", headers);
    for (const headers of [{} as Record<string, string>, { "x-internal-key": "wrong" }, bearer("not.a.jwt"), bearer(await signAdminToken({ secret: "other", email: "x@example.com", role: "SUPER_ADMIN" }))]) {
      const res = await get(headers);
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
      expect(text).not.toContain("skill-1");
    }
    const reviewer = await get(bearer(await token("REVIEWER", "r@example.com")));
    expect(reviewer.status).toBe(403);
    expect(((await reviewer.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect((await get(bearer(await token("SUPER_ADMIN")))).status).toBe(200);
  });
});

describe("while Postgres is down", () => {
  it("keeps the entry in KV, lists it from there, and the drain moves it exactly once", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const down = await refusedDatabaseUrl();
    const res = await call(REBUILD as Handler, "POST", "/api/v1/admin/rebuild-index?dryRun=true&cursor=", asKey, { DATABASE_URL: down });
    expect(res.status).toBe(200); // the one-step mode answers; its audit entry waits in KV
    const keys = await pendingKeys();
    expect(keys).toHaveLength(1);
    // Expires with the retention (an older entry would be pruned anyway).
    expect(keys[0]!.expiration! * 1000).toBeGreaterThan(Date.now() + AUDIT_RETENTION_MS - 60_000);

    const { res: listed, body } = await listAudit("", { DATABASE_URL: down });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("x-data-source")).toBe("kv-pending");
    expect(body.source).toBe("kv-pending");
    expect(body.total).toBe(1);
    expect(body.entries[0]).toMatchObject({ actor: "internal-key", action: "rebuild-index", params: { dryRun: true, cursor: true }, result: { ok: true } });

    resetDatabaseHealth();
    const report = await runScheduled("0 * * * *", { SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: stores.db.url });
    expect(report.audit).toEqual({ drained: 1, pruned: 0 });
    expect(await stores.inWorker(() => drainAudit(stores.store.kv))).toEqual({ drained: 0, pruned: 0 });
    expect(await rows()).toHaveLength(1);
    expect(keys[0]!.name.endsWith(`:${(await rows())[0]!.id}`)).toBe(true); // the same entry, by id
    expect(await pendingKeys()).toEqual([]);
    const after = (await listAudit()).body;
    expect(after.source).toBe("postgres");
    expect(after.entries).toEqual(body.entries);
  });

  it("with no database configured, records to KV and lists it newest first, paged", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const base = Date.now() - 60_000;
    for (let i = 0; i < 5; i++) {
      await stores.inWorker(() => recordAudit({ actor: "internal-key", action: "delist", target: `skill-${i}`, params: { reason: "spam" }, at: new Date(base + i * 1000) }), null);
    }
    expect(await pendingKeys()).toHaveLength(5);
    const first = (await listAudit("?limit=2", { DATABASE_URL: undefined })).body;
    expect(first).toMatchObject({ source: "kv-pending", total: 5, entries: [{ action: "delist", target: "skill-4", params: { reason: "spam" }, result: null }, { target: "skill-3" }] });
    const last = (await listAudit("?page=3&limit=2", { DATABASE_URL: undefined })).body;
    expect(last.entries.map((e) => e.target)).toEqual(["skill-0"]);
  });

  it("a crash between insert and delete, or two drains at once, never duplicates an entry", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const down = await refusedDatabaseUrl();
    for (const target of ["a", "b", "c"]) await stores.inWorker(() => recordAudit({ actor: "internal-key", action: "relist", target }), down);
    resetDatabaseHealth();
    // The crash: entry "a" reached Postgres but its KV key was never deleted.
    const [key] = (await pendingKeys()).map((k) => k.name);
    const value = JSON.parse((await stores.store.kv.get(key!))!);
    await stores.db.query(
      `INSERT INTO "AuditEntry" (id, at, actor, action, target, params, result) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [value.id, value.at, value.actor, value.action, value.target, JSON.stringify(value.params), JSON.stringify(value.result)],
    );
    const reports = await Promise.all([stores.inWorker(() => drainAudit(stores.store.kv)), stores.inWorker(() => drainAudit(stores.store.kv))]);
    // Each entry is counted by the one drain that inserted it; "a" was already there.
    expect(reports[0]!.drained + reports[1]!.drained).toBe(2);
    expect((await rows()).map((r) => r.action)).toEqual(["relist", "relist", "relist"]);
    expect(new Set((await rows()).map((r) => r.id)).size).toBe(3);
    expect(await pendingKeys()).toEqual([]);
  });

  it("a listing that reaches Postgres again moves pending entries in first", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    await stores.inWorker(() => recordAudit({ actor: "internal-key", action: "delist", target: "outage" }), await refusedDatabaseUrl());
    resetDatabaseHealth();
    const { body } = await listAudit();
    expect(body).toMatchObject({ source: "postgres", total: 1, entries: [{ target: "outage" }] });
    expect(await pendingKeys()).toEqual([]);
  });

  it("answers 503 (not 500) when KV cannot be listed either", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const broken = instrumentKV(stores.store.kv, { failList: true });
    const { res, body } = await listAudit("", { DATABASE_URL: await refusedDatabaseUrl(), SUBMISSIONS_KV: broken.kv });
    expect(res.status).toBe(503);
    expect(body).toEqual({ error: { code: "unavailable", message: expect.any(String) } });
  });
});

describe("retention and bounds", () => {
  it("prunes entries older than 90 days, in Postgres and drained from KV alike", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
    await stores.inWorker(() => recordAudit({ actor: "internal-key", action: "relist", target: "old", at: at(91) }));
    await stores.inWorker(() => recordAudit({ actor: "internal-key", action: "relist", target: "kept", at: at(89) }));
    await stores.inWorker(() => recordAudit({ actor: "internal-key", action: "relist", target: "new", at: at(0) }));
    await stores.inWorker(() => recordAudit({ actor: "internal-key", action: "relist", target: "old-pending", at: at(100) }), await refusedDatabaseUrl());
    resetDatabaseHealth();
    expect(await stores.inWorker(() => drainAudit(stores.store.kv))).toEqual({ drained: 1, pruned: 2 });
    expect((await listAudit()).body.entries.map((e) => e.target)).toEqual(["new", "kept"]);
    expect(await stores.inWorker(() => drainAudit(stores.store.kv))).toEqual({ drained: 0, pruned: 0 });
  });

  it("truncates oversized params and results with a marker, and stores text Postgres refuses", async () => {
    const huge = "x".repeat(100_000);
    await stores.inWorker(() =>
      recordAudit({ actor: `token:${"a".repeat(1000)}`, action: "delist", target: "t".repeat(1000), params: { reason: huge, nul: "a\u0000b" }, result: { items: Array.from({ length: 5000 }, (_, i) => i) }, at: new Date(Date.now() - 1000) }),
    );
    await stores.inWorker(() => recordAudit({ actor: "internal-key", action: "delist", params: { reason: "a\u0000b\ud800" }, at: new Date() }));
    const sizes = await stores.db.query<{ p: number; r: number; actor: number; target: number | null }>(
      `SELECT octet_length(params::text) AS p, octet_length(coalesce(result, 'null')::text) AS r, length(actor) AS actor, length(target) AS target FROM "AuditEntry"`,
    );
    for (const s of sizes) {
      expect(s.p).toBeLessThanOrEqual(AUDIT_JSON_MAX_BYTES);
      expect(s.r).toBeLessThanOrEqual(AUDIT_JSON_MAX_BYTES);
      expect(s.actor).toBeLessThanOrEqual(256);
    }
    const [small, big] = (await listAudit()).body.entries;
    expect(big!.params).toMatchObject({ truncated: true, bytes: expect.any(Number), preview: expect.stringMatching(/^\{"reason":"xxx/) });
    expect((big!.params as { bytes: number }).bytes).toBeGreaterThan(100_000);
    expect(big!.result).toMatchObject({ truncated: true });
    expect(big!.target).toHaveLength(256);
    expect(small!.params).toEqual({ reason: "ab\ufffd" });
  });
});

describe("one database client per invocation", () => {
  it("records through the invocation's client (no extra connection)", async () => {
    const before = dbConnectionsOpened();
    await stores.inWorker(async () => {
      await withDb(async () => undefined);
      await recordAudit({ actor: "internal-key", action: "job-start", params: { kind: "rebuild-index" } });
    });
    expect(dbConnectionsOpened() - before).toBe(1);
  });
});
