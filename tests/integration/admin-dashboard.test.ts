// Issue 13, the operators' dashboard, on real Postgres and Miniflare KV: its route handlers called
// in-process. Sign-in with the key or a SUPER_ADMIN token sets the session cookie (HttpOnly,
// Secure, SameSite=Strict, Path, Max-Age) and is audited; every other credential is refused with
// the form and a reason, never a 500; every form action needs a session, a same-origin post and
// the session's CSRF token; the dashboard's data loads part by part and survives Postgres down.
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { GET as SIGN_IN_PAGE, POST as SIGN_IN } from "@/app/admin/sign-in/route";
import { POST as SIGN_OUT } from "@/app/admin/sign-out/route";
import { POST as REBUILD } from "@/app/admin/actions/rebuild/route";
import { POST as DELIST } from "@/app/admin/actions/delist/route";
import { POST as RELIST } from "@/app/admin/actions/relist/route";
import { POST as API_REBUILD } from "@/app/api/v1/admin/rebuild-index/route";
import { signAdminToken } from "@/lib/http/auth";
import { SESSION_COOKIE, signSession, verifySession } from "@/lib/http/admin-session";
import { readDelistMarker } from "@/lib/catalog/kv/delisted";
import { CATALOGUE_CHANGED_HEADER, changesCatalogue } from "@/lib/http/edge-cache";
import { publishSkill } from "@/lib/submission-store";
import { loadDashboard } from "@/lib/operations/admin-dashboard";
import { markDeadLettered } from "@/lib/submissions/process";
import { createSubmission, updateSubmission } from "@/lib/submissions/store";
import { withDb } from "@/lib/platform/db";
import { refusedDatabaseUrl } from "../helpers/network";
import { useStores } from "../helpers/stores";
import { publishInput } from "../helpers/skills";

const stores = useStores();
const KEY = "test-only-internal-key-not-real";
const SECRET = "test-only-jwt-secret-not-real";
const ORIGIN = "https://skills.example.com";
const admin = { INTERNAL_BROADCAST_KEY: KEY, JWT_SECRET: SECRET };

type Handler = (req: Request) => Promise<Response> | Response;

function post(handler: Handler, path: string, fields: Record<string, string>, headers: Record<string, string> = {}, env: Record<string, unknown> = {}, base = ORIGIN) {
  const body = new URLSearchParams(fields).toString();
  return stores.inWorker(
    async () => handler(new Request(`${base}${path}`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", origin: base, "sec-fetch-site": "same-origin", ...headers } })),
    undefined,
    { ...admin, ...env },
  );
}

const signIn = (credential: string, env: Record<string, unknown> = {}, headers: Record<string, string> = {}, base = ORIGIN) =>
  post(SIGN_IN as Handler, "/admin/sign-in", { credential }, headers, env, base);

/** The attributes of a Set-Cookie header, by lower-case name. */
function cookieAttributes(header: string): { name: string; value: string; attrs: Map<string, string> } {
  const [pair, ...rest] = header.split(";").map((s) => s.trim());
  const eq = pair!.indexOf("=");
  const attrs = new Map(rest.map((a) => { const i = a.indexOf("="); return i < 0 ? [a.toLowerCase(), ""] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)]; }));
  return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), attrs };
}

async function sessionCookieFor(credential = KEY): Promise<{ cookie: string; csrf: string }> {
  const res = await signIn(credential);
  expect(res.status).toBe(303);
  const { value } = cookieAttributes(res.headers.get("set-cookie")!);
  const session = await verifySession(value, { secret: SECRET });
  return { cookie: `${SESSION_COOKIE}=${value}`, csrf: session!.csrf };
}

const auditRows = () => stores.db.query<{ actor: string; action: string; target: string | null; params: Record<string, unknown>; result: Record<string, unknown> }>(`SELECT actor, action, target, params, result FROM "AuditEntry" ORDER BY at`);

const input = publishInput;
const publish = (name: string) => stores.inWorker(() => publishSkill(stores.store.kv, input(name)));
const markerOf = (name: string) => readDelistMarker(stores.store.kv, name);

describe("sign-in", () => {
  it("with the internal key: a 303 to the dashboard and the session cookie with every flag; audited", async () => {
    const res = await signIn(`  ${KEY}\n`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin");
    const { name, value, attrs } = cookieAttributes(res.headers.get("set-cookie")!);
    expect(name).toBe("__Host-admin-session");
    expect(attrs.has("httponly")).toBe(true);
    expect(attrs.has("secure")).toBe(true);
    expect(attrs.get("samesite")).toBe("Strict");
    expect(attrs.get("path")).toBe("/");
    expect(Number(attrs.get("max-age"))).toBeGreaterThan(1790);
    expect(Number(attrs.get("max-age"))).toBeLessThanOrEqual(1800);
    expect(attrs.has("domain")).toBe(false);
    expect(await verifySession(value, { secret: SECRET })).toMatchObject({ actor: "internal-key", via: "internal-key" });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await auditRows()).toEqual([expect.objectContaining({ actor: "internal-key", action: "sign-in", target: null, params: { credential: "internal-key" }, result: expect.objectContaining({ ok: true }) })]);
  });

  it("with a SUPER_ADMIN token: the token's subject is the actor, and the session ends no later than the token", async () => {
    const token = await signAdminToken({ secret: SECRET, email: "ops@example.com", role: "SUPER_ADMIN", expiresIn: "5m" });
    const res = await signIn(token);
    expect(res.status).toBe(303);
    const { value, attrs } = cookieAttributes(res.headers.get("set-cookie")!);
    expect(Number(attrs.get("max-age"))).toBeLessThanOrEqual(300);
    expect(await verifySession(value, { secret: SECRET })).toMatchObject({ actor: "token:ops@example.com", via: "token" });
    expect((await auditRows()).map((r) => [r.actor, r.action])).toEqual([["token:ops@example.com", "sign-in"]]);
  });

  const expired = () => new SignJWT({ role: "SUPER_ADMIN" }).setProtectedHeader({ alg: "HS256" }).setAudience("admin").setSubject("ops@example.com").setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(SECRET));
  const refusals: [string, () => Promise<string>, number, RegExp, Record<string, unknown>?][] = [
    ["a wrong key", async () => "not-the-key", 401, /Wrong key or token/],
    ["the key's prefix", async () => KEY.slice(0, 12), 401, /Wrong key or token/],
    ["nothing", async () => "   ", 401, /Enter the internal key/],
    ["a REVIEWER token", () => signAdminToken({ secret: SECRET, email: "r@example.com", role: "REVIEWER" }), 403, /needs SUPER_ADMIN/],
    ["an expired token", expired, 401, /token is not valid/],
    ["a token signed with another secret", () => signAdminToken({ secret: "another-secret", email: "x@example.com", role: "SUPER_ADMIN" }), 401, /token is not valid/],
    ["a dashboard session token", async () => (await signSession({ secret: SECRET, actor: "internal-key", via: "internal-key" })).token, 401, /token is not valid/],
    ["any key while the internal key is unset", async () => "anything", 401, /Wrong key or token/, { INTERNAL_BROADCAST_KEY: undefined }],
    ["the key while JWT_SECRET is unset", async () => KEY, 503, /JWT_SECRET is not configured/, { JWT_SECRET: undefined }],
  ];
  it.each(refusals)("refuses %s: the form again with the reason, no cookie, nothing audited", async (_, credential, status, message, env) => {
    const res = await signIn(await credential(), env ?? {});
    expect(res.status).toBe(status);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(message);
    expect(html).toContain('data-testid="sign-in-form"');
    expect(html).not.toContain(KEY);
    expect(html).not.toContain(SECRET);
    expect(await auditRows()).toEqual([]);
  });

  it("refuses a sign-in posted from another site, and one over plain http to a non-local host", async () => {
    const foreign = await signIn(KEY, {}, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("set-cookie")).toBeNull();
    const plain = await signIn(KEY, {}, {}, "http://skills.example.com");
    expect(plain.status).toBe(400);
    expect(await plain.text()).toContain("sign in over https");
    const local = await signIn(KEY, {}, {}, "http://127.0.0.1:8787");
    expect(local.status).toBe(303);
  });

  it("a body that is not a form, or an oversized one, is a refused sign-in, not a 500", async () => {
    const res = await stores.inWorker(() => SIGN_IN(new Request(`${ORIGIN}/admin/sign-in`, { method: "POST", body: "{", headers: { "content-type": "application/json" } })), undefined, admin);
    expect(res.status).toBe(401);
    const huge = `credential=${encodeURIComponent(KEY)}&pad=${"x".repeat(20_000)}`;
    const big = await stores.inWorker(() => SIGN_IN(new Request(`${ORIGIN}/admin/sign-in`, { method: "POST", body: huge, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(huge.length) } })), undefined, admin);
    expect(big.status).toBe(401); // larger than any form of ours: not read
  });

  it("the form page: shown without a session (a stale cookie deleted), the dashboard with one", async () => {
    const page = await stores.inWorker(() => SIGN_IN_PAGE(new Request(`${ORIGIN}/admin/sign-in`, { headers: { cookie: `${SESSION_COOKIE}=forged.token.value` } })), undefined, admin);
    expect(page.status).toBe(200);
    expect(page.headers.get("set-cookie")).toContain("Max-Age=0");
    expect(await page.text()).toContain('name="credential"');
    const { cookie } = await sessionCookieFor();
    const signedIn = await stores.inWorker(() => SIGN_IN_PAGE(new Request(`${ORIGIN}/admin/sign-in`, { headers: { cookie } })), undefined, admin);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe("/admin");
  });

  it("the session cookie is not an API credential", async () => {
    const { cookie } = await sessionCookieFor();
    const token = cookie.split("=")[1]!;
    const res = await stores.inWorker(() => API_REBUILD(new Request(`${ORIGIN}/api/v1/admin/rebuild-index?dryRun=true`, { method: "POST", headers: { authorization: `Bearer ${token}`, cookie } }), {}), undefined, admin);
    expect(res.status).toBe(401);
  });
});

const actions: [string, Handler, string, Record<string, string>][] = [
  ["sign-out", SIGN_OUT as Handler, "/admin/sign-out", {}],
  ["rebuild", REBUILD as Handler, "/admin/actions/rebuild", { dryRun: "false" }],
  ["delist", DELIST as Handler, "/admin/actions/delist", { name: "release-notes", reason: "Reported as malware" }],
  ["relist", RELIST as Handler, "/admin/actions/relist", { name: "release-notes" }],
];

describe.each(actions)("the %s form", (action, handler, path, fields) => {
  const noSession: [string, () => Promise<Record<string, string>>][] = [
    ["no cookie", async () => ({})],
    ["a forged cookie", async () => ({ cookie: `${SESSION_COOKIE}=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJpbnRlcm5hbC1rZXkifQ.forged` })],
    ["an expired session", async () => ({ cookie: `${SESSION_COOKIE}=${(await signSession({ secret: SECRET, actor: "internal-key", via: "internal-key", now: Math.floor(Date.now() / 1000) - 3600 })).token}` })],
    ["a session signed with another secret", async () => ({ cookie: `${SESSION_COOKIE}=${(await signSession({ secret: "another-secret", actor: "internal-key", via: "internal-key" })).token}` })],
    ["a SUPER_ADMIN API token as the cookie", async () => ({ cookie: `${SESSION_COOKIE}=${await signAdminToken({ secret: SECRET, email: "ops@example.com", role: "SUPER_ADMIN" })}` })],
    ["a REVIEWER API token as the cookie", async () => ({ cookie: `${SESSION_COOKIE}=${await signAdminToken({ secret: SECRET, email: "r@example.com", role: "REVIEWER" })}` })],
    ["a REVIEWER bearer token", async () => ({ authorization: `Bearer ${await signAdminToken({ secret: SECRET, email: "r@example.com", role: "REVIEWER" })}` })],
    ["the internal key as a header", async () => ({ "x-internal-key": KEY })],
  ];
  it.each(noSession)("without a session (%s): 303 to sign-in and nothing done", async (_, headers) => {
    await publish("release-notes");
    const res = await post(handler, path, { ...fields, csrf: "whatever" }, await headers());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/sign-in");
    expect(res.headers.get(CATALOGUE_CHANGED_HEADER)).toBeNull();
    expect(await markerOf("release-notes")).toBeNull();
    expect(await auditRows()).toEqual([]);
  });

  it("refuses a missing, wrong or another session's CSRF token, and a foreign origin, with 403", async () => {
    await publish("release-notes");
    const { cookie, csrf } = await sessionCookieFor();
    const other = await sessionCookieFor();
    const cases: [Record<string, string>, Record<string, string>][] = [
      [fields, { cookie }],
      [{ ...fields, csrf: "" }, { cookie }],
      [{ ...fields, csrf: `${csrf}x` }, { cookie }],
      [{ ...fields, csrf: other.csrf }, { cookie }],
      [{ ...fields, csrf }, { cookie, origin: "https://evil.example" }],
      [{ ...fields, csrf }, { cookie, origin: "null" }],
      [{ ...fields, csrf }, { cookie, "sec-fetch-site": "cross-site" }],
      [{ ...fields, csrf }, { cookie, "sec-fetch-site": "same-site" }],
    ];
    for (const [form, headers] of cases) {
      const res = await post(handler, path, form, headers);
      expect(res.status, `${action} ${JSON.stringify(headers)} ${JSON.stringify(form)}`).toBe(403);
      expect(await res.text()).toContain('data-testid="admin-refusal"');
      expect(res.headers.get("set-cookie")).toBeNull(); // a refused sign-out keeps the session
    }
    expect(await markerOf("release-notes")).toBeNull();
    expect((await auditRows()).map((r) => r.action)).toEqual(["sign-in", "sign-in"]);
  });
});

describe("actions with a session", () => {
  it("delist from the form: 303 back with the notice, the skill delisted with its reason, audited with the actor; relist puts it back", async () => {
    await publish("release-notes");
    const { cookie, csrf } = await sessionCookieFor();
    const res = await post(DELIST as Handler, "/admin/actions/delist", { name: "release-notes", reason: "Reported as malware", csrf }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin?notice=delist-done&skill=release-notes#skills");
    expect(res.headers.get(CATALOGUE_CHANGED_HEADER)).toBe("1"); // the worker entry purges the public caches on it
    expect(await markerOf("release-notes")).toMatchObject({ reason: "Reported as malware", actor: "internal-key" });

    const back = await post(RELIST as Handler, "/admin/actions/relist", { name: "release-notes", csrf }, { cookie });
    expect(back.headers.get("location")).toBe("/admin?notice=relist-done&skill=release-notes#skills");
    expect(await markerOf("release-notes")).toBeNull();
    const rows = await auditRows();
    expect(rows.map((r) => [r.actor, r.action, r.target])).toEqual([["internal-key", "sign-in", null], ["internal-key", "delist", "release-notes"], ["internal-key", "relist", "release-notes"]]);
    expect(rows[1]!.params).toEqual({ reason: "Reported as malware", via: "dashboard" });
  });

  it.each([
    [{ name: "pdf", reason: "no" }, "delist-conflict"],
    [{ name: "no-such-skill", reason: "no" }, "delist-not_found"],
    [{ name: "release-notes", reason: "" }, "delist-bad_request"],
  ])("a refused delist (%j) comes back as the notice %s", async (form, notice) => {
    await publish("release-notes");
    const { cookie, csrf } = await sessionCookieFor();
    const res = await post(DELIST as Handler, "/admin/actions/delist", { ...form, csrf }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain(`notice=${notice}&`);
    expect(res.headers.get(CATALOGUE_CHANGED_HEADER)).toBeNull();
    expect(await markerOf("release-notes")).toBeNull();
  });

  it("rebuild: the dry run's report with the button to run it for real, then the real run's, done", async () => {
    await publish("release-notes");
    await stores.store.kv.delete("skills:published-index");
    const { cookie, csrf } = await sessionCookieFor();
    const dry = await post(REBUILD as Handler, "/admin/actions/rebuild", { dryRun: "true", csrf }, { cookie });
    expect(dry.status).toBe(200);
    const dryHtml = await dry.text();
    expect(dryHtml).toContain('data-dry-run="true"');
    expect(dryHtml).toContain('data-testid="rebuild-real"');
    expect(dryHtml).toContain(`name="csrf" value="${csrf}"`);
    expect(dry.headers.get(CATALOGUE_CHANGED_HEADER)).toBeNull();
    const real = await post(REBUILD as Handler, "/admin/actions/rebuild", { dryRun: "false", csrf }, { cookie });
    expect(real.status).toBe(200);
    const realHtml = await real.text();
    expect(realHtml).toContain('data-dry-run="false" data-complete="true"');
    expect(realHtml).toContain("<strong>done</strong>");
    expect(real.headers.get(CATALOGUE_CHANGED_HEADER)).toBe("1");
    expect((await auditRows()).map((r) => [r.action, r.params.dryRun, r.params.via])).toEqual([["sign-in", undefined, undefined], ["rebuild-index", true, "dashboard"], ["rebuild-index", false, "dashboard"]]);
  });

  it("rebuild refuses a cursor it did not issue (400) and a form it does not make", async () => {
    const { cookie, csrf } = await sessionCookieFor();
    expect((await post(REBUILD as Handler, "/admin/actions/rebuild", { dryRun: "false", cursor: "bm9wZQ", csrf }, { cookie })).status).toBe(400);
    expect((await post(REBUILD as Handler, "/admin/actions/rebuild", { dryRun: "maybe", csrf }, { cookie })).status).toBe(400);
  });

  it("sign-out deletes the cookie and goes to the sign-in page", async () => {
    const { cookie, csrf } = await sessionCookieFor();
    const res = await post(SIGN_OUT as Handler, "/admin/sign-out", { csrf }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/sign-in");
    expect(res.headers.get("set-cookie")).toMatch(/^__Host-admin-session=; .*Max-Age=0/);
    // Recorded like the sign-in: who ended the session, and when.
    expect((await auditRows()).map((r) => `${r.actor} ${r.action}`).sort()).toEqual(["internal-key sign-in", "internal-key sign-out"]);
  });
});

describe("purging after a dashboard change", () => {
  it("the worker entry purges after an admin API write or a response marked as changing the catalogue, never after a GET", () => {
    const marked = new Response(null, { status: 303, headers: { [CATALOGUE_CHANGED_HEADER]: "1" } });
    expect(changesCatalogue(new Request(`${ORIGIN}/admin/actions/delist`, { method: "POST" }), marked)).toBe(true);
    expect(changesCatalogue(new Request(`${ORIGIN}/admin/actions/delist`, { method: "POST" }), new Response(null, { status: 303 }))).toBe(false);
    expect(changesCatalogue(new Request(`${ORIGIN}/api/v1/admin/rebuild-index`, { method: "POST" }))).toBe(true);
    expect(changesCatalogue(new Request(`${ORIGIN}/admin`), marked)).toBe(false);
  });
});

describe("dashboard data", () => {
  it("counts submissions by state, lists dead letters and discovery runs, the delisted skills and the audit log", async () => {
    await publish("release-notes");
    await stores.inWorker(async () => {
      const kv = stores.store.kv;
      const a = await withDb(async (db) => (await createSubmission(kv, db, { repoUrl: "https://github.com/acme/a", skillName: "one" })).submission);
      await withDb(async (db) => (await createSubmission(kv, db, { repoUrl: "https://github.com/acme/b", skillName: "two" })).submission);
      const c = await withDb(async (db) => (await createSubmission(kv, db, { repoUrl: "https://github.com/acme/c", skillName: "three" })).submission);
      await withDb((db) => updateSubmission(kv, db, c, { state: "FAILED", reason: "SKILL.md not found" }));
      await withDb((db) => updateSubmission(kv, db, a, { attempts: 5, reason: "GitHub answered 502" }));
      await markDeadLettered(a.id);
      await withDb((db) => db.discoveryRunLog.create({ data: { finishedAt: new Date(), found: 7, queued: 3, skipped: 4 } }));
    });
    const { cookie, csrf } = await sessionCookieFor();
    await post(DELIST as Handler, "/admin/actions/delist", { name: "release-notes", reason: "Takedown request", csrf }, { cookie });

    const d = await stores.inWorker(() => loadDashboard(), undefined, admin);
    expect(d.health).toMatchObject({ ok: true, value: { delisted_count: 1, prisma_count: 0 } });
    expect(d.submissions).toMatchObject({ ok: true, value: { byState: { QUEUED: 1, SCANNING: 0, PUBLISHED: 0, REJECTED: 0, FAILED: 2 } } });
    if (!d.submissions.ok) throw new Error("unreachable");
    expect(d.submissions.value.deadLetters.total).toBe(1);
    expect(d.submissions.value.deadLetters.entries[0]).toMatchObject({ skillName: "one", attempts: 5, reason: "gave up after 5 attempts: GitHub answered 502" });
    expect(d.discoveryRuns).toMatchObject({ ok: true, value: [{ found: 7, queued: 3, skipped: 4, error: null }] });
    expect(d.delisted).toMatchObject({ ok: true, value: [{ name: "release-notes", reason: "Takedown request" }] });
    expect(d.audit).toMatchObject({ ok: true, value: { source: "postgres", total: 2 } });
    expect(d.history).toEqual({ ok: true, value: { snapshots: [], incidents: [] } });
  });

  it("with Postgres down: health and the KV parts still load, the Postgres parts say unavailable; nothing throws", async () => {
    await publish("release-notes");
    const d = await stores.inWorker(() => loadDashboard(), await refusedDatabaseUrl(), admin);
    expect(d.health).toMatchObject({ ok: true, value: { prisma_count: null, kv_enumerated_count: 1, database: { reachable: false } } });
    expect(d.submissions).toMatchObject({ ok: false, error: expect.stringMatching(/unreachable/) });
    expect(d.discoveryRuns).toMatchObject({ ok: false });
    expect(d.audit).toMatchObject({ ok: true, value: { source: "kv-pending" } });
    expect(d.delisted).toEqual({ ok: true, value: [] });
  });

  it("with no database configured: the Postgres parts say so", async () => {
    const d = await stores.inWorker(() => loadDashboard(), null, admin);
    expect(d.submissions).toMatchObject({ ok: false, error: expect.stringMatching(/no database is configured/) });
    expect(d.health.ok).toBe(true);
  });
});
