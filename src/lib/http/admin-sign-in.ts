/**
 * Dashboard sign-in: the internal key or a SUPER_ADMIN admin token in, a session out
 * (admin-session.ts), recorded in the audit log as `sign-in`. A refusal says why in words an
 * operator can act on, with 401 (wrong key, bad or expired token), 403 (a REVIEWER token), 400 (a
 * non-local plain-http address, where the Secure cookie would be dropped) or 503 (no JWT_SECRET
 * to sign sessions with); never a 500. Failed attempts are logged, not audited (the audit log
 * records admin actions, and a stranger's guesses are not one).
 */
import { auditActor, recordAudit } from "../operations/audit";
import { getEnv } from "../platform/env";
import { logEvent } from "../platform/log";
import { isInternalKey, verifyAdminToken } from "./auth";
import { ApiError } from "./errors";
import { signSession, type AdminSession } from "./admin-session";

export type SignInResult = { ok: true; token: string; session: AdminSession } | { ok: false; status: 400 | 401 | 403 | 503; message: string };

const CREDENTIAL_MAX = 4096;
const LOOKS_LIKE_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** True when a Secure cookie set for `url` would be kept: https, or plain http on this machine. */
export function keepsSecureCookies(url: URL): boolean {
  return url.protocol === "https:" || LOOPBACK.has(url.hostname) || url.hostname.endsWith(".localhost");
}

export async function signIn(credentialRaw: string, requestUrl: URL): Promise<SignInResult> {
  const credential = credentialRaw.trim();
  const refuse = (status: 400 | 401 | 403 | 503, message: string, reason: string): SignInResult => {
    logEvent("warn", "admin_sign_in_refused", { reason });
    return { ok: false, status, message };
  };
  if (!keepsSecureCookies(requestUrl)) {
    return refuse(400, "The dashboard's session cookie is Secure: sign in over https (or on localhost / 127.0.0.1 during development).", "insecure-transport");
  }
  if (!credential) return refuse(401, "Enter the internal key or an admin token.", "empty");
  if (credential.length > CREDENTIAL_MAX) return refuse(401, "Wrong key or token: sign-in refused.", "too-long");
  const secret = getEnv().JWT_SECRET;
  if (!secret) return refuse(503, "The dashboard cannot sign sessions: JWT_SECRET is not configured.", "no-jwt-secret");

  let actor: string;
  let via: AdminSession["via"];
  let notAfter: number | undefined;
  if (isInternalKey(credential)) {
    actor = auditActor({ kind: "internal-key" });
    via = "internal-key";
  } else if (LOOKS_LIKE_JWT.test(credential)) {
    try {
      const principal = await verifyAdminToken(credential);
      actor = auditActor(principal);
      via = "token";
      notAfter = principal.expiresAt;
    } catch (err) {
      if (err instanceof ApiError && err.code === "forbidden") {
        return refuse(403, "This token's role cannot use the dashboard: it needs SUPER_ADMIN.", "role");
      }
      return refuse(401, "That token is not valid: it is expired, not signed with this deployment's JWT_SECRET, or not an admin token.", "token");
    }
  } else {
    return refuse(401, "Wrong key or token: sign-in refused.", "wrong-key");
  }

  const { token, session } = await signSession({ secret, actor, via, notAfter });
  await recordAudit({ actor, action: "sign-in", target: null, params: { credential: via }, result: { ok: true, expiresAt: new Date(session.expiresAt * 1000).toISOString() } });
  logEvent("info", "admin_signed_in", { actor, via });
  return { ok: true, token, session };
}
