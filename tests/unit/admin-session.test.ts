// The dashboard session token, its cookie and the CSRF and origin checks (issue 13, "Operators").
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  clearedSessionCookie,
  csrfMatches,
  readSessionCookie,
  SESSION_AUDIENCE,
  SESSION_COOKIE,
  SESSION_ISSUER,
  SESSION_TTL_SECONDS,
  sessionCookie,
  signSession,
  verifySession,
} from "@/lib/http/admin-session";
import { isSameOriginPost } from "@/lib/http/admin-form";
import { keepsSecureCookies } from "@/lib/http/admin-sign-in";
import { signAdminToken, verifyAdminToken } from "@/lib/http/auth";
import { ApiError } from "@/lib/http/errors";
import { runWithWorkerEnv } from "@/lib/platform/worker-context";

const SECRET = "unit-test-jwt-secret-not-real";
const NOW = 1_800_000_000;
const kv = { list() {}, get() {}, put() {}, delete() {} } as unknown as KVNamespace;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

async function session(opts: Partial<Parameters<typeof signSession>[0]> = {}) {
  return signSession({ secret: SECRET, actor: "token:ops@example.com", via: "token", now: NOW, ...opts });
}

describe("session token", () => {
  it("round-trips the actor, how it signed in and a CSRF secret, for 30 minutes", async () => {
    const { token, session: made } = await session();
    const seen = await verifySession(token, { secret: SECRET, now: NOW + 60 });
    expect(seen).toEqual(made);
    expect(seen).toMatchObject({ actor: "token:ops@example.com", via: "token", issuedAt: NOW, expiresAt: NOW + SESSION_TTL_SECONDS });
    expect(SESSION_TTL_SECONDS).toBe(1800);
    expect(seen!.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await session();
    expect(other.session.csrf).not.toBe(made.csrf);
  });

  it("expires: valid a second before its end, refused at it and after", async () => {
    const { token } = await session();
    expect(await verifySession(token, { secret: SECRET, now: NOW + SESSION_TTL_SECONDS - 1 })).not.toBeNull();
    expect(await verifySession(token, { secret: SECRET, now: NOW + SESSION_TTL_SECONDS })).toBeNull();
    expect(await verifySession(token, { secret: SECRET, now: NOW + SESSION_TTL_SECONDS + 3600 })).toBeNull();
  });

  it("never outlives the admin token it was made from", async () => {
    const { session: made } = await session({ notAfter: NOW + 300 });
    expect(made.expiresAt).toBe(NOW + 300);
  });

  it.each([
    ["another secret", async (t: string) => verifySession(t, { secret: "another-secret", now: NOW })],
    ["no secret configured", async (t: string) => verifySession(t, { secret: undefined, now: NOW })],
    ["a changed payload (actor swapped)", async (t: string) => {
      const [h, p, s] = t.split(".");
      const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
      return verifySession(`${h}.${b64({ ...payload, sub: "internal-key" })}.${s}`, { secret: SECRET, now: NOW });
    }],
    ["a changed signature", async (t: string) => verifySession(t.slice(0, -2) + (t.endsWith("AA") ? "BB" : "AA"), { secret: SECRET, now: NOW })],
    ["alg: none", async (t: string) => {
      const payload = JSON.parse(Buffer.from(t.split(".")[1]!, "base64url").toString());
      return verifySession(`${b64({ alg: "none", typ: "admin-session+jwt" })}.${b64(payload)}.`, { secret: SECRET, now: NOW });
    }],
    ["an empty or oversized value", async () => (await verifySession("", { secret: SECRET })) ?? verifySession("a".repeat(5000), { secret: SECRET })],
  ])("refuses %s", async (_, check) => {
    const { token } = await session();
    expect(await check(token)).toBeNull();
  });

  it("is not the API's token: an admin bearer token is no session, and a session is no bearer token", async () => {
    const apiToken = await signAdminToken({ secret: SECRET, email: "ops@example.com", role: "SUPER_ADMIN" });
    expect(await verifySession(apiToken, { secret: SECRET })).toBeNull();
    const { token } = await signSession({ secret: SECRET, actor: "internal-key", via: "internal-key" });
    const asBearer = runWithWorkerEnv({ SUBMISSIONS_KV: kv, JWT_SECRET: SECRET }, () => verifyAdminToken(token));
    await expect(asBearer).rejects.toBeInstanceOf(ApiError);
    await expect(asBearer).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("needs the derived key: the session's claims signed with JWT_SECRET itself are refused", async () => {
    const forged = await new SignJWT({ via: "internal-key", csrf: "x".repeat(43) })
      .setProtectedHeader({ alg: "HS256", typ: "admin-session+jwt" })
      .setIssuer(SESSION_ISSUER)
      .setAudience(SESSION_AUDIENCE)
      .setSubject("internal-key")
      .setIssuedAt(NOW)
      .setExpirationTime(NOW + 60)
      .sign(new TextEncoder().encode(SECRET));
    expect(await verifySession(forged, { secret: SECRET, now: NOW })).toBeNull();
  });

  it("refuses a session that claims a longer life than a session may have", async () => {
    const { token } = await session({ ttlSeconds: SESSION_TTL_SECONDS + 1 });
    expect(await verifySession(token, { secret: SECRET, now: NOW + 10 })).toBeNull();
  });
});

describe("session cookie", () => {
  it("is httpOnly, Secure, SameSite=Strict, Path=/ with a Max-Age of the session's remaining life", async () => {
    const { token, session: made } = await session();
    const header = sessionCookie(token, made, NOW);
    expect(header.startsWith(`${SESSION_COOKIE}=${token}; `)).toBe(true);
    expect(SESSION_COOKIE).toBe("__Host-admin-session");
    const attrs = header.split("; ").slice(1);
    expect(new Set(attrs)).toEqual(new Set(["Path=/", "HttpOnly", "Secure", "SameSite=Strict", "Max-Age=1800"]));
    expect(header).not.toMatch(/Domain=/i);
    expect(sessionCookie(token, made, NOW + 1000)).toContain("Max-Age=800");
  });

  it("is deleted with the same flags and Max-Age=0", () => {
    expect(clearedSessionCookie()).toBe(`${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`);
  });

  it.each([
    [null, null],
    ["", null],
    ["theme=dark", null],
    [`${SESSION_COOKIE}=abc.def.ghi`, "abc.def.ghi"],
    [`theme=dark; ${SESSION_COOKIE}=abc.def.ghi; other=1`, "abc.def.ghi"],
    [`x${SESSION_COOKIE}=no; ${SESSION_COOKIE}=yes`, "yes"],
    [`${SESSION_COOKIE}=`, null],
  ])("reads %j as %j", (header, token) => {
    expect(readSessionCookie(header)).toBe(token);
  });
});

describe("CSRF token", () => {
  it("matches only the session's own secret", async () => {
    const { session: made } = await session();
    expect(csrfMatches(made, made.csrf)).toBe(true);
    const { session: other } = await session();
    for (const given of [other.csrf, "", made.csrf.slice(0, -1), `${made.csrf}x`, null, undefined, 42, new File([made.csrf], "f")]) {
      expect(csrfMatches(made, given)).toBe(false);
    }
  });
});

describe("same-origin post", () => {
  const origins = ["https://skills.example.com", "http://127.0.0.1:8787"];
  it.each<[Record<string, string>, boolean, string]>([
    [{}, true, "no Origin (a non-browser client; the CSRF token still has to match)"],
    [{ origin: "https://skills.example.com" }, true, "our origin"],
    [{ origin: "HTTPS://SKILLS.EXAMPLE.COM" }, true, "our origin, any case"],
    [{ origin: "http://127.0.0.1:8787", "sec-fetch-site": "same-origin" }, true, "the local origin"],
    [{ origin: "https://evil.example" }, false, "another site"],
    [{ origin: "https://skills.example.com.evil.example" }, false, "a look-alike host"],
    [{ origin: "http://skills.example.com" }, false, "our host over another scheme"],
    [{ origin: "null" }, false, "an opaque origin"],
    [{ "sec-fetch-site": "cross-site" }, false, "Sec-Fetch-Site cross-site"],
    [{ "sec-fetch-site": "same-site", origin: "https://skills.example.com" }, false, "Sec-Fetch-Site same-site (a sibling subdomain)"],
  ])("%j -> %s (%s)", (headers, ok) => {
    expect(isSameOriginPost(new Headers(headers), origins)).toBe(ok);
  });
});

describe("Secure cookies kept", () => {
  it.each([
    ["https://skills.example.com/admin/sign-in", true],
    ["http://127.0.0.1:8787/admin/sign-in", true],
    ["http://localhost:3000/admin/sign-in", true],
    ["http://[::1]:8787/admin/sign-in", true],
    ["http://skills.example.com/admin/sign-in", false],
    ["http://192.168.1.20:8787/admin/sign-in", false],
  ])("%s -> %s", (url, ok) => {
    expect(keepsSecureCookies(new URL(url))).toBe(ok);
  });
});
