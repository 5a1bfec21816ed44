/**
 * The operators' dashboard session (`/admin`): a short-lived signed token in an httpOnly cookie.
 * - A token kind of its own, never interchangeable with the API's bearer token: audience
 *   `admin-session` (the API's is `admin`), and signed with a key derived from JWT_SECRET
 *   (HMAC-SHA256 of the secret over a fixed label), so neither verifies as the other even if one
 *   check were dropped.
 * - Carries the actor (as the audit log names it), how it signed in, and a random CSRF secret
 *   that every state-changing form must echo (admin-form.ts).
 * - Lives SESSION_TTL_SECONDS (30 minutes) from sign-in, never past the expiry of the admin token
 *   it was made from; not renewed. It is stateless: sign-out deletes the cookie, and a copy of the
 *   token taken before that stays valid until it expires (the cookie is httpOnly, so page script
 *   cannot read it). Rotating JWT_SECRET ends every session.
 * - The cookie is `__Host-admin-session`: Secure, Path=/, no Domain (so no other host can set or
 *   shadow it), SameSite=Strict. Browsers keep Secure cookies only over https, except on
 *   localhost and 127.0.0.1, where Chromium and Firefox keep them over plain http too.
 */
import { jwtVerify, SignJWT } from "jose";
import { constantTimeEqual } from "./auth";

export const SESSION_COOKIE = "__Host-admin-session";
export const SESSION_AUDIENCE = "admin-session";
export const SESSION_ISSUER = "skill-marketplace";
export const SESSION_TTL_SECONDS = 30 * 60;
const KEY_LABEL = "skill-marketplace/admin-session/v1";
/** Tokens longer than this are not ours (a session token is about 400 characters). */
const TOKEN_MAX = 2048;

export interface AdminSession {
  /** As the audit log names it: "internal-key" or "token:<subject>". */
  actor: string;
  via: "internal-key" | "token";
  /** The secret every state-changing form echoes in its `csrf` field. */
  csrf: string;
  /** Seconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
}

const utf8 = new TextEncoder();

/** The session's signing key: HMAC-SHA256(JWT_SECRET, label), never JWT_SECRET itself. */
async function sessionKey(secret: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", utf8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8.encode(KEY_LABEL)));
}

function randomToken(bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  let s = "";
  for (const b of raw) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Signs a new session for `actor`. It expires SESSION_TTL_SECONDS after `now` (seconds), or at
 * `notAfter` when that is sooner (the admin token it was made from expires first).
 */
export async function signSession(opts: {
  secret: string;
  actor: string;
  via: AdminSession["via"];
  now?: number;
  notAfter?: number;
  ttlSeconds?: number;
}): Promise<{ token: string; session: AdminSession }> {
  const issuedAt = opts.now ?? Math.floor(Date.now() / 1000);
  const expiresAt = Math.min(issuedAt + (opts.ttlSeconds ?? SESSION_TTL_SECONDS), opts.notAfter ?? Infinity);
  const session: AdminSession = { actor: opts.actor, via: opts.via, csrf: randomToken(), issuedAt, expiresAt };
  const token = await new SignJWT({ via: session.via, csrf: session.csrf })
    .setProtectedHeader({ alg: "HS256", typ: "admin-session+jwt" })
    .setIssuer(SESSION_ISSUER)
    .setAudience(SESSION_AUDIENCE)
    .setSubject(session.actor)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(await sessionKey(opts.secret));
  return { token, session };
}

/**
 * The session a token carries, or null: a bad signature, another audience or issuer (the API's
 * admin token among them), an expired token, one that claims to live longer than a session may,
 * missing claims, or no JWT_SECRET configured. Never throws.
 */
export async function verifySession(token: string | null | undefined, opts: { secret: string | undefined; now?: number }): Promise<AdminSession | null> {
  if (!token || !opts.secret || token.length > TOKEN_MAX) return null;
  try {
    const { payload } = await jwtVerify(token, await sessionKey(opts.secret), {
      algorithms: ["HS256"],
      audience: SESSION_AUDIENCE,
      issuer: SESSION_ISSUER,
      requiredClaims: ["exp", "iat", "sub"],
      typ: "admin-session+jwt",
      ...(opts.now !== undefined ? { currentDate: new Date(opts.now * 1000) } : {}),
    });
    const { sub, iat, exp, via, csrf } = payload;
    if (typeof sub !== "string" || !sub || typeof csrf !== "string" || csrf.length < 32) return null;
    if (via !== "internal-key" && via !== "token") return null;
    if (typeof iat !== "number" || typeof exp !== "number" || exp - iat > SESSION_TTL_SECONDS) return null;
    return { actor: sub, via, csrf, issuedAt: iat, expiresAt: exp };
  } catch {
    return null;
  }
}

/** True when a form's `csrf` field is this session's secret (constant time). */
export function csrfMatches(session: AdminSession, given: unknown): boolean {
  return typeof given === "string" && given.length > 0 && constantTimeEqual(given, session.csrf);
}

const COOKIE_FLAGS = "Path=/; HttpOnly; Secure; SameSite=Strict";

/** The Set-Cookie value that stores a session until it expires. */
export function sessionCookie(token: string, session: AdminSession, now = Math.floor(Date.now() / 1000)): string {
  return `${SESSION_COOKIE}=${token}; ${COOKIE_FLAGS}; Max-Age=${Math.max(0, session.expiresAt - now)}`;
}

/** The Set-Cookie value that deletes the session cookie (sign-out, or a cookie that no longer verifies). */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; ${COOKIE_FLAGS}; Max-Age=0`;
}

/** The session token in a Cookie header (the first one of our name), or null. */
export function readSessionCookie(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
