/**
 * Caller authentication for admin and internal routes.
 * - `X-Internal-Key` compared in constant time with INTERNAL_BROADCAST_KEY; an unset or empty
 *   secret authenticates nobody.
 * - `Authorization: Bearer <JWT>`: HS256 only, signed with JWT_SECRET, `aud: "admin"`, `exp`
 *   required. Role SUPER_ADMIN may use admin routes; REVIEWER is known but forbidden (403).
 */
import { jwtVerify, SignJWT } from "jose";
import { getEnv } from "../platform/env";
import { ApiError } from "./errors";

export const INTERNAL_KEY_HEADER = "x-internal-key";
export const ADMIN_AUDIENCE = "admin";
export const ROLES = ["SUPER_ADMIN", "REVIEWER"] as const;
export type Role = (typeof ROLES)[number];

/** Constant-time string comparison (no early exit on the first differing byte or on length). */
export function constantTimeEqual(a: string, b: string): boolean {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  let diff = x.length ^ y.length;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** True when `given` is the configured internal key (constant time; an unset secret matches nothing). */
export function isInternalKey(given: string | null | undefined): boolean {
  const secret = getEnv().INTERNAL_BROADCAST_KEY;
  if (!secret || !given) return false;
  return constantTimeEqual(given, secret);
}

/** True when the request carries the configured internal key. */
export function hasInternalKey(req: Request): boolean {
  return isInternalKey(req.headers.get(INTERNAL_KEY_HEADER));
}

export type AdminPrincipal = { kind: "internal-key" } | { kind: "jwt"; subject: string | undefined; role: Role };

/** Who is calling, or an ApiError: 401 without valid credentials, 403 for a non-admin role. */
export async function authenticateAdmin(req: Request): Promise<AdminPrincipal> {
  if (hasInternalKey(req)) return { kind: "internal-key" };
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError("unauthorized", "Admin credentials required (X-Internal-Key or Bearer token)");
  return verifyAdminToken(match[1]!);
}

/**
 * The principal of an admin JWT (`aud: "admin"`, HS256, `exp` required, role SUPER_ADMIN), or an
 * ApiError: 401 for a bad, expired or unknown-role token, 403 for REVIEWER. The token's `exp`
 * comes back too, so a caller can keep what it derives from the token within its lifetime.
 */
export async function verifyAdminToken(token: string): Promise<AdminPrincipal & { kind: "jwt"; expiresAt: number }> {
  const secret = getEnv().JWT_SECRET;
  if (!secret) throw new ApiError("unauthorized", "Invalid or expired token");
  let role: unknown;
  let subject: string | undefined;
  let expiresAt: number;
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      audience: ADMIN_AUDIENCE,
      requiredClaims: ["exp"],
    });
    role = payload.role;
    subject = payload.sub ?? (typeof payload.email === "string" ? payload.email : undefined);
    expiresAt = payload.exp!;
  } catch {
    throw new ApiError("unauthorized", "Invalid or expired token");
  }
  if (role === "SUPER_ADMIN") return { kind: "jwt", subject, role, expiresAt };
  if (role === "REVIEWER") throw new ApiError("forbidden", "This operation needs the SUPER_ADMIN role");
  throw new ApiError("unauthorized", "Invalid or expired token");
}

/** Wraps an admin route handler: authenticates first, then runs it. */
export function withAdmin<C>(handler: (req: Request, ctx: C, who: AdminPrincipal) => Promise<Response>) {
  return async (req: Request, ctx: C): Promise<Response> => handler(req, ctx, await authenticateAdmin(req));
}

/** Signs an admin token (for `npm run admin:token` and tests). */
export async function signAdminToken(opts: { secret: string; email: string; role: Role; expiresIn?: string }): Promise<string> {
  return new SignJWT({ role: opts.role, email: opts.email })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(opts.email)
    .setAudience(ADMIN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? "1h")
    .sign(new TextEncoder().encode(opts.secret));
}
