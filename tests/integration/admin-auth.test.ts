// Every admin route: happy, error and security cases. No credential variant returns 200 or leaks
// internals; the error body keeps the one shape.
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as REBUILD } from "@/app/api/v1/admin/rebuild-index/route";
import { GET as HEALTH } from "@/app/api/v1/admin/health/skills/route";
import { GET as HISTORY } from "@/app/api/v1/admin/health/history/route";
import { POST as MIGRATE } from "@/app/api/v1/admin/migrate-slugs/route";
import { signAdminToken } from "@/lib/http/auth";
import type { WorkerEnv } from "@/lib/platform/env";
import { runWithWorkerEnv } from "@/lib/platform/worker-context";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { createTestKV, type TestKV } from "../helpers/kv";

const KEY = "test-only-internal-key-not-real";
const SECRET = "test-only-jwt-secret-not-real";
let db: TestDatabase;
let store: TestKV;
beforeAll(async () => {
  db = await createTestDatabase();
  store = await createTestKV();
});
afterAll(async () => {
  await store.dispose();
  await db.drop();
});

type Handler = (req: Request, ctx: object) => Promise<Response>;
const routes: [string, string, Handler][] = [
  ["POST", "/api/v1/admin/rebuild-index", REBUILD as Handler],
  ["GET", "/api/v1/admin/health/skills", HEALTH as Handler],
  ["GET", "/api/v1/admin/health/history", HISTORY as Handler],
  ["POST", "/api/v1/admin/migrate-slugs", MIGRATE as Handler],
];

function call(handler: Handler, method: string, path: string, headers: Record<string, string>, env: Partial<WorkerEnv> = {}) {
  return runWithWorkerEnv({ SUBMISSIONS_KV: store.kv, DATABASE_URL: db.url, INTERNAL_BROADCAST_KEY: KEY, JWT_SECRET: SECRET, ...env }, () =>
    handler(new Request(`http://localhost${path}`, { method, headers }), {}),
  );
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const sign = (claims: Record<string, unknown>, opts: { secret?: string; aud?: string; exp?: string | number | null } = {}) => {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setAudience(opts.aud ?? "admin").setIssuedAt();
  if (opts.exp !== null) jwt = jwt.setExpirationTime(opts.exp ?? "5m");
  return jwt.sign(new TextEncoder().encode(opts.secret ?? SECRET));
};
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

describe.each(routes)("%s %s", (method, path, handler) => {
  it("accepts the internal key", async () => {
    const res = await call(handler, method, `${path}?dryRun=true`, { "x-internal-key": KEY });
    expect(res.status).toBe(200);
  });

  it("accepts a SUPER_ADMIN token", async () => {
    const token = await signAdminToken({ secret: SECRET, email: "ops@example.com", role: "SUPER_ADMIN" });
    expect((await call(handler, method, `${path}?dryRun=true`, bearer(token))).status).toBe(200);
  });

  it("forbids a REVIEWER token (403)", async () => {
    const token = await signAdminToken({ secret: SECRET, email: "r@example.com", role: "REVIEWER" });
    const res = await call(handler, method, path, bearer(token));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  });

  const cases: [string, () => Promise<Record<string, string>>, Partial<WorkerEnv>?][] = [
    ["no credentials", async () => ({})],
    ["a wrong key", async () => ({ "x-internal-key": "wrong" })],
    ["the key's prefix only", async () => ({ "x-internal-key": KEY.slice(0, 10) })],
    ["the key plus a suffix", async () => ({ "x-internal-key": `${KEY}x` })],
    ["an empty key while the secret is unset", async () => ({ "x-internal-key": "" }), { INTERNAL_BROADCAST_KEY: "" }],
    ["any key while the secret is unset", async () => ({ "x-internal-key": "anything" }), { INTERNAL_BROADCAST_KEY: undefined }],
    ["a forged signature", async () => bearer(await sign({ role: "SUPER_ADMIN" }, { secret: "not-the-secret" }))],
    ["an expired token", async () => bearer(await sign({ role: "SUPER_ADMIN" }, { exp: Math.floor(Date.now() / 1000) - 60 }))],
    ["a token without exp", async () => bearer(await sign({ role: "SUPER_ADMIN" }, { exp: null }))],
    ["the wrong audience", async () => bearer(await sign({ role: "SUPER_ADMIN" }, { aud: "public" }))],
    ["alg: none", async () => bearer(`${b64({ alg: "none", typ: "JWT" })}.${b64({ role: "SUPER_ADMIN", aud: "admin", exp: 9_999_999_999 })}.`)],
    ["no role", async () => bearer(await sign({}))],
    ["an unknown role", async () => bearer(await sign({ role: "ADMIN" }))],
    ["garbage after Bearer", async () => bearer("not.a.jwt")],
    ["Basic auth", async () => ({ authorization: `Basic ${Buffer.from(`admin:${KEY}`).toString("base64")}` })],
    ["a valid token when JWT_SECRET is unset", async () => bearer(await sign({ role: "SUPER_ADMIN" })), { JWT_SECRET: undefined }],
  ];
  it.each(cases)("rejects %s with 401 and no internals", async (_, headers, env) => {
    const res = await call(handler, method, path, await headers(), env ?? {});
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(KEY);
    expect(text).not.toMatch(/stack|at \w+ \(|postgres/i);
  });

  it("answers bad parameters with 400 and the reason", async () => {
    const res = await call(handler, method, `${path}?dryRun=maybe`, { "x-internal-key": KEY });
    if (path.includes("/health/")) {
      expect(res.status).toBe(200); // takes no dryRun (history's `days` is tested in health-history.test.ts)
    } else {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe("dryRun: must be true or false");
    }
  });
});

describe("rebuild-index cursor", () => {
  it("rejects a cursor it did not issue with 400", async () => {
    const res = await call(REBUILD as Handler, "POST", "/api/v1/admin/rebuild-index?cursor=bm9wZQ", { "x-internal-key": KEY });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^cursor: /);
  });
});
